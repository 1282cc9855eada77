"""The learner's own review cards across their computers: each change to a card (added, edited,
deleted, restored, or brought back from a JSON backup by ``card_backup``) is logged as an event of
kind ``CARD_KIND`` carrying the whole card, named by the card's global id; the card on another
computer is that of its last writer (event time, then device id), as for statuses and notes.

A card is numbered locally (``user_cards.id``; its states and grades use the key ``u:<number>``),
and the numbers differ between data folders: grades travel with the key ``g:<global id>``
instead (``global_key`` when pushed, ``local_key`` when applied). A grade that arrives before its
card keeps the ``g:`` key until the card arrives, which then takes that state over.

Card texts are the learner's own words: like notes, they reach the server only when the learner
shares notes (``sync --share-notes``), and only mentors of their cohorts may read them then.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select, update

from tracker.storage.models import UNDO_CLOSED, CardStateRow, EventRow, MetaRow, UserCardRow
from tracker.storage.writes import log_event

CARD_KIND = "card"
LOCAL_PREFIX = "u:"  # as cards.USER_KEY_PREFIX
GLOBAL_PREFIX = "g:"

_U = UserCardRow


def _text(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="microseconds") if moment else None


def _moment(text: object) -> datetime | None:
    return datetime.fromisoformat(str(text)) if text else None


def log_card(conn: Connection, profile_id: int, number: int, now: datetime) -> None:
    """Log the card as it is now (inside the caller's transaction), for sync."""
    row = conn.execute(
        select(
            _U.curriculum_id,
            _U.gid,
            _U.item_kind,
            _U.item_id,
            _U.front,
            _U.back,
            _U.created_at,
            _U.deleted_at,
        ).where(_U.id == number, _U.profile_id == profile_id)
    ).first()
    if row is None:
        return
    card = {
        "item_kind": row.item_kind,
        "item_id": row.item_id,
        "front": row.front,
        "back": row.back,
        "created_at": _text(row.created_at),
        "deleted_at": _text(row.deleted_at),
    }
    log_event(
        conn,
        profile_id,
        row.curriculum_id,
        kind=CARD_KIND,
        item_kind=None,
        item_id=row.gid,
        old=None,
        new=json.dumps(card, ensure_ascii=False, sort_keys=True),
        now=now,
        undo_state=UNDO_CLOSED,
        origin="user",
    )


def global_key(conn: Connection, key: str) -> str:
    """``u:<number>`` → ``g:<global id>`` (other keys, and unknown cards, unchanged)."""
    if not key.startswith(LOCAL_PREFIX):
        return key
    try:
        number = int(key[len(LOCAL_PREFIX) :])
    except ValueError:
        return key
    gid = conn.execute(select(_U.gid).where(_U.id == number)).scalar()
    return f"{GLOBAL_PREFIX}{gid}" if gid else key


def local_key(conn: Connection, profile_id: int, key: str) -> str:
    """``g:<global id>`` → ``u:<number>`` when the card is here (else unchanged)."""
    if not key.startswith(GLOBAL_PREFIX):
        return key
    number = conn.execute(
        select(_U.id).where(_U.gid == key[len(GLOBAL_PREFIX) :], _U.profile_id == profile_id)
    ).scalar()
    return f"{LOCAL_PREFIX}{number}" if number is not None else key


def with_key(text: str | None, convert: object) -> str | None:
    """A grade's JSON side with its ``key`` converted (``convert``: key → key)."""
    if not text:
        return text
    side = json.loads(text)
    side["key"] = convert(str(side["key"]))  # type: ignore[operator]
    return json.dumps(side, sort_keys=True)


def apply_pulled_card(conn: Connection, profile_id: int, curriculum_id: str, gid: str) -> None:
    """Give the card ``gid`` the value of its last writer (run when one of its events arrives)."""
    me = conn.execute(select(MetaRow.value).where(MetaRow.key == "device_id")).scalar() or ""
    device = func.coalesce(EventRow.device, me)
    winner = conn.execute(
        select(EventRow.new, EventRow.at)
        .where(
            EventRow.profile_id == profile_id,
            EventRow.curriculum_id == curriculum_id,
            EventRow.kind == CARD_KIND,
            EventRow.item_id == gid,
        )
        .order_by(EventRow.at.desc(), device.desc())
        .limit(1)
    ).first()
    if winner is None:
        return
    try:
        card = json.loads(winner.new or "")
        values = {
            "item_kind": str(card["item_kind"]),
            "item_id": str(card["item_id"]),
            "front": str(card["front"]),
            "back": str(card["back"]),
            "deleted_at": _moment(card.get("deleted_at")),
            "updated_at": winner.at,
        }
        created = _moment(card.get("created_at")) or winner.at
    except (ValueError, KeyError, TypeError):
        return  # unreadable: kept in the log, applied to nothing
    number = conn.execute(select(_U.id).where(_U.gid == gid, _U.profile_id == profile_id)).scalar()
    if number is not None:
        conn.execute(update(_U).where(_U.id == number).values(**values))
        return
    inserted = conn.execute(
        insert(_U).values(
            profile_id=profile_id,
            curriculum_id=curriculum_id,
            gid=gid,
            created_at=created,
            **values,
        )
    ).inserted_primary_key
    assert inserted is not None
    # Grades that arrived before the card: their state is this card's now.
    conn.execute(
        update(CardStateRow)
        .where(
            CardStateRow.profile_id == profile_id,
            CardStateRow.curriculum_id == curriculum_id,
            CardStateRow.card_key == f"{GLOBAL_PREFIX}{gid}",
        )
        .values(card_key=f"{LOCAL_PREFIX}{int(inserted[0])}")
    )
