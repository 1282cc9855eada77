"""A progress summary as PDF through Qt: A4, page numbers, CJK text in an embedded font.

This is the only module of ``tracker.reports`` that imports Qt. The document is built from the
same escaped HTML as the HTML page, in a ``QTextDocument`` that refuses to load any resource, so an
image or link named by a note (``file:///etc/passwd``) pulls nothing into the file.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF
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
# Latin text goes first to one of these: Qt's PDF writer loses the Unicode mapping of some Latin
# glyphs (digits, text after a space) when it embeds Noto Sans CJK, so copied or searched text
# would miss them. CJK characters fall through to the CJK family.
_LATIN_PREFERRED = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica")
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
        # An empty byte array, not None: returning None from this override upsets PySide's
        # reference counting of None over many calls.
        return QByteArray()


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new offscreen one (for the command line)."""
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["learnpath"])


def cjk_family() -> str | None:
    """A font family with Simplified Chinese glyphs, or None when the system has none."""
    ensure_gui_application()  # the font database needs one
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    for name in _CJK_PREFERRED:
        if name in families:
            return name
    return families[0] if families else None


def latin_family() -> str | None:
    """A plain sans-serif family for Latin text, if the system has one of the usual ones."""
    ensure_gui_application()
    families = set(QFontDatabase.families())
    return next((name for name in _LATIN_PREFERRED if name in families), None)


def report_font() -> QFont:
    font = QFont()
    family = cjk_family()
    if family is None:
        log.warning("no font with Chinese glyphs found; Chinese text may not show in the PDF")
    latin = latin_family()
    families = [name for name in (latin, family) if name is not None]
    if families:
        font.setFamilies(families)
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
    footer = InertTextDocument()
    footer.setDefaultFont(footer_font)
    footer.documentLayout().setPaintDevice(writer)
    footer.setTextWidth(body_size.width())
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("cannot start a PDF page")
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            _paint_page(painter, document, index, body_size)
            # The footer is laid out as text too (not drawText), which keeps its digits
            # mapped to Unicode in the file, so "Page 2 of 8" can be searched and copied.
            text = label("page", report.lang).format(page=index + 1, pages=pages)
            footer.setHtml(f'<p align="center">{esc(text)}</p>')
            painter.save()
            painter.translate(QPointF(0, body_size.height() + footer_height * 0.25))
            footer.drawContents(painter)
            painter.restore()
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
