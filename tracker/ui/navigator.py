"""The stage navigator: overall progress above the list of stages with a bar each."""

from __future__ import annotations

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
from tracker.ui.models import StageListModel, counts_text


class StageNavigator(QWidget):
    """Overall progress and the stage list; the window listens to the list's selection."""

    def __init__(self, model: StageListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overall_label = QLabel(self)
        self.overall_bar = QProgressBar(self)
        self.overall_bar.setRange(0, 1000)
        self.overall_bar.setTextVisible(True)
        self.stages_label = QLabel(self)
        self.view = QListView(self)
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
        self.setMinimumWidth(200)

    def retranslate(self) -> None:
        self.overall_bar.setAccessibleName(self.tr("Overall progress"))
        self.stages_label.setText(self.tr("&Stages"))
        self.view.setAccessibleName(self.tr("Stages"))

    def show_overall(self, counts: Counts) -> None:
        self.overall_bar.setValue(round(counts.percent * 10))
        self.overall_bar.setFormat(f"{counts.percent:.0f}%")
        skipped = self.tr(" · {n} skipped").format(n=counts.skipped) if counts.skipped else ""
        self.overall_label.setText(
            self.tr("Overall: {counts}").format(counts=counts_text(counts)) + skipped
        )
        self.overall_bar.setAccessibleDescription(counts_text(counts))
