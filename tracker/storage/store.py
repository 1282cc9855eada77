"""Reads and writes of the learner's data, one short transaction per call, returning plain records.

The progress layer calls this and never sees a session or an ORM object. Every change to a status
or a plan appends an event to the activity log; undo and redo move along that log (see
``UNDO_*`` in ``models``): undo takes back the newest active change, redo re-applies the most
recently undone one, and a new change closes whatever could still be redone.

The frequent operations (a tick, a note, a plan, undo, redo, and the reads that repaint a row) run
as prebuilt Core statements on the database's own connection, still one ``BEGIN IMMEDIATE``
transaction per change with its event row. The statuses and plans the roll-ups need are kept here
(``progress_view``), updated by those writes, and read again only when ``PRAGMA data_version``
shows that something else committed. The bulk reads of a backup (an export) are Core statements
of just the columns the records need, on the same connection. Rare work (profiles, imports) goes
through ORM sessions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import count
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from sqlalchemy import (
    BindParameter,
    Connection,
    Row,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from tracker.progress.records import (
    ChangeKind,
    Event,
    ItemKind,
    Note,
    Profile,
    ProfileBackup,
    StagePlan,
    TaskState,
    TaskStatus,
)
from tracker.storage.database import Database, open_database
from tracker.storage.models import (
    UNDO_ACTIVE,
    UNDO_CLOSED,
    UNDO_UNDONE,
    EventRow,
    MetaRow,
    NoteRow,
    ProfileRow,
    StagePlanRow,
    TaskStateRow,
)

UNDOABLE_KINDS = (ChangeKind.STATUS.value, ChangeKind.PLAN.value)
EventKey = tuple[str, str | None, str | None, str | None, str | None, datetime]
T = TypeVar("T")


def _profile(row: ProfileRow) -> Profile:
    return Profile(id=row.id, name=row.name, created_at=row.created_at)


def _event(row: EventRow, profile: str) -> Event:
    return Event(
        id=row.id,
        profile=profile,
        kind=ChangeKind(row.kind),
        item_kind=ItemKind(row.item_kind) if row.item_kind else None,
        item_id=row.item_id,
        old=row.old,
        new=row.new,
        at=row.at,
    )


def _event_key(
    kind: str,
    item_kind: str | None,
    item_id: str | None,
    old: str | None,
    new: str | None,
    *,
    at: datetime,
) -> EventKey:
    return (kind, item_kind, item_id, old, new, at.astimezone(UTC))


def _parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


_GENERATIONS = count(1)

_StateRow = Row[str, str, datetime, datetime | None, datetime | None]
_EventRow = Row[int, str, str | None, str | None, str | None, str | None, datetime]


@dataclass
class _Snapshot:
    """What the roll-ups need of one profile and curriculum: statuses (not todo) and plans.

    Kept by the store and brought up to date in place by its own writes. ``version`` is the own
    connection's serial and ``PRAGMA data_version`` when it was read; ``generation`` changes
    whenever the contents do.
    """

    version: tuple[int, int]
    statuses: dict[str, TaskStatus] = field(default_factory=dict)
    plans: dict[str, date] = field(default_factory=dict)
    generation: int = field(default_factory=lambda: next(_GENERATIONS))

    def changed(self) -> None:
        self.generation = next(_GENERATIONS)


@dataclass(frozen=True)
class ProgressView:
    """A read-only view of the store's statuses and plans, for the roll-ups: use it at once (it
    follows later changes); ``generation`` tells whether anything changed since an earlier one."""

    statuses: Mapping[str, TaskStatus]
    plans: Mapping[str, date]
    generation: int


# --- the statements of the frequent operations, built once (their compiled form is cached) ----

_PID: BindParameter[int] = bindparam("pid")
_CID: BindParameter[str] = bindparam("cid")
_ITEM: BindParameter[str] = bindparam("item")

_STATE_COLUMNS = (
    TaskStateRow.task_id,
    TaskStateRow.status,
    TaskStateRow.changed_at,
    TaskStateRow.started_at,
    TaskStateRow.done_at,
)
_STATE_OF_SCOPE = (TaskStateRow.profile_id == _PID, TaskStateRow.curriculum_id == _CID)
_STATE_KEY = (*_STATE_OF_SCOPE, TaskStateRow.task_id == _ITEM)
_SELECT_STATE = select(*_STATE_COLUMNS).where(*_STATE_KEY)
_SELECT_STATES = select(*_STATE_COLUMNS).where(*_STATE_OF_SCOPE)
_SELECT_STATUSES = select(TaskStateRow.task_id, TaskStateRow.status).where(
    *_STATE_OF_SCOPE, TaskStateRow.status != TaskStatus.TODO.value
)
_INSERT_STATE = insert(TaskStateRow)
_UPDATE_STATE = update(TaskStateRow).where(*_STATE_KEY)

_NOTE_KEY = (
    NoteRow.profile_id == _PID,
    NoteRow.curriculum_id == _CID,
    NoteRow.item_kind == bindparam("kind_of_item"),
    NoteRow.item_id == _ITEM,
)
_SELECT_NOTE = select(NoteRow.text).where(*_NOTE_KEY)
_INSERT_NOTE = insert(NoteRow)
_UPDATE_NOTE = update(NoteRow).where(*_NOTE_KEY)
_DELETE_NOTE = delete(NoteRow).where(*_NOTE_KEY)

_PLAN_OF_SCOPE = (StagePlanRow.profile_id == _PID, StagePlanRow.curriculum_id == _CID)
_PLAN_KEY = (*_PLAN_OF_SCOPE, StagePlanRow.stage_id == _ITEM)
_SELECT_PLAN = select(StagePlanRow.target_date).where(*_PLAN_KEY)
_SELECT_PLANS = select(StagePlanRow.stage_id, StagePlanRow.target_date).where(*_PLAN_OF_SCOPE)
_INSERT_PLAN = insert(StagePlanRow)
_UPDATE_PLAN = update(StagePlanRow).where(*_PLAN_KEY)
_DELETE_PLAN = delete(StagePlanRow).where(*_PLAN_KEY)

_EVENT_COLUMNS = (
    EventRow.id,
    EventRow.kind,
    EventRow.item_kind,
    EventRow.item_id,
    EventRow.old,
    EventRow.new,
    EventRow.at,
)
_EVENT_OF_SCOPE = (EventRow.profile_id == _PID, EventRow.curriculum_id == _CID)
_INSERT_EVENT = insert(EventRow)
_CLOSE_REDO = (
    update(EventRow)
    .where(*_EVENT_OF_SCOPE, EventRow.undo_state == UNDO_UNDONE)
    .values(undo_state=UNDO_CLOSED)
)
_SET_UNDO_STATE = update(EventRow).where(EventRow.id == bindparam("event_id"))


_UNDO_TOP = (
    select(*_EVENT_COLUMNS)
    .where(*_EVENT_OF_SCOPE, EventRow.undo_state == UNDO_ACTIVE, EventRow.kind.in_(UNDOABLE_KINDS))
    .order_by(EventRow.id.desc())
    .limit(1)
)
_REDO_TOP = (
    select(*_EVENT_COLUMNS)
    .where(*_EVENT_OF_SCOPE, EventRow.undo_state == UNDO_UNDONE, EventRow.kind.in_(UNDOABLE_KINDS))
    .order_by(EventRow.id.asc())
    .limit(1)
)
_PROFILE_NAME = select(ProfileRow.name).where(ProfileRow.id == _PID)

# --- the backup's reads: only the columns the records need, in the records' order ----------

_BACKUP_STATES = select(*_STATE_COLUMNS).where(*_STATE_OF_SCOPE).order_by(TaskStateRow.task_id)
_BACKUP_NOTES = (
    select(NoteRow.item_kind, NoteRow.item_id, NoteRow.text, NoteRow.updated_at)
    .where(NoteRow.profile_id == _PID, NoteRow.curriculum_id == _CID)
    .order_by(NoteRow.item_kind, NoteRow.item_id)
)
_BACKUP_PLANS = (
    select(StagePlanRow.stage_id, StagePlanRow.target_date, StagePlanRow.updated_at)
    .where(*_PLAN_OF_SCOPE)
    .order_by(StagePlanRow.stage_id)
)
_BACKUP_EVENTS = select(*_EVENT_COLUMNS).where(*_EVENT_OF_SCOPE).order_by(EventRow.id)


class _Lookup(dict[str, T]):
    """Stored text -> enum member, a dict lookup per row; an unknown value raises as the enum's
    own constructor does."""

    def __init__(self, kind: Callable[[str], T], members: Iterable[T]) -> None:
        super().__init__((str(member), member) for member in members)
        self._kind = kind

    def __missing__(self, value: str) -> T:
        return self._kind(value)


_STATUSES = _Lookup(TaskStatus, TaskStatus)
_ITEM_KINDS = _Lookup(ItemKind, ItemKind)
_CHANGE_KINDS = _Lookup(ChangeKind, ChangeKind)


class ProgressStore:
    """The learner's database as plain operations (profiles, states, notes, plans, the log)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        # Roll-up inputs per (profile, curriculum), valid while the own connection's
        # data_version is unchanged: only writes made through the own connection (which keep
        # the snapshots up to date themselves, under ``database.lock``) leave it unchanged.
        self._snapshots: dict[tuple[int, str], _Snapshot] = {}

    @classmethod
    def open(cls, path: Path) -> ProgressStore:
        return cls(open_database(path))

    @property
    def path(self) -> Path:
        return self.database.path

    def close(self) -> None:
        self.database.close()

    # --- profiles -------------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        with self.database.reading() as session:
            rows = session.scalars(select(ProfileRow).order_by(ProfileRow.id))
            return [_profile(row) for row in rows]

    def profile_by_name(self, name: str) -> Profile | None:
        with self.database.reading() as session:
            row = session.scalars(select(ProfileRow).where(ProfileRow.name == name)).first()
            return _profile(row) if row else None

    def last_used_profile(self) -> Profile | None:
        with self.database.reading() as session:
            row = session.scalars(
                select(ProfileRow).order_by(
                    ProfileRow.last_used_at.is_(None),
                    ProfileRow.last_used_at.desc(),
                    ProfileRow.id,
                )
            ).first()
            return _profile(row) if row else None

    def add_profile(self, name: str, now: datetime, *, use: bool = False) -> Profile | None:
        """Create a profile; None if the name is taken. ``use`` also marks it last used."""
        with self.database.writing() as session:
            if session.scalars(select(ProfileRow.id).where(ProfileRow.name == name)).first():
                return None
            row = ProfileRow(name=name, created_at=now, last_used_at=now if use else None)
            session.add(row)
            session.flush()
            return _profile(row)

    def rename_profile(self, profile_id: int, new_name: str) -> bool:
        """Rename; False if another profile already has the name."""
        with self.database.writing() as session:
            taken = session.scalars(
                select(ProfileRow.id).where(
                    ProfileRow.name == new_name, ProfileRow.id != profile_id
                )
            ).first()
            if taken is not None:
                return False
            session.execute(
                update(ProfileRow).where(ProfileRow.id == profile_id).values(name=new_name)
            )
            return True

    def remove_profile(self, profile_id: int) -> None:
        """Delete a profile and, through the foreign keys, everything it holds."""
        with self.database.writing() as session:
            session.execute(delete(ProfileRow).where(ProfileRow.id == profile_id))

    def touch_profile(self, profile_id: int, now: datetime) -> None:
        with self.database.writing() as session:
            session.execute(
                update(ProfileRow).where(ProfileRow.id == profile_id).values(last_used_at=now)
            )

    # --- task states ----------------------------------------------------------------------

    def task_states(self, profile_id: int, curriculum_id: str) -> dict[str, TaskState]:
        """Every stored state of the profile for the curriculum, whatever its ids."""
        with self.database.connection(write=False) as conn:
            rows = conn.execute(_SELECT_STATES, {"pid": profile_id, "cid": curriculum_id})
            return {row.task_id: _state_of(row) for row in rows}

    def task_state(self, profile_id: int, curriculum_id: str, task_id: str) -> TaskState | None:
        with self.database.connection(write=False) as conn:
            row = conn.execute(
                _SELECT_STATE, {"pid": profile_id, "cid": curriculum_id, "item": task_id}
            ).first()
            return _state_of(row) if row else None

    def set_status(
        self, profile_id: int, curriculum_id: str, task_id: str, status: TaskStatus, now: datetime
    ) -> tuple[TaskStatus, TaskState]:
        """Set a status and log it (undoable); returns the old status and the new state."""
        with self.database.lock:
            with self._own_write() as conn:
                old, state = _apply_status(
                    conn, profile_id, curriculum_id, task_id, status, now=now
                )
                if old != status:
                    _log_undoable(
                        conn,
                        profile_id,
                        curriculum_id,
                        kind=ChangeKind.STATUS,
                        item_kind=ItemKind.TASK,
                        item_id=task_id,
                        old=old.value,
                        new=status.value,
                        now=now,
                    )
            if old != status:
                self._status_changed(profile_id, curriculum_id, task_id, status)
            return old, state

    # --- the roll-ups' inputs ---------------------------------------------------------------

    def progress_view(self, profile_id: int, curriculum_id: str) -> ProgressView:
        """Statuses other than todo, and target dates, of the profile for the curriculum.

        Read once, then kept up to date by this store's own writes; re-read when anything else
        (another process, an import, a profile removal) has committed since.
        """
        key = (profile_id, curriculum_id)
        with self.database.lock, self.database.connection(write=False) as conn:
            version = (self.database.own_serial, _data_version(conn))
            snapshot = self._snapshots.get(key)
            if snapshot is None or snapshot.version != version:
                params = {"pid": profile_id, "cid": curriculum_id}
                snapshot = _Snapshot(
                    version,
                    {
                        row.task_id: TaskStatus(row.status)
                        for row in conn.execute(_SELECT_STATUSES, params)
                    },
                    {row.stage_id: row.target_date for row in conn.execute(_SELECT_PLANS, params)},
                )
                self._snapshots = {k: v for k, v in self._snapshots.items() if v.version == version}
                self._snapshots[key] = snapshot
            return ProgressView(
                MappingProxyType(snapshot.statuses),
                MappingProxyType(snapshot.plans),
                snapshot.generation,
            )

    @contextlib.contextmanager
    def _own_write(self) -> Iterator[Connection]:
        """A write transaction on the own connection; any failure forgets the snapshots (the
        outcome of a failed commit is unknown). Callers hold ``database.lock`` around it and
        the snapshot update that follows the commit."""
        try:
            with self.database.connection(write=True) as conn:
                yield conn
        except BaseException:
            self._snapshots.clear()
            raise

    def _status_changed(
        self, profile_id: int, curriculum_id: str, task_id: str, status: TaskStatus
    ) -> None:
        snapshot = self._snapshots.get((profile_id, curriculum_id))
        if snapshot is not None:
            if status is TaskStatus.TODO:
                snapshot.statuses.pop(task_id, None)
            else:
                snapshot.statuses[task_id] = status
            snapshot.changed()

    def _plan_changed(
        self, profile_id: int, curriculum_id: str, stage_id: str, target: date | None
    ) -> None:
        snapshot = self._snapshots.get((profile_id, curriculum_id))
        if snapshot is not None:
            if target is None:
                snapshot.plans.pop(stage_id, None)
            else:
                snapshot.plans[stage_id] = target
            snapshot.changed()

    # --- notes ----------------------------------------------------------------------------

    def note(self, profile_id: int, curriculum_id: str, kind: ItemKind, item_id: str) -> str:
        with self.database.connection(write=False) as conn:
            return _note_text(conn, profile_id, curriculum_id, kind, item_id) or ""

    def notes(self, profile_id: int, curriculum_id: str) -> list[Note]:
        with self.database.connection(write=False) as conn:
            rows = conn.execute(_BACKUP_NOTES, {"pid": profile_id, "cid": curriculum_id})
            return _notes_of(rows)

    def set_note(
        self,
        profile_id: int,
        curriculum_id: str,
        kind: ItemKind,
        item_id: str,
        text: str,
        *,
        now: datetime,
    ) -> str | None:
        """Store ``text`` exactly ("" removes the note); returns the old text, None if unchanged."""
        key = {"pid": profile_id, "cid": curriculum_id, "kind_of_item": kind.value, "item": item_id}
        with self.database.lock, self._own_write() as conn:
            stored = _note_text(conn, profile_id, curriculum_id, kind, item_id)
            old = stored or ""
            if old == text:
                return None
            if not text:
                conn.execute(_DELETE_NOTE, key)
            elif stored is None:
                conn.execute(
                    _INSERT_NOTE,
                    {
                        "profile_id": profile_id,
                        "curriculum_id": curriculum_id,
                        "item_kind": kind.value,
                        "item_id": item_id,
                        "text": text,
                        "updated_at": now,
                    },
                )
            else:
                conn.execute(_UPDATE_NOTE, {**key, "text": text, "updated_at": now})
            _log(
                conn,
                profile_id,
                curriculum_id,
                kind=ChangeKind.NOTE.value,
                item_kind=kind.value,
                item_id=item_id,
                old=old,
                new=text,
                now=now,
                undo_state=UNDO_CLOSED,
                origin="user",
            )
            return old

    # --- plans ----------------------------------------------------------------------------

    def plans(self, profile_id: int, curriculum_id: str) -> list[StagePlan]:
        with self.database.connection(write=False) as conn:
            return _plans(conn, profile_id, curriculum_id)

    def set_target_date(
        self,
        profile_id: int,
        curriculum_id: str,
        stage_id: str,
        target: date | None,
        now: datetime,
    ) -> date | None:
        """Set or clear a stage's target date and log it (undoable); returns the old date."""
        with self.database.lock:
            with self._own_write() as conn:
                old = _apply_plan(conn, profile_id, curriculum_id, stage_id, target, now=now)
                if old != target:
                    _log_undoable(
                        conn,
                        profile_id,
                        curriculum_id,
                        kind=ChangeKind.PLAN,
                        item_kind=ItemKind.STAGE,
                        item_id=stage_id,
                        old=old.isoformat() if old else None,
                        new=target.isoformat() if target else None,
                        now=now,
                    )
            if old != target:
                self._plan_changed(profile_id, curriculum_id, stage_id, target)
            return old

    # --- the activity log, undo and redo -------------------------------------------------

    def events(self, profile_id: int, curriculum_id: str, limit: int | None = 100) -> list[Event]:
        """The log, newest first."""
        with self.database.reading() as session:
            name = session.get_one(ProfileRow, profile_id).name
            query = (
                select(EventRow)
                .where(EventRow.profile_id == profile_id, EventRow.curriculum_id == curriculum_id)
                .order_by(EventRow.id.desc())
            )
            if limit is not None:
                query = query.limit(limit)
            return [_event(row, name) for row in session.scalars(query)]

    def can_undo(self, profile_id: int, curriculum_id: str) -> bool:
        with self.database.connection(write=False) as conn:
            return _stack_top(conn, profile_id, curriculum_id, redo=False) is not None

    def can_redo(self, profile_id: int, curriculum_id: str) -> bool:
        with self.database.connection(write=False) as conn:
            return _stack_top(conn, profile_id, curriculum_id, redo=True) is not None

    def undo(self, profile_id: int, curriculum_id: str, now: datetime) -> Event | None:
        """Take back the newest active status or plan change; returns the event it logged."""
        return self._move(profile_id, curriculum_id, now, redo=False)

    def redo(self, profile_id: int, curriculum_id: str, now: datetime) -> Event | None:
        """Re-apply the most recently undone change; returns the event it logged."""
        return self._move(profile_id, curriculum_id, now, redo=True)

    def _move(
        self, profile_id: int, curriculum_id: str, now: datetime, *, redo: bool
    ) -> Event | None:
        with self.database.lock:
            with self._own_write() as conn:
                target = _stack_top(conn, profile_id, curriculum_id, redo=redo)
                if target is None:
                    return None
                value = target.new if redo else target.old
                assert target.item_id is not None
                if target.kind == ChangeKind.STATUS.value:
                    status = TaskStatus(value or TaskStatus.TODO.value)
                    _apply_status(conn, profile_id, curriculum_id, target.item_id, status, now=now)
                else:
                    plan = _parse_date(value)
                    _apply_plan(conn, profile_id, curriculum_id, target.item_id, plan, now=now)
                conn.execute(
                    _SET_UNDO_STATE,
                    {"event_id": target.id, "undo_state": UNDO_ACTIVE if redo else UNDO_UNDONE},
                )
                old = target.old if redo else target.new
                event_id = _log(
                    conn,
                    profile_id,
                    curriculum_id,
                    kind=target.kind,
                    item_kind=target.item_kind,
                    item_id=target.item_id,
                    old=old,
                    new=value,
                    now=now,
                    undo_state=UNDO_CLOSED,
                    origin="redo" if redo else "undo",
                )
                name = conn.execute(_PROFILE_NAME, {"pid": profile_id}).scalar_one()
            if target.kind == ChangeKind.STATUS.value:
                self._status_changed(profile_id, curriculum_id, target.item_id, status)
            else:
                self._plan_changed(profile_id, curriculum_id, target.item_id, plan)
            return Event(
                id=event_id,
                profile=name,
                kind=ChangeKind(target.kind),
                item_kind=ItemKind(target.item_kind) if target.item_kind else None,
                item_id=target.item_id,
                old=old,
                new=value,
                at=now,
            )

    # --- backups --------------------------------------------------------------------------

    def backup(self, profile_id: int, curriculum_id: str) -> ProfileBackup:
        """Everything the profile holds for the curriculum, read in one snapshot.

        Core statements of just the columns the records need, on the own connection in one
        read transaction: Row tuples become the frozen records directly (no ORM objects, which
        cost most of an export of 9,000 tasks).
        """
        params = {"pid": profile_id, "cid": curriculum_id}
        with self.database.connection(write=False) as conn:
            name = conn.execute(_PROFILE_NAME, params).scalar_one_or_none()
            if name is None:
                raise LookupError(f"no profile with id {profile_id}")
            states = conn.execute(_BACKUP_STATES, params).all()
            notes = conn.execute(_BACKUP_NOTES, params).all()
            plans = conn.execute(_BACKUP_PLANS, params).all()
            events = conn.execute(_BACKUP_EVENTS, params).all()
        status, item_kind, change_kind = _STATUSES, _ITEM_KINDS, _CHANGE_KINDS
        return ProfileBackup(
            profile=name,
            curriculum_id=curriculum_id,
            task_states=tuple(
                TaskState(task_id, status[value], changed, started, done)
                for task_id, value, changed, started, done in states
            ),
            notes=tuple(_notes_of(notes)),
            plans=tuple(
                StagePlan(stage_id, target, updated) for stage_id, target, updated in plans
            ),
            events=tuple(
                Event(
                    event_id,
                    name,
                    change_kind[kind],
                    item_kind[of_item] if of_item else None,
                    item_id,
                    old,
                    new,
                    at,
                )
                for event_id, kind, of_item, item_id, old, new, at in events
            ),
        )

    def import_backup(self, backup: ProfileBackup, profile_name: str, now: datetime) -> int:
        """Apply a backup to ``profile_name`` (created if needed) in one transaction.

        States, notes and plans take the backup's values; events missing from the log are
        appended as history (not undoable). Returns how many rows changed (0 the second time).
        """
        cid = backup.curriculum_id
        with self.database.writing() as session:
            profile = session.scalars(
                select(ProfileRow).where(ProfileRow.name == profile_name)
            ).first()
            changed = 0
            if profile is None:
                profile = ProfileRow(name=profile_name, created_at=now, last_used_at=None)
                session.add(profile)
                session.flush()
                changed += 1
            pid = profile.id
            changed += _import_states(session, pid, cid, backup.task_states)
            changed += _import_notes(session, pid, cid, backup.notes)
            changed += _import_plans(session, pid, cid, backup.plans)
            changed += _import_events(session, pid, cid, backup.events)
            return changed

    # --- meta -----------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        with self.database.reading() as session:
            row = session.get(MetaRow, key)
            return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.database.writing() as session:
            row = session.get(MetaRow, key)
            if row is None:
                session.add(MetaRow(key=key, value=value))
            else:
                row.value = value

    def event_count(self) -> int:
        with self.database.reading() as session:
            return session.scalar(select(func.count()).select_from(EventRow)) or 0


# --- helpers running inside a caller's transaction -------------------------------------------


def _data_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA data_version").scalar_one())


def _state_of(row: _StateRow) -> TaskState:
    return TaskState(
        task_id=row.task_id,
        status=TaskStatus(row.status),
        changed_at=row.changed_at,
        started_at=row.started_at,
        done_at=row.done_at,
    )


def _note_text(
    conn: Connection, profile_id: int, curriculum_id: str, kind: ItemKind, item_id: str
) -> str | None:
    """The stored text, None when there is no note row."""
    params = {"pid": profile_id, "cid": curriculum_id, "kind_of_item": kind.value, "item": item_id}
    return conn.execute(_SELECT_NOTE, params).scalar_one_or_none()


def _apply_status(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    task_id: str,
    status: TaskStatus,
    *,
    now: datetime,
) -> tuple[TaskStatus, TaskState]:
    key = {"pid": profile_id, "cid": curriculum_id, "item": task_id}
    row = conn.execute(_SELECT_STATE, key).first()
    if row is None:
        old, started_at, done_at = TaskStatus.TODO, None, None
        if status is old:
            return old, TaskState(task_id, old, changed_at=now)
    else:
        old, started_at, done_at = TaskStatus(row.status), row.started_at, row.done_at
        if status is old:
            return old, _state_of(row)
    if status is TaskStatus.TODO:
        started_at = done_at = None
    elif status is TaskStatus.IN_PROGRESS:
        started_at, done_at = started_at or now, None
    elif status is TaskStatus.DONE:
        started_at, done_at = started_at or now, now
    else:
        done_at = None
    values = {
        "status": status.value,
        "changed_at": now,
        "started_at": started_at,
        "done_at": done_at,
    }
    if row is None:
        conn.execute(
            _INSERT_STATE,
            {
                "profile_id": profile_id,
                "curriculum_id": curriculum_id,
                "task_id": task_id,
                **values,
            },
        )
    else:
        conn.execute(_UPDATE_STATE, {**key, **values})
    return old, TaskState(task_id, status, now, started_at, done_at)


def _apply_plan(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    stage_id: str,
    target: date | None,
    *,
    now: datetime,
) -> date | None:
    key = {"pid": profile_id, "cid": curriculum_id, "item": stage_id}
    row = conn.execute(_SELECT_PLAN, key).first()
    old = row.target_date if row else None
    if old == target:
        return old
    if target is None:
        conn.execute(_DELETE_PLAN, key)
    elif row is None:
        conn.execute(
            _INSERT_PLAN,
            {
                "profile_id": profile_id,
                "curriculum_id": curriculum_id,
                "stage_id": stage_id,
                "target_date": target,
                "updated_at": now,
            },
        )
    else:
        conn.execute(_UPDATE_PLAN, {**key, "target_date": target, "updated_at": now})
    return old


def _log(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    *,
    kind: str,
    item_kind: str | None,
    item_id: str | None,
    old: str | None,
    new: str | None,
    now: datetime,
    undo_state: int,
    origin: str,
) -> int:
    """Append one event to the log; returns its id."""
    result = conn.execute(
        _INSERT_EVENT,
        {
            "profile_id": profile_id,
            "curriculum_id": curriculum_id,
            "kind": kind,
            "item_kind": item_kind,
            "item_id": item_id,
            "old": old,
            "new": new,
            "at": now,
            "undo_state": undo_state,
            "origin": origin,
        },
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _log_undoable(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    *,
    kind: ChangeKind,
    item_kind: ItemKind,
    item_id: str,
    old: str | None,
    new: str | None,
    now: datetime,
) -> None:
    # A new change after an undo: what could have been redone no longer can.
    conn.execute(_CLOSE_REDO, {"pid": profile_id, "cid": curriculum_id})
    _log(
        conn,
        profile_id,
        curriculum_id,
        kind=kind.value,
        item_kind=item_kind.value,
        item_id=item_id,
        old=old,
        new=new,
        now=now,
        undo_state=UNDO_ACTIVE,
        origin="user",
    )


def _stack_top(
    conn: Connection, profile_id: int, curriculum_id: str, *, redo: bool
) -> _EventRow | None:
    """The event undo (or redo) would move next."""
    query = _REDO_TOP if redo else _UNDO_TOP
    return conn.execute(query, {"pid": profile_id, "cid": curriculum_id}).first()


def _notes_of(rows: Iterable[Row[str, str, str, datetime]]) -> list[Note]:
    """Rows of ``_BACKUP_NOTES`` as records."""
    kinds = _ITEM_KINDS
    return [Note(kinds[kind], item_id, text, updated) for kind, item_id, text, updated in rows]


def _plans(conn: Connection | Session, profile_id: int, curriculum_id: str) -> list[StagePlan]:
    rows = conn.execute(
        select(StagePlanRow.stage_id, StagePlanRow.target_date, StagePlanRow.updated_at)
        .where(StagePlanRow.profile_id == profile_id, StagePlanRow.curriculum_id == curriculum_id)
        .order_by(StagePlanRow.stage_id)
    )
    return [StagePlan(r.stage_id, r.target_date, r.updated_at) for r in rows]


def _import_states(session: Session, pid: int, cid: str, states: Iterable[TaskState]) -> int:
    changed = 0
    for state in states:
        row = session.get(TaskStateRow, (pid, cid, state.task_id))
        values = {
            "status": state.status.value,
            "changed_at": state.changed_at or datetime.now(UTC),
            "started_at": state.started_at,
            "done_at": state.done_at,
        }
        if row is None:
            session.add(
                TaskStateRow(profile_id=pid, curriculum_id=cid, task_id=state.task_id, **values)
            )
        elif (row.status, row.started_at, row.done_at) != (
            values["status"],
            values["started_at"],
            values["done_at"],
        ) or (state.changed_at is not None and row.changed_at != state.changed_at):
            for name, value in values.items():
                setattr(row, name, value)
        else:
            continue
        changed += 1
    return changed


def _import_notes(session: Session, pid: int, cid: str, notes: Iterable[Note]) -> int:
    changed = 0
    for note in notes:
        row = session.get(NoteRow, (pid, cid, note.item_kind.value, note.item_id))
        if row is None:
            session.add(
                NoteRow(
                    profile_id=pid,
                    curriculum_id=cid,
                    item_kind=note.item_kind.value,
                    item_id=note.item_id,
                    text=note.text,
                    updated_at=note.updated_at,
                )
            )
        elif row.text != note.text:
            row.text = note.text
            row.updated_at = note.updated_at
        else:
            continue
        changed += 1
    return changed


def _import_plans(session: Session, pid: int, cid: str, plans: Iterable[StagePlan]) -> int:
    changed = 0
    for plan in plans:
        row = session.get(StagePlanRow, (pid, cid, plan.stage_id))
        if row is None:
            session.add(
                StagePlanRow(
                    profile_id=pid,
                    curriculum_id=cid,
                    stage_id=plan.stage_id,
                    target_date=plan.target_date,
                    updated_at=plan.updated_at,
                )
            )
        elif row.target_date != plan.target_date:
            row.target_date = plan.target_date
            row.updated_at = plan.updated_at
        else:
            continue
        changed += 1
    return changed


def _import_events(session: Session, pid: int, cid: str, events: Iterable[Event]) -> int:
    existing = {
        _event_key(r.kind, r.item_kind, r.item_id, r.old, r.new, at=r.at)
        for r in session.scalars(
            select(EventRow).where(EventRow.profile_id == pid, EventRow.curriculum_id == cid)
        )
    }
    changed = 0
    for event in sorted(events, key=lambda e: (e.at, e.id)):
        key = _event_key(
            event.kind.value,
            event.item_kind.value if event.item_kind else None,
            event.item_id,
            event.old,
            event.new,
            at=event.at,
        )
        if key in existing:
            continue
        existing.add(key)
        session.add(
            EventRow(
                profile_id=pid,
                curriculum_id=cid,
                kind=key[0],
                item_kind=key[1],
                item_id=key[2],
                old=key[3],
                new=key[4],
                at=key[5],
                undo_state=UNDO_CLOSED,
                origin="import",
            )
        )
        changed += 1
    return changed
