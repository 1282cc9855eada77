"""Study sessions, manual time entries, per-profile settings and re-plans, in the store's database.

A timer session is inserted (and committed) the moment it starts, with ``ended_at`` NULL, and its
``last_seen_at`` is moved forward by a heartbeat: a crash or a kill loses at most the time since
the last heartbeat, and the next start finds the session still open and asks what to do with it.
Adding, editing and deleting time, and a re-plan, are logged as undoable events (kinds
``studytime.TIME_KIND`` and ``REPLAN_KIND``) whose old and new values are the whole session (or
the set of target dates) as JSON; ``apply_move`` puts either side back when undo or redo reach one.

This module never imports the progress layer: it returns ``tracker.studytime`` records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Connection, delete, insert, select, update

from tracker.storage.models import UNDO_ACTIVE, ProfileSettingRow, StudySessionRow
from tracker.storage.statements import CLOSE_REDO
from tracker.storage.writes import apply_plan, log_event
from tracker.studytime import REPLAN_KIND, TIME_KIND, StudySession

if TYPE_CHECKING:
    from tracker.storage.store import ProgressStore

MOVED_HERE = (TIME_KIND, REPLAN_KIND)
"""The undoable event kinds whose undo and redo ``apply_move`` carries out."""

_COLUMNS = (
    StudySessionRow.id,
    StudySessionRow.item_kind,
    StudySessionRow.item_id,
    StudySessionRow.started_at,
    StudySessionRow.ended_at,
    StudySessionRow.last_seen_at,
    StudySessionRow.on_date,
    StudySessionRow.seconds,
    StudySessionRow.note,
)


_ALL_SESSIONS = (
    "SELECT id, item_kind, item_id, started_at, ended_at, last_seen_at, on_date, seconds, note "
    "FROM study_sessions WHERE profile_id = ? AND curriculum_id = ? ORDER BY started_at, id"
)
_DONE = (
    "FROM events WHERE profile_id = ? AND curriculum_id = ? "
    "AND kind = 'status' AND new = 'done' AND undo_state != 1"
)
_DONE_STAMPS = f"SELECT at {_DONE}"
_DONE_SINCE = f"SELECT item_id, at {_DONE} AND at >= ? ORDER BY id"


def _raw(conn: Connection, sql: str, params: tuple[object, ...]) -> list[Any]:
    """Rows as the sqlite3 driver returns them (plain tuples), inside the connection's open
    transaction: no per-row result processing for reads of thousands of rows."""
    driver = conn.connection.driver_connection
    assert driver is not None
    return list(driver.execute(sql, params).fetchall())


def _utc(text: str) -> datetime:
    """As ``models.UTCDateTime`` reads a value back."""
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _sessions(conn: Connection, profile_id: int, curriculum_id: str) -> list[StudySession]:
    """Read with the driver's cursor and parsed here: the Today page and the stats read every
    session (thousands after a year or two), and the ORM's per-row result processing was most
    of that time."""
    rows = _raw(conn, _ALL_SESSIONS, (profile_id, curriculum_id))
    utc, day = _utc, date.fromisoformat
    return [
        StudySession(
            sid,
            kind,
            item,
            utc(started),
            utc(ended) if ended else None,
            utc(seen),
            day(on) if on else None,
            seconds,
            note,
        )
        for sid, kind, item, started, ended, seen, on, seconds, note in rows
    ]


def _session(row: Iterable[object]) -> StudySession:
    return StudySession(*row)  # type: ignore[arg-type]


def _scope(profile_id: int, curriculum_id: str) -> tuple[ColumnElement[bool], ...]:
    return (
        StudySessionRow.profile_id == profile_id,
        StudySessionRow.curriculum_id == curriculum_id,
    )


def _one(conn: Connection, session_id: int) -> StudySession | None:
    row = conn.execute(select(*_COLUMNS).where(StudySessionRow.id == session_id)).first()
    return _session(row) if row else None


def _log_time(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    *,
    old: StudySession | None,
    new: StudySession | None,
    now: datetime,
) -> None:
    shown = new or old
    assert shown is not None
    conn.execute(CLOSE_REDO, {"pid": profile_id, "cid": curriculum_id})
    log_event(
        conn,
        profile_id,
        curriculum_id,
        kind=TIME_KIND,
        item_kind=shown.item_kind,
        item_id=shown.item_id,
        old=old.to_json() if old else None,
        new=new.to_json() if new else None,
        now=now,
        undo_state=UNDO_ACTIVE,
        origin="user",
    )


def _put(conn: Connection, profile_id: int, curriculum_id: str, session: StudySession) -> None:
    """Write ``session`` under its own id, inserting it again if it was deleted."""
    values = {
        "item_kind": session.item_kind,
        "item_id": session.item_id,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "last_seen_at": session.last_seen_at,
        "on_date": session.on_date,
        "seconds": session.seconds,
        "note": session.note,
    }
    if _one(conn, session.id) is None:
        conn.execute(
            insert(StudySessionRow).values(
                id=session.id, profile_id=profile_id, curriculum_id=curriculum_id, **values
            )
        )
    else:
        conn.execute(
            update(StudySessionRow).where(StudySessionRow.id == session.id).values(**values)
        )


def apply_move(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    kind: str,
    value: str | None,
    *,
    other: str | None,
    now: datetime,
) -> list[tuple[str, date | None]]:
    """Put back one side (``value``) of a time or re-plan event; ``other`` is the side replaced.

    Returns the target dates written (stage id, date), for the store's cached plans.
    """
    if kind == TIME_KIND:
        if value is None:
            assert other is not None
            gone = StudySession.from_json(other)
            conn.execute(delete(StudySessionRow).where(StudySessionRow.id == gone.id))
        else:
            _put(conn, profile_id, curriculum_id, StudySession.from_json(value))
        return []
    dates = json.loads(value or "{}")
    written: list[tuple[str, date | None]] = []
    for stage_id, text in sorted(dates.items()):
        target = date.fromisoformat(text) if text else None
        apply_plan(conn, profile_id, curriculum_id, stage_id, target, now=now)
        written.append((stage_id, target))
    return written


class StudyStore:
    """Study time and settings for the profiles of one ``ProgressStore``."""

    def __init__(self, store: ProgressStore) -> None:
        self._store = store

    # --- reads ------------------------------------------------------------------------------

    def sessions(self, profile_id: int, curriculum_id: str) -> list[StudySession]:
        """Every session and entry of the profile for the curriculum, oldest first."""
        with self._store.database.connection(write=False) as conn:
            return _sessions(conn, profile_id, curriculum_id)

    def day_inputs(
        self, profile_id: int, curriculum_id: str, seen: object = None
    ) -> tuple[object, list[StudySession], list[str]] | None:
        """Every session and when each change to done was made (as stored: ISO 8601 text in
        UTC, so it sorts), read in one snapshot, with a key
        that changes whenever either may have: None when ``seen`` is still that key.

        The key is the own connection's ``total_changes`` (every row it wrote, committed or
        not) and ``PRAGMA data_version`` (every commit by any other connection or process)."""
        with self._store.database.connection(write=False) as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            version = driver.execute("PRAGMA data_version").fetchone()[0]
            key = (profile_id, curriculum_id, id(driver), driver.total_changes, version)
            if key == seen:
                return None
            sessions = _sessions(conn, profile_id, curriculum_id)
            rows = _raw(conn, _DONE_STAMPS, (profile_id, curriculum_id))
            return key, sessions, [str(row[0]) for row in rows]

    def session(self, session_id: int) -> StudySession | None:
        with self._store.database.connection(write=False) as conn:
            return _one(conn, session_id)

    def running(self, profile_id: int, curriculum_id: str) -> list[StudySession]:
        """Timer sessions not stopped: running now, or left running by a crash."""
        query = select(*_COLUMNS).where(
            *_scope(profile_id, curriculum_id),
            StudySessionRow.ended_at.is_(None),
            StudySessionRow.on_date.is_(None),
        )
        with self._store.database.connection(write=False) as conn:
            return [_session(row) for row in conn.execute(query.order_by(StudySessionRow.id))]

    def done_since(self, profile_id: int, curriculum_id: str, since: str) -> list[tuple[str, str]]:
        """(task id, when) of every change to done since ``since`` (stored text) that was not
        taken back by undo, oldest first."""
        with self._store.database.connection(write=False) as conn:
            rows = _raw(conn, _DONE_SINCE, (profile_id, curriculum_id, since))
        return [(str(item), str(at)) for item, at in rows]

    def settings(self, profile_id: int) -> dict[str, str]:
        query = select(ProfileSettingRow.key, ProfileSettingRow.value).where(
            ProfileSettingRow.profile_id == profile_id
        )
        with self._store.database.connection(write=False) as conn:
            return {key: value for key, value in conn.execute(query)}

    # --- writes -----------------------------------------------------------------------------

    def set_setting(self, profile_id: int, key: str, value: str) -> None:
        with self._store.database.lock, self._store._own_write(profile_id) as conn:
            where = (ProfileSettingRow.profile_id == profile_id, ProfileSettingRow.key == key)
            if conn.execute(select(ProfileSettingRow.value).where(*where)).first() is None:
                conn.execute(
                    insert(ProfileSettingRow).values(profile_id=profile_id, key=key, value=value)
                )
            else:
                conn.execute(update(ProfileSettingRow).where(*where).values(value=value))

    def start(
        self, profile_id: int, curriculum_id: str, item_kind: str, item_id: str, now: datetime
    ) -> StudySession:
        """Store a running session, committed before this returns."""
        with self._store.database.lock, self._store._own_write(profile_id) as conn:
            result = conn.execute(
                insert(StudySessionRow).values(
                    profile_id=profile_id,
                    curriculum_id=curriculum_id,
                    item_kind=item_kind,
                    item_id=item_id,
                    started_at=now,
                    ended_at=None,
                    last_seen_at=now,
                    seconds=0,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            session = _one(conn, int(key[0]))
        assert session is not None
        return session

    def heartbeat(self, profile_id: int, session_id: int, now: datetime) -> None:
        with self._store.database.lock, self._store._own_write(profile_id) as conn:
            conn.execute(
                update(StudySessionRow)
                .where(StudySessionRow.id == session_id, StudySessionRow.ended_at.is_(None))
                .values(last_seen_at=now)
            )

    def finish(
        self, profile_id: int, curriculum_id: str, session_id: int, end: datetime, now: datetime
    ) -> StudySession | None:
        """Stop a running session at ``end`` (logged, undoable); None if it is not running.

        The session is logged in its own profile and curriculum (which the caller may have left
        meanwhile: a profile switch stops the timer after the switch)."""
        owner = select(StudySessionRow.profile_id, StudySessionRow.curriculum_id).where(
            StudySessionRow.id == session_id
        )
        with self._store.database.connection(write=False) as conn:
            row = conn.execute(owner).first()
        if row is not None:
            profile_id, curriculum_id = int(row[0]), str(row[1])
        with self._store.database.lock, self._store._own_write(profile_id) as conn:
            found = _one(conn, session_id)
            if found is None or not found.running:
                return None
            end = max(end, found.started_at)
            seconds = int((end - found.started_at).total_seconds())
            conn.execute(
                update(StudySessionRow)
                .where(StudySessionRow.id == session_id)
                .values(ended_at=end, last_seen_at=end, seconds=seconds)
            )
            finished = _one(conn, session_id)
            assert finished is not None
            _log_time(conn, profile_id, curriculum_id, old=None, new=finished, now=now)
            return finished

    def discard(self, profile_id: int, session_id: int) -> bool:
        """Delete a session left running (never logged, so nothing to undo)."""
        with self._store.database.lock, self._store._own_write(profile_id) as conn:
            result = conn.execute(
                delete(StudySessionRow).where(
                    StudySessionRow.id == session_id, StudySessionRow.ended_at.is_(None)
                )
            )
            return bool(result.rowcount)

    def add_entry(
        self,
        profile_id: int,
        curriculum_id: str,
        item_kind: str,
        item_id: str,
        *,
        on_date: date,
        seconds: int,
        note: str | None,
        now: datetime,
    ) -> StudySession:
        with self._store.database.lock, self._store._own_write(profile_id) as conn:
            result = conn.execute(
                insert(StudySessionRow).values(
                    profile_id=profile_id,
                    curriculum_id=curriculum_id,
                    item_kind=item_kind,
                    item_id=item_id,
                    started_at=now,
                    ended_at=now,
                    last_seen_at=now,
                    on_date=on_date,
                    seconds=seconds,
                    note=note,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            added = _one(conn, int(key[0]))
            assert added is not None
            _log_time(conn, profile_id, curriculum_id, old=None, new=added, now=now)
            return added

    def edit_entry(
        self,
        profile_id: int,
        curriculum_id: str,
        session_id: int,
        *,
        on_date: date | None,
        seconds: int,
        note: str | None,
        now: datetime,
    ) -> tuple[StudySession, StudySession] | None:
        """Change an entry's day, length or note (logged, undoable); None if it is gone."""
        with self._store.database.lock, self._store._own_write(profile_id) as conn:
            old = _one(conn, session_id)
            if old is None:
                return None
            values: dict[str, object] = {"seconds": seconds, "note": note}
            if old.manual and on_date is not None:
                values["on_date"] = on_date
            elif not old.manual and old.ended_at is not None:
                values["ended_at"] = values["last_seen_at"] = old.started_at.astimezone(
                    UTC
                ) + timedelta(seconds=seconds)
            conn.execute(
                update(StudySessionRow).where(StudySessionRow.id == session_id).values(**values)
            )
            new = _one(conn, session_id)
            assert new is not None
            if new != old:
                _log_time(conn, profile_id, curriculum_id, old=old, new=new, now=now)
            return old, new

    def delete_entry(
        self, profile_id: int, curriculum_id: str, session_id: int, now: datetime
    ) -> StudySession | None:
        with self._store.database.lock, self._store._own_write(profile_id) as conn:
            old = _one(conn, session_id)
            if old is None or old.running:
                return None
            conn.execute(delete(StudySessionRow).where(StudySessionRow.id == session_id))
            _log_time(conn, profile_id, curriculum_id, old=old, new=None, now=now)
            return old

    def replan(
        self,
        profile_id: int,
        curriculum_id: str,
        old: dict[str, date | None],
        new: dict[str, date | None],
        now: datetime,
    ) -> None:
        """Write several target dates as one undoable change."""
        store = self._store

        def dump(dates: dict[str, date | None]) -> str:
            return json.dumps(
                {k: v.isoformat() if v else None for k, v in dates.items()}, sort_keys=True
            )

        with store.database.lock, store.keeping_rollup_cache():
            with store._own_write(profile_id) as conn:
                for stage_id, target in new.items():
                    apply_plan(conn, profile_id, curriculum_id, stage_id, target, now=now)
                conn.execute(CLOSE_REDO, {"pid": profile_id, "cid": curriculum_id})
                log_event(
                    conn,
                    profile_id,
                    curriculum_id,
                    kind=REPLAN_KIND,
                    item_kind="stage",
                    item_id=",".join(sorted(new)),
                    old=dump(old),
                    new=dump(new),
                    now=now,
                    undo_state=UNDO_ACTIVE,
                    origin="user",
                )
            for stage_id, target in new.items():
                store.rollup_cache.plan_changed(profile_id, curriculum_id, stage_id, target)


# --- backups ------------------------------------------------------------------------------------

_SETTINGS_OF = "SELECT key, value FROM profile_settings WHERE profile_id = ? ORDER BY key"


def backup_study(
    conn: Connection, profile_id: int, curriculum_id: str
) -> tuple[tuple[StudySession, ...], tuple[tuple[str, str], ...]]:
    """The finished sessions and entries, and the settings, inside a backup's read snapshot."""
    sessions = tuple(s for s in _sessions(conn, profile_id, curriculum_id) if not s.running)
    settings = tuple((str(k), str(v)) for k, v in _raw(conn, _SETTINGS_OF, (profile_id,)))
    return sessions, settings


def import_study(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    sessions: Iterable[StudySession],
    settings: Iterable[tuple[str, str]],
) -> int:
    """Add the sessions the profile does not have yet (same item, start and length) and take
    the backup's settings, inside the import's transaction; returns how many rows changed."""
    have = {
        (s.item_kind, s.item_id, s.started_at, s.on_date, s.seconds)
        for s in _sessions(conn, profile_id, curriculum_id)
    }
    changed = 0
    for session in sessions:
        key = (session.item_kind, session.item_id, session.started_at, session.on_date)
        if (*key, session.seconds) in have:
            continue
        conn.execute(
            insert(StudySessionRow).values(
                profile_id=profile_id,
                curriculum_id=curriculum_id,
                item_kind=session.item_kind,
                item_id=session.item_id,
                started_at=session.started_at,
                ended_at=session.ended_at or session.started_at,
                last_seen_at=session.ended_at or session.started_at,
                on_date=session.on_date,
                seconds=session.seconds,
                note=session.note,
            )
        )
        changed += 1
    stored = dict(_raw(conn, _SETTINGS_OF, (profile_id,)))
    for name, value in settings:
        if stored.get(name) == value:
            continue
        where = (ProfileSettingRow.profile_id == profile_id, ProfileSettingRow.key == name)
        if name in stored:
            conn.execute(update(ProfileSettingRow).where(*where).values(value=value))
        else:
            conn.execute(
                insert(ProfileSettingRow).values(profile_id=profile_id, key=name, value=value)
            )
        changed += 1
    return changed


def _same_session(profile_id: int, curriculum_id: str, session: StudySession) -> tuple[Any, ...]:
    """A session's identity across data folders: its item and the moment it started (local ids
    differ from folder to folder; a start is recorded to the microsecond)."""
    return (
        *_scope(profile_id, curriculum_id),
        StudySessionRow.item_kind == session.item_kind,
        StudySessionRow.item_id == session.item_id,
        StudySessionRow.started_at == session.started_at,
    )


def apply_pulled_time(
    conn: Connection, profile_id: int, curriculum_id: str, old: str | None, new: str | None
) -> None:
    """Apply a time event recorded on another computer: sessions merge as a set keyed by
    (item, start), so an event applied twice, or a session added on both sides, stays one row."""
    before = StudySession.from_json(old) if old else None
    after = StudySession.from_json(new) if new else None
    found = None
    for candidate in (before, after):
        if candidate is not None and found is None:
            found = conn.execute(
                select(StudySessionRow.id).where(
                    *_same_session(profile_id, curriculum_id, candidate)
                )
            ).scalar()
    if after is None:
        if found is not None:
            conn.execute(delete(StudySessionRow).where(StudySessionRow.id == found))
        return
    values = {
        "item_kind": after.item_kind,
        "item_id": after.item_id,
        "started_at": after.started_at,
        "ended_at": after.ended_at,
        "last_seen_at": after.last_seen_at,
        "on_date": after.on_date,
        "seconds": after.seconds,
        "note": after.note,
    }
    if found is None:
        conn.execute(
            insert(StudySessionRow).values(
                profile_id=profile_id, curriculum_id=curriculum_id, **values
            )
        )
    else:
        conn.execute(update(StudySessionRow).where(StudySessionRow.id == found).values(**values))
