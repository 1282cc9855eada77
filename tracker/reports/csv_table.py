"""A progress summary as CSV: one row per task, UTF-8 with a BOM, formula injection neutralised."""

from __future__ import annotations

import csv
import io

from tracker.reports.labels import item_kind_label, kind_label, label, status_label
from tracker.reports.model import Report, format_date, format_hours

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


def render_csv(report: Report) -> bytes:
    """Every task in scope (and every orphan, marked as such) as CSV bytes, UTF-8 with a BOM."""
    lang = report.lang
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(label(column, lang)) for column in COLUMNS])
    for task in report.tasks():
        writer.writerow(
            [
                neutralise(value)
                for value in (
                    task.stage_title,
                    task.module_title,
                    task.task_id,
                    task.title,
                    kind_label(task.kind, lang),
                    status_label(task.status, lang),
                    format_date(task.started_at, report),
                    format_date(task.done_at, report),
                    format_date(task.changed_at, report),
                    format_hours(task.estimate_hours),
                    task.note or "",
                )
            ]
        )
    orphan_stage = label("orphans", lang)
    for orphan in report.orphans:
        writer.writerow(
            [
                neutralise(value)
                for value in (
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
                )
            ]
        )
    from tracker.reports.study_report import study_csv_rows

    for row in study_csv_rows(report):  # only when the profile logged study time
        writer.writerow([neutralise(value) for value in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
