"""A stage's milestone checklist: the task tree, its filters and the selected task's details."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tracker.progress.records import TaskStatus
from tracker.ui.models import ChecklistFilter
from tracker.ui.task_details import TaskDetails

STATUS_FILTERS: tuple[tuple[str, frozenset[TaskStatus] | None], ...] = (
    ("all", None),
    ("open", frozenset({TaskStatus.TODO, TaskStatus.IN_PROGRESS})),
    ("todo", frozenset({TaskStatus.TODO})),
    ("in_progress", frozenset({TaskStatus.IN_PROGRESS})),
    ("done", frozenset({TaskStatus.DONE})),
    ("skipped", frozenset({TaskStatus.SKIPPED})),
)


class ChecklistPanel(QWidget):
    """The checklist view over a filter proxy, with a text filter and a status filter."""

    def __init__(self, proxy: ChecklistFilter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self.label = QLabel(self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setClearButtonEnabled(True)
        self.status_filter = QComboBox(self)
        self.view = QTreeView(self)
        self.view.setModel(proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAllColumnsShowFocus(True)
        self.view.setUniformRowHeights(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.label.setBuddy(self.view)
        self.details = TaskDetails(self)

        filters = QHBoxLayout()
        filters.addWidget(self.label)
        filters.addStretch(1)
        filters.addWidget(self.filter_edit, 2)
        filters.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)

        self.filter_edit.textChanged.connect(self._filter_changed)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.view.viewport().installEventFilter(self)

    def tooltip_at(self, index: object) -> str:
        """The tooltip of a row's title: the whole title (often elided), then the model's tip."""
        title = self.view.model().index(index.row(), 0, index.parent())  # type: ignore[attr-defined]
        text = str(title.data() or "")
        tip = title.data(Qt.ItemDataRole.ToolTipRole)
        return f"{text}\n{tip}" if tip else text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self.view.indexAt(event.pos())
            if index.isValid() and index.column() == 0:
                QToolTip.showText(event.globalPos(), self.tooltip_at(index), self.view)
                return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.label.setText(self.tr("Chec&klist"))
        self.view.setAccessibleName(self.tr("Checklist"))
        self.filter_edit.setPlaceholderText(self.tr("Filter tasks…"))
        self.filter_edit.setAccessibleName(self.tr("Filter tasks"))
        self.status_filter.setAccessibleName(self.tr("Show tasks by status"))
        self.details.retranslate()
        self._fill_status_filter()

    def _fill_status_filter(self) -> None:
        names = {
            "all": self.tr("All tasks"),
            "open": self.tr("Open (to do or in progress)"),
            "todo": self.tr("To do"),
            "in_progress": self.tr("In progress"),
            "done": self.tr("Done"),
            "skipped": self.tr("Skipped"),
        }
        current = max(0, self.status_filter.currentIndex())
        self.status_filter.blockSignals(True)
        try:
            self.status_filter.clear()
            for key, _statuses in STATUS_FILTERS:
                self.status_filter.addItem(names[key], key)
            self.status_filter.setCurrentIndex(current)
        finally:
            self.status_filter.blockSignals(False)

    def _filter_changed(self, *_args: object) -> None:
        self.proxy.set_text(self.filter_edit.text())
        index = max(0, self.status_filter.currentIndex())
        self.proxy.set_statuses(STATUS_FILTERS[index][1])
        self.view.expandAll()
