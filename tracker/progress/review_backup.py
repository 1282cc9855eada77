"""The review part of a profile's backup: settings, own cards, card states and review logs.

Card ids in a backup are the keys the database uses (a curriculum card's id, or ``u:<n>`` for an
own card, ``n`` being its number in the database that wrote the backup). On import, own cards are
matched by item and creation time (and added when missing, under a new number; a matched card
takes the backup's texts when they are newer than its own), states
take the backup's values, and review logs missing from the profile are added, matched by card,
time and rating; imported logs cannot be undone from the review window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tracker.progress.errors import UnknownProfileError

if TYPE_CHECKING:
    from tracker.progress.service import ProgressService


@dataclass(frozen=True, slots=True)
class OwnCardRecord:
    card_id: str
    item_kind: str
    item_id: str
    front: str
    back: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@dataclass(frozen=True, slots=True)
class CardStateRecord:
    card_id: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    introduced_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewLogRecord:
    """A grade as the ``fsrs`` optimizer reads it (``card_id`` being the card's key here)."""

    card_id: str
    rating: int
    review_datetime: datetime
    review_duration: int | None


@dataclass(frozen=True, slots=True)
class ReviewBackup:
    settings: tuple[float, int] | None
    own_cards: tuple[OwnCardRecord, ...]
    cards: tuple[CardStateRecord, ...]
    review_logs: tuple[ReviewLogRecord, ...]

    @property
    def empty(self) -> bool:
        return self.settings is None and not (self.own_cards or self.cards or self.review_logs)


def review_backup(service: ProgressService) -> ReviewBackup:
    """Everything the current profile holds for review in this curriculum."""
    cards = service.review._cards
    profile_id, curriculum_id = service._scope
    settings = cards.stored_settings(profile_id)
    own = tuple(
        OwnCardRecord(
            c.key, c.item_kind, c.item_id, c.front, c.back, c.created_at, c.updated_at, c.deleted_at
        )
        for c in cards.user_cards(profile_id, curriculum_id, deleted=True)
    )
    states = tuple(
        CardStateRecord(
            s.key, s.state, s.step, s.stability, s.difficulty, s.due, s.last_review, s.introduced_at
        )
        for s in sorted(cards.states(profile_id, curriculum_id).values(), key=lambda s: s.key)
    )
    logs = tuple(
        ReviewLogRecord(log.key, log.rating, log.review_datetime, log.review_duration)
        for log in cards.logs(profile_id, curriculum_id)
    )
    return ReviewBackup(settings, own, states, logs)


def import_review_backup(service: ProgressService, backup: ReviewBackup, profile: str) -> int:
    """Apply ``backup`` to the profile named ``profile`` in one transaction; rows changed."""
    store = service._store
    found = store.profile_by_name(profile)
    if found is None:
        raise UnknownProfileError(f"no profile named {profile!r}")
    return service.review._cards.import_review(found.id, service.curriculum.id, backup)
