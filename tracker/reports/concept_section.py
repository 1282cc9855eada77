"""Notes on concepts in the Markdown and HTML summaries (the PDF lays out its own, see ``pdf``):
a section after the stages, one titled note per concept, only when there is one."""

from __future__ import annotations

from tracker.reports.labels import label
from tracker.reports.model import Report


def concepts_markdown(report: Report) -> list[str]:
    """The section as Markdown lines: each note verbatim as a code block, like task notes."""
    from tracker.reports.markdown import cell, quote_block

    if not report.concept_notes:
        return []
    out = ["", f"## {label('concept_notes', report.lang)}"]
    for line in report.concept_notes:
        out += ["", f"**{cell(line.title)}** (`{cell(line.concept_id)}`)", ""]
        out += quote_block(line.note)
    return out


def concepts_html(report: Report) -> str:
    """The section for the HTML page: escaped titles, notes formatted by ``note_markup``."""
    from tracker.reports.html_page import esc
    from tracker.reports.note_markup import note_html

    if not report.concept_notes:
        return ""
    parts = [f"<h2>{esc(label('concept_notes', report.lang))}</h2>\n"]
    for line in report.concept_notes:
        parts.append(
            f"<h3>{esc(line.title)} <code>{esc(line.concept_id)}</code></h3>\n"
            f"{note_html(line.note)}\n"
        )
    return "".join(parts)
