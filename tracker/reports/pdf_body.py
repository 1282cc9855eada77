"""What the PDF says: the report as HTML for Qt's rich text, in pieces after which a page may
break. No Qt import here; ``tracker.reports.pdf`` lays these pieces out on A4 pages and paints them.

The document is escaped HTML (the same ``esc`` as the HTML page) laid out for a portrait page: a
"Label: value" header, a stage table, then per module a short table of Task | Kind | Status |
Dates with each note as an indented formatted paragraph under its task. Sizes are in the pixels of
``RESOLUTION`` (Qt's rich text ignores margins given in pt). Two block marks tell the paginator
where a page may not break: ``KEEP_WITH_NEXT`` (no break right after the block) and
``NOTE_START`` (a note's first block stays with the table row above it).
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.progress.records import TaskStatus
from tracker.reports.html_page import esc, overall_html
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
    TaskLine,
    format_date,
    format_datetime,
    format_hours,
    format_percent,
)
from tracker.reports.note_markup import note_blocks
from tracker.reports.review_section import review_html
from tracker.reports.study_pdf import study_pdf_pieces

RESOLUTION = 300
"""Dots per inch of the PDF writer, and so the size of the document's pixels."""


def _px(points: float) -> str:
    """Points as the document's pixels: Qt's rich text ignores margins given in pt."""
    return f"{round(points * RESOLUTION / 72)}px"


PDF_CSS = f"""
h1 {{ font-size: 16pt; margin-bottom: {_px(6)}; }}
h2 {{ font-size: 12.5pt; margin-top: {_px(10)}; margin-bottom: {_px(3)}; }}
h3 {{ font-size: 10.5pt; margin-top: {_px(8)}; margin-bottom: {_px(2)}; }}
table {{ border-collapse: collapse; }}
th {{ background-color: #f3f5f7; text-align: left; font-weight: bold; }}
td.key {{ font-weight: bold; padding-right: {_px(10)}; }}
p.notehead {{ margin-bottom: 0; }}
pre.note {{ white-space: pre-wrap; font-size: 8.5pt; background-color: #f6f8fa;
           margin-left: {_px(18)}; margin-top: {_px(2)}; margin-bottom: {_px(6)}; }}
"""
# Tables as Qt's rich text wants them: borders and padding as attributes, collapsed borders.
TABLE = (
    '<table width="100%" border="1" cellspacing="0" cellpadding="3" '
    'style="border-collapse: collapse; border-color: #d0d7de;">'
)
_TABLE_ROWS = 40
CHUNK_CHARS = 300_000
"""About this much HTML is laid out at a time (some 600 task rows)."""
KEEP_WITH_NEXT = 1
"""A block's -qt-user-state: no page break right after it."""
KEEP = f"-qt-user-state: {KEEP_WITH_NEXT};"
NOTE_START = 2
"""The -qt-user-state of a note's first block: it stays with the row above."""
_SMALL = "font-size: 7.5pt; color: #57606a;"
_STATUS_COLOURS = {
    TaskStatus.TODO: "#1d232a",
    TaskStatus.IN_PROGRESS: "#9a6700",
    TaskStatus.DONE: "#1a7f37",
    TaskStatus.SKIPPED: "#6e7781",
}


def document_html(report: Report) -> str:
    """The whole report as one HTML document (for a short report, and the tests)."""
    return f"<html><body>{''.join(_pieces(report))}</body></html>"


def document_chunks(report: Report, size: int = CHUNK_CHARS) -> Iterator[str]:
    """The report as HTML documents of about ``size`` characters each, cut only after a whole
    table (and the note under its last row), never under a heading."""
    group: list[str] = []
    length = 0
    for piece in _pieces(report):
        group.append(piece)
        length += len(piece)
        if length >= size:
            yield f"<html><body>{''.join(group)}</body></html>"
            group, length = [], 0
    if group:
        yield f"<html><body>{''.join(group)}</body></html>"


def _pieces(report: Report) -> Iterator[str]:
    """The report's body in pieces after each of which a page may break."""
    # No <base>, no links, no images: only escaped text and tables (see tracker.reports.html_page).
    if report.short:
        from tracker.reports.short_summary import short_body

        yield short_body(report)
        return
    lang = report.lang
    title = esc(report_heading(report.curriculum_title, lang))
    yield (
        f"<h1>{title}</h1>\n{_meta(report)}"
        f"<h2>{esc(label('overall', lang))}</h2>\n{overall_html(report, for_qt=True)}"
        f"<h2>{esc(label('stages', lang))}</h2>\n{_stage_table(report)}"
    )
    for stage in report.stages:
        yield from _stage_section(report, stage)
    if report.concept_notes:
        yield f"<h2>{esc(label('concept_notes', lang))}</h2>\n"
        for line in report.concept_notes:  # a heading stays with its note
            yield f"<h3>{esc(line.title)} ({esc(line.concept_id)})</h3>\n{_note(line.note)}"
    review = review_html(report, for_qt=True)
    if review:
        yield review
    yield from study_pdf_pieces(report)  # only when the profile logged study time
    if report.orphans:
        yield from _orphans(report)


def _table(widths: tuple[int, ...], head: tuple[str, ...] | None) -> str:
    """A bordered table's opening tag and, if given, its header row.

    Column widths are fixed percentages, so the many short tables of a report line up as one.
    """
    row = ""
    if head is not None:
        row = "<thead><tr>" + "".join(
            f'<th width="{width}%">{esc(text)}</th>'
            for width, text in zip(widths, head, strict=True)
        )
        row += "</tr></thead>"
    return f"{TABLE}{row}"


def _cells(widths: tuple[int, ...], cells: tuple[str, ...]) -> str:
    """One row; ``cells`` are HTML already escaped."""
    inner = "".join(f'<td width="{w}%">{c}</td>' for w, c in zip(widths, cells, strict=True))
    return f"<tr>{inner}</tr>"


def _small(text: str) -> str:
    return f'<span style="{_SMALL}">{esc(text)}</span>'


_NOTE_STYLE = f"margin-left: {_px(18)}; font-size: 8.5pt; background-color: #f6f8fa;"


def _note(text: str) -> str:
    """A note as indented formatted text (``note_markup``: escaped, then a Markdown subset)."""
    blocks = note_blocks(text, _NOTE_STYLE)
    if not blocks:
        return ""
    first = note_blocks(text, f"{_NOTE_STYLE} -qt-user-state: {NOTE_START};")[0]
    last = f"{_NOTE_STYLE} margin-bottom: {_px(6)};"
    if len(blocks) == 1:
        first = note_blocks(text, f"{last} -qt-user-state: {NOTE_START};")[0]
        return first + "\n"
    ending = note_blocks(text, last)[-1]
    return "".join([first, *blocks[1:-1], ending]) + "\n"


def _meta(report: Report) -> str:
    """The header block: one "Label: value" row each, labels in a column of their own."""
    lang = report.lang
    rows = (
        ("learner", report.profile),
        ("curriculum", f"{report.curriculum_title} ({report.curriculum_id})"),
        ("version", report.curriculum_version),
        ("generated_at", format_datetime(report.generated_at, report)),
        ("scope", report.scope_title or label("scope_all", lang)),
    )
    cells = "".join(
        f'<tr><td class="key">{esc(label(key, lang) + colon(lang).rstrip())}</td>'
        f"<td>{esc(value)}</td></tr>"
        for key, value in rows
    )
    return f'<table class="meta" cellspacing="0" cellpadding="1">{cells}</table>\n'


_STAGE_WIDTHS = (34, 13, 14, 11, 14, 14)


def _stage_table(report: Report) -> str:
    lang = report.lang
    head = tuple(
        label(key, lang)
        for key in ("stage", "done", "in_progress", "skipped", "target_date", "pace")
    )
    rows = [_table(_STAGE_WIDTHS, head)]
    for stage in report.stages:
        c = stage.counts
        rows.append(
            _cells(
                _STAGE_WIDTHS,
                (
                    esc(stage.title),
                    f"{c.done}/{c.counted} · {format_percent(c)}",
                    str(c.in_progress),
                    str(c.skipped),
                    stage.target_date.isoformat() if stage.target_date else "",
                    esc(pace_label(stage.pace, lang)),
                ),
            )
        )
    return "".join(rows) + "</table>\n"


_TASK_WIDTHS = (56, 11, 11, 22)


def _stage_section(report: Report, stage: StageLine) -> list[str]:
    lang = report.lang
    c = stage.counts
    parts = [
        f"<h2>{esc(stage.title)}</h2>\n"
        f'<p style="{KEEP}">{format_percent(c)} ({c.done}/{c.counted})</p>\n'
    ]
    if stage.note:
        key = esc(label("stage_note", lang) + colon(lang).rstrip())
        parts.append(f'<p class="notehead" style="{KEEP}"><b>{key}</b></p>{_note(stage.note)}')
    if not stage.tasks:
        parts.append(f"<p>{esc(label('no_tasks', lang))}</p>\n")
        return ["".join(parts)]
    head = tuple(label(key, lang) for key in ("task", "kind", "status", "dates"))
    pieces: list[str] = []
    for module_title, tasks in _by_module(stage.tasks):
        parts.append(f"<h3>{esc(module_title)}</h3>\n")
        first, *rest = _task_tables(report, tasks, head)
        # a heading stays with the table under it
        pieces.append("".join(parts) + first)
        pieces.extend(rest)
        parts = []
    return pieces


def _by_module(tasks: tuple[TaskLine, ...]) -> list[tuple[str, list[TaskLine]]]:
    groups: list[tuple[str, list[TaskLine]]] = []
    current: str | None = None
    for task in tasks:
        if task.module_id != current:
            current = task.module_id
            groups.append((task.module_title, []))
        groups[-1][1].append(task)
    return groups


def _task_tables(report: Report, tasks: list[TaskLine], head: tuple[str, ...]) -> list[str]:
    """A module's tasks as short tables: a table ends after a task with a note (which follows as
    its own paragraph) and after ``_TABLE_ROWS`` rows, since Qt lays a table out in time that
    grows faster than its rows. One string per table (with its note)."""
    lang = report.lang
    pieces: list[str] = []
    parts = [_table(_TASK_WIDTHS, head)]
    rows = 0
    for index, task in enumerate(tasks):
        extra = [task.task_id]
        if task.estimate_hours is not None:
            extra.append(
                f"{label('estimate', lang)}{colon(lang)}{format_hours(task.estimate_hours)}"
            )
        dates = [
            _small(f"{label(key, lang)} {format_date(moment, report)}")
            for key, moment in (("started", task.started_at), ("finished", task.done_at))
            if moment is not None
        ]
        parts.append(
            _cells(
                _TASK_WIDTHS,
                (
                    f"{esc(task.title)}<br>{_small(' · '.join(extra))}",
                    esc(kind_label(task.kind, lang)),
                    f'<span style="color: {_STATUS_COLOURS[task.status]};">'
                    f"{esc(status_label(task.status, lang))}</span>",
                    "<br>".join(dates),
                ),
            )
        )
        rows += 1
        last = index == len(tasks) - 1
        if task.note or rows >= _TABLE_ROWS or last:
            parts.append("</table>\n")
            rows = 0
            if task.note:
                parts.append(_note(task.note))
            pieces.append("".join(parts))
            parts = [_table(_TASK_WIDTHS, None)]
    return pieces


_ORPHAN_WIDTHS = (14, 50, 14, 22)


def _orphans(report: Report) -> list[str]:
    lang = report.lang
    head = tuple(label(key, lang) for key in ("item_kind", "task_id", "status", "changed"))
    pieces: list[str] = []
    parts = [f"<h2>{esc(label('orphans', lang))}</h2>\n", _table(_ORPHAN_WIDTHS, head)]
    for index, orphan in enumerate(report.orphans):
        parts.append(
            _cells(
                _ORPHAN_WIDTHS,
                (
                    esc(item_kind_label(orphan.item_kind, lang)),
                    esc(orphan.item_id),
                    esc(status_label(orphan.status, lang)) if orphan.status else "",
                    format_date(orphan.changed_at, report),
                ),
            )
        )
        last = index == len(report.orphans) - 1
        if orphan.note or last:
            parts.append("</table>\n")
            if orphan.note:
                parts.append(_note(orphan.note))
            pieces.append("".join(parts))
            parts = [_table(_ORPHAN_WIDTHS, None)]
    return pieces
