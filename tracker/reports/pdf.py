"""A progress summary as PDF through Qt: A4, page numbers, CJK text in an embedded font.

This is the only module of ``tracker.reports`` that imports Qt. The document is escaped HTML (the
same ``esc`` as the HTML page) laid out for a portrait page: a "Label: value" header, a stage
table, then per module a short table of Task | Kind | Status | Dates with each note as an
indented preformatted paragraph under its task. It is laid out in a ``QTextDocument`` that refuses
to load any resource, so an image or link named by a note (``file:///etc/passwd``) pulls nothing
into the file.
"""

from __future__ import annotations

import bisect
import logging
import os
from collections.abc import Iterator
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

from tracker.progress.records import TaskStatus
from tracker.reports.html_page import esc, overall_html
from tracker.reports.labels import (
    colon,
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
    TaskLine,
    format_date,
    format_datetime,
    format_hours,
    format_percent,
)
from tracker.reports.note_markup import note_blocks
from tracker.reports.review_section import review_html
from tracker.reports.study_pdf import study_pdf_pieces

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
_FOOTER_HEIGHT = _RESOLUTION * 0.25  # a quarter inch for the page number


def _px(points: float) -> str:
    """Points as the document's pixels: Qt's rich text ignores margins given in pt."""
    return f"{round(points * _RESOLUTION / 72)}px"


_PDF_CSS = f"""
h1 {{ font-size: 16pt; margin-bottom: {_px(6)}; }}
h2 {{ font-size: 12.5pt; margin-top: {_px(10)}; margin-bottom: {_px(3)}; }}
h3 {{ font-size: 10.5pt; margin-top: {_px(8)}; margin-bottom: {_px(2)}; }}
table {{ border-collapse: collapse; }}
th {{ background-color: #f3f5f7; text-align: left; font-weight: bold; }}
td.key {{ font-weight: bold; padding-right: {_px(10)}; }}
p.notehead {{ margin-bottom: 0; }}
pre.note {{ white-space: pre-wrap; font-size: 8.5pt; background-color: #f6f8fa;
           margin-left: {_px(18)}; margin-top: {_px(2)}; margin-bottom: {_px(6)}; }}
"""
# Tables as Qt's rich text wants them: borders and padding as attributes, collapsed borders.
_TABLE = (
    '<table width="100%" border="1" cellspacing="0" cellpadding="3" '
    'style="border-collapse: collapse; border-color: #d0d7de;">'
)
_TABLE_ROWS = 40
CHUNK_CHARS = 300_000
"""About this much HTML is laid out at a time (some 600 task rows)."""
KEEP_CHARS = 3_000_000
"""A report of at most this much HTML keeps its laid-out pieces for painting (about 11,000 task
rows); a bigger one lays each piece out again when its pages are painted."""
_TEXT_COLOUR = "#1d232a"
_KEEP_WITH_NEXT = 1  # a block's -qt-user-state: no page break right after it
_KEEP = f"-qt-user-state: {_KEEP_WITH_NEXT};"
_SMALL = "font-size: 7.5pt; color: #57606a;"
_STATUS_COLOURS = {
    TaskStatus.TODO: "#1d232a",
    TaskStatus.IN_PROGRESS: "#9a6700",
    TaskStatus.DONE: "#1a7f37",
    TaskStatus.SKIPPED: "#6e7781",
}


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
    writer.setResolution(_RESOLUTION)
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
    document.setDefaultStyleSheet(_PDF_CSS)
    document.documentLayout().setPaintDevice(writer)
    document.setHtml(_document_html(report))
    page = writer.pageLayout().paintRectPixels(_RESOLUTION)
    body_size = QSizeF(page.width(), page.height() - _FOOTER_HEIGHT)
    document.setTextWidth(body_size.width())
    return document, body_size


def chunk_document(html: str, writer: QPdfWriter, width: float) -> InertTextDocument:
    """One piece of the report laid out at the page's width, in the report's font and colours."""
    document = InertTextDocument()
    document.setDefaultFont(report_font())
    document.setDefaultStyleSheet(_PDF_CSS)
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
    page = writer.pageLayout().paintRectPixels(_RESOLUTION)
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
                block_format.nonBreakableLines() or block.userState() == _NOTE_START
            )
            if not keep_with_next and not note_start:
                cuts.append(max(rect.top(), bottom))
            cuts.extend(rect.top() + lines.lineAt(i).y() for i in range(1, lines.lineCount()))
            keep_with_next = block_format.headingLevel() > 0 or block.userState() == _KEEP_WITH_NEXT
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


def _document_html(report: Report) -> str:
    """The whole report as one HTML document (for a short report, and the tests)."""
    return f"<html><body>{''.join(_pieces(report))}</body></html>"


def document_chunks(report: Report, size: int = CHUNK_CHARS) -> Iterator[str]:
    """The report as HTML documents of about ``size`` characters each, cut only after a whole
    table (and the note under its last row), never under a heading."""
    group: list[str] = []
    length = 0
    for piece in _pieces(report):
        group.append(piece)
        length += len(piece)
        if length >= size:
            yield f"<html><body>{''.join(group)}</body></html>"
            group, length = [], 0
    if group:
        yield f"<html><body>{''.join(group)}</body></html>"


def _pieces(report: Report) -> Iterator[str]:
    """The report's body in pieces after each of which a page may break."""
    # No <base>, no links, no images: only escaped text and tables (see tracker.reports.html_page).
    if report.short:
        from tracker.reports.short_summary import short_body

        yield short_body(report)
        return
    lang = report.lang
    title = esc(report_heading(report.curriculum_title, lang))
    yield (
        f"<h1>{title}</h1>\n{_meta(report)}"
        f"<h2>{esc(label('overall', lang))}</h2>\n{overall_html(report, for_qt=True)}"
        f"<h2>{esc(label('stages', lang))}</h2>\n{_stage_table(report)}"
    )
    for stage in report.stages:
        yield from _stage_section(report, stage)
    if report.concept_notes:
        yield f"<h2>{esc(label('concept_notes', lang))}</h2>\n"
        for line in report.concept_notes:  # a heading stays with its note
            yield f"<h3>{esc(line.title)} ({esc(line.concept_id)})</h3>\n{_note(line.note)}"
    review = review_html(report, for_qt=True)
    if review:
        yield review
    yield from study_pdf_pieces(report)  # only when the profile logged study time
    if report.orphans:
        yield from _orphans(report)


def _table(widths: tuple[int, ...], head: tuple[str, ...] | None) -> str:
    """A bordered table's opening tag and, if given, its header row.

    Column widths are fixed percentages, so the many short tables of a report line up as one.
    """
    row = ""
    if head is not None:
        row = "<thead><tr>" + "".join(
            f'<th width="{width}%">{esc(text)}</th>'
            for width, text in zip(widths, head, strict=True)
        )
        row += "</tr></thead>"
    return f"{_TABLE}{row}"


def _cells(widths: tuple[int, ...], cells: tuple[str, ...]) -> str:
    """One row; ``cells`` are HTML already escaped."""
    inner = "".join(f'<td width="{w}%">{c}</td>' for w, c in zip(widths, cells, strict=True))
    return f"<tr>{inner}</tr>"


def _small(text: str) -> str:
    return f'<span style="{_SMALL}">{esc(text)}</span>'


_NOTE_START = 2  # the -qt-user-state of a note's first block: it stays with the row above
_NOTE_STYLE = f"margin-left: {_px(18)}; font-size: 8.5pt; background-color: #f6f8fa;"


def _note(text: str) -> str:
    """A note as indented formatted text (``note_markup``: escaped, then a Markdown subset)."""
    blocks = note_blocks(text, _NOTE_STYLE)
    if not blocks:
        return ""
    first = note_blocks(text, f"{_NOTE_STYLE} -qt-user-state: {_NOTE_START};")[0]
    last = f"{_NOTE_STYLE} margin-bottom: {_px(6)};"
    if len(blocks) == 1:
        first = note_blocks(text, f"{last} -qt-user-state: {_NOTE_START};")[0]
        return first + "\n"
    ending = note_blocks(text, last)[-1]
    return "".join([first, *blocks[1:-1], ending]) + "\n"


def _meta(report: Report) -> str:
    """The header block: one "Label: value" row each, labels in a column of their own."""
    lang = report.lang
    rows = (
        ("learner", report.profile),
        ("curriculum", f"{report.curriculum_title} ({report.curriculum_id})"),
        ("version", report.curriculum_version),
        ("generated_at", format_datetime(report.generated_at, report)),
        ("scope", report.scope_title or label("scope_all", lang)),
    )
    cells = "".join(
        f'<tr><td class="key">{esc(label(key, lang) + colon(lang).rstrip())}</td>'
        f"<td>{esc(value)}</td></tr>"
        for key, value in rows
    )
    return f'<table class="meta" cellspacing="0" cellpadding="1">{cells}</table>\n'


_STAGE_WIDTHS = (34, 13, 14, 11, 14, 14)


def _stage_table(report: Report) -> str:
    lang = report.lang
    head = tuple(
        label(key, lang)
        for key in ("stage", "done", "in_progress", "skipped", "target_date", "pace")
    )
    rows = [_table(_STAGE_WIDTHS, head)]
    for stage in report.stages:
        c = stage.counts
        rows.append(
            _cells(
                _STAGE_WIDTHS,
                (
                    esc(stage.title),
                    f"{c.done}/{c.counted} · {format_percent(c)}",
                    str(c.in_progress),
                    str(c.skipped),
                    stage.target_date.isoformat() if stage.target_date else "",
                    esc(pace_label(stage.pace, lang)),
                ),
            )
        )
    return "".join(rows) + "</table>\n"


_TASK_WIDTHS = (56, 11, 11, 22)


def _stage_section(report: Report, stage: StageLine) -> list[str]:
    lang = report.lang
    c = stage.counts
    parts = [
        f"<h2>{esc(stage.title)}</h2>\n"
        f'<p style="{_KEEP}">{format_percent(c)} ({c.done}/{c.counted})</p>\n'
    ]
    if stage.note:
        key = esc(label("stage_note", lang) + colon(lang).rstrip())
        parts.append(f'<p class="notehead" style="{_KEEP}"><b>{key}</b></p>{_note(stage.note)}')
    if not stage.tasks:
        parts.append(f"<p>{esc(label('no_tasks', lang))}</p>\n")
        return ["".join(parts)]
    head = tuple(label(key, lang) for key in ("task", "kind", "status", "dates"))
    pieces: list[str] = []
    for module_title, tasks in _by_module(stage.tasks):
        parts.append(f"<h3>{esc(module_title)}</h3>\n")
        first, *rest = _task_tables(report, tasks, head)
        # a heading stays with the table under it
        pieces.append("".join(parts) + first)
        pieces.extend(rest)
        parts = []
    return pieces


def _by_module(tasks: tuple[TaskLine, ...]) -> list[tuple[str, list[TaskLine]]]:
    groups: list[tuple[str, list[TaskLine]]] = []
    current: str | None = None
    for task in tasks:
        if task.module_id != current:
            current = task.module_id
            groups.append((task.module_title, []))
        groups[-1][1].append(task)
    return groups


def _task_tables(report: Report, tasks: list[TaskLine], head: tuple[str, ...]) -> list[str]:
    """A module's tasks as short tables: a table ends after a task with a note (which follows as
    its own paragraph) and after ``_TABLE_ROWS`` rows, since Qt lays a table out in time that
    grows faster than its rows. One string per table (with its note)."""
    lang = report.lang
    pieces: list[str] = []
    parts = [_table(_TASK_WIDTHS, head)]
    rows = 0
    for index, task in enumerate(tasks):
        extra = [task.task_id]
        if task.estimate_hours is not None:
            extra.append(
                f"{label('estimate', lang)}{colon(lang)}{format_hours(task.estimate_hours)}"
            )
        dates = [
            _small(f"{label(key, lang)} {format_date(moment, report)}")
            for key, moment in (("started", task.started_at), ("finished", task.done_at))
            if moment is not None
        ]
        parts.append(
            _cells(
                _TASK_WIDTHS,
                (
                    f"{esc(task.title)}<br>{_small(' · '.join(extra))}",
                    esc(kind_label(task.kind, lang)),
                    f'<span style="color: {_STATUS_COLOURS[task.status]};">'
                    f"{esc(status_label(task.status, lang))}</span>",
                    "<br>".join(dates),
                ),
            )
        )
        rows += 1
        last = index == len(tasks) - 1
        if task.note or rows >= _TABLE_ROWS or last:
            parts.append("</table>\n")
            rows = 0
            if task.note:
                parts.append(_note(task.note))
            pieces.append("".join(parts))
            parts = [_table(_TASK_WIDTHS, None)]
    return pieces


_ORPHAN_WIDTHS = (14, 50, 14, 22)


def _orphans(report: Report) -> list[str]:
    lang = report.lang
    head = tuple(label(key, lang) for key in ("item_kind", "task_id", "status", "changed"))
    pieces: list[str] = []
    parts = [f"<h2>{esc(label('orphans', lang))}</h2>\n", _table(_ORPHAN_WIDTHS, head)]
    for index, orphan in enumerate(report.orphans):
        parts.append(
            _cells(
                _ORPHAN_WIDTHS,
                (
                    esc(item_kind_label(orphan.item_kind, lang)),
                    esc(orphan.item_id),
                    esc(status_label(orphan.status, lang)) if orphan.status else "",
                    format_date(orphan.changed_at, report),
                ),
            )
        )
        last = index == len(report.orphans) - 1
        if orphan.note or last:
            parts.append("</table>\n")
            if orphan.note:
                parts.append(_note(orphan.note))
            pieces.append("".join(parts))
            parts = [_table(_ORPHAN_WIDTHS, None)]
    return pieces
