"""Item models for the main window: stages, the module → task checklist, and a stage's concepts.

The models read the curriculum and the progress service; they never change progress themselves.
A checkbox click is turned into a ``status_requested`` signal that the window sends through the
bridge, and the bridge's ``progress_changed`` comes back as ``refresh_task`` / ``refresh_stage``,
which emit ``dataChanged`` for just the rows concerned.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from tracker.curriculum.model import Concept, Curriculum, Lang, Module, Stage, Task, TaskKind
from tracker.progress.records import Counts, Pace, StageProgress, TaskState, TaskStatus

Index = QModelIndex | QPersistentModelIndex

TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 3
STAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 4
CONCEPT_ID_ROLE = Qt.ItemDataRole.UserRole + 5
MODULE_ID_ROLE = Qt.ItemDataRole.UserRole + 6


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def status_text(status: TaskStatus) -> str:
    """The learner-facing name of a status, in the UI language."""
    names = {
        TaskStatus.TODO: _tr("Status", "To do"),
        TaskStatus.IN_PROGRESS: _tr("Status", "In progress"),
        TaskStatus.DONE: _tr("Status", "Done"),
        TaskStatus.SKIPPED: _tr("Status", "Skipped"),
    }
    return names[status]


def pace_text(pace: Pace) -> str:
    """How a stage stands against its target date, in words (never colour alone)."""
    names = {
        Pace.NO_TARGET: "",
        Pace.DONE: _tr("Pace", "Finished"),
        Pace.AHEAD: _tr("Pace", "Ahead"),
        Pace.ON_TRACK: _tr("Pace", "On track"),
        Pace.BEHIND: _tr("Pace", "Behind"),
        Pace.OVERDUE: _tr("Pace", "Overdue"),
    }
    return names[pace]


def kind_text(kind: TaskKind) -> str:
    if kind is TaskKind.PRACTICE:
        return _tr("Kind", "Practice")
    return _tr("Kind", "Topic")


def hours_text(hours: float | None) -> str:
    if hours is None:
        return ""
    shown = f"{hours:g}"
    return _tr("Hours", "{hours} h").format(hours=shown)


def stage_label(stage: Stage, lang: Lang) -> str:
    """``Stage 2: Title``; a title that already names its stage ("阶段二：…") is kept as is."""
    title = stage.title.get(lang)
    if title.casefold().startswith(("stage", "阶段", "第")):
        return title
    return _tr("StageList", "Stage {order}: {title}").format(order=stage.order, title=title)


def counts_text(counts: Counts) -> str:
    return _tr("Counts", "{done} of {total} done").format(done=counts.done, total=counts.total)


class StageListModel(QAbstractListModel):
    """The stages in learning order, each with its progress roll-up (``PROGRESS_ROLE``)."""

    def __init__(self, service: Any, lang: Lang, parent: Any = None) -> None:
        super().__init__(parent)
        self._service = service
        self._lang: Lang = lang
        self._stages: tuple[Stage, ...] = ()
        self._progress: dict[str, StageProgress] = {}
        self.reload()

    def reload(self) -> None:
        """Re-read the curriculum and every stage's progress (new curriculum or profile)."""
        self.beginResetModel()
        self._stages = tuple(self._service.curriculum.stages)
        self._progress = {p.stage_id: p for p in self._service.stages_progress()}
        self.endResetModel()

    def refresh_stage(self, stage_id: str) -> None:
        row = self.row_of(stage_id)
        if row < 0:
            return
        self._progress[stage_id] = self._service.stage_progress(stage_id)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def refresh_all(self) -> None:
        self._progress = {p.stage_id: p for p in self._service.stages_progress()}
        if self._stages:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._stages) - 1, 0))

    def set_language(self, lang: Lang) -> None:
        self._lang = lang
        if self._stages:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._stages) - 1, 0))

    def row_of(self, stage_id: str) -> int:
        for row, stage in enumerate(self._stages):
            if stage.id == stage_id:
                return row
        return -1

    def stage_at(self, row: int) -> Stage | None:
        return self._stages[row] if 0 <= row < len(self._stages) else None

    def progress_of(self, stage_id: str) -> StageProgress | None:
        return self._progress.get(stage_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._stages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        stage = self.stage_at(index.row()) if index.isValid() else None
        if stage is None:
            return None
        progress = self._progress.get(stage.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return stage_label(stage, self._lang)
        if role == STAGE_ID_ROLE:
            return stage.id
        if role == PROGRESS_ROLE:
            return progress
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return self._describe(stage, progress)
        return None

    def _describe(self, stage: Stage, progress: StageProgress | None) -> str:
        parts = [stage_label(stage, self._lang)]
        if progress is not None:
            parts.append(counts_text(progress.counts))
            if progress.pace is not Pace.NO_TARGET:
                parts.append(pace_text(progress.pace))
        return " — ".join(parts)


class ChecklistModel(QAbstractItemModel):
    """One stage's modules (top level) and their tasks (children), four columns.

    Column 0 carries the check box: a task is checked when done; a module shows the tri-state
    roll-up of its tasks and is not itself clickable.

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
        self._states: dict[str, TaskState] = {}
        self._where: dict[str, tuple[int, int]] = {}

    # -- loading -------------------------------------------------------------------------------

    def set_stage(self, stage: Stage | None) -> None:
        self.beginResetModel()
        self._stage = stage
        self._modules = stage.modules if stage is not None else ()
        self._where = {
            task.id: (m, t)
            for m, module in enumerate(self._modules)
            for t, task in enumerate(module.tasks)
        }
        self._states = self._read_states()
        self.endResetModel()

    def _read_states(self) -> dict[str, TaskState]:
        if not self._where:
            return {}
        every = self._service.task_states()
        return {tid: every[tid] for tid in self._where if tid in every}

    @property
    def stage(self) -> Stage | None:
        return self._stage

    def reload_states(self) -> None:
        """Re-read every task's state (another profile, undo of an import...)."""
        self._states = self._read_states()
        self._emit_all()

    def refresh_task(self, task_id: str) -> None:
        where = self._where.get(task_id)
        if where is None:
            return
        self._states[task_id] = self._service.task_state(task_id)
        module_row, task_row = where
        module_index = self.index(module_row, 0)
        self.dataChanged.emit(
            self.index(task_row, 0, module_index), self.index(task_row, self.STATUS, module_index)
        )
        self.dataChanged.emit(module_index, self.index(module_row, self.STATUS))

    def set_language(self, lang: Lang) -> None:
        self._lang = lang
        self._emit_all()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.STATUS)

    def _emit_all(self) -> None:
        for m, module in enumerate(self._modules):
            module_index = self.index(m, 0)
            self.dataChanged.emit(module_index, self.index(m, self.STATUS))
            if module.tasks:
                self.dataChanged.emit(
                    self.index(0, 0, module_index),
                    self.index(len(module.tasks) - 1, self.STATUS, module_index),
                )

    # -- lookups -------------------------------------------------------------------------------

    def task_at(self, index: Index) -> Task | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        module = self._modules[index.internalId() - 1]
        return module.tasks[index.row()] if index.row() < len(module.tasks) else None

    def module_at(self, index: Index) -> Module | None:
        if not index.isValid() or index.internalId() != 0:
            return None
        return self._modules[index.row()] if index.row() < len(self._modules) else None

    def index_of_task(self, task_id: str, column: int = 0) -> QModelIndex:
        where = self._where.get(task_id)
        if where is None:
            return QModelIndex()
        return self.index(where[1], column, self.index(where[0], 0))

    def status_of(self, task_id: str) -> TaskStatus:
        state = self._states.get(task_id)
        return state.status if state is not None else TaskStatus.TODO

    def module_counts(self, module: Module) -> Counts:
        statuses = [self.status_of(task.id) for task in module.tasks]
        return Counts(
            done=statuses.count(TaskStatus.DONE),
            in_progress=statuses.count(TaskStatus.IN_PROGRESS),
            skipped=statuses.count(TaskStatus.SKIPPED),
            total=len(statuses),
        )

    # -- the model interface ---------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column > self.STATUS or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._modules):
                return QModelIndex()
            return self.createIndex(row, column, 0)
        if parent.internalId() != 0 or parent.row() >= len(self._modules):
            return QModelIndex()
        if row >= len(self._modules[parent.row()].tasks):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._modules)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._modules):
            return len(self._modules[parent.row()].tasks)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return self.STATUS + 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.TITLE and index.internalId() != 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.internalId() == 0:
            flags &= ~Qt.ItemFlag.ItemNeverHasChildren
        else:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

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
        task = self.task_at(index)
        if task is not None:
            return self._task_data(task, index.column(), role)
        module = self.module_at(index)
        if module is not None:
            return self._module_data(module, index.column(), role)
        return None

    def _task_data(self, task: Task, column: int, role: int) -> Any:
        status = self.status_of(task.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return task.title.get(self._lang)
            if column == self.KIND:
                kind = kind_text(task.kind)
                return f"{kind} +" if task.addition else kind
            if column == self.HOURS:
                return hours_text(task.estimate_hours)
            return status_text(status)
        if role == Qt.ItemDataRole.CheckStateRole and column == self.TITLE:
            return Qt.CheckState.Checked if status is TaskStatus.DONE else Qt.CheckState.Unchecked
        if role == TASK_ID_ROLE:
            return task.id
        if role == STATUS_ROLE:
            return status.value
        if role == Qt.ItemDataRole.FontRole:
            return self._task_font(task, column, status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.HOURS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            parts = [kind_text(task.kind), status_text(status)]
            if task.addition:
                parts.append(_tr("Checklist", "+ added by the curriculum's editors"))
            return " · ".join(parts)
        return None

    def _task_font(self, task: Task, column: int, status: TaskStatus) -> QFont | None:
        if column == self.KIND and task.kind is TaskKind.PRACTICE:
            font = QFont()
            font.setBold(True)
            return font
        if column == self.TITLE and status is TaskStatus.SKIPPED:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def _module_data(self, module: Module, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return module.title.get(self._lang)
            if column == self.HOURS:
                total = sum(t.estimate_hours or 0.0 for t in module.tasks)
                return hours_text(total) if total else ""
            if column == self.STATUS:
                return counts_text(self.module_counts(module))
            return ""
        if role == Qt.ItemDataRole.CheckStateRole and column == self.TITLE:
            counts = self.module_counts(module)
            if counts.total and counts.done + counts.skipped == counts.total and counts.done:
                return Qt.CheckState.Checked
            if counts.done or counts.in_progress:
                return Qt.CheckState.PartiallyChecked
            return Qt.CheckState.Unchecked
        if role == MODULE_ID_ROLE:
            return module.id
        if role == Qt.ItemDataRole.FontRole and column == self.TITLE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.HOURS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ToolTipRole and module.summary is not None:
            return module.summary.get(self._lang)
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


class ChecklistFilter(QSortFilterProxyModel):
    """Shows the tasks whose title (or module title) contains the filter text and whose status
    is among the chosen ones; a module shows while any of its tasks does."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._statuses: frozenset[TaskStatus] | None = None
        self.setRecursiveFilteringEnabled(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_statuses(self, statuses: frozenset[TaskStatus] | None) -> None:
        """Show only these statuses; ``None`` shows all."""
        self.beginFilterChange()
        self._statuses = statuses
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def active(self) -> bool:
        return bool(self._text) or self._statuses is not None

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.active:
            return True
        model = self.sourceModel()
        if not source_parent.isValid():
            return False  # a module shows through its matching tasks (recursive filtering)
        index = model.index(source_row, 0, source_parent)
        if self._statuses is not None:
            status = TaskStatus(model.data(index, STATUS_ROLE))
            if status not in self._statuses:
                return False
        if not self._text:
            return True
        title = str(model.data(index, Qt.ItemDataRole.DisplayRole) or "")
        module_title = str(model.data(source_parent, Qt.ItemDataRole.DisplayRole) or "")
        return self._text in title.casefold() or self._text in module_title.casefold()


class ConceptListModel(QAbstractListModel):
    """The concepts a stage refers to: its own first, then those its tasks refer to."""

    def __init__(self, curriculum: Curriculum, lang: Lang, parent: Any = None) -> None:
        super().__init__(parent)
        self._curriculum = curriculum
        self._lang: Lang = lang
        self._concepts: tuple[Concept, ...] = ()

    def set_stage(self, curriculum: Curriculum, stage: Stage | None) -> None:
        self.beginResetModel()
        self._curriculum = curriculum
        ids: list[str] = []
        if stage is not None:
            ids.extend(stage.concepts)
            for task in stage.tasks():
                ids.extend(task.concepts)
        seen: dict[str, Concept] = {}
        for concept_id in ids:
            concept = curriculum.concept(concept_id)
            if concept is not None and concept_id not in seen:
                seen[concept_id] = concept
        self._concepts = tuple(seen.values())
        self.endResetModel()

    def set_language(self, lang: Lang) -> None:
        self._lang = lang
        if self._concepts:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._concepts) - 1, 0))

    def concept_at(self, row: int) -> Concept | None:
        return self._concepts[row] if 0 <= row < len(self._concepts) else None

    def row_of(self, concept_id: str) -> int:
        for row, concept in enumerate(self._concepts):
            if concept.id == concept_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._concepts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        concept = self.concept_at(index.row()) if index.isValid() else None
        if concept is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return concept.title.get(self._lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            return concept.summary.get(self._lang)
        if role == CONCEPT_ID_ROLE:
            return concept.id
        return None
