"""The review part of a profile's backup: settings, own cards, card states and review logs.

Card ids in a backup are the keys the database uses (a curriculum card's id, or ``u:<n>`` for an
own card, ``n`` being its number in the database that wrote the backup); an own card also carries
its global id (``gid``, absent from older backups). On import, own cards are matched by gid, else
by item and creation time (and added when missing, under a new number, keeping their gid; a
matched card takes the backup's texts when they are newer than its own, or with ``replace`` when
matched by gid), states take the backup's values, and review logs missing from the profile are
added, matched by card, time and rating; imported logs cannot be undone from the review window.
What an import adds or changes is logged for sync (see ``tracker.storage.card_backup``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tracker.progress.errors import UnknownProfileError

if TYPE_CHECKING:
    from tracker.progress.service import ProgressService
    from tracker.storage.cards import CardStore
    from tracker.storage.store import ProgressStore


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
    gid: str | None = None
    """The card's global id (the same card on the learner's other computers); None in a backup
    written before backups carried it."""


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


def own_card_records(
    cards: CardStore, profile_id: int, curriculum_id: str
) -> tuple[OwnCardRecord, ...]:
    """The profile's own cards in this curriculum as a backup holds them, deleted ones
    included (so a deletion travels), each with its global id."""
    return tuple(
        OwnCardRecord(
            c.key,
            c.item_kind,
            c.item_id,
            c.front,
            c.back,
            c.created_at,
            c.updated_at,
            c.deleted_at,
            c.gid,
        )
        for c in cards.user_cards(profile_id, curriculum_id, deleted=True)
    )


def review_backup(service: ProgressService) -> ReviewBackup:
    """Everything the current profile holds for review in this curriculum."""
    cards = service.review._cards
    profile_id, curriculum_id = service._scope
    settings = cards.stored_settings(profile_id)
    own = own_card_records(cards, profile_id, curriculum_id)
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


def import_review_backup(
    service: ProgressService,
    backup: ReviewBackup,
    profile: str,
    *,
    replace: bool = False,
    now: datetime | None = None,
) -> int:
    """Apply ``backup`` to the profile named ``profile`` in one transaction; rows changed."""
    return apply_review(
        service._store, service.curriculum.id, backup, profile, replace=replace, now=now
    )


def apply_review(
    store: ProgressStore,
    curriculum_id: str,
    backup: ReviewBackup,
    profile: str,
    *,
    replace: bool = False,
    now: datetime | None = None,
) -> int:
    """Apply ``backup`` to the profile named ``profile`` of ``store`` in one transaction; rows
    changed. ``replace`` (an import with ``--replace``): an own card found by its gid takes the
    backup's texts even when its own are newer, logged for sync at ``now`` (default: the clock)."""
    from tracker.storage.cards import CardStore

    found = store.profile_by_name(profile)
    if found is None:
        raise UnknownProfileError(f"no profile named {profile!r}")
    return CardStore(store.database).import_review(
        found.id, curriculum_id, backup, replace=replace, now=now
    )
