"""The first screen's data read with the stdlib ``sqlite3``, so the window paints before SQLAlchemy.

The *start-up view* (``StartupView``) is tried by the progress layer before anything imports
SQLAlchemy. It serves a database that already exists, passes the file checks of ``fileguard``,
is at the newest schema (``migrate.HEAD``), is in WAL mode and sits in a writable folder;
anything else (a new database, one to upgrade, a read-only folder, no profile yet) returns None
and the caller opens the store at once, as before. Damaged or locked files raise the same
``StorageError``s as the store's open, because the same checks run first.

The connection is opened read-only (``mode=ro``): nothing here ever writes. Reads are kept per
profile and curriculum while the file's ``PRAGMA data_version`` is unchanged; once anything else
has committed, every read raises ``StaleStartupView`` and the caller turns to the store. The rows
are turned into the same records the store returns, with the same conversions as the models'
column types (``UTCDateTime``: ISO 8601 text, naive meaning UTC; ``Date``: ``YYYY-MM-DD``).

Table and column names, the undo states and the undoable kinds are spelled once below; a test
(``tests/storage/test_startup_view.py``) keeps them equal to ``models.py`` and the view's answers
equal to the store's.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from datetime import date, datetime
from pathlib import Path

from tracker.domain import ItemKind, Profile, TaskState, TaskStatus
from tracker.storage.fileguard import BUSY_TIMEOUT_S, read_revision
from tracker.storage.lenient import UNKNOWN_TIME, calendar_date, utc_datetime
from tracker.storage.migrate import HEAD

# --- the schema as the start-up view reads it (kept equal to models.py by a test) ---------------

PROFILES = "profiles"
PROFILE_COLUMNS = ("id", "name", "created_at", "last_used_at")
TASK_STATES = "task_states"
TASK_STATE_COLUMNS = (
    "profile_id",
    "curriculum_id",
    "task_id",
    "status",
    "changed_at",
    "started_at",
    "done_at",
)
NOTES = "notes"
NOTE_COLUMNS = ("profile_id", "curriculum_id", "item_kind", "item_id", "text", "updated_at")
STAGE_PLANS = "stage_plans"
STAGE_PLAN_COLUMNS = ("profile_id", "curriculum_id", "stage_id", "target_date", "updated_at")
EVENTS = "events"
EVENT_COLUMNS = (
    "id",
    "profile_id",
    "curriculum_id",
    "kind",
    "item_kind",
    "item_id",
    "old",
    "new",
    "at",
    "undo_state",
    "origin",
    "gid",
    "device",
)
# The notes' search index (revision 0006): not read here, but part of the schema at HEAD.
NOTE_SEARCH_TABLES = ("note_search_keys", "notes_fts", "notes_words")
# Tables the first screen never reads (they are read through the store once it is open).
UNREAD_TABLES = ("review_settings", "user_cards", "card_states", "review_logs", "sync_cursors")

KEPT_TITLES = "kept_titles"  # not read here: named so the test keeps the mirror complete
KEPT_TITLE_COLUMNS = ("curriculum_id", "item_kind", "item_id", "title_en", "title_zh", "seen_at")
STUDY_SESSIONS = "study_sessions"
STUDY_SESSION_COLUMNS = (
    "id",
    "profile_id",
    "curriculum_id",
    "item_kind",
    "item_id",
    "started_at",
    "ended_at",
    "last_seen_at",
    "on_date",
    "seconds",
    "note",
)
PROFILE_SETTINGS = "profile_settings"
PROFILE_SETTING_COLUMNS = ("profile_id", "key", "value")
UNDO_ACTIVE = 0
UNDO_UNDONE = 1
UNDOABLE_KINDS = ("status", "plan", "time", "replan")

TABLES: dict[str, tuple[str, ...]] = {
    PROFILES: PROFILE_COLUMNS,
    TASK_STATES: TASK_STATE_COLUMNS,
    NOTES: NOTE_COLUMNS,
    STAGE_PLANS: STAGE_PLAN_COLUMNS,
    EVENTS: EVENT_COLUMNS,
    KEPT_TITLES: KEPT_TITLE_COLUMNS,
    STUDY_SESSIONS: STUDY_SESSION_COLUMNS,
    PROFILE_SETTINGS: PROFILE_SETTING_COLUMNS,
}

_PROFILE = f"SELECT id, name, created_at FROM {PROFILES}"
_PROFILES = f"{_PROFILE} ORDER BY id"
_PROFILE_BY_NAME = f"{_PROFILE} WHERE name = ? LIMIT 1"
# As the store's last_used_profile(): never-used profiles last, then newest first, then by id.
_LAST_USED = f"{_PROFILE} ORDER BY last_used_at IS NULL, last_used_at DESC, id LIMIT 1"
_STATES = (
    f"SELECT task_id, status, changed_at, started_at, done_at FROM {TASK_STATES} "
    "WHERE profile_id = ? AND curriculum_id = ?"
)
_STATUSES = (
    f"SELECT task_id, status FROM {TASK_STATES} "
    "WHERE profile_id = ? AND curriculum_id = ? AND status != ?"
)
_STATUS_OF = {status.value: status for status in TaskStatus}
_PLANS = (
    f"SELECT stage_id, target_date FROM {STAGE_PLANS} WHERE profile_id = ? AND curriculum_id = ?"
)
_NOTE = (
    f"SELECT text FROM {NOTES} "
    "WHERE profile_id = ? AND curriculum_id = ? AND item_kind = ? AND item_id = ?"
)
_NOTED = f"SELECT item_id FROM {NOTES} WHERE profile_id = ? AND curriculum_id = ? AND item_kind = ?"
_STACK_TOP = (
    f"SELECT 1 FROM {EVENTS} WHERE profile_id = ? AND curriculum_id = ? AND undo_state = ? "
    f"AND kind IN ({', '.join('?' * len(UNDOABLE_KINDS))}) LIMIT 1"
)
_REVISION = "SELECT version_num FROM alembic_version"

WAL_VERSION = 2
"""Header bytes 18 and 19 (file format write/read version) of a database in WAL mode."""


class StaleStartupView(Exception):  # noqa: N818 - a signal to the caller, not an error to report
    """Something else committed since the view was read, or the file could not be read:
    ask the store instead."""


def _utc(text: str | None) -> datetime | None:
    """As ``models.UTCDateTime`` reads a value back (unreadable: reported, None)."""
    return utc_datetime(text)


def _profile(row: tuple[int, str, str]) -> Profile:
    created = _utc(row[2]) or UNKNOWN_TIME  # unreadable: reported
    return Profile(id=row[0], name=row[1], created_at=created)


def _state(row: tuple[str, str, str, str | None, str | None]) -> TaskState:
    return TaskState(
        task_id=row[0],
        status=TaskStatus(row[1]),
        changed_at=_utc(row[2]),
        started_at=_utc(row[3]),
        done_at=_utc(row[4]),
    )


def _in_wal_mode(path: Path) -> bool:
    with path.open("rb") as handle:
        header = handle.read(20)
    return len(header) == 20 and header[18] == WAL_VERSION and header[19] == WAL_VERSION


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


class StartupView:
    """A read-only view of a database at ``HEAD``, for the reads of the first screen.

    Every read raises ``StaleStartupView`` once the file has changed since the first read (or
    cannot be read any more); the answers are then the store's business.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, version: int) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = connection
        self._version = version
        self._identity = _identity(path)
        self._lock = threading.Lock()
        self._states: dict[tuple[int, str], dict[str, TaskState]] = {}
        self._statuses: dict[tuple[int, str], dict[str, TaskStatus]] = {}
        self._plans: dict[tuple[int, str], dict[str, date]] = {}

    @classmethod
    def open(cls, path: Path, wanted: str | None = None) -> tuple[StartupView, Profile] | None:
        """The view and the profile to open (``wanted``, else the last used one).

        None when the store must open now instead: no file yet, an older schema (or a newer
        one, which the store refuses with its message), not in WAL mode, a read-only file or
        folder (the store reports it), no such profile (the store creates it or refuses), or
        ``wanted`` is not the last used profile (switching is a write). Raises ``StorageError``
        for a damaged or locked file, exactly as opening the store would.
        """
        if not path.exists():
            return None
        if read_revision(path) != HEAD:  # header, size, quick_check; raises for a bad file
            return None
        try:
            if not (_in_wal_mode(path) and _writable(path)):
                return None
            uri = f"{path.absolute().as_uri()}?mode=ro"
            connection = sqlite3.connect(
                uri,
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
        except (OSError, sqlite3.Error):
            return None
        try:
            version = int(connection.execute("PRAGMA data_version").fetchone()[0])
            last_used = connection.execute(_LAST_USED).fetchone()
            if last_used is None or (wanted is not None and last_used[1] != wanted):
                connection.close()
                return None
            return cls(path, connection, version), _profile(last_used)
        except (sqlite3.Error, ValueError):
            connection.close()
            return None

    # --- reads ----------------------------------------------------------------------------

    def _checked(self) -> sqlite3.Connection:
        """The connection, if nothing has committed since the view began (call under lock)."""
        connection = self._connection
        if connection is None:
            raise StaleStartupView("closed")
        try:
            version = int(connection.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as error:
            raise StaleStartupView(str(error)) from error
        if version != self._version:
            raise StaleStartupView("the database changed")
        return connection

    def current(self) -> bool:
        """True while nothing else has committed since the view was read."""
        with self._lock:
            try:
                self._checked()
            except StaleStartupView:
                return False
            return True

    def outside_version(self) -> tuple[int, int] | None:
        """0 while nothing else has committed since the view began, then 1 (None: busy)."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            self._checked()
            return (0, 0)
        except StaleStartupView:
            return (0, 1)
        finally:
            self._lock.release()

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            connection = self._checked()  # before the query: the rows are never older
            try:
                return connection.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise StaleStartupView(str(error)) from error

    def profiles(self) -> list[Profile]:
        return [_profile(row) for row in self._query(_PROFILES)]  # type: ignore[arg-type]

    def profile_by_name(self, name: str) -> Profile | None:
        rows = self._query(_PROFILE_BY_NAME, (name,))
        return _profile(rows[0]) if rows else None  # type: ignore[arg-type]

    def task_states(self, profile_id: int, curriculum_id: str) -> dict[str, TaskState]:
        """Every stored state of the profile for the curriculum (as ``ProgressStore``'s)."""
        key = (profile_id, curriculum_id)
        with self._lock:
            self._checked()
            cached = self._states.get(key)
        if cached is None:
            rows = self._query(_STATES, key)
            cached = {state.task_id: state for state in map(_state, rows)}  # type: ignore[arg-type]
            self._states[key] = cached
        return dict(cached)

    def statuses(self, profile_id: int, curriculum_id: str) -> dict[str, TaskStatus]:
        """Statuses other than todo (the store's ``progress_view().statuses``); do not modify."""
        key = (profile_id, curriculum_id)
        with self._lock:
            self._checked()
            cached = self._statuses.get(key)
        if cached is None:
            with self._lock:
                states = self._states.get(key)
            if states is not None:
                cached = {
                    task_id: state.status
                    for task_id, state in states.items()
                    if state.status is not TaskStatus.TODO
                }
            else:  # only the two columns: no times parsed for a roll-up
                rows = self._query(_STATUSES, (*key, TaskStatus.TODO.value))
                cached = {
                    str(task_id): _STATUS_OF.get(str(status)) or TaskStatus(str(status))
                    for task_id, status in rows
                }
            self._statuses[key] = cached
        return cached

    def plans(self, profile_id: int, curriculum_id: str) -> dict[str, date]:
        """Target dates by stage (the store's ``progress_view().plans``); do not modify."""
        key = (profile_id, curriculum_id)
        with self._lock:
            self._checked()
            cached = self._plans.get(key)
        if cached is None:
            rows = self._query(_PLANS, key)
            read = ((str(row[0]), calendar_date(row[1])) for row in rows)
            cached = {stage_id: target for stage_id, target in read if target is not None}
            self._plans[key] = cached
        return cached

    def note(self, profile_id: int, curriculum_id: str, kind: ItemKind, item_id: str) -> str:
        rows = self._query(_NOTE, (profile_id, curriculum_id, kind.value, item_id))
        return str(rows[0][0]) if rows else ""

    def noted(self, profile_id: int, curriculum_id: str, kind: ItemKind) -> frozenset[str]:
        """The ids of the items of ``kind`` that have a note (as the store's)."""
        rows = self._query(_NOTED, (profile_id, curriculum_id, kind.value))
        return frozenset(str(row[0]) for row in rows)

    def can_undo(self, profile_id: int, curriculum_id: str) -> bool:
        return bool(
            self._query(_STACK_TOP, (profile_id, curriculum_id, UNDO_ACTIVE, *UNDOABLE_KINDS))
        )

    def can_redo(self, profile_id: int, curriculum_id: str) -> bool:
        return bool(
            self._query(_STACK_TOP, (profile_id, curriculum_id, UNDO_UNDONE, *UNDOABLE_KINDS))
        )

    def at_head(self) -> bool:
        """True while the file is the one checked by ``open`` and its schema is still ``HEAD``
        (so the store may skip those checks); true whether or not anything else has committed."""
        with self._lock:
            if self._connection is None or _identity(self.path) != self._identity:
                return False
            try:
                rows = self._connection.execute(_REVISION).fetchall()
            except sqlite3.Error:
                return False
        return [tuple(row) for row in rows] == [(HEAD,)]

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            self._states.clear()
            self._statuses.clear()
            self._plans.clear()


__all__ = ["StaleStartupView", "StartupView"]
