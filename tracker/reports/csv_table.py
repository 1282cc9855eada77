"""A progress summary as CSV: one row per task, UTF-8 with a BOM, formula injection neutralised."""

from __future__ import annotations

import csv
import io
import re

from tracker.curriculum.model import TaskKind
from tracker.progress.records import TaskStatus
from tracker.reports.labels import item_kind_label, kind_label, label, status_label
from tracker.reports.model import Report, date_formatter, format_date

# A spreadsheet treats a cell starting with one of these as a formula (or as the start of one once
# a control character is trimmed), so such cells get a leading apostrophe, as OWASP advises.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00")

COLUMNS = (
    "stage",
    "module",
    "task_id",
    "task",
    "kind",
    "status",
    "started",
    "finished",
    "changed",
    "estimate",
    "note",
)


def neutralise(value: str) -> str:
    """The cell text with a ``'`` in front when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


_CELL_SEPARATOR = "\x1f"
_ANY_FORMULA_START = re.compile(
    "|".join(re.escape(_CELL_SEPARATOR + start) for start in _FORMULA_START)
)
"""In the cells of a row joined with ``_CELL_SEPARATOR`` (and one in front), a cell that
``neutralise`` would change: most rows have none, and one search of the row costs less than
eleven calls."""


def _neutralised(row: list[str]) -> list[str]:
    """``[neutralise(cell) for cell in row]``, with one search for the usual row that needs
    nothing (a cell starting with a formula character always follows a separator)."""
    if _ANY_FORMULA_START.search(_CELL_SEPARATOR + _CELL_SEPARATOR.join(row)) is None:
        return row
    return [neutralise(value) for value in row]


def csv_line(row: list[str]) -> str:
    """The row as ``csv.writer`` (minimal quoting, CRLF) writes it once each cell is
    neutralised. The usual row has no cell to neutralise (one search, as ``_neutralised``) and
    none the writer would quote (no comma, ``"``, CR, LF or NUL anywhere: a few scans in C):
    its cells joined with commas. Any other row goes through the writer itself."""
    joined = _CELL_SEPARATOR + _CELL_SEPARATOR.join(row)
    if (
        len(row) > 1  # the writer quotes a row of one empty cell
        and _ANY_FORMULA_START.search(joined) is None
        and "," not in joined
        and '"' not in joined
        and "\r" not in joined
        and "\n" not in joined
        and "\x00" not in joined
    ):
        return ",".join(row) + "\r\n"
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerow(_neutralised(row))
    return buffer.getvalue()


def render_csv(report: Report) -> bytes:
    """Every task in scope (and every orphan, marked as such) as CSV bytes, UTF-8 with a BOM."""
    lang = report.lang
    lines = [csv_line([label(column, lang) for column in COLUMNS])]
    add = lines.append
    line_of = csv_line
    kinds = {kind: kind_label(kind, lang) for kind in TaskKind}
    statuses = {status: status_label(status, lang) for status in TaskStatus}
    date = date_formatter(report)
    for task in report.tasks():
        hours = task.estimate_hours
        add(
            line_of(
                [
                    task.stage_title,
                    task.module_title,
                    task.task_id,
                    task.title,
                    kinds[task.kind],
                    statuses[task.status],
                    date(task.started_at),
                    date(task.done_at),
                    date(task.changed_at),
                    "" if hours is None else f"{hours:g}",  # format_hours
                    task.note or "",
                ]
            )
        )
    orphan_stage = label("orphans", lang)
    for orphan in report.orphans:
        add(
            line_of(
                [
                    orphan_stage,
                    item_kind_label(orphan.item_kind, lang),
                    orphan.item_id,
                    "",
                    "",
                    status_label(orphan.status, lang) if orphan.status else "",
                    "",
                    "",
                    format_date(orphan.changed_at, report),
                    "",
                    orphan.note or "",
                ]
            )
        )
    if report.backup.sessions:  # the profile logged study time
        from tracker.reports.study_report import study_csv_rows

        for row in study_csv_rows(report):
            add(line_of(list(row)))
    return b"\xef\xbb\xbf" + "".join(lines).encode("utf-8")
