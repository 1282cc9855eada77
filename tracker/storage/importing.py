"""A backup's records applied to the database, in the caller's ORM session (one transaction).

States, notes and plans take the backup's values; the backup's events missing from the log are
appended as history (``EventKey`` de-duplicates them by kind, item, old, new and time). Reading a
backup is ``reads.read_backup``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

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
from tracker.storage import sessions
from tracker.storage.models import (
    UNDO_ACTIVE,
    UNDO_CLOSED,
    UNDO_UNDONE,
    EventRow,
    NoteRow,
    ProfileRow,
    StagePlanRow,
    TaskStateRow,
)
from tracker.storage.note_log import note_excerpt

EventKey = tuple[str, str | None, str | None, str | None, str | None, datetime]
"""What makes two events the same for an import: kind, item kind, item id, old, new, time."""


def apply_backup(session: Session, backup: ProfileBackup, profile_name: str, now: datetime) -> int:
    """Apply a backup to ``profile_name`` (created if needed) in the caller's transaction.

    States, notes and plans take the backup's values; events missing from the log are
    appended as history (not undoable). Returns how many rows changed (0 the second time).
    """
    cid = backup.curriculum_id
    profile = session.scalars(select(ProfileRow).where(ProfileRow.name == profile_name)).first()
    changed = 0
    if profile is None:
        profile = ProfileRow(name=profile_name, created_at=now, last_used_at=None)
        session.add(profile)
        session.flush()
        changed += 1
    pid = profile.id
    imported: list[EventRow] = []  # what the import replaced, logged last
    replaced = _import_states(session, pid, cid, backup.task_states, imported)
    replaced += _import_plans(session, pid, cid, backup.plans, imported)
    if replaced:
        # Undo and redo would now take back or re-apply values the import replaced,
        # reporting changes that are no longer what the learner sees: close both.
        session.execute(
            update(EventRow)
            .where(
                EventRow.profile_id == pid,
                EventRow.curriculum_id == cid,
                EventRow.undo_state.in_((UNDO_ACTIVE, UNDO_UNDONE)),
            )
            .values(undo_state=UNDO_CLOSED)
        )
    changed += replaced
    changed += _import_notes(session, pid, cid, backup.notes, imported)
    changed += _import_events(session, pid, cid, backup.events)
    for event in (e for e in imported if _needs_logging(session, e)):
        event.at = now
        session.add(event)
    changed += sessions.import_study(
        session.connection(), pid, cid, backup.sessions, backup.settings
    )
    return changed


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
