"""A cohort's status as PDF through Qt (A4, landscape), laid out like the learner's PDF: an
inert ``QTextDocument`` (no resource is ever loaded) with the embedded CJK-capable font."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

from tracker.reports.cohort import html_table
from tracker.reports.html_page import esc
from tracker.reports.pdf import InertTextDocument, ensure_gui_application, report_font

if TYPE_CHECKING:
    from tracker.sync.cohort import CohortStatus


def render_cohort_pdf(status: CohortStatus) -> bytes:
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape)
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    writer.setTitle(f"Cohort {status.cohort}")
    document = InertTextDocument()
    document.setDefaultFont(report_font())
    document.setHtml(
        f"<h2>{esc('Cohort ' + status.cohort)}</h2>"
        f"<p>As of {status.at:%Y-%m-%d %H:%M} UTC.</p>{html_table(status)}"
    )
    document.print_(writer)
    buffer.close()
    data: QByteArray = buffer.data()
    return bytes(data.data())
