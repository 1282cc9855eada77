"""The checklist: one stage's modules and their tasks as a tree model (the filter over it is in
``tracker.ui.checklist_filter``).

The model reads the curriculum and the progress service; it never changes progress itself.
A checkbox click is turned into a ``status_requested`` signal that the window sends through the
bridge, and the bridge's ``progress_changed`` comes back as ``refresh_task``, which emits
``dataChanged`` for just the rows concerned.

A tick touches only what it changed: the task's row and its module's row (no reset, no layout
change; the filter forgets only that module's answer, and only while it filters by status).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from tracker.curriculum.model import Lang, Module, Stage, Task, TaskKind
from tracker.progress.records import Counts, TaskStatus
from tracker.progress.rollup import task_hours
from tracker.ui.inert_text import plain_tip
from tracker.ui.texts import counts_text, hours_text, kind_text, status_text

Index = QModelIndex | QPersistentModelIndex

# Values kept apart from the other models' roles (stage list: +3, +4; concepts: +5).
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
MODULE_ID_ROLE = Qt.ItemDataRole.UserRole + 6


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


_ENABLED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
MODULE_FLAGS = _ENABLED
TASK_FLAGS = _ENABLED | Qt.ItemFlag.ItemNeverHasChildren
TASK_TITLE_FLAGS = TASK_FLAGS | Qt.ItemFlag.ItemIsUserCheckable
# Flag and role values computed once: the views ask for them once per row and column.
NO_FLAGS = Qt.ItemFlag.NoItemFlags
_DISPLAY = Qt.ItemDataRole.DisplayRole
_CHECK = Qt.ItemDataRole.CheckStateRole
_FONT = Qt.ItemDataRole.FontRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_TIPS = (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CHECKED = Qt.CheckState.Checked
_UNCHECKED = Qt.CheckState.Unchecked
_PARTIAL = Qt.CheckState.PartiallyChecked
_DONE = TaskStatus.DONE
_TODO = TaskStatus.TODO
_SKIPPED = TaskStatus.SKIPPED
_PRACTICE = TaskKind.PRACTICE
_NO_INDEX = QModelIndex()


class ChecklistModel(QAbstractItemModel):
    """One stage's modules (top level) and their tasks (children), four columns.

    Column 0 carries the check box: a task is checked when done; a module shows the tri-state
    roll-up of its tasks and is not itself clickable.

    Built for stages of 100,000 tasks: ``index``/``parent``/``rowCount``/``flags``/``data`` are
    O(1) lookups in tuples made once per stage (no per-row objects), task statuses are one dict,
    and the filter reads casefolded titles made once per stage and language (``search_keys``).

    Signals:
        status_requested(str, str): the user ticked or unticked a task (task id, status value).
    """

    status_requested = Signal(str, str)

    TITLE, KIND, HOURS, STATUS = range(4)

    def __init__(self, service: Any, lang: Lang, parent: Any = None) -> None:
        super().__init__(parent)
        self._service = service
        self._lang: Lang = lang
        self._stage: Stage | None = None
        self._modules: tuple[Module, ...] = ()
        self._tasks: tuple[tuple[Task, ...], ...] = ()
        self._status: dict[str, TaskStatus] = {}
        self._module_counts: dict[int, Counts] = {}
        self._where: dict[str, tuple[int, int]] = {}
        self._keys: tuple[tuple[str, tuple[str, ...]], ...] | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    # -- loading -------------------------------------------------------------------------------

    def set_stage(self, stage: Stage | None) -> None:
        self.beginResetModel()
        self._stage = stage
        self._modules = stage.modules if stage is not None else ()
        self._tasks = tuple(module.tasks for module in self._modules)
        self._where = {
            task.id: (m, t) for m, tasks in enumerate(self._tasks) for t, task in enumerate(tasks)
        }
        self._keys = None
        self._read_states()
        self.endResetModel()

    def _read_states(self) -> None:
        self._module_counts = {}
        if not self._where:
            self._status = {}
            return
        # Only what is not "to do" is kept for lookups (the service's roll-ups hold just that):
        # most rows of a big stage are untouched, and no per-task record is made for them.
        where = self._where
        self._status = {
            tid: status for tid, status in self._service.statuses().items() if tid in where
        }

    @property
    def stage(self) -> Stage | None:
        return self._stage

    def reload_states(self) -> None:
        """Re-read every task's state (another profile, undo of an import...)."""
        self._read_states()
        self._emit_all()

    def refresh_task(self, task_id: str, status: TaskStatus | None = None) -> None:
        """Show a task's new status: ``status`` as a change reported it, else read it again.

        Emits ``dataChanged`` for the task's row and its module's row (the roll-up), all
        columns, and nothing else; a task of another stage is ignored.
        """
        where = self._where.get(task_id)
        if where is None:
            return
        if status is None:
            status = self._service.task_state(task_id).status
        if status is _TODO:
            self._status.pop(task_id, None)
        else:
            self._status[task_id] = status
        module_row, task_row = where
        self._module_counts.pop(module_row, None)
        module_index = self.createIndex(module_row, 0, 0)
        self.dataChanged.emit(
            self.createIndex(task_row, 0, module_row + 1),
            self.createIndex(task_row, self.STATUS, module_row + 1),
        )
        self.dataChanged.emit(module_index, self.createIndex(module_row, self.STATUS, 0))

    def refresh_statuses(self, now: Mapping[str, TaskStatus]) -> None:
        """Show the statuses ``now`` holds (not "to do" by task id, as the service's
        ``statuses()``): only the rows whose status differs are repainted (all rows would cost
        a column fit of the whole stage)."""
        shown = self._status
        for tid in self._where:
            status = now.get(tid, _TODO)
            if status is not shown.get(tid, _TODO):
                self.refresh_task(tid, status)

    def set_language(self, lang: Lang) -> None:
        self._lang = lang
        self._keys = None
        self._emit_all()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.STATUS)

    def _emit_all(self) -> None:
        # One signal per level is enough for the views; one per module would be thousands.
        self._module_counts = {}
        if not self._modules:
            return
        last = len(self._modules) - 1
        self.dataChanged.emit(self.index(0, 0), self.index(last, self.STATUS))
        for m, tasks in enumerate(self._tasks):
            if tasks:
                module_index = self.createIndex(m, 0, 0)
                self.dataChanged.emit(
                    self.index(0, 0, module_index),
                    self.index(len(tasks) - 1, self.STATUS, module_index),
                )

    # -- lookups -------------------------------------------------------------------------------

    def task_at(self, index: Index) -> Task | None:
        if not index.isValid():
            return None
        module = index.internalId()
        if module == 0:
            return None
        tasks = self._tasks[module - 1]
        row = index.row()
        return tasks[row] if row < len(tasks) else None

    def module_at(self, index: Index) -> Module | None:
        if not index.isValid() or index.internalId() != 0:
            return None
        return self._modules[index.row()] if index.row() < len(self._modules) else None

    def index_of_task(self, task_id: str, column: int = 0) -> QModelIndex:
        where = self._where.get(task_id)
        if where is None:
            return QModelIndex()
        return self.createIndex(where[1], column, where[0] + 1)

    def status_of(self, task_id: str) -> TaskStatus:
        return self._status.get(task_id, _TODO)

    def statuses(self) -> Mapping[str, TaskStatus]:
        """The stage's tasks whose status is not "to do" (read-only; absent means to do)."""
        return self._status

    def module_counts(self, module: Module) -> Counts:
        status = self._status
        statuses = [status.get(task.id, _TODO) for task in module.tasks]
        return Counts(
            done=statuses.count(TaskStatus.DONE),
            in_progress=statuses.count(TaskStatus.IN_PROGRESS),
            skipped=statuses.count(TaskStatus.SKIPPED),
            total=len(statuses),
        )

    def _counts_at(self, module_row: int) -> Counts:
        """A module's roll-up, counted once until one of its tasks changes (rows repaint often)."""
        counts = self._module_counts.get(module_row)
        if counts is None:
            counts = self._module_counts[module_row] = self.module_counts(self._modules[module_row])
        return counts

    def texts_current(self) -> bool:
        """False while titles (another stage or language) have not been read again for the
        filter: everything the filter worked out from them is stale."""
        return self._keys is not None

    def search_keys(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Per module: its casefolded title and its tasks' casefolded titles (for the filter)."""
        if self._keys is None:
            lang = self._lang
            self._keys = tuple(
                (
                    module.title.get(lang).casefold(),
                    tuple(task.title.get(lang).casefold() for task in tasks),
                )
                for module, tasks in zip(self._modules, self._tasks, strict=True)
            )
        return self._keys

    def task_ids(self, module_row: int) -> tuple[str, ...]:
        """The ids of a module's tasks, in order."""
        return tuple(task.id for task in self._tasks[module_row])

    def task_count(self) -> int:
        return len(self._where)

    # -- the model interface ---------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = _NO_INDEX) -> QModelIndex:
        if row < 0 or column < 0 or column > 3:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._tasks):
                return QModelIndex()
            return self.createIndex(row, column, 0)
        module = parent.row()
        if parent.internalId() != 0 or module >= len(self._tasks):
            return QModelIndex()
        if row >= len(self._tasks[module]):
            return QModelIndex()
        return self.createIndex(row, column, module + 1)

    def parent(self, index: Index = _NO_INDEX) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        module = index.internalId()
        if module == 0:
            return QModelIndex()
        return self.createIndex(module - 1, 0, 0)

    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        if not parent.isValid():
            return len(self._tasks)
        if parent.internalId() == 0 and parent.column() == 0:
            row = parent.row()
            if row < len(self._tasks):
                return len(self._tasks[row])
        return 0

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        return 4

    def hasChildren(self, parent: Index = _NO_INDEX) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return NO_FLAGS
        if index.internalId() == 0:
            return MODULE_FLAGS
        return TASK_TITLE_FLAGS if index.column() == 0 else TASK_FLAGS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (
            _tr("Checklist", "Task"),
            _tr("Checklist", "Kind"),
            _tr("Checklist", "Hours"),
            _tr("Checklist", "Status"),
        )
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        module = index.internalId()
        row = index.row()
        if module:
            tasks = self._tasks[module - 1]
            if row < len(tasks):
                return self._task_data(tasks[row], index.column(), role)
            return None
        if row < len(self._modules):
            return self._module_data(row, index.column(), role)
        return None

    def multiData(self, index: Index, roleDataSpan: Any) -> None:  # noqa: N803 - Qt's name
        """Every role a delegate asks for a cell at once (seven per painted cell): the row is
        looked up once, and each role answered as ``data()`` answers it."""
        if index.isValid():
            module, row, column = index.internalId(), index.row(), index.column()
            if module:
                tasks = self._tasks[module - 1]
                if row < len(tasks):
                    task, task_data = tasks[row], self._task_data
                    for role_data in roleDataSpan:
                        role_data.setData(task_data(task, column, role_data.role()))
                    return
            elif row < len(self._modules):
                module_data = self._module_data
                for role_data in roleDataSpan:
                    role_data.setData(module_data(row, column, role_data.role()))
                return
        for role_data in roleDataSpan:
            role_data.setData(None)

    def _task_data(self, task: Task, column: int, role: int) -> Any:
        if role == _DISPLAY:
            if column == 0:
                return task.title.get(self._lang)
            if column == 1:
                kind = kind_text(task.kind)
                return f"{kind} +" if task.addition else kind
            if column == 2:
                return hours_text(task.estimate_hours)
            return status_text(self._status.get(task.id, _TODO))
        if role == _CHECK:
            if column != 0:
                return None
            return _CHECKED if self._status.get(task.id) is _DONE else _UNCHECKED
        if role == TASK_ID_ROLE:
            return task.id
        if role == STATUS_ROLE:
            return self._status.get(task.id, _TODO).value
        if role == _FONT:
            if column == 1 and task.kind is _PRACTICE:
                return self._bold
            if column == 0 and self._status.get(task.id) is _SKIPPED:
                return self._struck
            return None
        if role == _ALIGN:
            return _RIGHT if column == 2 else None
        if role in _TIPS:
            parts = [kind_text(task.kind), status_text(self._status.get(task.id, _TODO))]
            if task.addition:
                parts.append(_tr("Checklist", "+ added by the curriculum's editors"))
            return " · ".join(parts)
        return None

    def _module_data(self, row: int, column: int, role: int) -> Any:
        module = self._modules[row]
        if role == _DISPLAY:
            if column == self.TITLE:
                return module.title.get(self._lang)
            if column == self.HOURS:
                total = task_hours(module.tasks)
                return hours_text(total) if total else ""
            if column == self.STATUS:
                # the skipped tasks show as rows of their own; said here only in the tooltip
                return counts_text(self._counts_at(row), skipped=False)
            return ""
        if role == _CHECK and column == self.TITLE:
            counts = self._counts_at(row)
            if counts.finished and counts.done:
                return _CHECKED
            if counts.done or counts.in_progress:
                return _PARTIAL
            return _UNCHECKED
        if role == MODULE_ID_ROLE:
            return module.id
        if role == _FONT and column == self.TITLE:
            return self._bold
        if role == _ALIGN and column == self.HOURS:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == self.STATUS:
            return counts_text(self._counts_at(row))  # with the skipped ones
        if role == Qt.ItemDataRole.ToolTipRole and module.summary is not None:
            return plain_tip(module.summary.get(self._lang))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        task = self.task_at(index)
        if task is None or role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        status = TaskStatus.DONE if checked else TaskStatus.TODO
        if status is not self.status_of(task.id):
            self.status_requested.emit(task.id, status.value)
        return True
