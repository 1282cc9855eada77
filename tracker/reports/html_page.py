"""A progress summary as one self-contained HTML page (inline CSS, print-friendly).

Every string that did not come from this module is passed through ``esc`` (``html.escape`` with
quotes) before it reaches the page: notes are escaped whole and then formatted from a small
Markdown subset by ``tracker.reports.note_markup`` (never their own HTML), and no link, image or
script is ever made from user text. The PDF writer
(``tracker.reports.pdf_body``) lays out its own narrower page from ``esc`` and ``bar(for_qt=True)``,
which draws the bar as a table Qt's rich text engine can paint.
"""

from __future__ import annotations

import html
import re

from tracker.reports.labels import (
    counts_figures,
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
    format_date,
    format_datetime,
    format_hours,
    format_percent,
)
from tracker.reports.review_section import review_html

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_CSS = """
body { font-family: "Noto Sans CJK SC", "Noto Sans", "Segoe UI", "PingFang SC", sans-serif;
       color: #1d232a; margin: 2em auto; max-width: 60em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #d0d7de; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; font-size: 0.92em; }
th, td { border: 1px solid #d0d7de; padding: 0.25em 0.5em; text-align: left;
         vertical-align: top; }
th { background: #f3f5f7; }
td.num, th.num { text-align: right; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.bar { background: #e6e9ed; border-radius: 3px; height: 0.8em; width: 100%; min-width: 6em; }
.bar > div { background: #2e8b57; height: 100%; border-radius: 3px; }
pre.note { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa;
           border-left: 3px solid #d0d7de; padding: 0.4em 0.7em; margin: 0.3em 0 0.8em;
           font-family: inherit; }
div.note { overflow-wrap: anywhere; background: #f6f8fa; border-left: 3px solid #d0d7de;
           padding: 0.1em 0.7em; margin: 0.3em 0 0.8em; }
div.note h4 { font-size: 1em; margin: 0.4em 0 0.2em; }
div.note p, div.note ul, div.note ol, div.note pre { margin: 0.3em 0; }
div.note pre { white-space: pre-wrap; }
.status-done { color: #1a7f37; }
.status-skipped { color: #6e7781; }
.status-in_progress { color: #9a6700; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  tr, pre.note, div.note { break-inside: avoid; }
  .bar, .bar > div { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def esc(text: str) -> str:
    """Text made inert for HTML: markup escaped (quotes too) and control characters dropped."""
    return html.escape(_CONTROL.sub("", text), quote=True)


def bar(percent: float, *, for_qt: bool = False) -> str:
    """A progress bar drawn with boxes, never an image."""
    share = max(0, min(100, round(percent)))
    if for_qt:
        # Qt's rich text has no CSS widths on divs; a two-cell table draws the same bar.
        if share == 0:
            return (
                '<table width="100%" cellspacing="0"><tr>'
                '<td bgcolor="#e6e9ed">&nbsp;</td></tr></table>'
            )
        rest = f'<td width="{100 - share}%" bgcolor="#e6e9ed"></td>' if share < 100 else ""
        return (
            f'<table width="100%" cellspacing="0" cellpadding="0"><tr>'
            f'<td width="{share}%" bgcolor="#2e8b57">&nbsp;</td>{rest}</tr></table>'
        )
    return (
        f'<div class="bar" role="img" aria-label="{share}%">'
        f'<div style="width:{share}%"></div></div>'
    )


def render_html(report: Report) -> str:
    """The whole summary as an HTML5 document with inline CSS and nothing external."""
    if report.short:
        from tracker.reports.short_summary import short_html

        return short_html(report)
    lang = report.lang
    title = report_heading(report.curriculum_title, lang)
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{body(report)}</body>\n</html>\n"
    )


def body(report: Report) -> str:
    """The page's content (everything inside ``<body>``)."""
    lang = report.lang
    parts = [f"<h1>{esc(report_heading(report.curriculum_title, lang))}</h1>\n"]
    parts.append(_meta(report))
    parts.append(f"<h2>{esc(label('overall', lang))}</h2>\n")
    parts.append(overall_html(report))
    parts.append(f"<h2>{esc(label('stages', lang))}</h2>\n")
    parts.append(_stage_table(report))
    for stage in report.stages:
        parts.append(_stage_section(report, stage))
    from tracker.reports.concept_section import concepts_html

    parts.append(concepts_html(report))  # only when a concept has a note
    parts.append(review_html(report))
    from tracker.reports.study_report import study_html

    parts.append(study_html(report))  # only when the profile logged study time
    if report.orphans:
        parts.append(_orphans(report))
    return "".join(parts)


def _meta(report: Report) -> str:
    lang = report.lang
    rows = (
        ("learner", report.profile),
        ("curriculum", f"{report.curriculum_title} ({report.curriculum_id})"),
        ("version", report.curriculum_version),
        ("generated_at", format_datetime(report.generated_at, report)),
        ("scope", report.scope_title or label("scope_all", lang)),
    )
    items = "".join(f"<dt>{esc(label(key, lang))}</dt><dd>{esc(value)}</dd>" for key, value in rows)
    return f'<dl class="meta">{items}</dl>\n'


def overall_html(report: Report, *, for_qt: bool = False) -> str:
    """The overall bar and counts line, shared by the HTML page and the PDF."""
    c = report.overall
    figures = esc(counts_figures(c, report.lang))
    return f"{bar(c.percent, for_qt=for_qt)}<p><b>{format_percent(c)}</b> — {figures}</p>\n"


def _stage_table(report: Report) -> str:
    lang = report.lang
    numeric = ("done", "in_progress", "skipped", "total", "percent")
    head = "".join(
        f'<th class="num">{esc(label(k, lang))}</th>'
        if k in numeric
        else f"<th>{esc(label(k, lang))}</th>"
        for k in ("stage", *numeric, "target_date", "pace")
    )
    rows = []
    for stage in report.stages:
        c = stage.counts
        figures = "".join(
            f'<td class="num">{value}</td>'
            for value in (c.done, c.in_progress, c.skipped, c.total, format_percent(c))
        )
        target = stage.target_date.isoformat() if stage.target_date else ""
        rows.append(
            f"<tr><td>{esc(stage.title)}{bar(c.percent)}</td>{figures}"
            f"<td>{target}</td><td>{esc(pace_label(stage.pace, lang))}</td></tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>\n"


def _note(text: str) -> str:
    from tracker.reports.note_markup import note_html

    return note_html(text)


def _stage_section(report: Report, stage: StageLine) -> str:
    lang = report.lang
    c = stage.counts
    parts = [f"<h2>{esc(stage.title)}</h2>\n<p>{format_percent(c)} ({c.done}/{c.counted})</p>\n"]
    if stage.note:
        parts.append(f"<p><b>{esc(label('stage_note', lang))}</b></p>{_note(stage.note)}\n")
    if not stage.tasks:
        parts.append(f"<p>{esc(label('no_tasks', lang))}</p>\n")
        return "".join(parts)
    keys = ("module", "task_id", "task", "kind", "status", "started", "finished", "estimate")
    head = "".join(f"<th>{esc(label(k, lang))}</th>" for k in keys)
    rows = []
    for task in stage.tasks:
        note = _note(task.note) if task.note else ""
        status = task.status.value
        rows.append(
            f"<tr><td>{esc(task.module_title)}</td><td><code>{esc(task.task_id)}</code></td>"
            f"<td>{esc(task.title)}{note}</td><td>{esc(kind_label(task.kind, lang))}</td>"
            f'<td class="status-{status}">{esc(status_label(task.status, lang))}</td>'
            f"<td>{format_date(task.started_at, report)}</td>"
            f"<td>{format_date(task.done_at, report)}</td>"
            f'<td class="num">{format_hours(task.estimate_hours)}</td></tr>'
        )
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>\n")
    return "".join(parts)


def _orphans(report: Report) -> str:
    lang = report.lang
    keys = ("item_kind", "task_id", "status", "changed")
    head = "".join(f"<th>{esc(label(k, lang))}</th>" for k in keys)
    rows = []
    for orphan in report.orphans:
        note = _note(orphan.note) if orphan.note else ""
        status = esc(status_label(orphan.status, lang)) if orphan.status else ""
        rows.append(
            f"<tr><td>{esc(item_kind_label(orphan.item_kind, lang))}</td>"
            f"<td><code>{esc(orphan.item_id)}</code>{note}</td><td>{status}</td>"
            f"<td>{format_date(orphan.changed_at, report)}</td></tr>"
        )
    return (
        f"<h2>{esc(label('orphans', lang))}</h2>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>\n"
    )
