"""Core helpers that read and write states, notes, plans and the log inside a caller's
transaction (the store's, and those of ``sessions``, ``cards`` and ``sync_local``).

None of them opens, commits or takes a lock: the caller holds the connection and its
transaction, so a change, its event and whatever else belongs with it commit together.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, Row

from tracker.domain import ChangeKind, ItemKind, TaskState, TaskStatus
from tracker.storage.models import UNDO_ACTIVE
from tracker.storage.statements import (
    CLOSE_REDO,
    DELETE_PLAN,
    INSERT_EVENT,
    INSERT_PLAN,
    INSERT_STATE,
    REDO_TOP,
    SELECT_NOTE,
    SELECT_PLAN,
    SELECT_STATE,
    UNDO_TOP,
    UPDATE_PLAN,
    UPDATE_STATE,
)

_StateRow = Row[str, str, datetime, datetime | None, datetime | None]
_EventRow = Row[int, str, str | None, str | None, str | None, str | None, datetime]


def state_of(row: _StateRow) -> TaskState:
    """A row of ``SELECT_STATE(S)`` as a record."""
    return TaskState(
        task_id=row.task_id,
        status=TaskStatus(row.status),
        changed_at=row.changed_at,
        started_at=row.started_at,
        done_at=row.done_at,
    )


def note_text(
    conn: Connection, profile_id: int, curriculum_id: str, kind: ItemKind, item_id: str
) -> str | None:
    """The stored text, None when there is no note row."""
    params = {"pid": profile_id, "cid": curriculum_id, "kind_of_item": kind.value, "item": item_id}
    return conn.execute(SELECT_NOTE, params).scalar_one_or_none()


def apply_status(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    task_id: str,
    status: TaskStatus,
    *,
    now: datetime,
) -> tuple[TaskStatus, TaskState]:
    """Set a task's status (with its started / done times); returns the old status and the
    new state. Nothing is written when the status is unchanged; nothing is logged here."""
    key = {"pid": profile_id, "cid": curriculum_id, "item": task_id}
    row = conn.execute(SELECT_STATE, key).first()
    if row is None:
        old, started_at, done_at = TaskStatus.TODO, None, None
        if status is old:
            return old, TaskState(task_id, old, changed_at=now)
    else:
        old, started_at, done_at = TaskStatus(row.status), row.started_at, row.done_at
        if status is old:
            return old, state_of(row)
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
            INSERT_STATE,
            {
                "profile_id": profile_id,
                "curriculum_id": curriculum_id,
                "task_id": task_id,
                **values,
            },
        )
    else:
        conn.execute(UPDATE_STATE, {**key, **values})
    return old, TaskState(task_id, status, now, started_at, done_at)


def apply_plan(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    stage_id: str,
    target: date | None,
    *,
    now: datetime,
) -> date | None:
    """Set or clear (``None``) a stage's target date; returns the old one. Nothing is written
    when it is unchanged; nothing is logged here."""
    key = {"pid": profile_id, "cid": curriculum_id, "item": stage_id}
    row = conn.execute(SELECT_PLAN, key).first()
    old = row.target_date if row else None
    if old == target:
        return old
    if target is None:
        conn.execute(DELETE_PLAN, key)
    elif row is None:
        conn.execute(
            INSERT_PLAN,
            {
                "profile_id": profile_id,
                "curriculum_id": curriculum_id,
                "stage_id": stage_id,
                "target_date": target,
                "updated_at": now,
            },
        )
    else:
        conn.execute(UPDATE_PLAN, {**key, "target_date": target, "updated_at": now})
    return old


def log_event(
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
        INSERT_EVENT,
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


def log_undoable(
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
    """Log a status or plan change the learner made (undoable). A new change after an undo:
    what could have been redone no longer can."""
    conn.execute(CLOSE_REDO, {"pid": profile_id, "cid": curriculum_id})
    log_event(
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


def stack_top(
    conn: Connection, profile_id: int, curriculum_id: str, *, redo: bool
) -> _EventRow | None:
    """The event undo (or redo) would move next."""
    query = REDO_TOP if redo else UNDO_TOP
    return conn.execute(query, {"pid": profile_id, "cid": curriculum_id}).first()
