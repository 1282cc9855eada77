"""The checklist's filter: the tasks whose title contains the filter text and whose status is
among the chosen ones, over a :class:`~tracker.ui.checklist_model.ChecklistModel`."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from tracker.progress.records import TaskStatus
from tracker.ui.checklist_model import (
    MODULE_FLAGS,
    NO_FLAGS,
    STATUS_ROLE,
    TASK_FLAGS,
    TASK_TITLE_FLAGS,
    ChecklistModel,
    Index,
)

_TODO = TaskStatus.TODO  # read once: the filter asks for it per row


class ChecklistFilter(QSortFilterProxyModel):
    """Shows the tasks whose title (or module title) contains the filter text and whose status
    is among the chosen ones; a module shows while any of its tasks does.

    Over a :class:`ChecklistModel` the test for a row reads the model's casefolded titles and
    status dict directly (no ``index``/``data`` round trips through Qt), and a module's answer is
    worked out once for all its tasks, so filtering 100,000 rows is one cheap call per row.
    Setting the same filter again does nothing.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._statuses: frozenset[TaskStatus] | None = None
        self._active = False
        # module row -> which of its tasks show (None: none of them); filled as rows are asked
        self._shown: dict[int, tuple[bool, ...] | None] = {}
        self._note_hits: frozenset[str] = frozenset()  # tasks whose note holds the text
        self._over_checklist = False

    def setSourceModel(self, model: Any) -> None:
        old = self.sourceModel()
        if old is not None:
            for signal in (old.modelAboutToBeReset, old.dataChanged):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(self._source_changed)
        self._shown.clear()
        if model is not None:
            # Connected before the proxy's own slots, so the answers are forgotten before it
            # re-filters: a new stage, another language or a changed status makes them stale.
            model.modelAboutToBeReset.connect(self._source_changed)
            model.dataChanged.connect(self._source_changed)
        self._over_checklist = isinstance(model, ChecklistModel)
        super().setSourceModel(model)

    def _source_changed(self, *args: object) -> None:
        """Forget the answers a source change makes stale, before the proxy filters again."""
        if not self._shown:
            return  # nothing kept (no filter, or nothing asked yet): nothing to forget
        model = self.sourceModel()
        if len(args) < 2 or not isinstance(model, ChecklistModel) or not model.texts_current():
            self._shown.clear()  # a reset, another language: everything may have changed
            return
        if self._statuses is None or not self._shown:
            return  # titles did not change, so answers by text alone still hold
        top, bottom = args[0], args[1]
        if not isinstance(top, QModelIndex | QPersistentModelIndex) or not isinstance(
            bottom, QModelIndex | QPersistentModelIndex
        ):
            self._shown.clear()
            return
        if top.internalId():  # tasks of one module
            self._shown.pop(top.internalId() - 1, None)
        else:  # module rows
            for module_row in range(top.row(), bottom.row() + 1):
                self._shown.pop(module_row, None)

    def set_text(self, text: str) -> None:
        wanted = text.strip().casefold()
        if wanted == self._text:
            return
        self.beginFilterChange()
        self._text = wanted
        self._changed()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_statuses(self, statuses: frozenset[TaskStatus] | None) -> None:
        """Show only these statuses; ``None`` shows all."""
        if statuses == self._statuses:
            return
        self.beginFilterChange()
        self._statuses = statuses
        self._changed()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_note_matches(self, task_ids: frozenset[str]) -> None:
        """Tasks whose note holds the filter text (found by search): they show as well."""
        if task_ids == self._note_hits:
            return
        self.beginFilterChange()
        self._note_hits = task_ids
        self._changed()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _changed(self) -> None:
        self._active = bool(self._text) or self._statuses is not None
        self._shown.clear()

    @property
    def active(self) -> bool:
        return self._active

    def flags(self, index: Index) -> Qt.ItemFlag:
        # The view asks several times per row while laying out; answering from the proxy index
        # alone saves the source index (a Python call) that mapping it to the source would make.
        # A proxy index's internal id names the mapping of its parent, so every top-level row
        # (a module) shares the id of the first one; ``index.parent()`` would cost a call into
        # the source model's ``parent()`` per row.
        if not index.isValid():
            return NO_FLAGS
        if not self._over_checklist:
            return super().flags(index)
        if index.internalId() == self.index(0, 0).internalId():
            return MODULE_FLAGS
        return TASK_TITLE_FLAGS if index.column() == 0 else TASK_FLAGS

    def multiData(self, index: Index, roleDataSpan: Any) -> None:  # noqa: N803 - Qt's name
        """Every role a delegate asks for a cell at once, from the source's ``data()``.

        ``QStyledItemDelegate`` asks for seven roles per painted cell in one ``multiData`` call;
        ``QSortFilterProxyModel`` does not pass that call on, so each role would map the index
        to the source again (a call into the source's Python ``index()``) and then cross into
        its ``data()``: fourteen calls into Python per cell instead of two. The values are the
        proxy's ``data()`` answers (the source's, for the mapped index).
        """
        model = self.sourceModel()
        if model is None:
            super().multiData(index, roleDataSpan)
            return
        source = self.mapToSource(index)
        if self._over_checklist:
            model.multiData(source, roleDataSpan)  # a call within Python
            return
        data = model.data
        for role_data in roleDataSpan:
            role_data.setData(data(source, role_data.role()))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._active:
            return True
        model = self.sourceModel()
        if not isinstance(model, ChecklistModel):
            return self._accepts_generic(model, source_row, source_parent)
        if source_parent.isValid():
            module_row, task_row = source_parent.row(), source_row
        else:
            module_row, task_row = source_row, -1
        if module_row in self._shown:
            shown = self._shown[module_row]
        else:
            shown = self._shown[module_row] = self._module_rows(model, module_row)
        if shown is None:
            return False
        return task_row < 0 or (task_row < len(shown) and shown[task_row])

    def _module_rows(self, model: ChecklistModel, module_row: int) -> tuple[bool, ...] | None:
        """Which tasks of the module show, or None when none does."""
        keys = model.search_keys()
        if not 0 <= module_row < len(keys):
            return None
        module_key, task_keys = keys[module_row]
        text = self._text
        if not text or text in module_key:
            by_text: tuple[bool, ...] = (True,) * len(task_keys)
        elif self._note_hits:
            hits, ids = self._note_hits, model.task_ids(module_row)
            by_text = tuple(text in key or ids[t] in hits for t, key in enumerate(task_keys))
        else:
            by_text = tuple(text in key for key in task_keys)
        statuses = self._statuses
        if statuses is not None:
            status = model.statuses()
            ids = model.task_ids(module_row)
            by_text = tuple(
                ok and status.get(ids[t], _TODO) in statuses for t, ok in enumerate(by_text)
            )
        return by_text if any(by_text) else None

    def _accepts_generic(self, model: Any, source_row: int, source_parent: Index) -> bool:
        """The same test through ``data()``, for any other source model."""
        if not source_parent.isValid():
            parent = model.index(source_row, 0)
            return any(
                self._accepts_generic(model, row, parent) for row in range(model.rowCount(parent))
            )
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
