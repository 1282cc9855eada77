"""Grades made on the learner's other computers, applied to the review tables (by sync).

Review logs merge as a set keyed by (card, time of the grade); a card takes the state of its
newest grade, so grades arriving in any order, or twice, leave the same card.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from tracker.storage.card_records import (
    IMPORTED,
    SELECT_CARD_STATE,
    state_values,
    stored_card,
)
from tracker.storage.models import CardStateRow, ReviewLogRow


def apply_pulled_review(
    conn: Connection, profile_id: int, curriculum_id: str, old: str | None, new: str | None
) -> None:
    """Apply a grade (or its undo) made on another computer. Review logs merge as a set keyed by
    (card, time of the grade); the card takes the state of its newest grade, so grades arriving
    in any order, or twice, leave the same card. A pulled log cannot be undone here."""
    side = json.loads(new or old or "{}")
    key, at = str(side["key"]), datetime.fromisoformat(side["at"])
    params = {"pid": profile_id, "cid": curriculum_id, "key": key}
    row = conn.execute(SELECT_CARD_STATE, params).first()
    if new is None:  # a grade taken back
        if row is None:
            return
        card = stored_card(tuple(row))
        conn.execute(
            delete(ReviewLogRow).where(
                ReviewLogRow.card_id == card.card_id, ReviewLogRow.review_datetime == at
            )
        )
        newest = conn.execute(
            select(func.max(ReviewLogRow.review_datetime)).where(
                ReviewLogRow.card_id == card.card_id
            )
        ).scalar()
        if newest is None or newest < at:
            before = side.get("before")
            if before is None and newest is None:
                conn.execute(delete(CardStateRow).where(CardStateRow.id == card.card_id))
            elif before is not None:
                conn.execute(
                    update(CardStateRow)
                    .where(CardStateRow.id == card.card_id)
                    .values(**state_values(before))
                )
        return
    values = state_values(side["state"])
    if row is None:
        inserted = conn.execute(
            insert(CardStateRow).values(
                profile_id=profile_id,
                curriculum_id=curriculum_id,
                card_key=key,
                introduced_at=datetime.fromisoformat(side["introduced_at"]),
                **values,
            )
        ).inserted_primary_key
        assert inserted is not None
        card_id = int(inserted[0])
    else:
        card_id = stored_card(tuple(row)).card_id
    here = conn.execute(
        select(ReviewLogRow.id).where(
            ReviewLogRow.card_id == card_id, ReviewLogRow.review_datetime == at
        )
    ).first()
    if here is None:
        conn.execute(
            insert(ReviewLogRow).values(
                card_id=card_id,
                rating=int(side["rating"]),
                review_datetime=at,
                review_duration=side.get("duration"),
                card_before=IMPORTED,
            )
        )
    newest = conn.execute(
        select(func.max(ReviewLogRow.review_datetime)).where(ReviewLogRow.card_id == card_id)
    ).scalar()
    if row is not None and newest is not None and newest <= at:
        conn.execute(update(CardStateRow).where(CardStateRow.id == card_id).values(**values))
