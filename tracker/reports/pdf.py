"""A progress summary as PDF through Qt: A4, page numbers, CJK text in an embedded font.

This module lays out and paints; what the document says (escaped HTML in pieces after which a page
may break) is ``tracker.reports.pdf_body``. Each piece is laid out in a ``QTextDocument`` that
refuses to load any resource, so an image or link named by a note (``file:///etc/passwd``) pulls
nothing into the file; the pages are cut where ``page_cuts`` allows and numbered in the footer.
"""

from __future__ import annotations

import bisect
import logging
import os
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextDocument,
    QTextTable,
)

from tracker.reports.html_page import esc
from tracker.reports.labels import label, report_heading
from tracker.reports.model import Report
from tracker.reports.pdf_body import (
    KEEP_WITH_NEXT,
    NOTE_START,
    PDF_CSS,
    RESOLUTION,
    document_chunks,
    document_html,
)

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
_FOOTER_HEIGHT = RESOLUTION * 0.25  # a quarter inch for the page number
KEEP_CHARS = 3_000_000
"""A report of at most this much HTML keeps its laid-out pieces for painting (about 11,000 task
rows); a bigger one lays each piece out again when its pages are painted."""
_TEXT_COLOUR = "#1d232a"


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


def pdf_writer(buffer: QBuffer, report: Report) -> QPdfWriter:
    """An A4 writer at the report's resolution and margins, titled after the report."""
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 12), QPageLayout.Unit.Millimeter)
    writer.setTitle(report_heading(report.curriculum_title, report.lang))
    writer.setCreator(report.generator)
    return writer


def laid_out(report: Report, writer: QPdfWriter) -> tuple[InertTextDocument, QSizeF]:
    """The report's document laid out for ``writer`` as one long page, and the size of the
    part of a page it may fill (above the footer)."""
    document = InertTextDocument()
    document.setDefaultFont(report_font())
    document.setDefaultStyleSheet(PDF_CSS)
    document.documentLayout().setPaintDevice(writer)
    document.setHtml(document_html(report))
    page = writer.pageLayout().paintRectPixels(RESOLUTION)
    body_size = QSizeF(page.width(), page.height() - _FOOTER_HEIGHT)
    document.setTextWidth(body_size.width())
    return document, body_size


def chunk_document(html: str, writer: QPdfWriter, width: float) -> InertTextDocument:
    """One piece of the report laid out at the page's width, in the report's font and colours."""
    document = InertTextDocument()
    document.setDefaultFont(report_font())
    document.setDefaultStyleSheet(PDF_CSS)
    document.documentLayout().setPaintDevice(writer)
    document.setHtml(html)
    document.setTextWidth(width)
    return document


def render_pdf(report: Report) -> bytes:
    """The summary as PDF bytes (A4, "Page n of N" in each footer).

    The report is laid out in pieces of about ``CHUNK_CHARS`` of HTML (one document for
    100,000 tasks took gigabytes and crashed Qt), read twice: once to find where the pages
    break and so how many there are, once to paint them. A small report keeps its pieces
    between the passes; a big one lays each piece out again and keeps only the pieces the page
    being painted shows, so memory stays bounded at any size.
    """
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, report)
    page = writer.pageLayout().paintRectPixels(RESOLUTION)
    body_size = QSizeF(page.width(), page.height() - _FOOTER_HEIGHT)
    width = body_size.width()
    cuts, length, kept = _measure(report, writer, width)
    tops = paginate(sorted(cuts), length, body_size.height())
    pages = len(tops)
    ends = [*tops[1:], length]

    footer_font = report_font()
    footer_font.setPointSizeF(_FOOTER_POINTS)
    footer = InertTextDocument()
    footer.setDefaultFont(footer_font)
    footer.documentLayout().setPaintDevice(writer)
    footer.setTextWidth(width)
    pieces = _Pieces(report, writer, width, kept)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("cannot start a PDF page")
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            top, end = tops[index], ends[index]
            for offset, document in pieces.between(top, end):
                _paint_slice(painter, document, top - offset, end - offset, width)
            # The footer is laid out as text too (not drawText), which keeps its digits
            # mapped to Unicode in the file, so "Page 2 of 8" can be searched and copied.
            text = label("page", report.lang).format(page=index + 1, pages=pages)
            footer.setHtml(f'<p align="center">{esc(text)}</p>')
            painter.save()
            painter.translate(QPointF(0, body_size.height() + _FOOTER_HEIGHT * 0.25))
            draw_document(painter, footer, QRectF(0, 0, width, _FOOTER_HEIGHT))
            painter.restore()
    finally:
        painter.end()
    buffer.close()
    data: QByteArray = buffer.data()
    return bytes(data.data())


def _measure(
    report: Report, writer: QPdfWriter, width: float
) -> tuple[list[float], float, list[tuple[float, InertTextDocument]] | None]:
    """The first pass: where a page may break (as offsets in one long page), the length of that
    page, and the laid-out pieces when the report is small enough to keep them."""
    cuts: list[float] = []
    length = 0.0
    # A small report keeps its pieces for the second pass instead of laying them out again.
    kept: list[tuple[float, InertTextDocument]] | None = []
    kept_chars = 0
    for index, html in enumerate(document_chunks(report)):
        document = chunk_document(html, writer, width)
        if index:
            cuts.append(length)  # pieces end after a whole table: a page may break there
        cuts.extend(length + cut for cut in page_cuts(document))
        kept_chars += len(html)
        if kept is not None and kept_chars <= KEEP_CHARS:
            kept.append((length, document))
        else:
            kept = None
        length += document.size().height()
        del document
    return cuts, length, kept


class _Pieces:
    """The report's pieces laid out again in order, each kept only while a page shows it."""

    def __init__(
        self,
        report: Report,
        writer: QPdfWriter,
        width: float,
        kept: list[tuple[float, InertTextDocument]] | None = None,
    ) -> None:
        self._source = iter(document_chunks(report) if kept is None else ())
        self._writer = writer
        self._width = width
        self._live: list[tuple[float, InertTextDocument]] = kept or []
        self._length = 0.0
        self._done = kept is not None

    def between(self, top: float, end: float) -> list[tuple[float, InertTextDocument]]:
        """The pieces (with their offsets) that show between ``top`` and ``end``."""
        while not self._done and self._length < end:
            html = next(self._source, None)
            if html is None:
                self._done = True
                break
            document = chunk_document(html, self._writer, self._width)
            self._live.append((self._length, document))
            self._length += document.size().height()
        self._live = [(o, d) for o, d in self._live if o + d.size().height() > top]
        return [(o, d) for o, d in self._live if o < end]


def report_palette() -> QPalette:
    """Dark text on white, whatever the window's theme: a report never takes the UI's colours."""
    palette = QPalette(QColor(_TEXT_COLOUR), QColor("#ffffff"))
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Text, QColor(_TEXT_COLOUR))
        palette.setColor(group, QPalette.ColorRole.WindowText, QColor(_TEXT_COLOUR))
        palette.setColor(group, QPalette.ColorRole.Base, QColor("#ffffff"))
        palette.setColor(group, QPalette.ColorRole.Link, QColor("#0969da"))
    return palette


def draw_document(painter: QPainter, document: QTextDocument, clip: QRectF) -> None:
    """Paint ``document`` within ``clip`` in the report's colours (``drawContents`` would use
    the application's palette: light grey text from a dark theme)."""
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = clip
    context.palette = report_palette()
    document.documentLayout().draw(painter, context)


def _paint_slice(
    painter: QPainter, document: QTextDocument, top: float, end: float, width: float
) -> None:
    """Paint the part of ``document`` from ``top`` to ``end`` at the top of the page; ``top``
    is negative for a piece that starts further down the page."""
    painter.save()
    painter.translate(QPointF(0, -top))
    clip = QRectF(0, max(top, 0.0), width, min(end, document.size().height()) - max(top, 0.0))
    painter.setClipRect(clip)
    draw_document(painter, document, clip)
    painter.restore()


def page_tops(document: QTextDocument, height: float) -> list[float]:
    """Where each page starts in ``document`` laid out as one long page of at most ``height``
    (see :func:`page_cuts` for where a page may end)."""
    return paginate(page_cuts(document), document.size().height(), height)


def paginate(cuts: list[float], end: float, height: float) -> list[float]:
    """Page tops for a long page of length ``end``: each page ends at the last allowed cut
    (``cuts``, sorted) that fits, or where the page is full when none does."""
    tops = [0.0]
    while end - tops[-1] > height:
        limit = tops[-1] + height
        index = bisect.bisect_right(cuts, limit) - 1
        cut = cuts[index] if index >= 0 else 0.0
        tops.append(cut if cut > tops[-1] + 1 else limit)
    return tops


def page_cuts(document: QTextDocument) -> list[float]:
    """Where a page may end in ``document`` laid out as one long page, sorted.

    A page may end between two lines of a paragraph or a note, between two table rows, or between
    blocks, but not inside a table row, not under a heading (or a block marked
    ``-qt-user-state: 1``, "keep with next"), not between a table's header row and its first row,
    and not just before a note that follows its task's row. Only something taller than a page is
    cut where the page ends.
    """
    layout = document.documentLayout()
    cuts: list[float] = []
    keep_with_next = True  # no empty first page
    after_table = False
    bottom = 0.0  # of the element before
    iterator = document.rootFrame().begin()
    while not iterator.atEnd():
        frame = iterator.currentFrame()
        if isinstance(frame, QTextTable):
            spans = [_row_span(layout, frame, row) for row in range(frame.rows())]
            if not keep_with_next:
                cuts.append(max(layout.frameBoundingRect(frame).top(), bottom))
            headers = frame.format().headerRowCount()
            for row in range(max(1, headers + 1), len(spans)):
                cuts.append((spans[row - 1][1] + spans[row][0]) / 2)
            bottom = spans[-1][1] if spans else bottom
            keep_with_next = False
            after_table = True
        else:
            block = iterator.currentBlock()
            rect = layout.blockBoundingRect(block)
            lines = block.layout()
            block_format = block.blockFormat()
            # A note right after a table belongs to the table's last row.
            note_start = after_table and (
                block_format.nonBreakableLines() or block.userState() == NOTE_START
            )
            if not keep_with_next and not note_start:
                cuts.append(max(rect.top(), bottom))
            cuts.extend(rect.top() + lines.lineAt(i).y() for i in range(1, lines.lineCount()))
            keep_with_next = block_format.headingLevel() > 0 or block.userState() == KEEP_WITH_NEXT
            after_table = False
            bottom = rect.bottom()
        iterator += 1
    cuts.sort()
    return cuts


def _row_span(
    layout: QAbstractTextDocumentLayout, table: QTextTable, row: int
) -> tuple[float, float]:
    """The top of a table row's first lines and the bottom of its last ones."""
    top = float("inf")
    bottom = 0.0
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        top = min(top, layout.blockBoundingRect(cell.firstCursorPosition().block()).top())
        bottom = max(bottom, layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom())
    return top, bottom
