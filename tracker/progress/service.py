"""The use cases of the tracker: profiles, statuses, notes, plans, roll-ups, orphans, undo.

``ProgressService`` is what the UI, the CLI and the reports call. It returns the frozen records of
``tracker.progress.records`` and never an ORM object; every mutation returns a ``Change``.
Errors are ``ProgressError`` (what was asked is wrong) or ``tracker.storage.StorageError`` (the
database file or its folder is at fault).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.curriculum.model import Curriculum
from tracker.paths import database_path
from tracker.progress import kept, rollup
from tracker.progress.errors import (
    NoteConflictError,
    ProfileNameError,
    ProgressError,
    RemovedProfileError,
    UnknownIdError,
    UnknownProfileError,
)
from tracker.progress.kept_uses import KeptProgressUses
from tracker.progress.limits import check_note_length
from tracker.progress.profile_backups import ProfileBackups
from tracker.progress.profile_choice import choose_profile, same_profile
from tracker.progress.profiles import clean_name
from tracker.progress.reads import ReadPath
from tracker.progress.records import (
    Change,
    ChangeKind,
    Counts,
    Event,
    ItemKind,
    Profile,
    StageProgress,
    TaskState,
    TaskStatus,
)
from tracker.progress.tally import KeptTally, Moves
from tracker.spelling import close_matches
from tracker.storage.errors import NoteChangedError, ProfileGoneError, StorageError
from tracker.storage.startup_view import StartupView

if TYPE_CHECKING:
    from tracker.progress.review import ReviewQueue
    from tracker.storage.store import ProgressStore

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class ProgressService(ProfileBackups, KeptProgressUses):
    """One learner's progress through one curriculum, over one database (see architecture.md).

    Opened with ``lazy=True`` (the desktop app), the service may start on a ``StartupView``:
    the first screen's reads done with the stdlib ``sqlite3``, no SQLAlchemy imported. Its
    ``ReadPath`` (``tracker.progress.reads``) chooses between that view and the store. The store
    is opened by ``finish_opening()`` (the app calls it once the window has painted), by the
    first change, or by the first read the view does not cover or can no longer answer because
    something else committed since. The roll-ups are kept by a ``KeptTally``
    (``tracker.progress.tally``); ``backup`` and ``import_backup`` come from ``ProfileBackups``
    (``tracker.progress.profile_backups``).
    """

    def __init__(
        self,
        store: ProgressStore | None,
        curriculum: Curriculum,
        profile: Profile,
        *,
        clock: Clock = utc_now,
        hours_per_week: float = rollup.DEFAULT_HOURS_PER_WEEK,
        startup: StartupView | None = None,
    ) -> None:
        if store is None and startup is None:
            raise ValueError("a ProgressService needs a store or a start-up view")
        self._reads = ReadPath(store=store, startup=startup, open_store=self._open_store)
        self._curriculum = curriculum
        self._profile = profile
        self._clock = clock
        self._review: ReviewQueue | None = None
        self.hours_per_week = hours_per_week
        self._tally = KeptTally()  # the roll-ups, kept in step with the changes made here
        # ``waiting_at_most``'s seconds while it opens the store, on the thread that asked
        self._opening = threading.local()
        self.open_wait: float | None = None
        """How long a store opened outside ``waiting_at_most`` (by a read) waits for another
        program's lock before the "locked" ``StorageError``; None: the busy timeout."""

    @classmethod
    def open(
        cls,
        data_dir: Path,
        curriculum: Curriculum,
        user: str | None = None,
        *,
        clock: Clock = utc_now,
        hours_per_week: float = rollup.DEFAULT_HOURS_PER_WEEK,
        lazy: bool = False,
    ) -> ProgressService:
        """Open (creating or upgrading) the database in ``data_dir`` and pick the profile.

        The profile is ``user`` if given, else the last used one. With no profiles at all, one
        named ``user`` (or "default") is created. Raises ``StorageError`` for a bad database and
        ``ProgressError`` for a bad or unknown ``user``.

        ``lazy``: when the database already exists at the current schema (and ``user`` is the
        last used profile, or not given), start on a stdlib ``StartupView`` and open the store
        later (``finish_opening``); the file checks run now either way, with the same errors.
        """
        wanted = clean_name(user) if user is not None else None
        path = database_path(data_dir)
        if lazy:
            found = StartupView.open(path, wanted)
            if found is not None:
                view, profile = found
                return cls(
                    None,
                    curriculum,
                    profile,
                    clock=clock,
                    hours_per_week=hours_per_week,
                    startup=view,
                )
        from tracker.storage.store import ProgressStore

        store = ProgressStore.open(path)
        try:
            profile = choose_profile(store, wanted, clock())
        except BaseException:
            store.close()
            raise
        return cls(store, curriculum, profile, clock=clock, hours_per_week=hours_per_week)

    # --- basics ---------------------------------------------------------------------------

    @property
    def curriculum(self) -> Curriculum:
        return self._curriculum

    def set_curriculum(self, curriculum: Curriculum, *, lock_raises: bool = False) -> None:
        """Use another curriculum (or a new version); progress follows ids, orphans are kept.

        ``lock_raises``: another program's lock on keeping the leaving curriculum's titles raises
        the "locked" ``StorageError`` with nothing changed (the window's queue tries again)."""
        self._keep_titles(lock_raises=lock_raises)  # of the one leaving: its items keep names
        self._curriculum = curriculum
        self._tally.forget()

    @property
    def profile(self) -> Profile:
        return self._profile

    @property
    def review(self) -> ReviewQueue:
        """The spaced-review cards of the profile shown (``tracker.progress.review``)."""
        if self._review is None:
            from tracker.progress.review import ReviewQueue

            self._review = ReviewQueue(self)
        return self._review

    def review_in_use(self) -> bool:
        """``review.in_use()``, asked without loading the review module while nothing has used
        it (a summary of a profile that never reviewed needs none of it)."""
        if self._review is None and not any(True for _ in self._curriculum.cards()):
            from tracker.storage.cards import CardStore

            return CardStore(self._store.database).holds_any(*self._scope)
        return self.review.in_use()

    @property
    def database_path(self) -> Path:
        """The SQLite file in use (for messages and backups)."""
        return self._reads.path

    # --- the store, opened at once or on first need ----------------------------------------

    @property
    def store_open(self) -> bool:
        """True once the SQLAlchemy store is open (always, unless opened with ``lazy=True``)."""
        return self._reads.store_open

    def finish_opening(self) -> None:
        """Open the store now if it is not open yet (the app calls this after the first paint).

        Raises ``StorageError`` like ``open`` would (a read-only folder, a lock held too long);
        the start-up view then keeps answering and the next change tries again.
        """
        self._reads.store  # noqa: B018 - opens it

    @property
    def _store(self) -> ProgressStore:
        """The store, opened now if need be (also used by the review and study use cases)."""
        return self._reads.store

    @contextlib.contextmanager
    def _writing(self) -> Iterator[ProgressStore]:
        """The store, for a write to the profile shown: ``RemovedProfileError`` (nothing saved)
        when that profile was removed meanwhile, never a write into another profile."""
        shown = self._profile
        try:
            yield self._reads.store
        except ProfileGoneError as error:
            raise RemovedProfileError(shown.name) from error

    def _open_store(self, view: StartupView) -> ProgressStore:
        """Open the store while ``view`` is still in use (called once, by the read path)."""
        from tracker.storage.database import open_database
        from tracker.storage.store import ProgressStore

        wait: float | None = getattr(self._opening, "wait", None)
        if wait is None:
            wait = self.open_wait
        store = ProgressStore(open_database(view.path, checked=view.at_head(), probe_wait_s=wait))
        try:
            # Renamed meanwhile by another process: the new name. Removed meanwhile: kept (never
            # switch under the learner); writes are refused and the window switches visibly
            # (leave_removed_profile).
            current = same_profile(store, self._profile)
            if current is not None:
                waiting = store.database.patience(wait) if wait is not None else None
                with waiting or contextlib.nullcontext():
                    store.touch_profile(current.id, self._clock())  # last used, as at open
                self._profile = current
        except BaseException:
            store.close()
            raise
        return store

    @contextlib.contextmanager
    def waiting_at_most(self, seconds: float) -> Iterator[None]:
        """Writes made inside wait at most ``seconds`` for another program's lock, then raise
        the "locked" ``StorageError`` (nothing written); the UI's write queue tries again later
        rather than wait on its thread for the whole busy timeout. Opens the store if needed,
        waiting as little (``finish_opening`` inside: the opening's own writes wait no longer)."""
        if not self._reads.store_open:
            self._opening.wait = seconds
            try:
                self._reads.store  # noqa: B018 - opens it
            finally:
                self._opening.wait = None
        with self._store.database.patience(seconds):
            yield

    def outside_version(self) -> object:
        """A value that changes when something other than this service commits (cheap: one
        ``PRAGMA data_version``); None when the database is busy in another thread."""
        return self._reads.outside_version()

    def leave_removed_profile(self) -> Change | None:
        """The profile in use was removed by another process: use the last used one (a
        ``PROFILE`` change from the removed name to the new one); None while it still exists."""
        store, gone = self._store, self._profile
        if same_profile(store, gone) is not None:
            return None
        self._profile = choose_profile(store, None, self._clock())
        self._tally.forget()
        return self._change(
            ChangeKind.PROFILE, None, None, gone.name, self._profile.name, at=self._clock()
        )

    def close(self, *, keep_titles: bool = True) -> None:
        """Close the database. A lazy service whose store never opened only closes its
        start-up view: the profile it shows is the last used one already. ``keep_titles=False``
        writes nothing on the way out (a command that failed leaves the file as it found it)."""
        if keep_titles:
            self._keep_titles()
        self._reads.close()

    def _change(
        self,
        kind: ChangeKind,
        item_kind: ItemKind | None,
        item_id: str | None,
        old: str | None,
        new: str | None,
        *,
        at: datetime,
        profile: str | None = None,
    ) -> Change:
        return Change(kind, profile or self._profile.name, item_kind, item_id, old, new, at)

    @property
    def _scope(self) -> tuple[int, str]:
        return self._profile.id, self._curriculum.id

    # --- profiles -------------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        return self._reads.profiles()

    def _find_profile(self, name: str) -> Profile:
        profile = self._store.profile_by_name(name.strip())
        if profile is None:
            raise UnknownProfileError(
                f"no profile named {name.strip()!r}", code="no_profile", name=name.strip()
            )
        return profile

    def add_profile(self, name: str) -> Change:
        """Create a profile (not switched to); ``ProfileNameError`` if bad or taken."""
        cleaned = clean_name(name)
        now = self._clock()
        if self._store.add_profile(cleaned, now) is None:
            raise ProfileNameError(
                f"a profile named {cleaned!r} already exists", code="name_taken", name=cleaned
            )
        return self._change(ChangeKind.PROFILE, None, None, None, cleaned, at=now, profile=cleaned)

    def rename_profile(self, old: str, new: str) -> Change:
        profile = self._find_profile(old)
        cleaned = clean_name(new)
        if not self._store.rename_profile(profile.id, cleaned):
            raise ProfileNameError(
                f"a profile named {cleaned!r} already exists", code="name_taken", name=cleaned
            )
        if profile.id == self._profile.id:
            self._profile = Profile(profile.id, cleaned, profile.created_at)
        return self._change(
            ChangeKind.PROFILE, None, None, profile.name, cleaned, at=self._clock(), profile=cleaned
        )

    def remove_profile(self, name: str) -> Change:
        """Delete a profile with all its progress; the only profile cannot be removed.

        Removing the current profile switches to the most recently used of the others.
        """
        profile = self._find_profile(name)
        if len(self._store.profiles()) <= 1:
            raise ProgressError(
                f"cannot remove {profile.name!r}: it is the only profile",
                code="only_profile",
                name=profile.name,
            )
        self._store.remove_profile(profile.id)
        if profile.id == self._profile.id:
            successor = self._store.last_used_profile()
            assert successor is not None
            self._store.touch_profile(successor.id, self._clock())
            self._profile = successor
        self._tally.forget()
        return self._change(
            ChangeKind.PROFILE,
            None,
            None,
            profile.name,
            None,
            at=self._clock(),
            profile=profile.name,
        )

    def switch_profile(self, name: str) -> Change:
        """Use another profile from now on; it is remembered as the last used."""
        profile = self._find_profile(name)
        now = self._clock()
        self._store.touch_profile(profile.id, now)
        previous, self._profile = self._profile, profile
        self._tally.forget()
        return self._change(ChangeKind.PROFILE, None, None, previous.name, profile.name, at=now)

    # --- statuses -------------------------------------------------------------------------

    def _require(self, kind: ItemKind, item_id: str) -> None:
        curriculum = self._curriculum
        found: object
        if kind is ItemKind.TASK:
            found = curriculum.task(item_id)
        elif kind is ItemKind.STAGE:
            found = curriculum.stage(item_id)
        else:
            found = curriculum.concept(item_id)
        if found is None:  # only now gather the known ids (a set of every task is not free)
            known: Iterable[str]
            if kind is ItemKind.TASK:
                known = curriculum.task_ids()
            elif kind is ItemKind.STAGE:
                known = (s.id for s in curriculum.stages)
            else:
                known = (c.id for c in curriculum.concepts)
            raise UnknownIdError(kind, item_id, close_matches(item_id, known))

    def task_state(self, task_id: str) -> TaskState:
        """The task's state (todo if never touched); works for orphaned ids too."""
        state = self._reads.task_state(self._scope, task_id)
        return state or TaskState(task_id, TaskStatus.TODO)

    def task_states(self) -> dict[str, TaskState]:
        """Every task of the curriculum, in curriculum order (todo if untouched)."""
        stored = self._stored_states()
        return {
            task.id: stored.get(task.id) or TaskState(task.id, TaskStatus.TODO)
            for task in self._curriculum.tasks()
        }

    def _stored_states(self) -> dict[str, TaskState]:
        """Every stored state of the profile and curriculum, whatever its ids."""
        return self._reads.task_states(self._scope)

    def set_status(self, task_id: str, status: TaskStatus | str) -> Change:
        """Set a task's status (undoable); ``UnknownIdError`` with close ids for a bad id.

        Setting the status a task already has writes nothing and returns a change with
        ``old == new``.
        """
        self._require(ItemKind.TASK, task_id)
        try:
            wanted = TaskStatus(status)
        except ValueError:
            choices = ", ".join(s.value for s in TaskStatus)
            raise ProgressError(f"unknown status {status!r} (use one of: {choices})") from None
        now = self._clock()
        with self._writing() as store, self._keeping_rollups() as moved:
            old, _state = store.set_status(*self._scope, task_id, wanted, now)
            moved.status(task_id, wanted, old)
        return self._change(
            ChangeKind.STATUS, ItemKind.TASK, task_id, old.value, wanted.value, at=now
        )

    # --- notes ----------------------------------------------------------------------------

    def note(self, item_kind: ItemKind, item_id: str) -> str:
        """The note's text exactly as saved, "" if none."""
        return self._reads.note(self._scope, ItemKind(item_kind), item_id)

    def set_note(
        self, item_kind: ItemKind, item_id: str, text: str, *, expected: str | None = None
    ) -> Change | None:
        """Save a note byte for byte ("" removes it); None when the text did not change.

        ``expected``: the text last read; ``NoteConflictError`` (nothing saved) when another
        program has stored something else since.
        """
        kind = ItemKind(item_kind)
        self._require(kind, item_id)
        check_note_length(text)
        now = self._clock()
        with self._writing() as store:
            try:
                old = store.set_note(*self._scope, kind, item_id, text, now=now, expected=expected)
            except NoteChangedError as error:
                raise NoteConflictError(error.stored) from None
        if old is None:
            return None
        return self._change(ChangeKind.NOTE, kind, item_id, old, text, at=now)

    def noted(self, item_kind: ItemKind) -> frozenset[str]:
        """The ids of the items of ``item_kind`` that have a note (read before the store opens)."""
        return self._reads.noted(self._scope, ItemKind(item_kind))

    def find_notes(self, terms: list[tuple[str, bool]], limit: int) -> list[tuple[str, str, str]]:
        """``(item_kind, item_id, text)`` of notes holding every ``(term, is_latin)`` pair."""
        return self._store.find_notes(*self._scope, terms, limit)

    # --- plans ----------------------------------------------------------------------------

    def target_date(self, stage_id: str) -> date | None:
        return self._reads.rollup_inputs(self._scope).plans.get(stage_id)

    def set_target_date(self, stage_id: str, target: date | None) -> Change:
        """Set or clear a stage's target date (undoable)."""
        self._require(ItemKind.STAGE, stage_id)
        now = self._clock()
        with self._writing() as store, self._keeping_rollups() as moved:
            old = store.set_target_date(*self._scope, stage_id, target, now)
            moved.plan(old != target)
        return self._change(
            ChangeKind.PLAN,
            ItemKind.STAGE,
            stage_id,
            old.isoformat() if old else None,
            target.isoformat() if target else None,
            at=now,
        )

    # --- roll-ups (kept in step by ``tracker.progress.tally``) ---------------------------------

    def today(self) -> date:
        """The learner's local calendar date (target dates are local dates)."""
        return self._clock().astimezone().date()

    def _rollups(self) -> tuple[rollup.Tally, Mapping[str, date]]:
        """The tally, checked against (or built from) the roll-ups' inputs, and the target
        dates."""
        inputs = self._reads.rollup_inputs(self._scope)
        return self._tally.current(self._scope, self._curriculum, inputs), inputs.plans

    def _forget_rollups(self) -> None:
        """After a write whose effect on the roll-ups is not known here (also used by the study
        use cases)."""
        self._tally.forget()

    def _keeping_rollups(self) -> contextlib.AbstractContextManager[Moves]:
        """Around one write: its changes move the tally; a failed write forgets it."""
        return self._tally.keeping(lambda: self._scope)

    def statuses(self) -> Mapping[str, TaskStatus]:
        """Statuses other than todo by task id, any id (the roll-ups' view; do not modify)."""
        return self._reads.rollup_inputs(self._scope).statuses

    def overall(self) -> Counts:
        return self._rollups()[0].overall()

    def stage_progress(self, stage_id: str) -> StageProgress:
        if self._curriculum.stage(stage_id) is None:
            self._require(ItemKind.STAGE, stage_id)
        tally, plans = self._rollups()
        index = tally.layout.stage_index[stage_id]
        return tally.stage_progress(index, plans.get(stage_id), self.today(), self.hours_per_week)

    def stages_progress(self) -> list[StageProgress]:
        """Every stage, in curriculum order (one read of the database at most)."""
        (tally, plans), today = self._rollups(), self.today()
        return [
            tally.stage_progress(index, plans.get(stage.id), today, self.hours_per_week)
            for index, stage in enumerate(tally.layout.stages)
        ]

    # --- kept titles (the rest of kept progress is in ``KeptProgressUses``) ----------------

    def _keep_titles(self, *, lock_raises: bool = False) -> None:
        store = self._reads.opened
        if store is not None:
            try:
                kept.remember(store.database, self._curriculum, self._clock())
            except StorageError as error:  # names are a nicety; never block on them
                if lock_raises and error.code == "locked":
                    raise

    # --- history, undo, redo ----------------------------------------------------------------

    def history(self, limit: int = 100) -> list[Event]:
        """The activity log of this profile and curriculum, newest first."""
        return self._store.events(*self._scope, limit)

    def can_undo(self) -> bool:
        return self._reads.can_undo(self._scope)

    def can_redo(self) -> bool:
        return self._reads.can_redo(self._scope)

    def undo(self, *, only: int | None = None) -> Change | None:
        """Take back the newest status or plan change; None if there is nothing to undo.
        ``only``: an event id from ``next_move``; None unless that is still the change."""
        return self._move(redo=False, only=only)

    def redo(self, *, only: int | None = None) -> Change | None:
        """Re-apply the most recently undone change; None if there is nothing to redo."""
        return self._move(redo=True, only=only)

    def next_move(self, *, redo: bool = False) -> Event | None:
        """The logged change undo (``redo``: redo) would act on next, whoever made it."""
        return self._store.next_move(*self._scope, redo=redo)

    def _move(self, *, redo: bool, only: int | None = None) -> Change | None:
        now = self._clock()
        with self._writing() as store, self._keeping_rollups() as moved:
            event = (store.redo if redo else store.undo)(*self._scope, now, only=only)
            if event is not None and event.kind is ChangeKind.STATUS:
                assert event.item_id is not None
                moved.status(event.item_id, TaskStatus(event.new or TaskStatus.TODO.value))
            elif event is not None:
                moved.plan(True)  # the store rewrites the plan, changed or not
        return self._from_event(event)

    def _from_event(self, event: Event | None) -> Change | None:
        if event is None:
            return None
        return self._change(
            event.kind, event.item_kind, event.item_id, event.old, event.new, at=event.at
        )
