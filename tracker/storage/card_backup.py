"""A review backup (settings, card states, review logs, the learner's own cards) applied to the
review tables: a second application changes nothing.

An own card is named by its global id (``gid``) when the backup carries one: a card whose gid is
here already is that card (a merge keeps the later edit, as sync does; a replace takes the
backup's texts), and a card added keeps its gid, so the learner's other computers, which may hold
it from an earlier sync, match it to their copy instead of making a second one. A backup written
before it carried gids matches cards by item and creation time, as it always did.

Each own card the backup adds or changes is logged for sync as any change to a card is
(``card_sync.log_card``, at the card's own time of its last edit, or at the time of the import
when a replace takes older texts), and so is each grade it adds (as a grade made here, at its own
time, with the card's state from the backup), so a restore reaches the learner's other computers
at the next sync, not only once edited or graded again."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from tracker.storage.card_records import (
    CARD_SCOPE,
    IMPORTED,
    REVIEW_KIND,
    SELECT_CARD_STATE,
    SELECT_LOGS,
    USER_COLUMNS,
    USER_SCOPE,
    StoredCard,
    StoredLog,
    StoredUserCard,
    stored_card,
    user_key,
    utc_text,
)
from tracker.storage.card_sync import log_card
from tracker.storage.models import (
    UNDO_CLOSED,
    CardStateRow,
    ReviewLogRow,
    ReviewSettingsRow,
    UserCardRow,
)
from tracker.storage.writes import log_event


def apply_review_backup(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    backup: Any,
    *,
    replace: bool = False,
    now: datetime | None = None,
) -> int:
    """Apply a ``ReviewBackup`` (see ``tracker.progress.review_backup``) in the caller's write
    transaction; returns how many rows changed (0 when applied twice). ``replace``: an own card
    found by its gid takes the backup's texts even when those here are newer (logged at ``now``,
    the time of the import, so the other computers take them too)."""
    changed = 0
    if backup.settings is not None:
        retention, per_day = backup.settings
        old = conn.execute(
            select(ReviewSettingsRow.desired_retention, ReviewSettingsRow.new_per_day).where(
                ReviewSettingsRow.profile_id == profile_id
            )
        ).first()
        if old is None or (float(old[0]), int(old[1])) != (retention, per_day):
            conn.execute(
                delete(ReviewSettingsRow).where(ReviewSettingsRow.profile_id == profile_id)
            )
            conn.execute(
                insert(ReviewSettingsRow).values(
                    profile_id=profile_id,
                    desired_retention=retention,
                    new_per_day=per_day,
                )
            )
            changed += 1
    keys, added = _import_own_cards(
        conn,
        profile_id,
        curriculum_id,
        backup.own_cards,
        replace=replace,
        now=now or datetime.now(UTC),
    )
    changed += added
    params = {"pid": profile_id, "cid": curriculum_id}
    for card in backup.cards:
        key = keys.get(card.card_id, card.card_id)
        values = {
            "state": card.state,
            "step": card.step,
            "stability": card.stability,
            "difficulty": card.difficulty,
            "due": card.due,
            "last_review": card.last_review,
            "introduced_at": card.introduced_at,
        }
        row = conn.execute(SELECT_CARD_STATE, {**params, "key": key}).first()
        if row is None:
            conn.execute(
                insert(CardStateRow).values(
                    profile_id=profile_id,
                    curriculum_id=curriculum_id,
                    card_key=key,
                    **values,
                )
            )
            changed += 1
        elif stored_card(tuple(row)) != StoredCard(row[0], key, **values):
            conn.execute(update(CardStateRow).where(CardStateRow.id == row[0]).values(**values))
            changed += 1
    ids = {
        str(k): int(i)
        for i, k in conn.execute(
            select(CardStateRow.id, CardStateRow.card_key).where(*CARD_SCOPE), params
        )
    }
    have = {
        (log.key, log.rating, log.review_datetime)
        for log in (StoredLog(*r) for r in conn.execute(SELECT_LOGS, params))
    }
    for log in backup.review_logs:
        key = keys.get(log.card_id, log.card_id)
        if key not in ids or (key, log.rating, log.review_datetime) in have:
            continue
        conn.execute(
            insert(ReviewLogRow).values(
                card_id=ids[key],
                rating=log.rating,
                review_datetime=log.review_datetime,
                review_duration=log.review_duration,
                card_before=IMPORTED,
            )
        )
        _log_grade(conn, profile_id, curriculum_id, key, log)  # for sync
        have.add((key, log.rating, log.review_datetime))
        changed += 1
    return changed


def _log_grade(conn: Connection, profile_id: int, curriculum_id: str, key: str, log: Any) -> None:
    """Log a grade the backup added as ``CardStore.grade`` logs one made here, at its own time.

    The state it carries is the card's state now (the backup's): the state right after an older
    grade is not in the backup. A computer applying it keeps its own state when it holds a newer
    grade, and otherwise ends with this one, which the backup's newest grade of the card also
    carries, so the card ends the same there as here."""
    row = conn.execute(
        SELECT_CARD_STATE, {"pid": profile_id, "cid": curriculum_id, "key": key}
    ).first()
    if row is None:
        return
    card = stored_card(tuple(row))
    grade = {
        "key": key,
        "rating": log.rating,
        "at": utc_text(log.review_datetime),
        "duration": log.review_duration,
        "introduced_at": utc_text(card.introduced_at),
        "state": {
            "state": card.state,
            "step": card.step,
            "stability": card.stability,
            "difficulty": card.difficulty,
            "due": utc_text(card.due),
            "last_review": utc_text(card.last_review) if card.last_review else None,
        },
    }
    log_event(
        conn,
        profile_id,
        curriculum_id,
        kind=REVIEW_KIND,
        item_kind=None,
        item_id=key,
        old=None,
        new=json.dumps(grade),
        now=log.review_datetime,
        undo_state=UNDO_CLOSED,
        origin="user",
    )


def _import_own_cards(
    conn: Connection,
    profile_id: int,
    curriculum_id: str,
    cards: Any,
    *,
    replace: bool,
    now: datetime,
) -> tuple[dict[str, str], int]:
    """Own cards of a backup matched (by gid, else by item and creation time) or added; their
    keys in the backup mapped to the keys here. A matched card takes the backup's texts when
    the backup's are newer (an edit made here since the backup is kept, not duplicated), or, with
    ``replace``, whenever a card found by its gid has other texts here."""
    rows = conn.execute(
        select(*USER_COLUMNS).where(*USER_SCOPE), {"pid": profile_id, "cid": curriculum_id}
    )
    stored = [StoredUserCard(*r) for r in rows]
    by_gid = {c.gid: c for c in stored if c.gid}
    existing = {(c.item_kind, c.item_id, c.created_at): c for c in stored}
    keys: dict[str, str] = {}
    added = 0
    for card in cards:
        gid = getattr(card, "gid", None)
        found = by_gid.get(gid) if gid else None
        if found is not None:
            keys[card.card_id] = found.key
            if card.updated_at > found.updated_at:
                _take_texts(conn, profile_id, found.number, card, card.updated_at)
                added += 1
            elif replace and _texts(card) != _texts(found):
                # Later than the edit it replaces, even on a clock behind that edit's.
                at = max(now, found.updated_at + timedelta(microseconds=1))
                _take_texts(conn, profile_id, found.number, card, at)
                added += 1
            continue
        found = existing.get((card.item_kind, card.item_id, card.created_at))
        if found is not None:
            keys[card.card_id] = found.key
            if card.updated_at > found.updated_at:
                _take_texts(conn, profile_id, found.number, card, card.updated_at)
                added += 1
            continue
        values: dict[str, object] = {}
        if gid and not _gid_taken(conn, gid):
            values["gid"] = gid  # the same card as on the learner's other computers
        result = conn.execute(
            insert(UserCardRow).values(
                profile_id=profile_id,
                curriculum_id=curriculum_id,
                item_kind=card.item_kind,
                item_id=card.item_id,
                front=card.front,
                back=card.back,
                created_at=card.created_at,
                updated_at=card.updated_at,
                deleted_at=card.deleted_at,
                **values,
            )
        )
        inserted = result.inserted_primary_key
        assert inserted is not None
        keys[card.card_id] = user_key(int(inserted[0]))
        log_card(conn, profile_id, int(inserted[0]), card.updated_at)  # for sync
        added += 1
    return keys, added


def _texts(card: Any) -> tuple[str, str, datetime | None]:
    return card.front, card.back, card.deleted_at


def _take_texts(conn: Connection, profile_id: int, number: int, card: Any, at: datetime) -> None:
    """Card ``number`` takes the texts (and deletion) of the backup's ``card``, edited at
    ``at``, and is logged for sync at that time."""
    conn.execute(
        update(UserCardRow)
        .where(UserCardRow.id == number)
        .values(front=card.front, back=card.back, updated_at=at, deleted_at=card.deleted_at)
    )
    log_card(conn, profile_id, number, at)  # for sync


def _gid_taken(conn: Connection, gid: str) -> bool:
    """Whether another profile (or curriculum) of this database holds a card with ``gid``: a
    backup imported under another name gets new gids (the gid names one card in the file)."""
    return conn.execute(select(UserCardRow.id).where(UserCardRow.gid == gid)).first() is not None
