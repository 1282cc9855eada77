"""The plain records of spaced review that leave the progress layer (cards, counts, grades,
settings, statistics) and its errors; ``tracker.progress.review`` uses and re-exports them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from tracker.curriculum.model import Text
from tracker.progress.errors import ProgressError
from tracker.progress.records import ItemKind


class CardState(enum.StrEnum):
    """Where a card is in its learning: never reviewed, or one of FSRS's three states."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


FSRS_STATES = {1: CardState.LEARNING, 2: CardState.REVIEW, 3: CardState.RELEARNING}
"""The ``state`` numbers of an ``fsrs.Card`` (and of a stored card state) as ``CardState``s."""


class Rating(enum.IntEnum):
    """The four grades, numbered as FSRS numbers them (and as the keys 1-4 give them)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @classmethod
    def parse(cls, text: str) -> Rating:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(r.name.lower() for r in cls)
            raise ProgressError(f"unknown rating {text!r} (use one of: {names})") from None


class UnknownCardError(ProgressError):
    """No available card with this id (``suggestions``: close ids)."""

    def __init__(self, card_id: str, suggestions: tuple[str, ...] = ()) -> None:
        message = f"unknown card {card_id!r}"
        if suggestions:
            message += f"; did you mean: {', '.join(suggestions)}?"
        super().__init__(message)
        self.card_id = card_id
        self.suggestions = suggestions


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """A card as the queue shows it."""

    card_id: str
    front: Text
    back: Text
    item_kind: ItemKind
    item_id: str
    stage_id: str | None
    own: bool
    state: CardState
    due: datetime | None
    source: Text
    """The title of the concept, task or stage the card is on."""


@dataclass(frozen=True, slots=True)
class ReviewCounts:
    """Cards due now, and new cards the learner may still start today."""

    due: int
    new: int

    @property
    def total(self) -> int:
        return self.due + self.new


@dataclass(frozen=True, slots=True)
class GradeResult:
    card_id: str
    rating: Rating
    reviewed_at: datetime
    due: datetime
    state: CardState


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    desired_retention: float
    new_per_day: int


@dataclass(frozen=True, slots=True)
class StageCardStats:
    """Per stage: available cards, learned (reviewed at least once) and mature ones."""

    stage_id: str
    cards: int
    learned: int
    mature: int


@dataclass(frozen=True, slots=True)
class ReviewStats:
    """Retention over the last 30 days (share of reviews not graded Again; None without any
    review) and the cards of each stage."""

    reviews: int
    retention: float | None
    stages: tuple[StageCardStats, ...]
