"""The learner's side of cohort sync, in the local SQLite: what to push, and applying what was
pulled, each with its cursor in the same transaction.

Local events carry ``device`` NULL (this data folder, ``meta['device_id']``); pulled events keep
the device that recorded them. An item's value is that of its *last writer*: the event with the
greatest (event time, device id) among all its events, wherever recorded — so two data folders
holding the same events hold the same values, whatever order the events arrived in.

How an event kind is applied is looked up in ``APPLIERS`` (kind -> function of the item's last
writer: statuses, plans, notes) or in ``SET_APPLIERS`` (kind -> function of each event, applied
once when first recorded: study sessions and review grades, which merge as sets). A kind in
neither is kept as an event only.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import ColumnElement, Connection, func, insert, select, update

from tracker.domain import ItemKind, TaskStatus
from tracker.storage.cards import REVIEW_KIND, apply_pulled_review
from tracker.storage.database import Database
from tracker.storage.errors import StorageError
from tracker.storage.models import (
    DEVICE_ID_KEY,
    UNDO_CLOSED,
    EventRow,
    MetaRow,
    NoteRow,
    SyncCursorRow,
)
from tracker.storage.sessions import apply_pulled_time
from tracker.storage.statements import DELETE_NOTE as _DELETE_NOTE
from tracker.storage.statements import INSERT_NOTE as _INSERT_NOTE
from tracker.storage.statements import UPDATE_NOTE as _UPDATE_NOTE
from tracker.storage.writes import apply_plan as _apply_plan
from tracker.storage.writes import apply_status as _apply_status
from tracker.storage.writes import note_text as _note_text
from tracker.studytime import TIME_KIND

NOTE = "note"
PULL_ORIGIN = "sync"


@dataclass(frozen=True)
class SyncEvent:
    """One event as it travels: local id (0 for pulled), global id, and what it says."""

    local_id: int
    gid: str
    device: str | None
    curriculum_id: str
    kind: str
    item_kind: str | None
    item_id: str | None
    old: str | None
    new: str | None
    at: datetime


@dataclass(frozen=True)
class Winner:
    """The last writer of one item, handed to an applier."""

    profile_id: int
    curriculum_id: str
    item_kind: str | None
    item_id: str
    new: str | None
    at: datetime


@dataclass(frozen=True)
class NoteConflict:
    curriculum_id: str
    item_kind: str
    item_id: str
    kept: str
    other: str


@dataclass(frozen=True)
class Applied:
    events: int
    conflicts: tuple[NoteConflict, ...]


def _apply_status_winner(conn: Connection, w: Winner) -> None:
    status = TaskStatus(w.new or TaskStatus.TODO.value)
    _apply_status(conn, w.profile_id, w.curriculum_id, w.item_id, status, now=w.at)


def _apply_plan_winner(conn: Connection, w: Winner) -> None:
    target = date.fromisoformat(w.new) if w.new else None
    _apply_plan(conn, w.profile_id, w.curriculum_id, w.item_id, target, now=w.at)


def _apply_note_winner(conn: Connection, w: Winner) -> None:
    kind = ItemKind(w.item_kind or ItemKind.TASK.value)
    key = {
        "pid": w.profile_id,
        "cid": w.curriculum_id,
        "kind_of_item": kind.value,
        "item": w.item_id,
    }
    stored = _note_text(conn, w.profile_id, w.curriculum_id, kind, w.item_id)
    text = w.new or ""
    if (stored or "") == text:
        return
    if not text:
        conn.execute(_DELETE_NOTE, key)
    elif stored is None:
        conn.execute(
            _INSERT_NOTE,
            {
                "profile_id": w.profile_id,
                "curriculum_id": w.curriculum_id,
                "item_kind": kind.value,
                "item_id": w.item_id,
                "text": text,
                "updated_at": w.at,
            },
        )
    else:
        conn.execute(_UPDATE_NOTE, {**key, "text": text, "updated_at": w.at})


Applier = Callable[[Connection, Winner], None]
APPLIERS: dict[str, Applier] = {
    "status": _apply_status_winner,
    "plan": _apply_plan_winner,
    NOTE: _apply_note_winner,
}


SetApplier = Callable[[Connection, int, SyncEvent], None]


def _apply_time_event(conn: Connection, profile_id: int, event: SyncEvent) -> None:
    apply_pulled_time(conn, profile_id, event.curriculum_id, event.old, event.new)


def _apply_review_event(conn: Connection, profile_id: int, event: SyncEvent) -> None:
    apply_pulled_review(conn, profile_id, event.curriculum_id, event.old, event.new)


SET_APPLIERS: dict[str, SetApplier] = {
    TIME_KIND: _apply_time_event,
    REVIEW_KIND: _apply_review_event,
}
"""Kinds merged as sets rather than by last writer: each pulled event is applied once, when it
is first recorded here (its global id makes a second arrival a no-op)."""


def device_id(database: Database) -> str:
    with database.reading() as session:
        value = session.get(MetaRow, DEVICE_ID_KEY)
        assert value is not None, "revision 0009 gives every data folder a device id"
        return value.value


DEVICE_HOME_KEY = "device_home"
"""Where the database file was when it got its device id (its resolved path), so a copy of the
data folder, which would carry the same device id, is noticed before it syncs."""


class CopiedFolderError(StorageError):
    """This data folder carries the device id of another (it was copied, or moved)."""


def _home(database: Database) -> str:
    return str(Path(database.path).resolve())


def check_device(database: Database) -> str:
    """This folder's device id, after making sure it is this folder's own: the first sync
    records where the file is (``record_home``); a file found elsewhere later is a copy (or a
    move) that shares its device id with the original, and must get its own (``new_device``)
    before it syncs — otherwise neither copy would ever pull the other's events."""
    with database.reading() as session:
        recorded = session.get(MetaRow, DEVICE_HOME_KEY)
        if recorded is not None and recorded.value != _home(database):
            raise CopiedFolderError(
                f"{database.path}: this data folder was copied or moved from {recorded.value} and "
                "shares its device id; run 'learnpath sync --new-device --server URL' to give it "
                "its own",
                Path(database.path),
                code="copied_folder",
                original=recorded.value,
            )
    return device_id(database)


def record_home(database: Database) -> None:
    """Remember where this folder's file is, once it has synced (see ``check_device``)."""
    with database.writing() as session:
        if session.get(MetaRow, DEVICE_HOME_KEY) is None:
            session.add(MetaRow(key=DEVICE_HOME_KEY, value=_home(database)))


def new_device(database: Database) -> str:
    """Give this data folder a device id of its own. The events already pushed were pushed
    under the old id (from the original folder), so they are marked as that device's; later
    ones go out under the new id (one the original also holds is the same event, by global id,
    and the server keeps it once)."""
    fresh = str(uuid.uuid4())
    with database.writing() as session:
        old = session.get_one(MetaRow, DEVICE_ID_KEY)
        pushed = session.execute(
            select(SyncCursorRow.profile_id, func.max(SyncCursorRow.pushed_event_id)).group_by(
                SyncCursorRow.profile_id
            )
        ).all()
        for profile_id, upto in pushed:
            session.execute(
                update(EventRow)
                .where(
                    EventRow.profile_id == profile_id,
                    EventRow.device.is_(None),
                    EventRow.id <= upto,
                )
                .values(device=old.value)
            )
        old.value = fresh
        home = session.get(MetaRow, DEVICE_HOME_KEY)
        if home is None:
            session.add(MetaRow(key=DEVICE_HOME_KEY, value=_home(database)))
        else:
            home.value = _home(database)
    return fresh


def cursor(database: Database, profile_id: int, server: str) -> tuple[int, int]:
    """(last local event id pushed, last server sequence number applied)."""
    with database.reading() as session:
        row = session.get(SyncCursorRow, (profile_id, server))
        return (row.pushed_event_id, row.pulled_seq) if row else (0, 0)


def _save_cursor(
    conn: Connection, profile_id: int, server: str, now: datetime, **values: int
) -> None:
    done = conn.execute(
        update(SyncCursorRow)
        .where(SyncCursorRow.profile_id == profile_id, SyncCursorRow.server == server)
        .values(updated_at=now, **values)
    )
    if done.rowcount == 0:
        conn.execute(
            insert(SyncCursorRow).values(
                profile_id=profile_id, server=server, updated_at=now, **values
            )
        )


def last_pushed(database: Database, profile_id: int) -> int:
    """The newest local event of the profile known to be on a server (0 if none)."""
    query = select(func.max(SyncCursorRow.pushed_event_id)).where(
        SyncCursorRow.profile_id == profile_id
    )
    with database.reading() as session:
        return int(session.execute(query).scalar_one() or 0)


def reset_push_cursor(database: Database, profile_id: int) -> None:
    """Push again from the first event (e.g. once notes are shared): the server ignores what
    it has already."""
    with database.writing() as session:
        session.execute(
            update(SyncCursorRow)
            .where(SyncCursorRow.profile_id == profile_id)
            .values(pushed_event_id=0)
        )


def _pending_query(profile_id: int, after_id: int, share_notes: bool) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        EventRow.profile_id == profile_id,
        EventRow.id > after_id,
        EventRow.device.is_(None),
    ]
    if not share_notes:
        conditions.append(EventRow.kind != NOTE)
    return conditions


def pending(
    database: Database, profile_id: int, after_id: int, *, share_notes: bool, limit: int
) -> list[SyncEvent]:
    """Local events after ``after_id`` that go to the server (notes only when shared)."""
    query = (
        select(
            EventRow.id,
            EventRow.gid,
            EventRow.curriculum_id,
            EventRow.kind,
            EventRow.item_kind,
            EventRow.item_id,
            EventRow.old,
            EventRow.new,
            EventRow.at,
        )
        .where(*_pending_query(profile_id, after_id, share_notes))
        .order_by(EventRow.id)
        .limit(limit)
    )
    with database.reading() as session:
        rows = session.execute(query).all()
    return [
        SyncEvent(
            r.id, r.gid, None, r.curriculum_id, r.kind, r.item_kind, r.item_id, r.old, r.new, r.at
        )
        for r in rows
    ]


def count_pending(database: Database, profile_id: int, after_id: int, *, share_notes: bool) -> int:
    query = select(func.count()).where(*_pending_query(profile_id, after_id, share_notes))
    with database.reading() as session:
        return int(session.execute(query).scalar_one())


def mark_pushed(
    database: Database, profile_id: int, server: str, upto_id: int, now: datetime
) -> None:
    with database.writing() as session:
        _save_cursor(session.connection(), profile_id, server, now, pushed_event_id=upto_id)


def _last_writer(conn: Connection, me: str, profile_id: int, event: SyncEvent) -> Winner:
    device = func.coalesce(EventRow.device, me)
    row = conn.execute(
        select(EventRow.new, EventRow.at)
        .where(
            EventRow.profile_id == profile_id,
            EventRow.curriculum_id == event.curriculum_id,
            EventRow.item_id == event.item_id,
            EventRow.kind == event.kind,
            EventRow.item_kind.is_(None)
            if event.item_kind is None
            else EventRow.item_kind == event.item_kind,
        )
        .order_by(EventRow.at.desc(), device.desc())
        .limit(1)
    ).one()
    assert event.item_id is not None
    return Winner(profile_id, event.curriculum_id, event.item_kind, event.item_id, row.new, row.at)


_INSERT_PULLED = insert(EventRow).prefix_with("OR IGNORE")


def apply_pulled(
    database: Database,
    profile_id: int,
    server: str,
    events: Sequence[SyncEvent],
    *,
    upto_seq: int,
    now: datetime,
) -> Applied:
    """Record pulled events (each once, by global id), give every item they touch its last
    writer's value, and move the pull cursor to ``upto_seq`` — all in one transaction."""
    me = device_id(database)
    with database.writing() as session:
        conn = session.connection()
        touched: dict[tuple[str, str, str | None, str], SyncEvent] = {}
        clashes: list[tuple[SyncEvent, str]] = []
        note_text: dict[tuple[str, str | None, str], str] = {}
        inserted = 0
        for event in events:
            result = conn.execute(
                _INSERT_PULLED,
                {
                    "profile_id": profile_id,
                    "curriculum_id": event.curriculum_id,
                    "kind": event.kind,
                    "item_kind": event.item_kind,
                    "item_id": event.item_id,
                    "old": event.old,
                    "new": event.new,
                    "at": event.at,
                    "undo_state": UNDO_CLOSED,
                    "origin": PULL_ORIGIN,
                    "gid": event.gid,
                    "device": event.device,
                },
            )
            if result.rowcount != 1:
                continue  # already here: applied before
            inserted += 1
            if event.kind in SET_APPLIERS:
                SET_APPLIERS[event.kind](conn, profile_id, event)
                continue
            if event.item_id is None or event.kind not in APPLIERS:
                continue
            touched[(event.curriculum_id, event.kind, event.item_kind, event.item_id)] = event
            if event.kind == NOTE:
                key = (event.curriculum_id, event.item_kind, event.item_id)
                if key not in note_text:
                    note_text[key] = (
                        _note_text(
                            conn,
                            profile_id,
                            event.curriculum_id,
                            ItemKind(event.item_kind or ItemKind.TASK.value),
                            event.item_id,
                        )
                        or ""
                    )
                current = note_text[key]
                if current not in (event.old or "", event.new or ""):
                    # Written on top of a text this folder no longer has: both versions are in
                    # the log; the last writer's becomes the note, the learner is told.
                    clashes.append((event, current))
                note_text[key] = event.new or ""
        for (_cid, kind, _ik, _item), event in sorted(touched.items()):
            winner = _last_writer(conn, me, profile_id, event)
            APPLIERS[kind](conn, winner)
        conflicts = [_conflict(conn, profile_id, event, mine) for event, mine in clashes]
        _save_cursor(conn, profile_id, server, now, pulled_seq=upto_seq)
    return Applied(inserted, tuple(conflicts))


def _conflict(conn: Connection, profile_id: int, event: SyncEvent, mine: str) -> NoteConflict:
    assert event.item_id is not None
    kind = ItemKind(event.item_kind or ItemKind.TASK.value)
    kept = _note_text(conn, profile_id, event.curriculum_id, kind, event.item_id) or ""
    other = mine if mine != kept else (event.new or "")
    return NoteConflict(event.curriculum_id, kind.value, event.item_id, kept, other)


def note_versions(
    database: Database, profile_id: int, curriculum_id: str, kind: ItemKind, item_id: str
) -> list[str]:
    """Every text the note has had here (its history in the log), oldest first, no repeats."""
    query = (
        select(EventRow.new)
        .where(
            EventRow.profile_id == profile_id,
            EventRow.curriculum_id == curriculum_id,
            EventRow.kind == NOTE,
            EventRow.item_kind == kind.value,
            EventRow.item_id == item_id,
        )
        .order_by(EventRow.at, EventRow.id)
    )
    with database.reading() as session:
        texts = [t for t in session.execute(query).scalars() if t]
    return list(dict.fromkeys(texts))


def local_event_count(database: Database, profile_id: int) -> int:
    with database.reading() as session:
        return int(
            session.execute(
                select(func.count()).where(EventRow.profile_id == profile_id)
            ).scalar_one()
        )


__all__ = [
    "APPLIERS",
    "SET_APPLIERS",
    "Applied",
    "CopiedFolderError",
    "NoteConflict",
    "NoteRow",
    "SyncEvent",
    "Winner",
]
