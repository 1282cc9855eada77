"""The study-time section of the PDF: total and streak, the last 12 months as a table of small
coloured cells (Qt's rich text paints a cell's ``bgcolor``; no image is loaded), hours per week,
and the time per stage and per task beside the estimate.

Plain HTML for ``QTextDocument`` built from numbers and escaped text only; no Qt import here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from tracker.reports.html_page import esc
from tracker.reports.model import Report
from tracker.reports.study_report import _SHADES, StudyLines, _hours, _t, shade, study_lines

_TABLE = (
    '<table width="100%" border="1" cellspacing="0" cellpadding="3" '
    'style="border-collapse: collapse; border-color: #d0d7de;">'
)
_KEEP = "-qt-user-state: 1;"  # keep with the next block (see pdf_body.KEEP_WITH_NEXT)


def _table(head: tuple[str, ...], widths: tuple[int, ...], rows: Sequence[tuple[str, ...]]) -> str:
    cells = "".join(
        f'<th width="{w}%">{esc(text)}</th>' for w, text in zip(widths, head, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td width="{w}%"{" align=right" if i else ""}>{c}</td>'
            for i, (w, c) in enumerate(zip(widths, row, strict=True))
        )
        + "</tr>"
        for row in rows
    )
    return f"{_TABLE}<thead><tr>{cells}</tr></thead>{body}</table>\n"


def heatmap_table(found: StudyLines) -> str:
    """53 weeks by 7 weekdays of small cells, one colour per day's minutes; wrapped in a one-cell
    table so that a page never breaks inside it."""
    first = found.today - timedelta(days=found.today.weekday()) - timedelta(weeks=52)
    rows = []
    for weekday in range(7):
        cells = []
        for week in range(53):
            day = first + timedelta(weeks=week, days=weekday)
            if day > found.today:
                cells.append('<td width="1.8%"></td>')
                continue
            colour = _SHADES[shade(found.days.get(day, 0))]
            cells.append(f'<td width="1.8%" bgcolor="{colour}"></td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    inner = (
        # white borders draw the gaps between the cells
        '<table width="100%" border="3" cellspacing="0" cellpadding="0" '
        'style="font-size: 6.5pt; border-color: #ffffff; border-style: solid;">'
        f"{''.join(rows)}</table>"
    )
    outer = '<table width="100%" cellspacing="0" cellpadding="0">'
    return f"{outer}<tr><td>{inner}</td></tr></table>\n"


def study_pdf_pieces(report: Report) -> list[str]:
    """The section as pieces after each of which a page may break; empty without study time."""
    found = study_lines(report)
    if found is None:
        return []
    lang = report.lang
    head = (
        f"<h2>{esc(_t('study_time', lang))}</h2>\n"
        f'<p style="{_KEEP}">{esc(_t("total", lang))}: {found.total_hours:.1f} h · '
        f"{esc(_t('streak', lang))}: {found.streak.current} {esc(_t('days', lang))} "
        f"({esc(_t('longest', lang))} {found.streak.longest})</p>\n"
        f"<h3>{esc(_t('heatmap', lang))}</h3>\n{heatmap_table(found)}"
    )
    weeks = _table(
        (_t("week_of", lang), _t("hours", lang)),
        (60, 40),
        [(start.isoformat(), f"{hours:.1f}") for start, hours in found.weeks],
    )
    pieces = [head, f"<h3>{esc(_t('per_week', lang))}</h3>\n{weeks}"]
    widths = (60, 20, 20)
    if found.stages:
        rows = [(esc(title), f"{h:.1f}", f"{e:.1f}") for _id, title, h, e in found.stages]
        pieces.append(
            f"<h3>{esc(_t('stage', lang))}</h3>\n"
            + _table((_t("stage", lang), _t("logged", lang), _t("estimate", lang)), widths, rows)
        )
    if found.tasks:
        rows = [(esc(title), f"{h:.1f}", _hours(e)) for _id, title, h, e in found.tasks]
        pieces.append(
            f"<h3>{esc(_t('task', lang))}</h3>\n"
            + _table((_t("task", lang), _t("logged", lang), _t("estimate", lang)), widths, rows)
        )
    return pieces
