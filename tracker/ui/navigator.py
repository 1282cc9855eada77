"""The stage navigator: overall progress above the list of stages with a bar each."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tracker.progress.records import Counts
from tracker.ui.delegates import StageDelegate
from tracker.ui.stage_model import StageListModel
from tracker.ui.texts import counts_text
from tracker.ui.theme import plain_cells


class StageListView(QListView):
    """The stage list. A stage whose roll-up changed (a tick) repaints only its own row while
    its height stays the same; QListView would lay out and repaint every row."""

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        if top_left == bottom_right and top_left.isValid() and self.isVisible():
            shown = self.visualRect(top_left)  # type: ignore[arg-type]
            if shown.height() == self.sizeHintForIndex(top_left).height():  # type: ignore[arg-type]
                if self.viewport().rect().intersects(shown):
                    self.viewport().update(shown)
                return
        super().dataChanged(top_left, bottom_right, roles)  # type: ignore[arg-type]


class WrappedLine(QWidget):
    """A word-wrapped line of text, like a word-wrapped ``QLabel`` without its cost on a tick.

    ``QLabel.setText`` asks every layout up to the window to be worked out again (a chain of
    layout requests through the splitter and the pages) even when the new text takes the same
    room; here a new text only repaints, and asks for a new layout only when its wrapped height
    changes.
    """

    _FLAGS = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    _FLAG_VALUE = int(_FLAGS.value)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._measured = (-1, "", 0)  # (width, text, height) last worked out
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        before = self.heightForWidth(self.width())
        self._text = text
        self.setAccessibleName(text)
        if self.heightForWidth(self.width()) != before:
            self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        measured_width, measured_text, height = self._measured
        if width == measured_width and self._text == measured_text:
            return height  # the height before a new text is the one worked out for the old
        bounds = QRect(0, 0, max(1, width), 1_000_000)
        shown = self.fontMetrics().boundingRect(bounds, self._FLAG_VALUE, self._text or " ")
        self._measured = (width, self._text, shown.height())
        return shown.height()

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self._text or " ")
        return QSize(width, self.fontMetrics().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().height())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._measured = (-1, "", 0)  # the same text may take other room now
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.rect(),
            self._FLAG_VALUE,
            self.palette(),
            self.isEnabled(),
            self._text,
            QPalette.ColorRole.WindowText,
        )


class StageNavigator(QWidget):
    """Overall progress and the stage list; the window listens to the list's selection."""

    def __init__(self, model: StageListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overall_label = WrappedLine(self)  # "Overall: 1 of 95 done · 1 skipped" in full
        self.overall_bar = QProgressBar(self)
        self.overall_bar.setRange(0, 1000)
        self.overall_bar.setTextVisible(True)
        self._shown: Counts | None = None
        self.stages_label = QLabel(self)
        self.view = StageListView(self)
        self.view.setModel(model)
        self.view.setItemDelegate(StageDelegate(self.view))
        plain_cells(self.view)  # cells drawn without a call into Python per part (theme.py)
        # Rows grow with their wrapped titles, and wrap again when the panel is resized.
        self.view.setUniformItemSizes(False)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stages_label.setBuddy(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.overall_label)
        layout.addWidget(self.overall_bar)
        layout.addSpacing(6)
        layout.addWidget(self.stages_label)
        layout.addWidget(self.view, 1)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(180)

    def retranslate(self) -> None:
        self._shown = None  # the overall texts are shown again in the new language
        self.overall_bar.setAccessibleName(self.tr("Overall progress"))
        self.stages_label.setText(self.tr("&Stages"))
        self.view.setAccessibleName(self.tr("Stages"))

    def show_overall(self, counts: Counts) -> None:
        """Show the overall counts; nothing is done when they are the ones shown already."""
        if counts == self._shown:
            return
        self._shown = counts
        bar, value = self.overall_bar, round(counts.percent * 10)
        if value != bar.value():  # in tenths of a percent: most ticks of a big curriculum
            # don't move it, and then the bar is not painted again (only the line above it)
            # QProgressBar.setValue repaints at once (the bar and every ancestor under it, a
            # few milliseconds); with updates off it only records the value, and turning them
            # back on schedules one ordinary repaint together with the rest of the change.
            bar.setUpdatesEnabled(False)
            try:
                bar.setValue(value)
            finally:
                bar.setUpdatesEnabled(True)
        bar.setFormat(f"{counts.percent_text(0)}%")  # repaints only if the text differs
        said = counts_text(counts)
        self.overall_label.setText(self.tr("Overall: {counts}").format(counts=said))
        self.overall_bar.setAccessibleDescription(said)
