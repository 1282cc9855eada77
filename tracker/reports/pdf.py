"""A progress summary as PDF through Qt: A4, page numbers, CJK text in an embedded font.

This is the only module of ``tracker.reports`` that imports Qt. The document is built from the
same escaped HTML as the HTML page, in a ``QTextDocument`` that refuses to load any resource, so an
image or link named by a note (``file:///etc/passwd``) pulls nothing into the file.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from tracker.reports.html_page import body, esc
from tracker.reports.labels import label
from tracker.reports.model import Report

log = logging.getLogger("tracker.reports")

# Families tried first for Chinese text; any family the font database lists for Simplified
# Chinese is the fallback.
_CJK_PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Noto Sans SC")
_FONT_POINTS = 9.5
_FOOTER_POINTS = 8.0
_RESOLUTION = 300

_PDF_CSS = """
h1 { font-size: 16pt; } h2 { font-size: 12.5pt; margin-top: 14pt; }
table { border-collapse: collapse; margin-top: 4pt; margin-bottom: 4pt; }
th { background-color: #f3f5f7; text-align: left; }
td.num { text-align: right; }
pre.note { white-space: pre-wrap; background-color: #f6f8fa; margin-top: 2pt; }
"""


class InertTextDocument(QTextDocument):
    """A text document that loads nothing: no images, style sheets or files named in its text."""

    def loadResource(self, type: int, name: Any) -> Any:
        return None


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new offscreen one (for the command line)."""
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["learnpath"])


def cjk_family() -> str | None:
    """A font family with Simplified Chinese glyphs, or None when the system has none."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    for name in _CJK_PREFERRED:
        if name in families:
            return name
    return families[0] if families else None


def report_font() -> QFont:
    font = QFont()
    family = cjk_family()
    if family is None:
        log.warning("no font with Chinese glyphs found; Chinese text may not show in the PDF")
    else:
        # A CJK family covers Latin too; listing it alone keeps one embedded font in the file.
        font.setFamilies([family])
    font.setPointSizeF(_FONT_POINTS)
    return font


def render_pdf(report: Report) -> bytes:
    """The summary as PDF bytes (A4, "Page n of N" in each footer)."""
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(_RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 12), QPageLayout.Unit.Millimeter)
    writer.setTitle(f"{label('report_title', report.lang)}: {report.curriculum_title}")
    writer.setCreator(report.generator)

    font = report_font()
    document = InertTextDocument()
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(_PDF_CSS)
    document.documentLayout().setPaintDevice(writer)
    document.setHtml(_document_html(report))

    page = writer.pageLayout().paintRectPixels(_RESOLUTION)
    footer_height = _RESOLUTION * 0.25  # a quarter inch for the page number
    body_size = QSizeF(page.width(), page.height() - footer_height)
    document.setPageSize(body_size)
    pages = max(1, document.pageCount())

    footer_font = QFont(font)
    footer_font.setPointSizeF(_FOOTER_POINTS)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("cannot start a PDF page")
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            _paint_page(painter, document, index, body_size)
            painter.setFont(footer_font)
            footer = QRectF(0, body_size.height(), body_size.width(), footer_height)
            text = label("page", report.lang).format(page=index + 1, pages=pages)
            painter.drawText(footer, int(Qt.AlignmentFlag.AlignCenter), text)
    finally:
        painter.end()
    buffer.close()
    data: QByteArray = buffer.data()
    return bytes(data.data())


def _paint_page(painter: QPainter, document: QTextDocument, index: int, size: QSizeF) -> None:
    painter.save()
    top = index * size.height()
    painter.translate(QPointF(0, -top))
    clip = QRectF(0, top, size.width(), size.height())
    painter.setClipRect(clip)
    document.drawContents(painter, clip)
    painter.restore()


def _document_html(report: Report) -> str:
    # No <base>, no links, no images: only escaped text and tables (see tracker.reports.html_page).
    title = esc(f"{label('report_title', report.lang)}: {report.curriculum_title}")
    return (
        f"<html><head><title>{title}</title></head><body>{body(report, for_qt=True)}</body></html>"
    )
