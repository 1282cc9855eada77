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

A re-plan (``REPLAN_KIND``) sets several stages' target dates in one event (one step for undo);
a stage's target date is therefore the last writer among its own plan events *and* the re-plans
that include it (``_plan_winner``). Undo and redo are logged as new events of the kind they take
back, so they travel and win like any other change.

Which device this folder is (its id, the fingerprint of where it lives) is ``sync_device``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, insert, select, update

from tracker.domain import ItemKind, TaskStatus
from tracker.storage import card_sync
from tracker.storage.card_sync import CARD_KIND
from tracker.storage.cards import REVIEW_KIND, apply_pulled_review
from tracker.storage.database import Database
from tracker.storage.models import (
    UNDO_CLOSED,
    EventRow,
    MetaRow,
    NoteRow,
    ProfileSettingRow,
    SyncCursorRow,
)
from tracker.storage.sessions import apply_pulled_time
from tracker.storage.statements import DELETE_NOTE, INSERT_NOTE, UPDATE_NOTE
from tracker.storage.sync_device import device_id
from tracker.storage.writes import apply_plan, apply_status, note_text
from tracker.studytime import REPLAN_KIND, TIME_KIND

NOTE = "note"
PLAN = "plan"
PRIVATE_KINDS = (NOTE, CARD_KIND)
"""The learner's own words (notes, own cards): sent only when the learner shares notes."""
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
    apply_status(conn, w.profile_id, w.curriculum_id, w.item_id, status, now=w.at)


def _apply_plan_winner(conn: Connection, w: Winner) -> None:
    target = date.fromisoformat(w.new) if w.new else None
    apply_plan(conn, w.profile_id, w.curriculum_id, w.item_id, target, now=w.at)


def _apply_note_winner(conn: Connection, w: Winner) -> None:
    kind = ItemKind(w.item_kind or ItemKind.TASK.value)
    key = {
        "pid": w.profile_id,
        "cid": w.curriculum_id,
        "kind_of_item": kind.value,
        "item": w.item_id,
    }
    stored = note_text(conn, w.profile_id, w.curriculum_id, kind, w.item_id)
    text = w.new or ""
    if (stored or "") == text:
        return
    if not text:
        conn.execute(DELETE_NOTE, key)
    elif stored is None:
        conn.execute(
            INSERT_NOTE,
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
        conn.execute(UPDATE_NOTE, {**key, "text": text, "updated_at": w.at})


Applier = Callable[[Connection, Winner], None]
APPLIERS: dict[str, Applier] = {
    "status": _apply_status_winner,
    PLAN: _apply_plan_winner,
    NOTE: _apply_note_winner,
}


SetApplier = Callable[[Connection, int, SyncEvent], None]


def _apply_time_event(conn: Connection, profile_id: int, event: SyncEvent) -> None:
    apply_pulled_time(conn, profile_id, event.curriculum_id, event.old, event.new)


def _apply_review_event(conn: Connection, profile_id: int, event: SyncEvent) -> None:
    def local(key: str) -> str:
        return card_sync.local_key(conn, profile_id, key)

    old, new = card_sync.with_key(event.old, local), card_sync.with_key(event.new, local)
    apply_pulled_review(conn, profile_id, event.curriculum_id, old, new)


def _apply_card_event(conn: Connection, profile_id: int, event: SyncEvent) -> None:
    if event.item_id:
        card_sync.apply_pulled_card(conn, profile_id, event.curriculum_id, event.item_id)


SET_APPLIERS: dict[str, SetApplier] = {
    TIME_KIND: _apply_time_event,
    REVIEW_KIND: _apply_review_event,
    CARD_KIND: _apply_card_event,  # a card's last writer, settled as each of its events arrives
}
"""Kinds merged as sets rather than by last writer: each pulled event is applied once, when it
is first recorded here (its global id makes a second arrival a no-op)."""


def profile_setting(database: Database, profile_id: int, key: str) -> str | None:
    with database.reading() as session:
        row = session.get(ProfileSettingRow, (profile_id, key))
        return row.value if row else None


def meta_value(database: Database, key: str) -> str | None:
    with database.reading() as session:
        row = session.get(MetaRow, key)
        return row.value if row else None


def set_meta_value(database: Database, key: str, value: str) -> None:
    with database.writing() as session:
        row = session.get(MetaRow, key)
        if row is None:
            session.add(MetaRow(key=key, value=value))
        else:
            row.value = value


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
        conditions.append(EventRow.kind.notin_(PRIVATE_KINDS))
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
        conn = session.connection()

        def grade(r: Any) -> SyncEvent:
            # A grade of an own card names it by its global id (numbers differ per folder).
            def key(k: str) -> str:
                return card_sync.global_key(conn, k)

            item = key(r.item_id) if r.item_id else r.item_id
            old, new = card_sync.with_key(r.old, key), card_sync.with_key(r.new, key)
            return SyncEvent(
                r.id, r.gid, None, r.curriculum_id, r.kind, r.item_kind, item, old, new, r.at
            )

        return [
            grade(r)
            if r.kind == REVIEW_KIND and (r.item_id or "").startswith(card_sync.LOCAL_PREFIX)
            else SyncEvent(
                r.id,
                r.gid,
                None,
                r.curriculum_id,
                r.kind,
                r.item_kind,
                r.item_id,
                r.old,
                r.new,
                r.at,
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


def _replan_dates(text: str | None) -> dict[str, str | None]:
    try:
        dates = json.loads(text or "{}")
    except ValueError:
        return {}  # unreadable: it sets nothing
    return dates if isinstance(dates, dict) else {}


def _plan_winner(
    conn: Connection, me: str, profile_id: int, curriculum_id: str, stage_id: str
) -> Winner:
    """A stage's target date: the last writer among its plan events and the re-plans that
    include it, by (event time, device id) as for every other item."""
    device = func.coalesce(EventRow.device, me)
    scope = (EventRow.profile_id == profile_id, EventRow.curriculum_id == curriculum_id)
    candidates: list[tuple[datetime, str, str | None]] = [
        (row.at, row.device, row.new)
        for row in conn.execute(
            select(EventRow.at, device.label("device"), EventRow.new)
            .where(*scope, EventRow.kind == PLAN, EventRow.item_id == stage_id)
            .order_by(EventRow.at.desc(), device.desc())
            .limit(1)
        )
    ]
    for row in conn.execute(
        select(EventRow.at, device.label("device"), EventRow.new, EventRow.item_id).where(
            *scope, EventRow.kind == REPLAN_KIND
        )
    ):
        if stage_id in (row.item_id or "").split(","):
            dates = _replan_dates(row.new)
            if stage_id in dates:
                candidates.append((row.at, row.device, dates[stage_id]))
    at, _device, new = max(candidates, key=lambda c: (c[0], c[1]))
    return Winner(profile_id, curriculum_id, ItemKind.STAGE.value, stage_id, new, at)


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
        note_texts: dict[tuple[str, str | None, str], str] = {}
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
            if event.kind == REPLAN_KIND:
                for stage_id in sorted(_replan_dates(event.new)):
                    touched[(event.curriculum_id, PLAN, ItemKind.STAGE.value, stage_id)] = event
                continue
            if event.item_id is None or event.kind not in APPLIERS:
                continue
            touched[(event.curriculum_id, event.kind, event.item_kind, event.item_id)] = event
            if event.kind == NOTE:
                key = (event.curriculum_id, event.item_kind, event.item_id)
                if key not in note_texts:
                    note_texts[key] = (
                        note_text(
                            conn,
                            profile_id,
                            event.curriculum_id,
                            ItemKind(event.item_kind or ItemKind.TASK.value),
                            event.item_id,
                        )
                        or ""
                    )
                current = note_texts[key]
                if current not in (event.old or "", event.new or ""):
                    # Written on top of a text this folder no longer has: both versions are in
                    # the log; the last writer's becomes the note, the learner is told.
                    clashes.append((event, current))
                note_texts[key] = event.new or ""
        for (cid, kind, _ik, item), event in sorted(touched.items()):
            if kind == PLAN:
                winner = _plan_winner(conn, me, profile_id, cid, item)
            else:
                winner = _last_writer(conn, me, profile_id, event)
            APPLIERS[kind](conn, winner)
        conflicts = [_conflict(conn, profile_id, event, mine) for event, mine in clashes]
        _save_cursor(conn, profile_id, server, now, pulled_seq=upto_seq)
    return Applied(inserted, tuple(conflicts))


def _conflict(conn: Connection, profile_id: int, event: SyncEvent, mine: str) -> NoteConflict:
    assert event.item_id is not None
    kind = ItemKind(event.item_kind or ItemKind.TASK.value)
    kept = note_text(conn, profile_id, event.curriculum_id, kind, event.item_id) or ""
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
    "NoteConflict",
    "NoteRow",
    "SyncEvent",
    "Winner",
]
