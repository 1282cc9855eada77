"""Reads and writes of the learner's data, one short transaction per call, returning plain records.

The progress layer calls this and never sees a session or an ORM object. Every change to a status
or a plan appends an event to the activity log; undo and redo move along that log (see
``UNDO_*`` in ``models``): undo takes back the newest active change, redo re-applies the most
recently undone one, and a new change closes whatever could still be redone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import delete, func, select, update
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


def _profile(row: ProfileRow) -> Profile:
    return Profile(id=row.id, name=row.name, created_at=row.created_at)


def _state(row: TaskStateRow) -> TaskState:
    return TaskState(
        task_id=row.task_id,
        status=TaskStatus(row.status),
        changed_at=row.changed_at,
        started_at=row.started_at,
        done_at=row.done_at,
    )


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


class ProgressStore:
    """The learner's database as plain operations (profiles, states, notes, plans, the log)."""

    def __init__(self, database: Database) -> None:
        self.database = database

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
        with self.database.reading() as session:
            rows = session.scalars(
                select(TaskStateRow).where(
                    TaskStateRow.profile_id == profile_id,
                    TaskStateRow.curriculum_id == curriculum_id,
                )
            )
            return {row.task_id: _state(row) for row in rows}

    def task_state(self, profile_id: int, curriculum_id: str, task_id: str) -> TaskState | None:
        with self.database.reading() as session:
            row = session.get(TaskStateRow, (profile_id, curriculum_id, task_id))
            return _state(row) if row else None

    def set_status(
        self, profile_id: int, curriculum_id: str, task_id: str, status: TaskStatus, now: datetime
    ) -> tuple[TaskStatus, TaskState]:
        """Set a status and log it (undoable); returns the old status and the new state."""
        with self.database.writing() as session:
            old, state = _apply_status(session, profile_id, curriculum_id, task_id, status, now=now)
            if old != status:
                _log_undoable(
                    session,
                    profile_id,
                    curriculum_id,
                    kind=ChangeKind.STATUS,
                    item_kind=ItemKind.TASK,
                    item_id=task_id,
                    old=old.value,
                    new=status.value,
                    now=now,
                )
            return old, state

    # --- notes ----------------------------------------------------------------------------

    def note(self, profile_id: int, curriculum_id: str, kind: ItemKind, item_id: str) -> str:
        with self.database.reading() as session:
            row = session.get(NoteRow, (profile_id, curriculum_id, kind.value, item_id))
            return row.text if row else ""

    def notes(self, profile_id: int, curriculum_id: str) -> list[Note]:
        with self.database.reading() as session:
            return _notes(session, profile_id, curriculum_id)

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
        with self.database.writing() as session:
            key = (profile_id, curriculum_id, kind.value, item_id)
            row = session.get(NoteRow, key)
            old = row.text if row else ""
            if old == text:
                return None
            if not text and row is not None:
                session.delete(row)
            elif row is None:
                session.add(
                    NoteRow(
                        profile_id=profile_id,
                        curriculum_id=curriculum_id,
                        item_kind=kind.value,
                        item_id=item_id,
                        text=text,
                        updated_at=now,
                    )
                )
            else:
                row.text = text
                row.updated_at = now
            session.add(
                EventRow(
                    profile_id=profile_id,
                    curriculum_id=curriculum_id,
                    kind=ChangeKind.NOTE.value,
                    item_kind=kind.value,
                    item_id=item_id,
                    old=old,
                    new=text,
                    at=now,
                    undo_state=UNDO_CLOSED,
                )
            )
            return old

    # --- plans ----------------------------------------------------------------------------

    def plans(self, profile_id: int, curriculum_id: str) -> list[StagePlan]:
        with self.database.reading() as session:
            return _plans(session, profile_id, curriculum_id)

    def set_target_date(
        self,
        profile_id: int,
        curriculum_id: str,
        stage_id: str,
        target: date | None,
        now: datetime,
    ) -> date | None:
        """Set or clear a stage's target date and log it (undoable); returns the old date."""
        with self.database.writing() as session:
            old = _apply_plan(session, profile_id, curriculum_id, stage_id, target, now=now)
            if old != target:
                _log_undoable(
                    session,
                    profile_id,
                    curriculum_id,
                    kind=ChangeKind.PLAN,
                    item_kind=ItemKind.STAGE,
                    item_id=stage_id,
                    old=old.isoformat() if old else None,
                    new=target.isoformat() if target else None,
                    now=now,
                )
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
        with self.database.reading() as session:
            return _stack_top(session, profile_id, curriculum_id, UNDO_ACTIVE) is not None

    def can_redo(self, profile_id: int, curriculum_id: str) -> bool:
        with self.database.reading() as session:
            return _stack_top(session, profile_id, curriculum_id, UNDO_UNDONE) is not None

    def undo(self, profile_id: int, curriculum_id: str, now: datetime) -> Event | None:
        """Take back the newest active status or plan change; returns the event it logged."""
        return self._move(profile_id, curriculum_id, now, redo=False)

    def redo(self, profile_id: int, curriculum_id: str, now: datetime) -> Event | None:
        """Re-apply the most recently undone change; returns the event it logged."""
        return self._move(profile_id, curriculum_id, now, redo=True)

    def _move(
        self, profile_id: int, curriculum_id: str, now: datetime, *, redo: bool
    ) -> Event | None:
        with self.database.writing() as session:
            state = UNDO_UNDONE if redo else UNDO_ACTIVE
            target = _stack_top(session, profile_id, curriculum_id, state)
            if target is None:
                return None
            value = target.new if redo else target.old
            assert target.item_id is not None
            if target.kind == ChangeKind.STATUS.value:
                _apply_status(
                    session,
                    profile_id,
                    curriculum_id,
                    target.item_id,
                    TaskStatus(value or TaskStatus.TODO.value),
                    now=now,
                )
            else:
                _apply_plan(
                    session, profile_id, curriculum_id, target.item_id, _parse_date(value), now=now
                )
            target.undo_state = UNDO_ACTIVE if redo else UNDO_UNDONE
            logged = EventRow(
                profile_id=profile_id,
                curriculum_id=curriculum_id,
                kind=target.kind,
                item_kind=target.item_kind,
                item_id=target.item_id,
                old=target.old if redo else target.new,
                new=value,
                at=now,
                undo_state=UNDO_CLOSED,
                origin="redo" if redo else "undo",
            )
            session.add(logged)
            session.flush()
            return _event(logged, session.get_one(ProfileRow, profile_id).name)

    # --- backups --------------------------------------------------------------------------

    def backup(self, profile_id: int, curriculum_id: str) -> ProfileBackup:
        """Everything the profile holds for the curriculum, read in one snapshot."""
        with self.database.reading() as session:
            name = session.get_one(ProfileRow, profile_id).name
            states = session.scalars(
                select(TaskStateRow)
                .where(
                    TaskStateRow.profile_id == profile_id,
                    TaskStateRow.curriculum_id == curriculum_id,
                )
                .order_by(TaskStateRow.task_id)
            )
            events = session.scalars(
                select(EventRow)
                .where(EventRow.profile_id == profile_id, EventRow.curriculum_id == curriculum_id)
                .order_by(EventRow.id)
            )
            return ProfileBackup(
                profile=name,
                curriculum_id=curriculum_id,
                task_states=tuple(_state(row) for row in states),
                notes=tuple(_notes(session, profile_id, curriculum_id)),
                plans=tuple(_plans(session, profile_id, curriculum_id)),
                events=tuple(_event(row, name) for row in events),
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


def _apply_status(
    session: Session,
    profile_id: int,
    curriculum_id: str,
    task_id: str,
    status: TaskStatus,
    *,
    now: datetime,
) -> tuple[TaskStatus, TaskState]:
    row = session.get(TaskStateRow, (profile_id, curriculum_id, task_id))
    if row is None:
        row = TaskStateRow(
            profile_id=profile_id,
            curriculum_id=curriculum_id,
            task_id=task_id,
            status=TaskStatus.TODO.value,
            changed_at=now,
        )
        session.add(row)
    old = TaskStatus(row.status)
    if old == status:
        return old, _state(row)
    row.status = status.value
    row.changed_at = now
    if status is TaskStatus.TODO:
        row.started_at = None
        row.done_at = None
    elif status is TaskStatus.IN_PROGRESS:
        row.started_at = row.started_at or now
        row.done_at = None
    elif status is TaskStatus.DONE:
        row.started_at = row.started_at or now
        row.done_at = now
    else:
        row.done_at = None
    return old, _state(row)


def _apply_plan(
    session: Session,
    profile_id: int,
    curriculum_id: str,
    stage_id: str,
    target: date | None,
    *,
    now: datetime,
) -> date | None:
    row = session.get(StagePlanRow, (profile_id, curriculum_id, stage_id))
    old = row.target_date if row else None
    if old == target:
        return old
    if target is None:
        session.delete(row)
    elif row is None:
        session.add(
            StagePlanRow(
                profile_id=profile_id,
                curriculum_id=curriculum_id,
                stage_id=stage_id,
                target_date=target,
                updated_at=now,
            )
        )
    else:
        row.target_date = target
        row.updated_at = now
    return old


def _log_undoable(
    session: Session,
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
    session.execute(
        update(EventRow)
        .where(
            EventRow.profile_id == profile_id,
            EventRow.curriculum_id == curriculum_id,
            EventRow.undo_state == UNDO_UNDONE,
        )
        .values(undo_state=UNDO_CLOSED)
    )
    session.add(
        EventRow(
            profile_id=profile_id,
            curriculum_id=curriculum_id,
            kind=kind.value,
            item_kind=item_kind.value,
            item_id=item_id,
            old=old,
            new=new,
            at=now,
            undo_state=UNDO_ACTIVE,
            origin="user",
        )
    )


def _stack_top(
    session: Session, profile_id: int, curriculum_id: str, state: int
) -> EventRow | None:
    order = EventRow.id.desc() if state == UNDO_ACTIVE else EventRow.id.asc()
    return session.scalars(
        select(EventRow)
        .where(
            EventRow.profile_id == profile_id,
            EventRow.curriculum_id == curriculum_id,
            EventRow.undo_state == state,
            EventRow.kind.in_(UNDOABLE_KINDS),
        )
        .order_by(order)
        .limit(1)
    ).first()


def _notes(session: Session, profile_id: int, curriculum_id: str) -> list[Note]:
    rows = session.scalars(
        select(NoteRow)
        .where(NoteRow.profile_id == profile_id, NoteRow.curriculum_id == curriculum_id)
        .order_by(NoteRow.item_kind, NoteRow.item_id)
    )
    return [Note(ItemKind(r.item_kind), r.item_id, r.text, r.updated_at) for r in rows]


def _plans(session: Session, profile_id: int, curriculum_id: str) -> list[StagePlan]:
    rows = session.scalars(
        select(StagePlanRow)
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
