"""What the review tables hold, as records, and the statements the card modules share.

``cards`` (the ``CardStore``: settings, card states, grades and their undo, the learner's own
cards), ``card_sync`` (grades pulled from the learner's other computers) and ``card_backup`` (a
review backup applied) read and write the same rows with these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select

from tracker.storage.models import CardStateRow, ReviewLogRow, UserCardRow

USER_KEY_PREFIX = "u:"
"""Keys of the learner's own cards; a colon never appears in a curriculum id."""

IMPORTED = ""
"""``card_before`` of a review log restored from a backup or pulled by sync (not undoable)."""

REVIEW_KIND = "review"
"""The activity-log kind of a grade (``new``: the grade and the card's new state as JSON) and of
its undo (``old``: the grade taken back, with the state it had replaced). Logged only so that sync
carries grades to the learner's other computers: not undoable through the log, not in History."""

DEFAULT_RETENTION = 0.9
DEFAULT_NEW_PER_DAY = 10


def user_key(card_number: int) -> str:
    return f"{USER_KEY_PREFIX}{card_number}"


@dataclass(frozen=True, slots=True)
class StoredCard:
    """A card's FSRS state as stored (``card_id`` is the id review logs refer to)."""

    card_id: int
    key: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    introduced_at: datetime

    def fields(self) -> dict[str, object]:
        """The FSRS fields as JSON-friendly values (what ``card_before`` keeps)."""
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": self.last_review.isoformat() if self.last_review else None,
        }


@dataclass(frozen=True, slots=True)
class NewState:
    """What a grade leaves a card with (the fields of an ``fsrs.Card``)."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


@dataclass(frozen=True, slots=True)
class StoredLog:
    """One grade: ``card_id``, ``rating``, ``review_datetime``, ``review_duration`` (ms)."""

    id: int
    card_id: int
    key: str
    rating: int
    review_datetime: datetime
    review_duration: int | None


@dataclass(frozen=True, slots=True)
class StoredUserCard:
    number: int
    item_kind: str
    item_id: str
    front: str
    back: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    gid: str | None = None
    """The card's global id: the same card on every computer of the learner (sync, backups)."""

    @property
    def key(self) -> str:
        return user_key(self.number)


# --- statements shared by the card modules ----------------------------------------------

_S = CardStateRow
_L = ReviewLogRow
_U = UserCardRow
CARD_SCOPE = (_S.profile_id == bindparam("pid"), _S.curriculum_id == bindparam("cid"))
CARD_STATE_COLUMNS = (
    _S.id,
    _S.card_key,
    _S.state,
    _S.step,
    _S.stability,
    _S.difficulty,
    _S.due,
    _S.last_review,
    _S.introduced_at,
)
SELECT_CARD_STATES = select(*CARD_STATE_COLUMNS).where(*CARD_SCOPE)
SELECT_CARD_STATE = select(*CARD_STATE_COLUMNS).where(*CARD_SCOPE, _S.card_key == bindparam("key"))
LOG_COLUMNS = (
    _L.id,
    _L.card_id,
    _S.card_key,
    _L.rating,
    _L.review_datetime,
    _L.review_duration,
)
SELECT_LOGS = select(*LOG_COLUMNS).join(_S, _S.id == _L.card_id).where(*CARD_SCOPE).order_by(_L.id)
USER_COLUMNS = (
    _U.id,
    _U.item_kind,
    _U.item_id,
    _U.front,
    _U.back,
    _U.created_at,
    _U.updated_at,
    _U.deleted_at,
    _U.gid,
)
USER_SCOPE = (_U.profile_id == bindparam("pid"), _U.curriculum_id == bindparam("cid"))


def utc_text(moment: datetime) -> str:
    """A time as ``UTCDateTime`` stores it (so text comparison orders it correctly)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def stored_card(row: tuple[object, ...]) -> StoredCard:
    """A row of ``SELECT_CARD_STATE(S)`` as a record."""
    return StoredCard(*row)  # type: ignore[arg-type]


def state_values(fields: dict[str, Any]) -> dict[str, object]:
    """A card state as ``StoredCard.fields()`` wrote it to the log, as column values."""
    return {
        "state": fields["state"],
        "step": fields["step"],
        "stability": fields["stability"],
        "difficulty": fields["difficulty"],
        "due": datetime.fromisoformat(fields["due"]),
        "last_review": datetime.fromisoformat(fields["last_review"])
        if fields["last_review"]
        else None,
    }
