"""The stage navigator: overall progress above the list of stages with a bar each."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from tracker.progress.records import Counts
from tracker.ui.delegates import StageDelegate
from tracker.ui.stage_model import StageListModel
from tracker.ui.texts import counts_text


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


class StageNavigator(QWidget):
    """Overall progress and the stage list; the window listens to the list's selection."""

    def __init__(self, model: StageListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overall_label = QLabel(self)
        self.overall_label.setWordWrap(True)  # "Overall: 1 of 95 done · 1 skipped" in full
        self.overall_bar = QProgressBar(self)
        self.overall_bar.setRange(0, 1000)
        self.overall_bar.setTextVisible(True)
        self._shown: Counts | None = None
        self.stages_label = QLabel(self)
        self.view = StageListView(self)
        self.view.setModel(model)
        self.view.setItemDelegate(StageDelegate(self.view))
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
        # QProgressBar.setValue repaints at once (the bar and every ancestor under it, a few
        # milliseconds); with updates off it only records the value, and turning them back on
        # schedules one ordinary repaint together with the rest of the change.
        self.overall_bar.setUpdatesEnabled(False)
        try:
            self.overall_bar.setValue(round(counts.percent * 10))
        finally:
            self.overall_bar.setUpdatesEnabled(True)
        self.overall_bar.setFormat(f"{counts.percent_text(0)}%")
        self.overall_label.setText(self.tr("Overall: {counts}").format(counts=counts_text(counts)))
        self.overall_bar.setAccessibleDescription(counts_text(counts))
