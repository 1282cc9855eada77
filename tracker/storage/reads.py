"""The store's bulk reads: a profile's notes, plans and whole backup, as records.

Core statements of just the columns the records need, in the records' order, run on the
caller's connection inside its read transaction: Row tuples become the frozen records directly
(no ORM objects, which cost most of an export of 9,000 tasks); a whole backup (the profile's
name, states, notes, plans and events) is read with the driver's cursor, no statement compiled.
Stored text becomes an enum member through a dict lookup per row (``STATUSES``, ``ITEM_KINDS``,
``CHANGE_KINDS``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Row, select

from tracker.curriculum.slots import fast_constructor
from tracker.domain import (
    ChangeKind,
    Event,
    ItemKind,
    Note,
    ProfileBackup,
    StagePlan,
    TaskState,
    TaskStatus,
)
from tracker.storage import lenient, sessions
from tracker.storage.card_sync import CARD_KIND
from tracker.storage.cards import REVIEW_KIND
from tracker.storage.models import NoteRow, StagePlanRow
from tracker.storage.note_log import note_excerpt
from tracker.storage.statements import (
    CID,
    PID,
    PLAN_OF_SCOPE,
)

T = TypeVar("T")

# --- only the columns the records need, in the records' order -------------------------------

BACKUP_NOTES = (
    select(NoteRow.item_kind, NoteRow.item_id, NoteRow.text, NoteRow.updated_at)
    .where(NoteRow.profile_id == PID, NoteRow.curriculum_id == CID)
    .order_by(NoteRow.item_kind, NoteRow.item_id)
)
BACKUP_PLANS = (
    select(StagePlanRow.stage_id, StagePlanRow.target_date, StagePlanRow.updated_at)
    .where(*PLAN_OF_SCOPE)
    .order_by(StagePlanRow.stage_id)
)

# A backup's reads in plain SQL on the driver's cursor (the same columns, conditions and order
# as the Core statements above, which the single-item reads keep), without SQLAlchemy's compile on
# first use and its per-row result processing: the profile's name, the task states of the scope
# by task id, its notes and plans, and its log by id without grades and own cards (the backup's
# review logs and cards). Values are read as the column types read them (``_Times``,
# ``lenient.calendar_date``).
_PROFILE_NAME_SQL = "SELECT name FROM profiles WHERE id = ?"
_STATES_SQL = (
    "SELECT task_id, status, changed_at, started_at, done_at FROM task_states"
    " WHERE profile_id = ? AND curriculum_id = ? ORDER BY task_id"
)
_NOTES_SQL = (
    "SELECT item_kind, item_id, text, updated_at FROM notes"
    " WHERE profile_id = ? AND curriculum_id = ? ORDER BY item_kind, item_id"
)
_PLANS_SQL = (
    "SELECT stage_id, target_date, updated_at FROM stage_plans"
    " WHERE profile_id = ? AND curriculum_id = ? ORDER BY stage_id"
)
_EVENTS_SQL = (
    "SELECT id, kind, item_kind, item_id, old, new, at FROM events"
    " WHERE profile_id = ? AND curriculum_id = ? AND kind NOT IN (?, ?) ORDER BY id"
)


class _Times(dict[object, datetime | None]):
    """Stored timestamp -> aware UTC datetime as ``models.UTCDateTime`` reads it (unreadable:
    reported, None), parsed once per distinct value (a task ticked done has the same time as
    changed, started and done)."""

    def __missing__(self, value: object) -> datetime | None:
        parsed = self[value] = lenient.utc_datetime(value)
        return parsed


_new_state = fast_constructor(TaskState)
"""``TaskState(...)`` by position without the frozen dataclass ``__init__`` (9,000 a backup)."""


class _Lookup(dict[str, T]):
    """Stored text -> enum member, a dict lookup per row; an unknown value raises as the enum's
    own constructor does."""

    def __init__(self, kind: Callable[[str], T], members: Iterable[T]) -> None:
        super().__init__((str(member), member) for member in members)
        self._kind = kind

    def __missing__(self, value: str) -> T:
        return self._kind(value)


STATUSES = _Lookup(TaskStatus, TaskStatus)
ITEM_KINDS = _Lookup(ItemKind, ItemKind)
CHANGE_KINDS = _Lookup(ChangeKind, ChangeKind)


def notes_of(rows: Iterable[Row[str, str, str, datetime]]) -> list[Note]:
    """Rows of ``BACKUP_NOTES`` as records."""
    kinds = ITEM_KINDS
    return [Note(kinds[kind], item_id, text, updated) for kind, item_id, text, updated in rows]


def read_notes(conn: Connection, profile_id: int, curriculum_id: str) -> list[Note]:
    """Every note of the profile for the curriculum, by item kind and id."""
    return notes_of(conn.execute(BACKUP_NOTES, {"pid": profile_id, "cid": curriculum_id}))


def read_plans(conn: Connection, profile_id: int, curriculum_id: str) -> list[StagePlan]:
    """Every target date of the profile for the curriculum, by stage id."""
    rows = conn.execute(BACKUP_PLANS, {"pid": profile_id, "cid": curriculum_id})
    # An unreadable date (reported by its column type) is left out, never exported.
    return [StagePlan(stage_id, target, updated) for stage_id, target, updated in rows if target]


_new_event = fast_constructor(Event)
"""``Event(...)`` by position without the frozen dataclass ``__init__`` (thousands a backup)."""


class _Kinds(dict[tuple[str, str | None], bool]):
    """(event kind, item kind) as stored -> both known (an unknown one reported), checked once
    per distinct pair rather than once per event."""

    def __missing__(self, pair: tuple[str, str | None]) -> bool:
        kind, of_item = pair
        known = self[pair] = lenient.member(
            CHANGE_KINDS.__getitem__, "an event kind", kind
        ) is not None and (
            not of_item
            or lenient.member(ITEM_KINDS.__getitem__, "an item kind", of_item) is not None
        )
        return known


_NOTE_KIND = ChangeKind.NOTE.value


def _events(rows: Iterable[Any], profile: str, at_of: _Times) -> tuple[Event, ...]:
    """The log's rows as records; a row with an unreadable time or kind is reported and left
    out. A note's old and new texts logged whole by earlier versions are cut to the excerpt
    logged now (``note_log``)."""
    change_kind, item_kind, known, new_event = CHANGE_KINDS, ITEM_KINDS, _Kinds(), _new_event
    events: list[Any] = []
    add = events.append
    for event_id, kind, of_item, item_id, stored_old, stored_new, stored_at in rows:
        at = at_of[stored_at]
        if at is None or not known[kind, of_item]:
            continue
        old, new = stored_old, stored_new
        if kind == _NOTE_KIND:
            old = None if old is None else note_excerpt(old)
            new = None if new is None else note_excerpt(new)
        add(
            new_event(
                event_id,
                profile,
                change_kind[kind],
                item_kind[of_item] if of_item else None,
                item_id,
                old,
                new,
                at,
            )
        )
    return tuple(events)


def read_backup(
    conn: Connection, profile_id: int, curriculum_id: str, *, event_log: bool = True
) -> ProfileBackup:
    """Everything the profile holds for the curriculum; call inside one read transaction.
    ``LookupError`` when there is no such profile.

    ``event_log=False`` (a progress summary, which prints no log) leaves the events out unless
    the profile has study time, whose streak counts the days with a task ticked done.
    """
    driver = conn.connection.driver_connection
    assert driver is not None
    found = driver.execute(_PROFILE_NAME_SQL, (profile_id,)).fetchone()
    if found is None:
        raise LookupError(f"no profile with id {profile_id}")
    name = found[0]
    scope = (profile_id, curriculum_id)
    states = driver.execute(_STATES_SQL, scope).fetchall()
    notes = driver.execute(_NOTES_SQL, scope).fetchall()
    plans = driver.execute(_PLANS_SQL, scope).fetchall()
    study_time, settings = sessions.backup_study(conn, profile_id, curriculum_id)
    events: list[Any] = []
    if event_log or study_time:
        events = driver.execute(_EVENTS_SQL, (*scope, REVIEW_KIND, CARD_KIND)).fetchall()
    status, item_kind, at_of, day = STATUSES, ITEM_KINDS, _Times(), lenient.calendar_date
    new_state = _new_state
    return ProfileBackup(
        profile=name,
        curriculum_id=curriculum_id,
        task_states=tuple(
            new_state(task_id, status[value], at_of[changed], at_of[started], at_of[done])
            for task_id, value, changed, started, done in states
        ),
        notes=tuple(
            Note(item_kind[kind], item_id, text, at_of[updated])  # type: ignore[arg-type]
            for kind, item_id, text, updated in notes
        ),
        plans=tuple(
            StagePlan(stage_id, target, at_of[updated])  # type: ignore[arg-type]
            for stage_id, stored, updated in plans
            # an unreadable date (reported) is left out, never exported
            if (target := day(stored))
        ),
        events=_events(events, name, at_of),
        sessions=study_time,
        settings=settings,
    )
