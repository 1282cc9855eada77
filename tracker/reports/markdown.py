"""A progress summary as Markdown: readable as plain text, with tables a code host renders."""

from __future__ import annotations

import re

from tracker.curriculum.model import Lang, TaskKind
from tracker.progress.records import TaskStatus
from tracker.reports.labels import (
    colon,
    item_kind_label,
    kind_label,
    label,
    pace_label,
    report_heading,
    status_label,
)
from tracker.reports.model import (
    Report,
    StageLine,
    date_formatter,
    format_date,
    format_datetime,
    format_percent,
)

_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")

# One translation for a table cell: every line break and control character (tab included) becomes
# a space, and each character that would end the cell or start Markdown/HTML markup in it gets a
# backslash. ``\r\n`` is one break (one space), so it is replaced before the table applies.
_CELL_TABLE = str.maketrans(
    {
        **{chr(code): " " for code in range(0x20)},
        **dict.fromkeys("\x85\u2028\u2029", " "),
        **{special: "\\" + special for special in "\\|`*_[]<>#!~"},
    }
)

_CELL_NEEDS_TABLE = re.compile("[" + re.escape("".join(map(chr, _CELL_TABLE))) + "]")
"""Any character the table changes: most cells have none and only need ``strip()``."""


def cell(text: str) -> str:
    """User or curriculum text made safe for one table cell: one line, no markup, no ``|``."""
    if _CELL_NEEDS_TABLE.search(text) is None:
        return text.strip()
    return text.replace("\r\n", " ").translate(_CELL_TABLE).strip()


def quote_block(text: str) -> list[str]:
    """A note shown verbatim as an indented code block, so nothing in it becomes markup."""
    lines = _LINE_BREAKS.split(text.rstrip())
    return ["    " + line.replace("\x00", "") for line in lines]


def _bar(percent: float, width: int = 20) -> str:
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


def render_markdown(report: Report) -> str:
    """The whole summary as a Markdown document (LF line endings, ends with a newline)."""
    if report.short:
        from tracker.reports.short_summary import short_markdown

        return short_markdown(report)
    lang = report.lang
    out: list[str] = [f"# {cell(report_heading(report.curriculum_title, lang))}", ""]
    scope = report.scope_title or label("scope_all", lang)
    for key, value in (
        ("learner", report.profile),
        ("curriculum", f"{report.curriculum_title} ({report.curriculum_id})"),
        ("version", report.curriculum_version),
        ("generated_at", format_datetime(report.generated_at, report)),
        ("scope", scope),
    ):
        out.append(f"- **{label(key, lang)}**{_colon(lang)}{cell(value)}")
    out += ["", f"## {label('overall', lang)}", ""]
    counts = report.overall
    out.append(
        f"`{_bar(counts.percent)}` {format_percent(counts)} — "
        f"{label('done', lang)} {counts.done} · {label('in_progress', lang)} {counts.in_progress}"
        f" · {label('skipped', lang)} {counts.skipped} · {label('todo', lang)} {counts.todo}"
        f" · {label('total', lang)} {counts.total}"
    )
    out += ["", f"## {label('stages', lang)}", ""]
    out += _stage_table(report)
    for stage in report.stages:
        out += _stage_section(report, stage)
    # Each optional section's module is imported only when the section has something to show.
    if report.concept_notes:
        from tracker.reports.concept_section import concepts_markdown

        out += concepts_markdown(report)
    if report.review is not None:
        from tracker.reports.review_section import review_markdown

        out += review_markdown(report)
    if report.backup.sessions:  # the profile logged study time
        from tracker.reports.study_report import study_markdown

        out += study_markdown(report)
    if report.orphans:
        out += _orphans(report)
    return "\n".join(out) + "\n"


def _colon(lang: Lang, *, end: bool = False) -> str:
    """The label separator; at the end of a line the English one loses its trailing space."""
    sep = colon(lang)
    return sep.rstrip() if end else sep


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _stage_table(report: Report) -> list[str]:
    lang = report.lang
    head = ["stage", "done", "in_progress", "skipped", "total", "percent", "target_date", "pace"]
    lines = [_row([label(k, lang) for k in head]), _row(["---"] + ["---:"] * 5 + ["---"] * 2)]
    for stage in report.stages:
        c = stage.counts
        lines.append(
            _row(
                [
                    cell(stage.title),
                    str(c.done),
                    str(c.in_progress),
                    str(c.skipped),
                    str(c.total),
                    format_percent(c),
                    stage.target_date.isoformat() if stage.target_date else "",
                    pace_label(stage.pace, lang),
                ]
            )
        )
    return lines


def _stage_section(report: Report, stage: StageLine) -> list[str]:
    lang = report.lang
    c = stage.counts
    out = ["", f"## {cell(stage.title)}", ""]
    out.append(f"`{_bar(c.percent)}` {format_percent(c)} ({c.done}/{c.counted})")
    if stage.note:
        out += ["", f"**{label('stage_note', lang)}**{_colon(lang, end=True)}", ""]
        out += quote_block(stage.note)
    out.append("")
    if not stage.tasks:
        return [*out, label("no_tasks", lang)]
    head = ["module", "task_id", "task", "kind", "status", "started", "finished", "estimate"]
    out.append(_row([label(k, lang) for k in head]))
    out.append(_row(["---"] * 7 + ["---:"]))
    noted = []
    add = out.append
    kinds = {kind: kind_label(kind, lang) for kind in TaskKind}
    statuses = {status: status_label(status, lang) for status in TaskStatus}
    date = date_formatter(report)
    module_title, module_cell = None, ""
    needs_table = _CELL_NEEDS_TABLE.search  # cell() inline for the titles: most need only strip()
    for task in stage.tasks:
        if task.module_title is not module_title:  # the same for a module's tasks
            module_title = task.module_title
            module_cell = cell(module_title)
        task_id = task.task_id
        id_cell = f"`{task_id}`" if "`" not in task_id else cell(task_id)
        title = task.title
        title_cell = title.strip() if needs_table(title) is None else cell(title)
        hours = task.estimate_hours
        hours_cell = "" if hours is None else f"{hours:g}"  # format_hours
        # _row() inline, one string per row
        add(
            f"| {module_cell} | {id_cell} | {title_cell} | {kinds[task.kind]} | "
            f"{statuses[task.status]} | {date(task.started_at)} | {date(task.done_at)} | "
            f"{hours_cell} |"
        )
        if task.note:
            noted.append(task)
    for task in noted:
        assert task.note is not None
        heading = f"**{label('note', lang)} — {cell(task.title)}**{_colon(lang, end=True)}"
        out += ["", heading, "", *quote_block(task.note)]
    return out


def _orphans(report: Report) -> list[str]:
    lang = report.lang
    out = ["", f"## {label('orphans', lang)}", ""]
    out.append(_row([label(k, lang) for k in ("item_kind", "task_id", "status", "changed")]))
    out.append(_row(["---"] * 4))
    for orphan in report.orphans:
        out.append(
            _row(
                [
                    item_kind_label(orphan.item_kind, lang),
                    cell(orphan.item_id),
                    status_label(orphan.status, lang) if orphan.status else "",
                    format_date(orphan.changed_at, report),
                ]
            )
        )
    for orphan in report.orphans:
        if orphan.note:
            heading = f"**{label('note', lang)} — {cell(orphan.item_id)}**{_colon(lang, end=True)}"
            out += ["", heading, ""]
            out += quote_block(orphan.note)
    return out
