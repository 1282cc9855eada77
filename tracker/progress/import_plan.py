"""Importing a JSON backup over a profile: what it would change, merge or replace, a database
backup first, and the way back.

``preview`` compares the file with the profile (how many states, notes and plans would be added,
taken from the file, or replaced although newer here); ``ImportMode.MERGE`` keeps the newer of
each, ``ImportMode.REPLACE`` takes the file's value for every item it holds (items only here are
kept either way). Into a profile that already has progress, one of the two must be chosen:
``ChoiceNeededError`` is raised before anything is written, the database left exactly as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar, cast

from tracker.progress.backups import take_backup
from tracker.progress.errors import ProgressError, UnknownProfileError
from tracker.progress.profiles import clean_name
from tracker.progress.records import (
    Change,
    ChangeKind,
    Event,
    Note,
    Profile,
    ProfileBackup,
    StagePlan,
    TaskState,
)

if TYPE_CHECKING:
    from tracker.progress.review_backup import ReviewBackup
    from tracker.progress.service import ProgressService
    from tracker.storage.store import ProgressStore

T = TypeVar("T")


class ImportMode(enum.StrEnum):
    MERGE = "merge"
    REPLACE = "replace"


@dataclass(frozen=True, slots=True)
class Tally:
    """Items of one kind: new here, taken from the file, newer here (or changed at the same
    moment, which a merge keeps), the same in both."""

    added: int = 0
    updated: int = 0
    newer_here: int = 0
    same: int = 0


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What importing a backup into ``profile`` would change."""

    profile: str
    exists: bool
    has_progress: bool
    states: Tally
    notes: Tally
    plans: Tally

    @property
    def newer_here(self) -> int:
        return self.states.newer_here + self.notes.newer_here + self.plans.newer_here

    def describe(self) -> str:
        """One line: the counts that matter for the choice."""
        parts = [
            f"{tally.newer_here} {name}{'s' if tally.newer_here != 1 else ''} newer here"
            for name, tally in (("state", self.states), ("note", self.notes), ("plan", self.plans))
        ]
        incoming = self.states.added + self.states.updated + self.notes.added
        incoming += self.notes.updated + self.plans.added + self.plans.updated
        return (
            f"{', '.join(parts)} would be replaced by --replace and kept by --merge; "
            f"{incoming} item{'s' if incoming != 1 else ''} would come from the file"
        )


class ChoiceNeededError(ProgressError):
    """The profile already has progress and neither merge nor replace was chosen."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__(
            f"profile {preview.profile!r} already has progress ({preview.describe()}); "
            "nothing was changed — pass --merge (keep the newer of each) or --replace"
        )
        self.preview = preview


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """A finished import: the change to broadcast and the database backup taken before it."""

    change: Change
    preview: ImportPreview
    backup_before: Path | None
    mode: ImportMode | None

    def taken(self, tally: Tally) -> int:
        """How many items of a kind came from the file."""
        replaced = tally.newer_here if self.mode is ImportMode.REPLACE else 0
        return tally.added + tally.updated + replaced


def _compare(
    here: Iterable[T],
    incoming: Iterable[T],
    key: Callable[[T], object],
    value: Callable[[T], object],
    moment: Callable[[T], datetime | None],
    *,
    removed: Mapping[object, datetime] | None = None,
) -> tuple[Tally, list[T]]:
    """The tally, and the incoming items a merge takes (new ones, and those newer in the file).

    ``removed``: when items were last removed here (a cleared note or plan leaves no row); a
    removal at or after the file's value counts as newer here, so a merge does not bring it back.
    """
    mine = {key(item): item for item in here}
    gone = removed or {}
    added = updated = newer_here = same = 0
    merged: list[T] = []
    for item in incoming:
        current = mine.get(key(item))
        if current is None:
            when, theirs = gone.get(key(item)), moment(item)
            if when is not None and (theirs is None or when >= theirs):
                newer_here += 1
                continue
            added += 1
            merged.append(item)
        elif value(current) == value(item):
            same += 1
            merged.append(item)  # harmless: only the time may differ
        else:
            theirs, ours = moment(item), moment(current)
            # Only a strictly newer value comes from the file: at the same moment (or with no
            # time in the file) what is here stays, and the file still holds the other value.
            if theirs is None or (ours is not None and ours >= theirs):
                newer_here += 1
            else:
                updated += 1
                merged.append(item)
    return Tally(added, updated, newer_here, same), merged


def _removed(events: Iterable[Event], kind: ChangeKind) -> dict[object, datetime]:
    """When each note (key: item kind and id) or plan (key: stage id) was removed here, for
    those whose latest change in the log was a removal."""
    latest: dict[object, Event] = {}
    for event in events:
        if event.kind != kind or event.item_id is None:
            continue
        key = event.item_id if kind == ChangeKind.PLAN else (event.item_kind, event.item_id)
        if key not in latest or event.at >= latest[key].at:
            latest[key] = event
    return {key: event.at for key, event in latest.items() if not event.new}


def _state_value(state: TaskState) -> object:
    return (state.status, state.started_at, state.done_at)


def _plan(
    backup: ProfileBackup | None, incoming: ProfileBackup
) -> tuple[ImportPreview, ProfileBackup]:
    here_states = backup.task_states if backup else ()
    here_notes = backup.notes if backup else ()
    here_plans = backup.plans if backup else ()
    states, keep_states = _compare(
        here_states, incoming.task_states, lambda s: s.task_id, _state_value, lambda s: s.changed_at
    )
    notes, keep_notes = _compare(
        here_notes,
        incoming.notes,
        lambda n: (n.item_kind, n.item_id),
        lambda n: n.text,
        lambda n: n.updated_at,
        removed=_removed(backup.events, ChangeKind.NOTE) if backup else None,
    )
    plans, keep_plans = _compare(
        here_plans,
        incoming.plans,
        lambda p: p.stage_id,
        lambda p: p.target_date,
        lambda p: p.updated_at,
        removed=_removed(backup.events, ChangeKind.PLAN) if backup else None,
    )
    preview = ImportPreview(
        profile=backup.profile if backup else incoming.profile,
        exists=backup is not None,
        has_progress=bool(here_states or here_notes or here_plans),
        states=states,
        notes=notes,
        plans=plans,
    )
    merged = dataclasses.replace(
        incoming,
        task_states=tuple[TaskState, ...](keep_states),
        notes=tuple[Note, ...](keep_notes),
        plans=tuple[StagePlan, ...](keep_plans),
    )
    return preview, merged


class _Target(Protocol):
    """Where an import goes: the window's ``ProgressService``, or ``DatabaseTarget``."""

    @property
    def database_path(self) -> Path: ...
    def profiles(self) -> list[Profile]: ...
    def backup(self, profile: str | None = None) -> ProfileBackup: ...
    def import_backup(self, backup: ProfileBackup, as_name: str | None = None) -> Change: ...


class DatabaseTarget:
    """A database to import into without choosing a profile first: opening it neither creates
    a "default" profile nor marks one as used, so a refused import changes nothing at all."""

    def __init__(self, store: ProgressStore, curriculum_id: str, clock: Callable[[], datetime]):
        self._store = store
        self._curriculum_id = curriculum_id
        self._clock = clock

    @classmethod
    @contextlib.contextmanager
    def open(
        cls, data_dir: Path, curriculum_id: str, clock: Callable[[], datetime]
    ) -> Iterator[DatabaseTarget]:
        from tracker.paths import database_path
        from tracker.storage.store import ProgressStore

        store = ProgressStore.open(database_path(data_dir))
        try:
            yield cls(store, curriculum_id, clock)
        finally:
            store.close()

    @property
    def database_path(self) -> Path:
        return self._store.path

    def profiles(self) -> list[Profile]:
        return self._store.profiles()

    def backup(self, profile: str | None = None) -> ProfileBackup:
        found = self._store.profile_by_name(profile) if profile is not None else None
        if found is None:
            raise UnknownProfileError(f"no profile named {profile!r}")
        return self._store.backup(found.id, self._curriculum_id)

    def import_backup(self, backup: ProfileBackup, as_name: str | None = None) -> Change:
        name = clean_name(as_name if as_name is not None else backup.profile)
        now = self._clock()
        changed = self._store.import_backup(backup, name, now)
        return Change(ChangeKind.IMPORT, name, None, None, None, str(changed), now)

    def import_review(
        self, review: ReviewBackup, profile: str, *, replace: bool, now: datetime
    ) -> int:
        """The file's review part applied to ``profile`` (``review_backup.apply_review``)."""
        from tracker.progress.review_backup import apply_review

        return apply_review(
            self._store, self._curriculum_id, review, profile, replace=replace, now=now
        )


def _current(target: _Target, name: str) -> ProfileBackup | None:
    try:
        return target.backup(name)
    except UnknownProfileError:
        return None


def preview(target: _Target, incoming: ProfileBackup, as_name: str | None = None) -> ImportPreview:
    """What importing ``incoming`` into ``as_name`` (default: its own name) would change."""
    name = clean_name(as_name if as_name is not None else incoming.profile)
    found, _ = _plan(_current(target, name), incoming)
    return dataclasses.replace(found, profile=name)


def import_backup(
    service: _Target,
    incoming: ProfileBackup,
    as_name: str | None,
    mode: ImportMode | None,
    now: datetime,
    *,
    review: ReviewBackup | None = None,
) -> ImportOutcome:
    """Import ``incoming`` into ``as_name`` after a backup of the whole database, then the
    file's ``review`` part, if any, in a second transaction (``review_backup.apply_review``;
    ``--replace`` lets an own card take the file's texts); ``Change.new`` counts both.

    Raises ``ChoiceNeededError`` (nothing written, no backup taken) when the profile has progress
    and ``mode`` is None; ``BackupSpaceError``/``StorageError`` when the backup cannot be made
    (then nothing is imported either).
    """
    name = clean_name(as_name if as_name is not None else incoming.profile)
    found, merged = _plan(_current(service, name), incoming)
    found = dataclasses.replace(found, profile=name)
    if found.has_progress and mode is None:
        raise ChoiceNeededError(found)
    before = backup_before_import(service, now)
    return _apply(service, (found, merged, incoming), name, mode, before, review=review, now=now)


def backup_before_import(service: _Target, now: datetime) -> Path | None:
    """The backup of the whole database an import takes first (reading only, so it never waits
    for another program's write); None for a database with no profile at all (just created),
    which holds nothing a backup could save."""
    return take_backup(service.database_path, "import", now) if service.profiles() else None


def apply_import(
    service: _Target,
    incoming: ProfileBackup,
    as_name: str | None,
    mode: ImportMode | None,
    before: Path | None,
    *,
    review: ReviewBackup | None = None,
    now: datetime | None = None,
) -> ImportOutcome:
    """The import's write, once ``backup_before_import`` has taken ``before``: planned against
    the profile as it is now, so a change another program made while the import waited for its
    lock is merged like any other (``ChoiceNeededError`` if the profile has gained progress and
    ``mode`` is None; nothing written then)."""
    name = clean_name(as_name if as_name is not None else incoming.profile)
    found, merged = _plan(_current(service, name), incoming)
    found = dataclasses.replace(found, profile=name)
    if found.has_progress and mode is None:
        raise ChoiceNeededError(found)
    when = now if now is not None else datetime.now(UTC)
    return _apply(service, (found, merged, incoming), name, mode, before, review=review, now=when)


def _apply(
    service: _Target,
    planned: tuple[ImportPreview, ProfileBackup, ProfileBackup],
    name: str,
    mode: ImportMode | None,
    before: Path | None,
    *,
    review: ReviewBackup | None,
    now: datetime,
) -> ImportOutcome:
    """Write the import: ``planned`` is the preview, what a merge takes, and the whole file;
    then the file's ``review`` part, if any."""
    found, merged, incoming = planned
    chosen = merged if mode is ImportMode.MERGE else incoming
    change = service.import_backup(chosen, name)
    if review is not None:
        rows = _import_review(service, review, name, replace=mode is ImportMode.REPLACE, now=now)
        change = dataclasses.replace(change, new=str(int(change.new or 0) + rows))
    return ImportOutcome(change, found, before, mode)


def _import_review(
    target: _Target, review: ReviewBackup, name: str, *, replace: bool, now: datetime
) -> int:
    from tracker.progress.review_backup import import_review_backup

    if isinstance(target, DatabaseTarget):
        return target.import_review(review, name, replace=replace, now=now)
    service = cast("ProgressService", target)  # the window's
    return import_review_backup(service, review, name, replace=replace, now=now)
