"""Backups: a profile's rows read as records, and a backup's records applied to the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import Connection, Row, select
from sqlalchemy.orm import Session

from tracker.domain import (
    ChangeKind,
    Event,
    ItemKind,
    Note,
    StagePlan,
    TaskState,
    TaskStatus,
)
from tracker.storage.card_sync import CARD_KIND
from tracker.storage.cards import REVIEW_KIND
from tracker.storage.models import (
    UNDO_CLOSED,
    EventRow,
    NoteRow,
    StagePlanRow,
    TaskStateRow,
)
from tracker.storage.note_log import note_excerpt
from tracker.storage.statements import (
    _CID,
    _EVENT_COLUMNS,
    _EVENT_OF_SCOPE,
    _PID,
    _PLAN_OF_SCOPE,
    _STATE_COLUMNS,
    _STATE_OF_SCOPE,
)

EventKey = tuple[str, str | None, str | None, str | None, str | None, datetime]
T = TypeVar("T")

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
_BACKUP_EVENTS = (
    select(*_EVENT_COLUMNS)
    # grades and own cards: the backup's review logs and cards
    .where(*_EVENT_OF_SCOPE, EventRow.kind.notin_((REVIEW_KIND, CARD_KIND)))
    .order_by(EventRow.id)
)


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


def _event_key(
    kind: str,
    item_kind: str | None,
    item_id: str | None,
    old: str | None,
    new: str | None,
    *,
    at: datetime,
) -> EventKey:
    if kind == ChangeKind.NOTE.value:  # the log keeps an excerpt of a long note (note_log)
        old = None if old is None else note_excerpt(old)
        new = None if new is None else note_excerpt(new)
    return (kind, item_kind, item_id, old, new, at.astimezone(UTC))


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
    # An unreadable date (reported by its column type) is left out, never exported.
    return [StagePlan(r.stage_id, r.target_date, r.updated_at) for r in rows if r.target_date]


def _imported(
    pid: int,
    cid: str,
    kind: ChangeKind,
    *,
    item: tuple[str, str],
    old: str | None,
    new: str | None,
) -> EventRow:
    """The event of one value an import replaced, timed when the import is applied (the
    caller's ``at``): the import is the last writer of that value, here and, by sync, on the
    learner's other computers."""
    return EventRow(
        profile_id=pid,
        curriculum_id=cid,
        kind=kind.value,
        item_kind=item[0],
        item_id=item[1],
        old=old,
        new=new,
        undo_state=UNDO_CLOSED,
        origin="import",
    )


def _needs_logging(session: Session, event: EventRow) -> bool:
    """Whether the log (the backup's history included) does not already end with the value an
    import wrote: then a new event must say so, or sync would bring back the older value."""
    last = session.execute(
        select(EventRow.new)
        .where(
            EventRow.profile_id == event.profile_id,
            EventRow.curriculum_id == event.curriculum_id,
            EventRow.kind == event.kind,
            EventRow.item_kind == event.item_kind,
            EventRow.item_id == event.item_id,
        )
        .order_by(EventRow.at.desc(), EventRow.id.desc())
        .limit(1)
    ).first()
    return (last[0] if last else event.old) != event.new


def _import_states(
    session: Session,
    pid: int,
    cid: str,
    states: Iterable[TaskState],
    log: list[EventRow] | None = None,
) -> int:
    changed = 0
    for state in states:
        row = session.get(TaskStateRow, (pid, cid, state.task_id))
        before = row.status if row is not None else TaskStatus.TODO.value
        if log is not None and before != state.status.value:
            log.append(
                _imported(
                    pid,
                    cid,
                    ChangeKind.STATUS,
                    item=(ItemKind.TASK.value, state.task_id),
                    old=before,
                    new=state.status.value,
                )
            )
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


def _import_notes(
    session: Session, pid: int, cid: str, notes: Iterable[Note], log: list[EventRow] | None = None
) -> int:
    changed = 0
    for note in notes:
        row = session.get(NoteRow, (pid, cid, note.item_kind.value, note.item_id))
        before = row.text if row is not None else None
        if log is not None and (before or "") != note.text:
            log.append(
                _imported(
                    pid,
                    cid,
                    ChangeKind.NOTE,
                    item=(note.item_kind.value, note.item_id),
                    old=note_excerpt(before) if before else None,
                    new=note_excerpt(note.text) if note.text else None,
                )
            )
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


def _import_plans(
    session: Session,
    pid: int,
    cid: str,
    plans: Iterable[StagePlan],
    log: list[EventRow] | None = None,
) -> int:
    changed = 0
    for plan in plans:
        row = session.get(StagePlanRow, (pid, cid, plan.stage_id))
        before = row.target_date if row is not None else None
        if log is not None and before != plan.target_date:
            log.append(
                _imported(
                    pid,
                    cid,
                    ChangeKind.PLAN,
                    item=(ItemKind.STAGE.value, plan.stage_id),
                    old=before.isoformat() if before else None,
                    new=plan.target_date.isoformat() if plan.target_date else None,
                )
            )
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
