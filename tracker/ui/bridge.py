"""The UI's one door to the progress layer: every mutation goes through here and is broadcast.

Views never call the service's mutating methods themselves; they call the bridge, which calls
the service and emits ``progress_changed`` with the returned change record, so every view can
refresh exactly what the change touched (Anki's operation hooks).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from tracker.progress.records import Change, ItemKind, TaskStatus

if TYPE_CHECKING:
    from tracker.curriculum.model import Curriculum

T = TypeVar("T")


def user_error_types() -> tuple[type[Exception], ...]:
    """The exceptions the lower layers document as the user's fault, shown as a dialog."""
    from tracker.curriculum.errors import CurriculumError
    from tracker.progress.errors import ProgressError
    from tracker.storage.errors import StorageError

    return (StorageError, CurriculumError, ValueError, LookupError, ProgressError)


def attempt(dialogs: Any, title: str, action: Callable[[], T]) -> T | None:
    """Run a change; show the user's faults (bad name, locked database) as a dialog."""
    try:
        return action()
    except user_error_types() as error:
        from tracker.ui.error_text import error_text

        dialogs.show_error(title, error_text(error))
        return None


class ProgressBridge(QObject):
    """Wraps a ``ProgressService`` for the UI.

    Signals:
        progress_changed(Change): a status, note, plan, profile or import change happened.
        curriculum_replaced(): the curriculum in use was swapped; views rebuild entirely.
    """

    progress_changed = Signal(object)
    curriculum_replaced = Signal()

    def __init__(self, service: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        # What undo and redo can do, when the change being broadcast tells it without a query.
        self._undo_known: tuple[bool, bool] | None = None

    @property
    def curriculum(self) -> Curriculum:
        return self.service.curriculum  # type: ignore[no-any-return]

    def _emit(self, change: Change | None, *, undoable: bool = False) -> Change | None:
        """Broadcast ``change``. ``undoable``: it was a new status or plan change, so while it is
        being broadcast undo can (it takes this change back) and redo cannot (a new change
        closes whatever could be redone)."""
        if change is not None:
            if undoable and change.old != change.new:
                self._undo_known = (True, False)
            try:
                self.progress_changed.emit(change)
            finally:
                self._undo_known = None
        return change

    def broadcast(self, change: Change) -> None:
        """Announce a change made elsewhere through the service (a backup import)."""
        self.progress_changed.emit(change)

    def set_status(self, task_id: str, status: TaskStatus) -> Change | None:
        return self._emit(self.service.set_status(task_id, status), undoable=True)

    def set_note(
        self, item_kind: ItemKind, item_id: str, text: str, *, expected: str | None = None
    ) -> Change | None:
        return self._emit(self.service.set_note(item_kind, item_id, text, expected=expected))

    def set_target_date(self, stage_id: str, target: date | None) -> Change | None:
        return self._emit(self.service.set_target_date(stage_id, target), undoable=True)

    def undo(self, *, only: int | None = None) -> Change | None:
        return self._emit(self.service.undo(only=only))

    def redo(self, *, only: int | None = None) -> Change | None:
        return self._emit(self.service.redo(only=only))

    def can_undo(self) -> bool:
        if self._undo_known is not None:
            return self._undo_known[0]
        return bool(self.service.can_undo())

    def can_redo(self) -> bool:
        if self._undo_known is not None:
            return self._undo_known[1]
        return bool(self.service.can_redo())

    def add_profile(self, name: str) -> Change | None:
        return self._emit(self.service.add_profile(name))

    def rename_profile(self, old: str, new: str) -> Change | None:
        return self._emit(self.service.rename_profile(old, new))

    def remove_profile(self, name: str) -> Change | None:
        return self._emit(self.service.remove_profile(name))

    def switch_profile(self, name: str) -> Change | None:
        return self._emit(self.service.switch_profile(name))

    def leave_removed_profile(self) -> Change | None:
        """Switch, visibly, away from a profile another program removed (None: still there)."""
        return self._emit(self.service.leave_removed_profile())

    def set_curriculum(self, curriculum: Curriculum) -> None:
        self.service.set_curriculum(curriculum)
        self.curriculum_replaced.emit()
