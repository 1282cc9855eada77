"""Reads and writes of the learner's data, one short transaction per call, returning plain records.

The progress layer calls this and never sees a session or an ORM object. Every change to a status
or a plan appends an event to the activity log; undo and redo move along that log (see
``UNDO_*`` in ``models``): undo takes back the newest active change, redo re-applies the most
recently undone one, and a new change closes whatever could still be redone.

The frequent operations (a tick, a note, a plan, undo, redo, and the reads that repaint a row) run
as prebuilt Core statements (``statements``, applied by ``writes``) on the database's own
connection, still one ``BEGIN IMMEDIATE`` transaction per change with its event row. The statuses
and plans the roll-ups need are kept in memory (the roll-up cache, ``progress_view``), updated by
those writes, and read again only when ``PRAGMA data_version`` shows that something else
committed. The bulk reads (``reads``: notes, plans, a whole backup for an export) are Core
statements of just the columns the records need, on the same connection. Rare work (profiles,
applying a backup: ``importing``) goes through ORM sessions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, delete, func, select, update

from tracker.domain import (
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
from tracker.storage import lenient, sessions
from tracker.storage.card_sync import CARD_KIND
from tracker.storage.cards import REVIEW_KIND
from tracker.storage.database import Database, open_database
from tracker.storage.errors import NoteChangedError, ProfileGoneError
from tracker.storage.importing import EventKey, apply_backup
from tracker.storage.models import (
    UNDO_ACTIVE,
    UNDO_CLOSED,
    UNDO_UNDONE,
    EventRow,
    MetaRow,
    ProfileRow,
)
from tracker.storage.note_log import note_excerpt
from tracker.storage.progress_view import ProgressView, RollupCache
from tracker.storage.reads import read_backup, read_notes, read_plans
from tracker.storage.statements import (
    DELETE_NOTE,
    INSERT_NOTE,
    PROFILE_NAME,
    SELECT_STATE,
    SELECT_STATES,
    SET_UNDO_STATE,
    UNDOABLE_KINDS,
    UPDATE_NOTE,
)
from tracker.storage.writes import (
    apply_plan,
    apply_status,
    log_event,
    log_undoable,
    note_text,
    stack_top,
    state_of,
)

# The names the progress layer and the tests import from this module.
__all__ = ["UNDOABLE_KINDS", "EventKey", "ProgressStore", "ProgressView"]


def _profile(row: ProfileRow) -> Profile:
    return Profile(id=row.id, name=row.name, created_at=row.created_at or lenient.UNKNOWN_TIME)


def _event(row: EventRow, profile: str) -> Event | None:
    """The log entry; None (reported, kept in the file) for a kind this version does not know."""
    kind = lenient.member(ChangeKind, "an event kind", row.kind)
    item_kind = lenient.member(ItemKind, "an item kind", row.item_kind) if row.item_kind else None
    if kind is None or (row.item_kind and item_kind is None):
        return None
    return Event(
        id=row.id,
        profile=profile,
        kind=kind,
        item_kind=item_kind,
        item_id=row.item_id,
        old=row.old,
        new=row.new,
        at=row.at or lenient.UNKNOWN_TIME,
    )


def _parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class ProgressStore:
    """The learner's database as plain operations (profiles, states, notes, plans, the log)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        # Roll-up inputs per (profile, curriculum), valid while the own connection's
        # data_version is unchanged: only writes made through the own connection (which keep
        # the cache up to date themselves, under ``database.lock``) leave it unchanged.
        self.rollup_cache = RollupCache()

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
            rows = conn.execute(SELECT_STATES, {"pid": profile_id, "cid": curriculum_id})
            return {row.task_id: state_of(row) for row in rows}

    def task_state(self, profile_id: int, curriculum_id: str, task_id: str) -> TaskState | None:
        with self.database.connection(write=False) as conn:
            row = conn.execute(
                SELECT_STATE, {"pid": profile_id, "cid": curriculum_id, "item": task_id}
            ).first()
            return state_of(row) if row else None

    def set_status(
        self, profile_id: int, curriculum_id: str, task_id: str, status: TaskStatus, now: datetime
    ) -> tuple[TaskStatus, TaskState]:
        """Set a status and log it (undoable); returns the old status and the new state."""
        with self.database.lock, self.keeping_rollup_cache():
            with self._own_write(profile_id) as conn:
                old, state = apply_status(conn, profile_id, curriculum_id, task_id, status, now=now)
                if old != status:
                    log_undoable(
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
                self.rollup_cache.status_changed(profile_id, curriculum_id, task_id, status)
            return old, state

    # --- the roll-ups' inputs ---------------------------------------------------------------

    def progress_view(self, profile_id: int, curriculum_id: str) -> ProgressView:
        """Statuses other than todo, and target dates, of the profile for the curriculum.

        Read once, then kept up to date by this store's own writes; re-read when anything else
        (another process, an import, a profile removal) has committed since.
        """
        with self.database.lock, self.database.connection(write=False) as conn:
            return self.rollup_cache.view(conn, self.database.own_serial, profile_id, curriculum_id)

    @contextlib.contextmanager
    def _own_write(self, profile_id: int) -> Iterator[Connection]:
        """A write transaction on the own connection for ``profile_id``, which must still exist
        (``ProfileGoneError`` otherwise: removed meanwhile by another window or program; its id
        is never given to another profile). Callers hold ``database.lock`` and
        ``keeping_rollup_cache()`` around it and the cache update that follows the commit."""
        with self.database.connection(write=True) as conn:
            if conn.execute(PROFILE_NAME, {"pid": profile_id}).first() is None:
                raise ProfileGoneError(
                    f"{self.path}: profile #{profile_id} no longer exists",
                    self.path,
                    profile_id,
                )
            yield conn

    @contextlib.contextmanager
    def keeping_rollup_cache(self) -> Iterator[None]:
        """Around a write AND the roll-up cache's update after its commit: any exception (a
        failed commit, or a ``KeyboardInterrupt`` between the commit and the update) empties
        the cache, which is then read again — the outcome of the write is unknown here."""
        try:
            yield
        except BaseException:
            self.rollup_cache.forget()
            raise

    # --- notes ----------------------------------------------------------------------------

    def note(self, profile_id: int, curriculum_id: str, kind: ItemKind, item_id: str) -> str:
        with self.database.connection(write=False) as conn:
            return note_text(conn, profile_id, curriculum_id, kind, item_id) or ""

    def notes(self, profile_id: int, curriculum_id: str) -> list[Note]:
        with self.database.connection(write=False) as conn:
            return read_notes(conn, profile_id, curriculum_id)

    def noted(self, profile_id: int, curriculum_id: str, kind: ItemKind) -> frozenset[str]:
        """The ids of the items of ``kind`` that have a note."""
        from tracker.storage.search_index import noted_items

        with self.database.connection(write=False) as conn:
            return noted_items(conn, profile_id, curriculum_id, kind.value)

    def find_notes(
        self, profile_id: int, curriculum_id: str, terms: list[tuple[str, bool]], limit: int
    ) -> list[tuple[str, str, str]]:
        """Notes holding every term, through the full-text index (see ``search_index``)."""
        from tracker.storage.search_index import find_notes

        with self.database.connection(write=False) as conn:
            return find_notes(conn, profile_id, curriculum_id, terms, limit)

    def set_note(
        self,
        profile_id: int,
        curriculum_id: str,
        kind: ItemKind,
        item_id: str,
        text: str,
        *,
        now: datetime,
        expected: str | None = None,
    ) -> str | None:
        """Store ``text`` exactly ("" removes the note); returns the old text, None if unchanged.

        ``expected``: the text the writer last read; if the stored text differs (another
        program wrote meanwhile) nothing is written and ``NoteChangedError`` says what is stored.
        """
        key = {"pid": profile_id, "cid": curriculum_id, "kind_of_item": kind.value, "item": item_id}
        with self.database.lock, self.keeping_rollup_cache(), self._own_write(profile_id) as conn:
            stored = note_text(conn, profile_id, curriculum_id, kind, item_id)
            old = stored or ""
            if old == text:
                return None
            if expected is not None and old != expected:
                raise NoteChangedError(old)
            if not text:
                conn.execute(DELETE_NOTE, key)
            elif stored is None:
                conn.execute(
                    INSERT_NOTE,
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
                conn.execute(UPDATE_NOTE, {**key, "text": text, "updated_at": now})
            log_event(
                conn,
                profile_id,
                curriculum_id,
                kind=ChangeKind.NOTE.value,
                item_kind=kind.value,
                item_id=item_id,
                old=note_excerpt(old),
                new=note_excerpt(text),
                now=now,
                undo_state=UNDO_CLOSED,
                origin="user",
            )
            return old

    # --- plans ----------------------------------------------------------------------------

    def plans(self, profile_id: int, curriculum_id: str) -> list[StagePlan]:
        with self.database.connection(write=False) as conn:
            return read_plans(conn, profile_id, curriculum_id)

    def set_target_date(
        self,
        profile_id: int,
        curriculum_id: str,
        stage_id: str,
        target: date | None,
        now: datetime,
    ) -> date | None:
        """Set or clear a stage's target date and log it (undoable); returns the old date."""
        with self.database.lock, self.keeping_rollup_cache():
            with self._own_write(profile_id) as conn:
                old = apply_plan(conn, profile_id, curriculum_id, stage_id, target, now=now)
                if old != target:
                    log_undoable(
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
                self.rollup_cache.plan_changed(profile_id, curriculum_id, stage_id, target)
            return old

    # --- the activity log, undo and redo -------------------------------------------------

    def events(self, profile_id: int, curriculum_id: str, limit: int | None = 100) -> list[Event]:
        """The log, newest first."""
        with self.database.reading() as session:
            name = session.get_one(ProfileRow, profile_id).name
            query = (
                select(EventRow)
                .where(EventRow.profile_id == profile_id, EventRow.curriculum_id == curriculum_id)
                .where(EventRow.kind.notin_((REVIEW_KIND, CARD_KIND)))  # travel by sync
                .order_by(EventRow.id.desc())
            )
            if limit is not None:
                query = query.limit(limit)
            return [e for e in (_event(row, name) for row in session.scalars(query)) if e]

    def can_undo(self, profile_id: int, curriculum_id: str) -> bool:
        with self.database.connection(write=False) as conn:
            return stack_top(conn, profile_id, curriculum_id, redo=False) is not None

    def can_redo(self, profile_id: int, curriculum_id: str) -> bool:
        with self.database.connection(write=False) as conn:
            return stack_top(conn, profile_id, curriculum_id, redo=True) is not None

    def next_move(self, profile_id: int, curriculum_id: str, *, redo: bool) -> Event | None:
        """The logged change undo (or redo) would take back (re-apply) next, or None."""
        with self.database.connection(write=False) as conn:
            top = stack_top(conn, profile_id, curriculum_id, redo=redo)
            if top is None:
                return None
            name = conn.execute(PROFILE_NAME, {"pid": profile_id}).scalar_one_or_none() or ""
        kind = ItemKind(top.item_kind) if top.item_kind else None
        return Event(
            top.id, name, ChangeKind(top.kind), kind, top.item_id, top.old, top.new, top.at
        )

    def undo(
        self, profile_id: int, curriculum_id: str, now: datetime, *, only: int | None = None
    ) -> Event | None:
        """Take back the newest active status or plan change; returns the event it logged.
        ``only``: do it only if that change is the event of this id (``next_move``)."""
        return self._move(profile_id, curriculum_id, now, redo=False, only=only)

    def redo(
        self, profile_id: int, curriculum_id: str, now: datetime, *, only: int | None = None
    ) -> Event | None:
        """Re-apply the most recently undone change; returns the event it logged."""
        return self._move(profile_id, curriculum_id, now, redo=True, only=only)

    def _move(
        self,
        profile_id: int,
        curriculum_id: str,
        now: datetime,
        *,
        redo: bool,
        only: int | None = None,
    ) -> Event | None:
        with self.database.lock, self.keeping_rollup_cache():
            with self._own_write(profile_id) as conn:
                target = stack_top(conn, profile_id, curriculum_id, redo=redo)
                if target is None or (only is not None and target.id != only):
                    return None
                value = target.new if redo else target.old
                assert target.item_id is not None
                if target.kind in sessions.MOVED_HERE:  # study time, re-plans
                    other = target.old if redo else target.new
                    written = sessions.apply_move(
                        conn, profile_id, curriculum_id, target.kind, value, other=other, now=now
                    )
                elif target.kind == ChangeKind.STATUS.value:
                    status = TaskStatus(value or TaskStatus.TODO.value)
                    apply_status(conn, profile_id, curriculum_id, target.item_id, status, now=now)
                else:
                    plan = _parse_date(value)
                    apply_plan(conn, profile_id, curriculum_id, target.item_id, plan, now=now)
                conn.execute(
                    SET_UNDO_STATE,
                    {"event_id": target.id, "undo_state": UNDO_ACTIVE if redo else UNDO_UNDONE},
                )
                old = target.old if redo else target.new
                event_id = log_event(
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
                name = conn.execute(PROFILE_NAME, {"pid": profile_id}).scalar_one()
            if target.kind in sessions.MOVED_HERE:
                for stage_id, stage_plan in written:
                    self.rollup_cache.plan_changed(profile_id, curriculum_id, stage_id, stage_plan)
            elif target.kind == ChangeKind.STATUS.value:
                self.rollup_cache.status_changed(profile_id, curriculum_id, target.item_id, status)
            else:
                self.rollup_cache.plan_changed(profile_id, curriculum_id, target.item_id, plan)
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

    def backup(
        self, profile_id: int, curriculum_id: str, *, event_log: bool = True
    ) -> ProfileBackup:
        """Everything the profile holds for the curriculum, read in one transaction
        (``reads.read_backup``, which says what ``event_log=False`` leaves out);
        ``LookupError`` when there is no such profile."""
        with self.database.connection(write=False) as conn:
            return read_backup(conn, profile_id, curriculum_id, event_log=event_log)

    def import_backup(self, backup: ProfileBackup, profile_name: str, now: datetime) -> int:
        """Apply a backup to ``profile_name`` (created if needed) in one transaction.

        States, notes and plans take the backup's values; events missing from the log are
        appended as history (not undoable). Returns how many rows changed (0 the second time).
        """
        with self.database.writing() as session:
            return apply_backup(session, backup, profile_name, now)

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
