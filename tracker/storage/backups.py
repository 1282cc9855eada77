"""Copies of the whole database in ``backups/`` beside it: made, listed, rotated, restored, checked.

Every copy is made with SQLite's backup API (never by copying the file or its ``-wal``/``-shm``),
so it is consistent even while another process writes. A copy is written under a hidden
temporary name, switched to the rollback journal (one self-contained file), synced, and only
then renamed into place: a kill or a full disk never leaves a half-written backup under a real
name. Names carry the time and the reason: ``learnpath-20261130T104512123456Z-close.sqlite3``.

This module uses the stdlib ``sqlite3`` only; the values it checks rows against (statuses, event
kinds) are passed in by the caller.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
import stat
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from tracker.fsutil import replace_durably, sync_file, sync_folder
from tracker.storage.errors import DamagedDatabaseError, StorageError
from tracker.storage.fileguard import BUSY_TIMEOUT_S, describe_sqlite_error, os_details
from tracker.storage.sqlite_faults import SqliteFault, sqlite_error, sqlite_fault

log = logging.getLogger("tracker.storage")

FOLDER_NAME = "backups"
REASONS = ("manual", "close", "timer", "import", "restore", "upgrade")
# Backups taken just before a risky step: the newest few are kept whatever their day, so the
# way back from an import or a restore is never rotated away the same day.
SAFETY_REASONS = frozenset({"import", "restore", "upgrade"})
# Room left free beyond the copy itself, so a backup never takes the last of the disk.
SPARE_BYTES = 16 * 1024 * 1024

# Only the reasons this program writes: rotation deletes what matches, and a file named
# ``learnpath-…-mine.sqlite3`` that a learner put there is not ours to delete.
_NAME = re.compile(
    rf"learnpath-(\d{{8}}T\d{{6}})(\d{{6}})Z-({'|'.join(REASONS)})(?:-\d+)?\.sqlite3"
)
_STAMP = "%Y%m%dT%H%M%S"


class BackupSpaceError(StorageError):
    """Not enough free space for a backup; nothing was written."""


@dataclass(frozen=True, slots=True)
class BackupFile:
    """One backup in the folder: where, when (UTC, from its name), how big, and why it was made."""

    path: Path
    created_at: datetime
    bytes: int
    reason: str


@dataclass(frozen=True, slots=True)
class ProfileCounts:
    """What one profile holds in a database file (all curricula together)."""

    name: str
    states: int
    notes: int
    plans: int
    events: int


@dataclass(frozen=True, slots=True)
class Rotation:
    """Which backups a rotation keeps: the ``recent`` newest whatever their age; the newest of
    each of the last ``daily`` days on which one was made, of the last ``weekly`` ISO weeks and
    ``monthly`` months; and the newest ``safety`` ones taken before an import, restore or
    upgrade. At most ``recent + daily + weekly + monthly + safety`` files (38) stay."""

    recent: int = 10
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    safety: int = 5


DEFAULT_ROTATION = Rotation()


def folder_of(database: Path) -> Path:
    """The backups folder beside a database file."""
    return database.parent / FOLDER_NAME


def _name(moment: datetime, reason: str) -> str:
    moment = moment.astimezone(UTC)
    return f"learnpath-{moment.strftime(_STAMP)}{moment.microsecond:06d}Z-{reason}.sqlite3"


def _open(
    path: Path, *, read_only: bool = False, busy_timeout_s: float | None = None
) -> sqlite3.Connection:
    if busy_timeout_s is None:
        busy_timeout_s = BUSY_TIMEOUT_S
    if read_only:
        uri = f"{path.absolute().as_uri()}?mode=ro"  # as_uri() refuses a relative path
        return sqlite3.connect(uri, uri=True, timeout=busy_timeout_s)
    return sqlite3.connect(path, timeout=busy_timeout_s)


@contextlib.contextmanager
def connected(
    path: Path, *, read_only: bool = False, busy_timeout_s: float | None = None
) -> Iterator[sqlite3.Connection]:
    connection = _open(path, read_only=read_only, busy_timeout_s=busy_timeout_s)
    try:
        yield connection
    finally:
        connection.close()


def _size_of(connection: sqlite3.Connection) -> int:
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    size = connection.execute("PRAGMA page_size").fetchone()[0]
    return int(pages) * int(size)


def create_backup(
    database: Path,
    reason: str,
    now: datetime,
    *,
    free_space: Callable[[Path], int] = lambda folder: shutil.disk_usage(folder).free,
) -> Path:
    """Copy ``database`` into its backups folder with the backup API; returns the file written.

    Raises ``BackupSpaceError`` (nothing written) when the copy would not leave ``SPARE_BYTES``
    free, and ``StorageError`` for any other failure, naming the path.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    if not database.is_file():
        raise StorageError(f"there is no database at {database} to back up", database)
    folder = folder_of(database)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise StorageError(
            f"cannot create the backups folder {folder}: {error.strerror or error}", folder
        ) from error
    target = folder / _name(now, reason)
    serial = 1
    while target.exists():
        serial += 1
        target = folder / _name(now, reason).replace(".sqlite3", f"-{serial}.sqlite3")
    partial = folder / f".{target.name}.partial"
    writing = False  # past reading the database: a failure now is the backups folder's
    try:
        with connected(database) as source:
            needed = _size_of(source)
            free = free_space(folder)
            if free < needed + SPARE_BYTES:
                raise BackupSpaceError(
                    f"not enough free space in {folder} for a backup ({needed // 1024} KiB "
                    f"needed plus {SPARE_BYTES // (1024 * 1024)} MiB spare, "
                    f"{free // 1024} KiB free); nothing was written — free some space",
                    folder,
                )
            writing = True
            with connected(partial) as copy:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
        replace_durably(partial, target)
    except sqlite3.Error as error:
        _discard(partial)
        fault = sqlite_fault(error)
        if writing and fault is not SqliteFault.DISK_FULL:
            why = (
                "the folder is read-only or not accessible"
                if fault in (SqliteFault.CANNOT_OPEN, SqliteFault.READ_ONLY)
                else str(error)
            )
            raise StorageError(
                f"cannot write a backup in {folder}: {why}; nothing was written", folder
            ) from error
        raise _described(database, error) from error
    except OSError as error:
        _discard(partial)
        raise StorageError(
            f"cannot write a backup in {folder}: {error.strerror or error}", folder
        ) from error
    except BaseException:
        _discard(partial)
        raise
    log.info("backup of %s written to %s (%s)", database, target, reason)
    return target


def _discard(partial: Path) -> None:
    """Remove a half-written copy; on a read-only folder even a missing one cannot be
    unlinked (EROFS), and that must not hide the error being reported."""
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)


def _described(path: Path, error: sqlite3.Error) -> StorageError:
    described = describe_sqlite_error(path, error)
    if sqlite_fault(error) is SqliteFault.DISK_FULL:
        return BackupSpaceError(
            f"the disk is full: no backup of {path} could be written; free some space", path
        )
    return described


def list_backups(database: Path) -> list[BackupFile]:
    """The backups beside ``database``, newest first (files not named like ours are ignored)."""
    folder = folder_of(database)
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    except OSError as error:
        raise StorageError(
            f"cannot read the backups folder {folder}: {error.strerror or error}", folder
        ) from error
    found = []
    for entry in entries:
        parsed = parse_name(entry.name)
        if parsed is None:
            continue
        try:
            info = entry.stat()
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        created, reason = parsed
        found.append(BackupFile(Path(entry.path), created, info.st_size, reason))
    found.sort(key=lambda b: (b.created_at, b.path.name), reverse=True)
    return found


def parse_name(name: str) -> tuple[datetime, str] | None:
    """(creation time, reason) from a backup's file name; None if it is not one of ours."""
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    try:
        moment = datetime.strptime(match.group(1), _STAMP).replace(
            microsecond=int(match.group(2)), tzinfo=UTC
        )
    except ValueError:
        return None
    return moment, match.group(3)


def to_keep(backups: Iterable[BackupFile], rotation: Rotation = DEFAULT_ROTATION) -> set[Path]:
    """The backups a rotation keeps (see ``Rotation``); the newest one always stays."""
    newest_first = sorted(backups, key=lambda b: b.created_at, reverse=True)
    keep = {b.path for b in newest_first[: max(1, rotation.recent)]}
    buckets: list[tuple[int, Callable[[date], object]]] = [
        (rotation.daily, lambda day: day),
        (rotation.weekly, lambda day: day.isocalendar()[:2]),
        (rotation.monthly, lambda day: (day.year, day.month)),
    ]
    for limit, bucket_of in buckets:
        seen: set[object] = set()
        for backup in newest_first:
            if len(seen) >= limit:
                break
            bucket = bucket_of(backup.created_at.date())
            if bucket not in seen:
                seen.add(bucket)
                keep.add(backup.path)
    safety = [b for b in newest_first if b.reason in SAFETY_REASONS]
    keep.update(b.path for b in safety[: rotation.safety])
    return keep


def rotate(database: Path, rotation: Rotation = DEFAULT_ROTATION) -> list[Path]:
    """Delete the backups the rotation does not keep; returns the files removed."""
    backups = list_backups(database)
    keep = to_keep(backups, rotation)
    removed = []
    for backup in backups:
        if backup.path in keep:
            continue
        try:
            backup.path.unlink()
        except OSError as error:
            log.warning("could not remove the old backup %s: %s", backup.path, error)
            continue
        removed.append(backup.path)
    return removed


def table_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(row[0]) for row in rows}


def read_contents(path: Path) -> list[ProfileCounts]:
    """The profiles in a database file and how much each holds; ``StorageError`` if unreadable."""
    try:
        with connected(path, read_only=True) as connection:
            tables = table_names(connection)
            if "profiles" not in tables:
                raise StorageError(
                    f"{path} is not a LearnPath database", path, code="not_learnpath_file"
                )
            counts = []
            for profile_id, name in connection.execute(
                "SELECT id, name FROM profiles ORDER BY name"
            ).fetchall():
                figures = [
                    connection.execute(
                        f"SELECT count(*) FROM {table} WHERE profile_id = ?",
                        (profile_id,),
                    ).fetchone()[0]
                    if table in tables
                    else 0
                    for table in ("task_states", "notes", "stage_plans", "events")
                ]
                counts.append(ProfileCounts(str(name), *figures))
            return counts
    except sqlite3.Error as error:
        described = describe_sqlite_error(path, error)
        if isinstance(described, DamagedDatabaseError):  # worded for the live database
            raise StorageError(
                f"{path} is damaged ({error})", path, code="damaged_file", detail=str(error)
            ) from error
        raise described from error


def backup_revision(path: Path) -> str | None:
    """The schema revision a backup file was written at (None: not a LearnPath database)."""
    try:
        with connected(path, read_only=True) as connection:
            if "alembic_version" not in table_names(connection):
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            return None if row is None else str(row[0])
    except sqlite3.Error as error:
        raise describe_sqlite_error(path, error) from error


def verify_backup(path: Path, known_revisions: Collection[str]) -> None:
    """Refuse a file that is not a sound LearnPath backup this version can read."""
    try:
        info = path.stat()
    except OSError as error:
        raise StorageError(
            f"cannot read {path}: {error.strerror or error}",
            path,
            code="cannot_read",
            **os_details(error),
        ) from error
    if not stat.S_ISREG(info.st_mode):
        raise StorageError(f"{path} is not a regular file", path, code="not_regular")
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise StorageError(
            f"cannot read {path}: {error.strerror or error}",
            path,
            code="cannot_read",
            **os_details(error),
        ) from error
    if header != b"SQLite format 3\x00":
        raise StorageError(
            f"{path} is not a LearnPath backup (not an SQLite database)",
            path,
            code="backup_not_sqlite",
        )
    try:
        revision = backup_revision(path)
    except DamagedDatabaseError as error:
        # The live database's wording ("left in place — restore a backup") does not fit here.
        raise StorageError(
            f"{path} is damaged ({error.__cause__}); it cannot be restored",
            path,
            code="backup_damaged",
            detail=str(error.__cause__),
        ) from error
    if revision is None:
        raise StorageError(
            f"{path} is not a LearnPath backup (no schema version)",
            path,
            code="backup_no_version",
        )
    if revision not in known_revisions:
        raise StorageError(
            f"{path} was written by a newer version of LearnPath (schema {revision}); "
            "update LearnPath to restore it",
            path,
            code="backup_newer",
            revision=revision,
        )
    try:
        with connected(path, read_only=True) as connection:
            verdict = [str(r[0]) for r in connection.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.Error as error:
        raise describe_sqlite_error(path, error) from error
    if verdict != ["ok"]:
        first = next(
            (line for row in verdict for line in row.splitlines() if not line.startswith("***")),
            verdict[0],
        )
        raise StorageError(
            f"{path} is damaged ({first}); it cannot be restored",
            path,
            code="backup_damaged",
            detail=first,
        )


def write_lock_free(database: Path, busy_timeout_s: float) -> None:
    """Raise the "locked" ``StorageError`` unless the database's write lock can be taken within
    ``busy_timeout_s`` (taken and given back at once; nothing is written): a restore asked for
    while another program writes waits for it without first taking a backup per try."""
    try:
        with connected(database, busy_timeout_s=busy_timeout_s) as connection:
            connection.isolation_level = None
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
    except sqlite3.Error as error:
        raise describe_sqlite_error(database, error) from error


def copy_into(backup: Path, database: Path, *, busy_timeout_s: float | None = None) -> None:
    """Write the backup's pages over the live database with the backup API, in one step.

    Other connections see the old data or the new, never a mix; the database keeps its WAL mode.
    With no database there, the copy is made under a temporary name and renamed into place.
    ``busy_timeout_s``: how long to wait for another program's write lock (then the "locked"
    ``StorageError``, nothing written); the busy timeout if not given.
    """
    if database.is_symlink() and not database.exists():
        raise StorageError(
            f"{database} is a link to {os.readlink(database)}, which is missing (a drive not "
            "mounted?); nothing was restored",
            database,
        )
    if not database.exists():
        _copy_as_new(backup, database)
        return
    _copy_over(backup, database, busy_timeout_s)


def _copy_over(backup: Path, database: Path, busy_timeout_s: float | None = None) -> None:
    try:
        source = _open(backup, read_only=True)
    except sqlite3.Error as error:  # gone since it was checked: name it, not the database
        raise describe_sqlite_error(backup, error) from error
    try:
        with (
            contextlib.closing(source),
            connected(database, busy_timeout_s=busy_timeout_s) as target,
        ):
            page_size = int(target.execute("PRAGMA page_size").fetchone()[0])
            if int(source.execute("PRAGMA page_size").fetchone()[0]) == page_size:
                source.backup(target, progress=_give_up_when_busy)
            else:
                _copy_resized(source, target, page_size, database)
            target.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as error:
        raise describe_sqlite_error(database, error) from error


def _give_up_when_busy(status: int, remaining: int, total: int) -> None:
    """Backup progress: stop when the target stays locked past the busy timeout.

    Python's ``backup()`` retries a locked target forever, so a restore under another
    program's open write transaction would hang for as long as it stays open.
    """
    if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        raise sqlite_error("database is locked", "SQLITE_BUSY")


def _copy_resized(
    source: sqlite3.Connection, target: sqlite3.Connection, page_size: int, database: Path
) -> None:
    """Copy ``source`` over ``target`` (a WAL database) whose page size differs.

    The backup API cannot change a WAL database's page size (SQLite answers "attempt to write a
    readonly database"), so the backup is first copied to a scratch file beside the database and
    rebuilt there with the target's page size, then copied over as usual.
    """
    scratch = database.with_name(f".{database.name}.resizing-{os.getpid()}")
    try:
        with connected(scratch) as resized:
            source.backup(resized)
            resized.execute("PRAGMA journal_mode=DELETE")
            resized.execute(f"PRAGMA page_size={page_size:d}")
            resized.execute("VACUUM")
            resized.backup(target, progress=_give_up_when_busy)
    finally:
        scratch.unlink(missing_ok=True)


def _copy_as_new(backup: Path, database: Path) -> None:
    from tracker.storage.migrate import creation_lock, set_aside_orphans

    # A -wal left behind must not be replayed into the copy; but a live one (another process
    # made the database meanwhile) is never moved: set aside only under the folder's lock that
    # new databases are made under, and only while there is no main file.
    with creation_lock(database.parent):
        if not os.path.lexists(database):
            set_aside_orphans(database)
    placed = _place_copy(backup, database)
    if not placed:
        # Another process made the database meanwhile and may be writing to it: renaming over
        # it would leave that process writing to a file no longer there (and its -wal paired
        # with ours). Write over it like over any live database instead.
        _copy_over(backup, database)


def _place_copy(backup: Path, database: Path) -> bool:
    """Copy ``backup`` beside ``database`` and link it into place if the name is free."""
    partial = database.with_name(f".{database.name}.restoring-{os.getpid()}")
    try:
        with connected(backup, read_only=True) as source, connected(partial) as target:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        sync_file(partial)
        placed = _link_if_free(partial, database)
        sync_folder(database.parent)
    except sqlite3.Error as error:
        raise describe_sqlite_error(database, error) from error
    except OSError as error:
        raise StorageError(
            f"cannot write {database}: {error.strerror or error}", database
        ) from error
    finally:
        _discard(partial)
    return placed


def _link_if_free(partial: Path, database: Path) -> bool:
    """Give ``partial`` the name ``database`` only if no file has that name; False if one has."""
    try:
        os.link(partial, database)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links
        if os.path.lexists(database):
            return False
        os.replace(partial, database)
    return True


# ---------------------------------------------------------------- check
