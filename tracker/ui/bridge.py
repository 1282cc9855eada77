"""The UI's one door to the progress layer: every mutation goes through here and is broadcast.

Views never call the service's mutating methods themselves; they call the bridge, which calls
the service and emits ``progress_changed`` with the returned change record, so every view can
refresh exactly what the change touched (Anki's operation hooks).

Ticks, target dates, notes, undo and redo and the profile changes go through the bridge's
``WriteQueue`` (``writes``): when another program holds the database's lock they wait, in order,
without freezing the window (see ``tracker.ui.write_queue``); ``write_waiting`` tells the window to
say so, ``write_failed`` reports one that finally failed (a note's failure goes back to the notes
pane, which keeps the text). Without a lock they commit within the call, as before. Changes queue in
the order asked, so one asked before a profile change or another curriculum lands in the profile
and curriculum it was made in; one asked while such a switch waits is refused once the switch is
in (``ProfileChangedError``, ``CurriculumChangedError``: nothing saved). A read the start-up view
cannot answer while the store is not open yet waits in the queue too (``read``), behind the
store's opening.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from tracker.progress.errors import CurriculumChangedError, ProfileChangedError
from tracker.progress.records import Change, ItemKind, TaskStatus
from tracker.ui.write_queue import OPEN_FOR_A_READ_WAIT_S, WriteQueue

if TYPE_CHECKING:
    from tracker.curriculum.model import Curriculum

T = TypeVar("T")


def user_error_types() -> tuple[type[Exception], ...]:
    """The exceptions the lower layers document as the user's fault, shown as a dialog."""
    from tracker.curriculum.errors import CurriculumError
    from tracker.progress.errors import ProgressError, StorageError

    return (StorageError, CurriculumError, ProgressError, ValueError, LookupError)


def attempt(dialogs: Any, title: str, action: Callable[[], T]) -> T | None:
    """Run a change; show the user's faults (bad name, locked database) as a dialog."""
    try:
        return action()
    except user_error_types() as error:
        from tracker.ui.error_text import error_text

        dialogs.show_error(title, error_text(error))
        return None


class Queued:
    """What a queued change returns while it waits for another program's lock."""

    def __repr__(self) -> str:
        return "QUEUED"


QUEUED = Queued()


class ProgressBridge(QObject):
    """Wraps a ``ProgressService`` for the UI.

    Signals:
        progress_changed(Change): a status, note, plan, profile or import change happened.
        curriculum_replaced(): the curriculum in use was swapped; views rebuild entirely.
        write_waiting(bool): a change has been waiting a moment for another program's lock
            (True), or the queue has emptied (False).
        write_failed(BaseException): a change that had to wait was finally not saved (the
            lock was held too long, the disk is full…); nothing of it was written.
    """

    progress_changed = Signal(object)
    curriculum_replaced = Signal()
    write_waiting = Signal(bool)
    write_failed = Signal(object)

    def __init__(self, service: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        # What undo and redo can do, when the change being broadcast tells it without a query.
        self._undo_known: tuple[bool, bool] | None = None
        patience = getattr(service, "waiting_at_most", None)
        self.writes = WriteQueue(patience, user_error_types, self)
        self.writes.waiting.connect(self.write_waiting)
        self._leaving = False  # a move away from a removed profile is queued
        if hasattr(service, "open_wait"):
            service.open_wait = OPEN_FOR_A_READ_WAIT_S

    def _queued(
        self,
        write: Callable[[], Change | None],
        *,
        undoable: bool = False,
        later: Callable[[Change | None], None] | None = None,
        failed_later: Callable[[BaseException], None] | None = None,
        emit: bool = True,
        profile_change: bool = False,
        patience: Callable[[float], AbstractContextManager[Any]] | None = None,
    ) -> Change | Queued | None:
        """Run ``write`` through the queue and broadcast its change once committed
        (``emit=False``: its result is not a change; the caller broadcasts what it must).

        A change reaches the store only in the profile and curriculum it was asked in: when a
        switch waiting ahead of it has changed either meanwhile, it fails with
        ``ProfileChangedError`` or ``CurriculumChangedError`` and nothing is saved
        (``profile_change``: the write is itself a profile change or names its own target, made
        in whatever profile and curriculum are in use then).

        Committed within the call (nobody else writing): its change (or None). Otherwise
        ``QUEUED``: ``later(change)`` runs once it has committed, and a failure is reported by
        ``failed_later(error)`` if given, else by ``write_failed``. A failure within the call
        is raised, as a direct write's would be.
        """
        inline = True
        outcome: dict[str, Any] = {}

        def done(change: Change | None) -> None:
            if emit:
                self._emit(change, undoable=undoable)
            outcome["change"] = change
            if not inline and later is not None:
                later(change)

        def failed(error: BaseException) -> None:
            if inline:
                outcome["error"] = error
            elif failed_later is not None:
                failed_later(error)
            else:
                self.write_failed.emit(error)

        asked_in, asked_on = self.service.profile, self.service.curriculum

        def in_its_profile() -> Change | None:
            if not profile_change:
                if self.service.profile.id != asked_in.id:
                    raise ProfileChangedError(asked_in.name)
                if self.service.curriculum is not asked_on:
                    raise CurriculumChangedError()
            return write()

        self.writes.submit(in_its_profile, done, failed, patience=patience)
        inline = False
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("change", QUEUED)  # type: ignore[no-any-return]

    def write(
        self,
        run: Callable[[], T],
        *,
        later: Callable[[Any], None] | None = None,
        failed_later: Callable[[BaseException], None] | None = None,
        any_profile: bool = False,
        patience: Callable[[float], AbstractContextManager[Any]] | None = None,
    ) -> T | Queued:
        """Another change through the queue (study time): ``run``'s result when it committed
        within the call, else ``QUEUED`` and ``later(result)`` once it has (a failure then goes
        to ``failed_later``, else ``write_failed``). Nothing is broadcast. ``any_profile``: it
        names its own profile (an import) or replaces them all (a restore), so a profile change
        landing before it does not refuse it; ``patience``: see ``WriteQueue.submit``."""
        return self._queued(  # type: ignore[return-value]
            run,  # type: ignore[arg-type]
            later=later,
            failed_later=failed_later,
            emit=False,
            profile_change=any_profile,
            patience=patience,
        )

    def write_change(self, run: Callable[[], Change | None]) -> Change | None:
        """A change made through another use case (a time entry) through the queue: its
        change when it committed within the call (the caller broadcasts it), else None and the
        change is broadcast once committed."""

        def later(change: Change | None) -> None:
            if change is not None:
                self.broadcast(change)

        result = self.write(run, later=later)
        return None if isinstance(result, Queued) else result

    def read(
        self,
        run: Callable[[], T],
        *,
        later: Callable[[T], None],
        failed_later: Callable[[BaseException], None],
    ) -> T | Queued:
        """A read the start-up view cannot answer (study time): ``run()`` at once when the store
        is open; while it is not, through the queue, behind the store's opening (which it waits
        for without freezing the window; it opens the store with the queue's short waits if
        nothing else does). ``QUEUED`` then: ``later(result)`` once read, ``failed_later(error)``
        if the store could not be opened (another program's lock held past the busy timeout)."""
        if getattr(self.service, "store_open", True):
            return run()
        return self.write(run, later=later, failed_later=failed_later, any_profile=True)

    def flush_writes(self) -> None:
        """Commit the queued changes now, waiting for the lock (closing the window); a store
        their first one opens waits the busy timeout too."""
        opening = getattr(self.service, "open_wait", None)
        if opening is not None:
            self.service.open_wait = None
        try:
            self.writes.flush()
        finally:
            if opening is not None:
                self.service.open_wait = opening

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
        """Queue a tick; its change once committed (None while it waits)."""
        change = self._queued(lambda: self.service.set_status(task_id, status), undoable=True)
        return None if change is QUEUED else change  # type: ignore[return-value]

    def set_note(
        self,
        item_kind: ItemKind,
        item_id: str,
        text: str,
        *,
        expected: str | None = None,
        later: Callable[[Change | None], None] | None = None,
        failed_later: Callable[[BaseException], None] | None = None,
    ) -> Change | Queued | None:
        """Queue a note; its change once committed, ``QUEUED`` while it waits for another
        program's lock (then ``later(change)`` once committed, ``failed_later(error)`` if it
        finally was not: the notes pane keeps the text)."""
        return self._queued(
            lambda: self.service.set_note(item_kind, item_id, text, expected=expected),
            later=later,
            failed_later=failed_later,
        )

    def set_target_date(self, stage_id: str, target: date | None) -> Change | None:
        """Queue a plan change; its change once committed (None while it waits)."""
        change = self._queued(lambda: self.service.set_target_date(stage_id, target), undoable=True)
        return None if change is QUEUED else change  # type: ignore[return-value]

    def undo(
        self, *, only: int | None = None, later: Callable[[Change | None], None] | None = None
    ) -> Change | Queued | None:
        """Undo (only ``only``, if given); ``QUEUED`` while it waits (``later`` gets the
        change once committed)."""
        return self._queued(lambda: self.service.undo(only=only), later=later)

    def redo(
        self, *, only: int | None = None, later: Callable[[Change | None], None] | None = None
    ) -> Change | Queued | None:
        return self._queued(lambda: self.service.redo(only=only), later=later)

    def can_undo(self) -> bool:
        if self._undo_known is not None:
            return self._undo_known[0]
        return bool(self.service.can_undo())

    def can_redo(self) -> bool:
        if self._undo_known is not None:
            return self._undo_known[1]
        return bool(self.service.can_redo())

    def _profile_write(
        self,
        run: Callable[[], Change | None],
        later: Callable[[Change | None], None] | None,
        failed_later: Callable[[BaseException], None] | None,
    ) -> Change | None:
        """A profile change through the queue, behind the changes already waiting (they land in
        the profile they were made in): its change when committed within the call, else None
        (``later(change)`` once committed, ``failed_later(error)`` if it finally was not)."""
        change = self._queued(run, later=later, failed_later=failed_later, profile_change=True)
        return None if isinstance(change, Queued) else change

    def add_profile(
        self,
        name: str,
        *,
        later: Callable[[Change | None], None] | None = None,
        failed_later: Callable[[BaseException], None] | None = None,
    ) -> Change | None:
        return self._profile_write(lambda: self.service.add_profile(name), later, failed_later)

    def rename_profile(
        self,
        old: str,
        new: str,
        *,
        later: Callable[[Change | None], None] | None = None,
        failed_later: Callable[[BaseException], None] | None = None,
    ) -> Change | None:
        return self._profile_write(
            lambda: self.service.rename_profile(old, new), later, failed_later
        )

    def remove_profile(
        self,
        name: str,
        *,
        later: Callable[[Change | None], None] | None = None,
        failed_later: Callable[[BaseException], None] | None = None,
    ) -> Change | None:
        return self._profile_write(lambda: self.service.remove_profile(name), later, failed_later)

    def switch_profile(
        self,
        name: str,
        *,
        later: Callable[[Change | None], None] | None = None,
        failed_later: Callable[[BaseException], None] | None = None,
    ) -> Change | None:
        return self._profile_write(lambda: self.service.switch_profile(name), later, failed_later)

    def leave_removed_profile(
        self,
        *,
        later: Callable[[Change | None], None] | None = None,
        failed_later: Callable[[BaseException], None] | None = None,
    ) -> Change | Queued | None:
        """Switch, visibly, away from a profile another program removed, through the queue like
        any profile change: behind the changes asked before it (they belong to the profile shown
        and fail, saying so, if it is gone). Its change when it moved within the call, None when
        the profile is still there; ``QUEUED`` while it waits for the lock (or one asked before
        still waits): then ``later(change or None)`` once it has looked, ``failed_later(error)``
        if it finally could not (the profile shown stays)."""
        if self._leaving:
            return QUEUED

        def looked(change: Change | None) -> None:
            self._leaving = False
            if later is not None:
                later(change)

        def failed(error: BaseException) -> None:
            self._leaving = False
            if failed_later is not None:
                failed_later(error)
            else:
                self.write_failed.emit(error)

        self._leaving = True
        try:
            change = self._queued(
                self.service.leave_removed_profile,
                later=looked,
                failed_later=failed,
                profile_change=True,
            )
        except BaseException:
            self._leaving = False
            raise
        if not isinstance(change, Queued):
            self._leaving = False
        return change

    def set_curriculum(
        self,
        curriculum: Curriculum,
        *,
        later: Callable[[], None] | None = None,
        failed_later: Callable[[BaseException], None] | None = None,
    ) -> bool:
        """Use another curriculum, through the queue: the changes asked before land first, in
        the curriculum they were made in; the switch keeps the leaving curriculum's titles (a
        write that waits for another program's lock like any). Once it is in use
        ``curriculum_replaced`` is emitted and ``later()`` runs (within the call when nothing
        waits: then True is returned); ``failed_later(error)`` (default: ``write_failed``) if it
        finally was not, and the curriculum shown stays. A change asked while it waits is
        refused once it is in (``CurriculumChangedError``), never stored in a curriculum it was
        not made in."""

        def switch() -> None:
            self.service.set_curriculum(curriculum, lock_raises=True)

        def switched(_result: object) -> None:
            self.curriculum_replaced.emit()
            if later is not None:
                later()

        result = self.write(
            switch,
            later=switched,
            failed_later=failed_later,
            any_profile=True,
            patience=self._switch_patience,
        )
        if isinstance(result, Queued):
            return False
        switched(result)
        return True

    def _switch_patience(self, seconds: float) -> AbstractContextManager[Any]:
        """A switch writes only to an open store: while the store is not open (the start-up
        view) there are no titles to keep, and it does not open the store to wait on it."""
        waiting_at_most = getattr(self.service, "waiting_at_most", None)
        if waiting_at_most is None or not getattr(self.service, "store_open", True):
            return contextlib.nullcontext()
        return waiting_at_most(seconds)  # type: ignore[no-any-return]
