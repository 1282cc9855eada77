"""A stage's milestone checklist: the task tree, its filters and the selected task's details."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tracker.progress.records import TaskStatus
from tracker.ui.checklist_filter import ChecklistFilter
from tracker.ui.inert_text import plain_tip, tip_text
from tracker.ui.task_details import TaskDetails

STATUS_FILTERS: tuple[tuple[str, frozenset[TaskStatus] | None], ...] = (
    ("all", None),
    ("open", frozenset({TaskStatus.TODO, TaskStatus.IN_PROGRESS})),
    ("todo", frozenset({TaskStatus.TODO})),
    ("in_progress", frozenset({TaskStatus.IN_PROGRESS})),
    ("done", frozenset({TaskStatus.DONE})),
    ("skipped", frozenset({TaskStatus.SKIPPED})),
)

FITTED_COLUMNS = (1, 2, 3)
"""Kind, hours and status: as wide as their contents, the title column takes the rest."""
ONE_ROW_COLUMNS = (3,)
"""The fitted columns a change of one row can make read differently: only the status (a tick,
an undo, another program's tick). A task's kind and hours change only with the language,
which changes every row and fits the columns again."""

# Roles whose change can make a cell wider (QHeaderView's own rule, plus the custom roles a
# ResizeToContents header cannot judge).
_SIZE_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.SizeHintRole,
        Qt.ItemDataRole.FontRole,
    }
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
        self.all_stages = QCheckBox(self)  # the filter's scope (see checklist_scope.py)
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
        # Not ResizeToContents: that header measures up to 1,000 rows on every dataChanged
        # (a quarter of a second per tick in a big stage). The panel fits the columns itself
        # when the rows change wholesale, and on a one-row change only widens a column if the
        # changed cell no longer fits (see ``_fit_later`` and ``_grow_to``).
        for column in FITTED_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self._fits: dict[tuple[int, bool, str], int] = {}
        # "expand", "fit": work put off while the view is hidden, done as it shows
        self._when_shown: set[str] = set()
        """(column, module row?, text) -> the width it needs, since the last full fit."""
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_columns)
        for signal in (proxy.modelReset, proxy.layoutChanged):
            signal.connect(self._fit_later)
        proxy.rowsInserted.connect(self._rows_inserted)
        proxy.dataChanged.connect(self._data_changed)
        self.label.setBuddy(self.view)
        self.details = TaskDetails(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self._build_no_match())

        filters = QHBoxLayout()
        filters.addWidget(self.label)
        filters.addStretch(1)
        filters.addWidget(self.filter_edit, 2)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.all_stages)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        # the task list gets most of the height; the details a good part of the rest, so a
        # task's reading list shows without scrolling on a window of ordinary height
        layout.addWidget(self.stack, 5)
        layout.addWidget(self.details, 2)

        self.filter_edit.textChanged.connect(self._filter_changed)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)
        for changed in (proxy.modelReset, proxy.layoutChanged, proxy.rowsInserted):
            changed.connect(self._show_matches)
        proxy.rowsRemoved.connect(self._show_matches)

    def _build_no_match(self) -> QWidget:
        """What shows instead of an empty tree when the filters hide every task."""
        page = QWidget(self)
        self.no_match_label = QLabel(page)
        self.no_match_label.setWordWrap(True)
        self.no_match_label.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clear_filter_button = QPushButton(page)
        self.clear_filter_button.clicked.connect(self.clear_filter)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.no_match_label)
        layout.addWidget(self.clear_filter_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    def is_filtered(self) -> bool:
        return bool(self.filter_edit.text().strip()) or self.status_filter.currentIndex() > 0

    def shows_no_match(self) -> bool:
        return self.stack.currentIndex() == 1

    def clear_filter(self) -> None:
        """Show every task again: empty the text filter and show all statuses."""
        self.filter_edit.clear()
        self.status_filter.setCurrentIndex(0)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_matches(self, *_args: object) -> None:
        empty = self.is_filtered() and self.proxy.rowCount() == 0
        if empty:
            self.no_match_label.setText(self._no_match_text())
        if empty != self.shows_no_match():
            self.stack.setCurrentIndex(1 if empty else 0)

    def _no_match_text(self) -> str:
        text = self.filter_edit.text().strip()
        status = self.status_filter.currentText() if self.status_filter.currentIndex() > 0 else ""
        if text and status:
            return self.tr("No tasks match “{text}” in “{status}”").format(text=text, status=status)
        if text:
            return self.tr("No tasks match “{text}”").format(text=text)
        return self.tr("No tasks in “{status}”").format(status=status)

    # -- column widths ---------------------------------------------------------------------------

    def expand_all(self) -> None:
        """Expand every module. While the view is hidden (another page is shown, or the window
        is not up yet) this waits until it shows: laying out the rows of a stage of thousands
        of tasks that nobody sees would hold up the page that is shown."""
        if not self.view.isVisible():
            self._when_shown.add("expand")
            return
        self._when_shown.discard("expand")
        self.view.expandAll()

    def fit_columns(self) -> None:
        """Size the kind, hours and status columns to their contents (and their headers); like
        :meth:`expand_all`, done once the view shows."""
        self._fit_timer.stop()
        if not self.view.isVisible():
            self._when_shown.add("fit")
            return
        self._when_shown.discard("fit")
        self._fits.clear()  # another language or font: widths are measured again
        for column in FITTED_COLUMNS:
            self.view.resizeColumnToContents(column)

    def _shown(self) -> None:
        """The view shows: do what was put off while it was hidden, before it paints."""
        if "expand" in self._when_shown:
            self.expand_all()
            current = self.view.currentIndex()
            if current.isValid():
                self.view.scrollTo(current)  # the rows above it have just opened
        if "fit" in self._when_shown:
            self.fit_columns()

    def _fit_later(self, *_args: object) -> None:
        """Fit once the event loop is back: after a reset the window still expands the rows."""
        self._fit_timer.start()

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if last - first >= 8:
            self._fit_later()
            return
        model = self.proxy
        for row in range(first, last + 1):
            self._grow_to(model.index(row, 0, parent), FITTED_COLUMNS)

    def _data_changed(
        self,
        top_left: QModelIndex,
        bottom_right: QModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        if roles and not any(
            role in _SIZE_ROLES or role >= Qt.ItemDataRole.UserRole for role in roles
        ):
            return
        first, last = top_left.column(), bottom_right.column()
        if top_left.row() != bottom_right.row() or top_left.parent() != bottom_right.parent():
            if any(first <= c <= last for c in FITTED_COLUMNS):
                self._fit_later()  # many rows at once (another language): fit again
            return
        columns = [c for c in ONE_ROW_COLUMNS if first <= c <= last]
        if columns:
            self._grow_to(top_left, columns)

    def _grow_to(self, index: QModelIndex | QPersistentModelIndex, columns: Sequence[int]) -> None:
        """Widen the columns whose cell on ``index``'s row no longer fits (a tick, one row)."""
        if self._fit_timer.isActive() or "fit" in self._when_shown:
            return  # a full fit is coming anyway
        header = self.view.header()
        model = self.proxy
        parent = index.parent()
        is_module = not parent.isValid()
        for column in columns:
            cell = model.index(index.row(), column, parent)
            if not cell.isValid():
                continue
            # A tick shows one of a few texts ("Done", "3 of 8 done"): measure each once.
            key = (column, is_module, str(cell.data() or ""))
            wanted = self._fits.get(key)
            if wanted is None:
                wanted = self._fits[key] = self.view.sizeHintForIndex(cell).width()
            if wanted > header.sectionSize(column):
                header.resizeSection(column, wanted)

    def tooltip_at(self, index: object) -> str:
        """The tooltip of a row's title: the whole title (often elided), then the model's tip."""
        title = self.view.model().index(index.row(), 0, index.parent())  # type: ignore[attr-defined]
        text = str(title.data() or "")
        tip = tip_text(title.data(Qt.ItemDataRole.ToolTipRole))
        return plain_tip(f"{text}\n{tip}" if tip else text) or ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Show:
            if self._when_shown:
                self._shown()
            return False
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
        self.all_stages.setText(self.tr("All stages"))
        self.all_stages.setToolTip(self.tr("Filter the tasks of every stage, not only this one"))
        self.details.retranslate()
        self._fill_status_filter()
        self.clear_filter_button.setText(self.tr("Show &All Tasks"))
        self.clear_filter_button.setToolTip(self.tr("Clear the filter"))
        self._show_matches()

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
        self.expand_all()
        self._show_matches()
