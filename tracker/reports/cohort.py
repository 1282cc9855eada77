"""A cohort's status (``tracker.sync.cohort.CohortStatus``) as text, Markdown, CSV and HTML.

User strings (learner names, stage titles) are escaped for HTML and neutralised for CSV exactly as
in the learner's own reports.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from tracker.reports.csv_table import neutralise
from tracker.reports.html_page import esc

if TYPE_CHECKING:
    from tracker.sync.cohort import CohortStatus, LearnerStatus


def _last(learner: LearnerStatus) -> str:
    return learner.last_activity.strftime("%Y-%m-%d %H:%M") if learner.last_activity else "never"


def _rows(status: CohortStatus) -> tuple[list[str], list[list[str]]]:
    head = ["learner", "done", "total", "percent"]
    head += [title for _id, title in status.stage_titles]
    head += ["last activity (UTC)", "minutes (7 days)", "flags"]
    rows = []
    for learner in status.learners:
        rows.append(
            [
                learner.name,
                str(learner.overall.done),
                str(learner.overall.total),
                f"{learner.overall.percent:.1f}",
                *(f"{p.done}/{p.total}" for _id, p in learner.stages),
                _last(learner),
                str(learner.minutes_7d),
                " ".join(learner.flags),
            ]
        )
    return head, rows


def render_text(status: CohortStatus) -> str:
    lines = [f"cohort {status.cohort} — {len(status.learners)} learner(s)"]
    for learner in status.learners:
        flags = f"  [{', '.join(learner.flags)}]" if learner.flags else ""
        lines.append(
            f"  {learner.name:<24} {learner.overall.done:>4}/{learner.overall.total:<4} "
            f"{learner.overall.percent:5.1f}%  last {_last(learner)}  "
            f"{learner.minutes_7d} min/7d{flags}"
        )
    return "\n".join(lines) + "\n"


def render_md(status: CohortStatus) -> bytes:
    head, rows = _rows(status)

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    out = [f"# Cohort {cell(status.cohort)}", "", f"As of {status.at:%Y-%m-%d %H:%M} UTC.", ""]
    out.append("| " + " | ".join(cell(h) for h in head) + " |")
    out.append("|" + "---|" * len(head))
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return ("\n".join(out) + "\n").encode()


def render_csv(status: CohortStatus) -> bytes:
    head, rows = _rows(status)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in (head, *rows):
        writer.writerow([neutralise(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode()


def html_table(status: CohortStatus) -> str:
    head, rows = _rows(status)
    parts = ["<table border='1' cellspacing='0' cellpadding='4'><tr>"]
    parts += [f"<th>{esc(h)}</th>" for h in head]
    parts.append("</tr>")
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


def render_html(status: CohortStatus) -> bytes:
    title = esc(f"Cohort {status.cohort}")
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>{title}</title></head><body><h1>{title}</h1>"
        f"<p>As of {status.at:%Y-%m-%d %H:%M} UTC.</p>{html_table(status)}</body></html>\n"
    )
    return page.encode()
