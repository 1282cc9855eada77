"""Backups of the whole database: taken automatically and by hand, listed, restored; and the
database check (integrity, foreign keys, rows the program cannot understand, orphans).

The window and the command line call these; the copies themselves are made by
``tracker.storage.backups`` with SQLite's backup API. ``StorageError`` is re-exported so callers
above this layer catch it from here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tracker.curriculum.model import Curriculum
from tracker.progress.records import ChangeKind, ItemKind, TaskStatus
from tracker.storage import backups as stored
from tracker.storage import db_check
from tracker.storage.backups import DEFAULT_ROTATION, BackupSpaceError, ProfileCounts, Rotation
from tracker.storage.errors import DamagedDatabaseError, StorageError

__all__ = [
    "AUTOMATIC_INTERVAL",
    "BackupSpaceError",
    "BackupSummary",
    "CheckResult",
    "ProfileCounts",
    "Rotation",
    "StorageError",
    "backups",
    "check",
    "due",
    "restore",
    "take_backup",
]

log = logging.getLogger("tracker.progress")

# While the window is open, a backup is taken when the newest one is older than this.
AUTOMATIC_INTERVAL = timedelta(hours=4)


@dataclass(frozen=True, slots=True)
class BackupSummary:
    """A backup as shown in a list: its file, when and why it was made, its size, and (when
    asked for) the profiles it holds with their counts, or why it cannot be read."""

    file: Path
    created_at: datetime
    bytes: int
    reason: str
    profiles: tuple[ProfileCounts, ...] = ()
    problem: str | None = None
    error: StorageError | None = None
    """The fault behind ``problem`` (its ``code`` and ``details`` let a window translate it)."""


def take_backup(
    database: Path, reason: str, now: datetime, rotation: Rotation = DEFAULT_ROTATION
) -> Path:
    """Back the database up (see ``tracker.storage.backups``) and thin out the old backups.

    Raises ``BackupSpaceError`` when the disk has no room for it (nothing written), and
    ``StorageError`` for other failures. A failed rotation only costs disk space: it is logged.
    """
    written = stored.create_backup(database, reason, now)
    _thin_out(database, rotation)
    return written


def _thin_out(database: Path, rotation: Rotation) -> None:
    try:
        stored.rotate(database, rotation)
    except StorageError as error:
        log.warning("old backups were not thinned out: %s", error)


def due(database: Path, now: datetime, interval: timedelta = AUTOMATIC_INTERVAL) -> bool:
    """True when no backup was made within ``interval`` before ``now``.

    Backups dated after ``now`` (made while the clock was set ahead) do not count: else no
    backup would be due until the clock caught up with them, perhaps for years.
    """
    past = [b for b in stored.list_backups(database) if b.created_at <= now]
    return not past or now - past[0].created_at >= interval


def backups(database: Path, *, contents: bool = False) -> list[BackupSummary]:
    """The backups beside ``database``, newest first; with ``contents``, the profiles in each."""
    result = []
    for found in stored.list_backups(database):
        profiles: tuple[ProfileCounts, ...] = ()
        problem = None
        fault: StorageError | None = None
        if contents:
            try:
                profiles = tuple(stored.read_contents(found.path))
            except StorageError as error:
                problem, fault = str(error), error
        result.append(
            BackupSummary(
                found.path, found.created_at, found.bytes, found.reason, profiles, problem, fault
            )
        )
    return result


def restore(
    database: Path, backup: Path, now: datetime, *, waiting_at_most: float | None = None
) -> Path | None:
    """Put ``backup`` back as the database; returns the backup taken of it first, which restores
    what was there before (None when there was no database).

    The file is checked first (a SQLite file with our schema, not newer than this version, that
    passes ``quick_check``); an older schema is upgraded after the restore. A database too
    damaged to back up is moved aside (``NAME.broken-<time>``, never deleted) and that path is
    returned instead.

    ``waiting_at_most``: wait that long (not the busy timeout) for another program's write lock,
    then raise the "locked" ``StorageError`` with nothing done (no backup taken, nothing
    copied), so the window can try again later without freezing.
    """
    from tracker.storage.fileguard import check_header, set_aside
    from tracker.storage.migrate import REVISIONS, ensure_schema

    if waiting_at_most is not None and database.is_file():
        try:
            stored.write_lock_free(database, waiting_at_most)
        except StorageError as error:
            if error.code == "locked":
                raise
            # any other fault of the file is met below as it would be without waiting
    stored.verify_backup(backup, REVISIONS)
    before = None
    if database.is_file():
        try:
            # An empty or truncated file would "back up" as an empty database: a backup that
            # holds nothing yet counts in the rotation and reads as the way back.
            check_header(database)
            before = stored.create_backup(database, "restore", now)
        except DamagedDatabaseError:
            before = set_aside(database)
            log.warning("%s was too damaged to back up; moved aside to %s", database, before)
    stored.copy_into(backup, database, busy_timeout_s=waiting_at_most)
    ensure_schema(database)
    # Only now: thinning out before the copy could delete the very backup being restored.
    _thin_out(database, DEFAULT_ROTATION)
    return before


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What "Check database" found: problems (one line each) and the rows kept for ids that
    left the curriculum (not a problem: they come back with the id)."""

    database: Path
    problems: tuple[str, ...]
    orphans: int

    @property
    def healthy(self) -> bool:
        return not self.problems

    def verdict(self) -> str:
        """One line saying how the database is."""
        if self.problems:
            count = len(self.problems)
            return f"{self.database}: {count} problem{'s' if count != 1 else ''} found"
        kept = (
            f"; {self.orphans} row{'s' if self.orphans != 1 else ''} kept for ids no longer "
            "in the curriculum"
            if self.orphans
            else ""
        )
        return f"{self.database}: ok (integrity, foreign keys and every row checked){kept}"


def check(database: Path, curriculum: Curriculum | None = None) -> CheckResult:
    """Check the database without changing it (see ``CheckResult``)."""
    problems = db_check.check_database(
        database,
        statuses={s.value for s in TaskStatus},
        event_kinds={k.value for k in ChangeKind},
        item_kinds={k.value for k in ItemKind},
    )
    orphans = 0
    if curriculum is not None and database.is_file() and not problems:
        known: dict[str, frozenset[str]] = {
            ItemKind.TASK.value: curriculum.task_ids(),
            ItemKind.STAGE.value: frozenset(s.id for s in curriculum.stages),
            ItemKind.CONCEPT.value: frozenset(c.id for c in curriculum.concepts),
        }
        orphans = sum(
            1
            for kind, item_id in db_check.stored_item_ids(database, curriculum.id)
            if item_id not in known.get(kind, frozenset())
        )
    return CheckResult(database, tuple(problems), orphans)
