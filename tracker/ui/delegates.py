"""Painting for the stage navigator: a title, a progress bar and the pace, with no row widgets.

Colours come from the palette; the one extra colour (overdue) is chosen for the palette's
lightness so it reads on light and dark themes, and it always comes with words.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
)
from PySide6.QtWidgets import QStyleOptionViewItem as ViewItemOption

from tracker.progress.records import Pace, StageProgress
from tracker.ui.stage_model import PROGRESS_ROLE
from tracker.ui.texts import pace_text

Index = QModelIndex | QPersistentModelIndex

MARGIN = 6
BAR_HEIGHT = 8
TITLE_LINES = 2  # long stage titles wrap once, then elide; the tooltip has the whole title


def title_lines(text: str, font: QFont, width: int, most: int = TITLE_LINES) -> list[str]:
    """``text`` wrapped to ``width`` in at most ``most`` lines, the last elided if cut short."""
    layout = QTextLayout(text, font)
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[start : start + length].rstrip() for start, length in spans[:most]]
    if len(spans) > most:
        rest = text[spans[most - 1][0] :]
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines or [""]


def line_height(text: str, font: QFont) -> int:
    """The height of one line of ``text`` in ``font``, fallback faces included.

    ``QFontMetrics(font).height()`` is the first family's: a Latin face's line is shorter than
    the CJK face Chinese characters fall back to, so a second line of a Chinese title would
    run into the bar under it.
    """
    layout = QTextLayout(text or " ", font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1_000_000)
    layout.endLayout()
    return max(QFontMetrics(font).height(), math.ceil(line.height()))


def warning_colour(palette: QPalette) -> QColor:
    """A red that keeps contrast with the palette's base colour (dark or light)."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor(255, 138, 128) if dark else QColor(183, 28, 28)


class StageDelegate(QStyledItemDelegate):
    """Draws a stage row: ``N. Title`` on up to two lines, then a bar and ``3/10 · Behind``."""

    def __init__(self, parent: QAbstractItemView | None = None) -> None:
        super().__init__(parent)
        # (title, font, width) -> its lines: a tick repaints a row whose title did not change
        self._lines: dict[tuple[str, str, int], list[str]] = {}
        self._heights: dict[tuple[str, str], int] = {}
        # (title, detail, bold, width, font) -> the row's height
        self._sizes: dict[tuple[str, str, bool, int, str], int] = {}

    def _line_height(self, text: str, font: QFont) -> int:
        key = (text, font.key())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 512:
                self._heights.clear()
            height = self._heights[key] = line_height(text, font)
        return height

    def _title_lines(self, text: str, font: QFont, width: int) -> list[str]:
        key = (text, font.key(), width)
        lines = self._lines.get(key)
        if lines is None:
            if len(self._lines) > 512:
                self._lines.clear()
            lines = self._lines[key] = title_lines(text, font, width)
        return lines

    def sizeHint(self, option: ViewItemOption, index: Index) -> QSize:
        # Asked about three times per tick for the same row (the view's dataChanged, its
        # visualRect, the paint): the height is kept per title, detail, boldness, width and
        # font, everything it is worked out from.
        widget = option.widget  # type: ignore[attr-defined]
        width = widget.viewport().width() if isinstance(widget, QAbstractItemView) else 200
        progress = index.data(PROGRESS_ROLE)
        title = str(index.data() or "")
        detail = self._detail(progress)
        base: QFont = option.font  # type: ignore[attr-defined]
        bold = progress is not None and progress.pace is Pace.OVERDUE
        key = (title, detail, bold, width, base.key())
        height = self._sizes.get(key)
        if height is None:
            if len(self._sizes) > 512:
                self._sizes.clear()
            font = self._title_font(base, progress)
            lines = len(self._title_lines(title, font, width - 2 * MARGIN))
            height = self._sizes[key] = (
                MARGIN * 2
                + self._line_height(title, font) * lines
                + max(option.fontMetrics.height(), self._line_height(detail, font))  # type: ignore[attr-defined]
                + BAR_HEIGHT
                + 4
            )
        # As wide as the list, never wider: the title wraps to it, so no sideways scrolling
        # cuts off the counts at the right on a narrow stages pane.
        return QSize(min(200, width), height)

    @staticmethod
    def _title_font(base: QFont, progress: StageProgress | None) -> QFont:
        font = QFont(base)
        font.setBold(progress is not None and progress.pace is Pace.OVERDUE)
        return font

    def paint(self, painter: QPainter, option: ViewItemOption, index: Index) -> None:
        opt = ViewItemOption(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()  # type: ignore[attr-defined]
        text = opt.text  # type: ignore[attr-defined]
        opt.text = ""  # type: ignore[attr-defined]
        # the panel: selection, hover and focus frame, drawn the platform's way
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)  # type: ignore[attr-defined]

        progress: StageProgress | None = index.data(PROGRESS_ROLE)
        rect: QRect = opt.rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)  # type: ignore[attr-defined]
        metrics = opt.fontMetrics  # type: ignore[attr-defined]
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        palette: QPalette = opt.palette  # type: ignore[attr-defined]
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        overdue = progress is not None and progress.pace is Pace.OVERDUE

        painter.save()
        title_font = self._title_font(opt.font, progress)  # type: ignore[attr-defined]
        painter.setFont(title_font)
        painter.setPen(palette.color(text_role))
        lines = self._title_lines(text, title_font, rect.width())
        title_height = self._line_height(text, title_font) * len(lines)
        title_rect = QRect(rect.left(), rect.top(), rect.width(), title_height)
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, "\n".join(lines)
        )

        line_top = title_rect.bottom() + 3
        detail = self._detail(progress)
        # measured in the title's font, which is bold for an overdue stage, so it is never clipped
        detail_width = QFontMetrics(title_font).horizontalAdvance(detail) + MARGIN if detail else 0
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(  # type: ignore[attr-defined]
            rect.left(), line_top + 2, max(40, rect.width() - detail_width), BAR_HEIGHT
        )
        bar.minimum = 0  # type: ignore[attr-defined]
        bar.maximum = 1000  # type: ignore[attr-defined]
        bar.progress = round(progress.counts.percent * 10) if progress else 0  # type: ignore[attr-defined]
        bar.textVisible = False  # type: ignore[attr-defined]
        bar.palette = palette  # type: ignore[attr-defined]
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, opt.widget)  # type: ignore[attr-defined]

        if detail:
            detail_rect = QRect(
                rect.right() - detail_width + MARGIN,
                line_top,
                detail_width - MARGIN,  # ends at the row's margin, so nothing touches the edge
                max(metrics.height(), self._line_height(detail, title_font)),
            )
            painter.setPen(
                warning_colour(palette) if overdue and not selected else palette.color(text_role)
            )
            painter.drawText(
                detail_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, detail
            )
        painter.restore()

    @staticmethod
    def _detail(progress: StageProgress | None) -> str:
        if progress is None:
            return ""
        counts = QCoreApplication.translate("StageList", "{done}/{total}").format(
            done=progress.counts.done, total=progress.counts.counted
        )
        pace = pace_text(progress.pace)
        return f"{counts} · {pace}" if pace else counts
