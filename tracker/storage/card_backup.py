"""A review backup (settings, card states, review logs, the learner's own cards) applied to the
review tables: a second application changes nothing.

Each own card the backup adds, or gives newer texts, is logged for sync as any change to a card
is (``card_sync.log_card``, at the card's own time of its last edit), so a restored card reaches
the learner's other computers at the next sync, not only once edited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from tracker.storage.card_records import (
    CARD_SCOPE,
    IMPORTED,
    SELECT_CARD_STATE,
    SELECT_LOGS,
    USER_COLUMNS,
    USER_SCOPE,
    StoredCard,
    StoredLog,
    StoredUserCard,
    stored_card,
    user_key,
)
from tracker.storage.card_sync import log_card
from tracker.storage.models import CardStateRow, ReviewLogRow, ReviewSettingsRow, UserCardRow


def apply_review_backup(conn: Connection, profile_id: int, curriculum_id: str, backup: Any) -> int:
    """Apply a ``ReviewBackup`` (see ``tracker.progress.review_backup``) in the caller's write
    transaction; returns how many rows changed (0 when applied twice)."""
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
    keys, added = _import_own_cards(conn, profile_id, curriculum_id, backup.own_cards)
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
        have.add((key, log.rating, log.review_datetime))
        changed += 1
    return changed


def _import_own_cards(
    conn: Connection, profile_id: int, curriculum_id: str, cards: Any
) -> tuple[dict[str, str], int]:
    """Own cards of a backup matched (item, creation time) or added; their keys in the
    backup mapped to the keys here. A matched card takes the backup's texts only when the
    backup's are newer (an edit made here since the backup is kept, not duplicated)."""
    rows = conn.execute(
        select(*USER_COLUMNS).where(*USER_SCOPE), {"pid": profile_id, "cid": curriculum_id}
    )
    existing = {
        (c.item_kind, c.item_id, c.created_at): c for c in (StoredUserCard(*r) for r in rows)
    }
    keys: dict[str, str] = {}
    added = 0
    for card in cards:
        found = existing.get((card.item_kind, card.item_id, card.created_at))
        if found is not None:
            keys[card.card_id] = found.key
            if card.updated_at > found.updated_at:
                conn.execute(
                    update(UserCardRow)
                    .where(UserCardRow.id == found.number)
                    .values(
                        front=card.front,
                        back=card.back,
                        updated_at=card.updated_at,
                        deleted_at=card.deleted_at,
                    )
                )
                log_card(conn, profile_id, found.number, card.updated_at)  # for sync
                added += 1
            continue
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
            )
        )
        inserted = result.inserted_primary_key
        assert inserted is not None
        keys[card.card_id] = user_key(int(inserted[0]))
        log_card(conn, profile_id, int(inserted[0]), card.updated_at)  # for sync
        added += 1
    return keys, added
