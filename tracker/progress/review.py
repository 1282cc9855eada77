"""Spaced review of concepts: which cards are available, due and new, and grading them with FSRS.

Scheduling is the ``fsrs`` package's (``Scheduler.review_card``), never re-implemented here: a
grade turns the stored state into an ``fsrs.Card``, asks the scheduler, and stores the card it
returns with the review log, in one transaction. Fuzzing is off, so a schedule depends only on
the grades and their times (and undo gives back exactly the state before).

A card is *available* when the learner can meet it: their own cards always; a concept's cards
once a stage listing the concept is started (a task in progress or done) or a task referencing
the concept is done; a task's cards once its stage is started. A card with a stored state is in
review (due when its ``due`` has passed); an available card without one is *new*, and at most
``new_per_day`` new cards are introduced per local day. Stored states whose card has left the
curriculum (or whose own card was deleted) are kept as orphans and are neither due nor counted;
a card that comes back with the same id finds its history.

Every function takes the time from the service's injected clock.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from tracker.curriculum.model import Concept, Stage, Task, Text
from tracker.progress.errors import ProgressError
from tracker.progress.records import ItemKind
from tracker.progress.review_catalogue import Catalogue, Entry
from tracker.progress.review_records import (
    FSRS_STATES,
    CardState,
    GradeResult,
    Rating,
    ReviewCard,
    ReviewCounts,
    ReviewSettings,
    ReviewStats,
    StageCardStats,
    UnknownCardError,
)
from tracker.spelling import close_matches

if TYPE_CHECKING:
    from tracker.progress.service import ProgressService
    from tracker.storage.cards import CardStore, StoredCard

MATURE_DAYS = 21.0
"""A card whose stability reaches three weeks counts as mature (as in Anki)."""
RETENTION_WINDOW = timedelta(days=30)
MAX_CARD_TEXT = 4000
USER_KEY_PREFIX = "u:"  # as tracker.storage.cards.USER_KEY_PREFIX

__all__ = [
    "CardState",
    "GradeResult",
    "Rating",
    "ReviewCard",
    "ReviewCounts",
    "ReviewQueue",
    "ReviewSettings",
    "ReviewStats",
    "StageCardStats",
    "UnknownCardError",
    "due_count",
]


class ReviewQueue:
    """The review cards of the service's profile and curriculum (``service.review``)."""

    def __init__(self, service: ProgressService) -> None:
        self._service = service
        self._catalogue: Catalogue | None = None
        self._schedulers: dict[float, Any] = {}
        # The grades made through this queue, newest last: (profile scope, review log id).
        self._undoable: list[tuple[tuple[int, str], int]] = []

    # --- plumbing ---------------------------------------------------------------------------

    @cached_property
    def _cards(self) -> CardStore:
        from tracker.storage.cards import CardStore

        return CardStore(self._service._store.database)

    @property
    def _scope(self) -> tuple[int, str]:
        return self._service._scope

    def now(self) -> datetime:
        """The time from the service's (injectable) clock."""
        return self._service._clock()

    _now = now

    def _entries(self) -> dict[str, Entry]:
        curriculum = self._service.curriculum
        if self._catalogue is None or self._catalogue.curriculum is not curriculum:
            self._catalogue = Catalogue(curriculum)
        return self._catalogue.entries

    def _own_entries(self) -> dict[str, Entry]:
        self._entries()
        catalogue = self._catalogue
        assert catalogue is not None
        found = {}
        for card in self._cards.user_cards(*self._scope):
            kind = ItemKind(card.item_kind)
            found[card.key] = Entry(
                card.key,
                Text.both(card.front),
                Text.both(card.back),
                kind,
                card.item_id,
                catalogue.stage_of(kind, card.item_id),
                frozenset(),
                frozenset(),
                own=True,
            )
        return found

    def _known(self) -> dict[str, Entry]:
        """Every card of the curriculum and every own card not deleted, by key."""
        return {**self._entries(), **self._own_entries()}

    def _available_keys(self, known: dict[str, Entry]) -> set[str]:
        """Keys of the cards the learner can meet now (see the module's docstring)."""
        self._entries()
        catalogue = self._catalogue
        assert catalogue is not None
        return catalogue.available_keys(known, self._service._stored_states())

    def _available(self, known: dict[str, Entry]) -> dict[str, Entry]:
        """The available cards in curriculum order (own cards last)."""
        keys = self._available_keys(known)
        return {key: entry for key, entry in known.items() if key in keys}

    def _scheduler(self) -> Any:
        from fsrs import Scheduler

        retention = self.settings().desired_retention
        scheduler = self._schedulers.get(retention)
        if scheduler is None:
            scheduler = self._schedulers[retention] = Scheduler(
                desired_retention=retention, enable_fuzzing=False
            )
        return scheduler

    def _day_start(self, now: datetime) -> datetime:
        # Local midnight with the offset in force at midnight (not now's: a day on which the
        # clocks change has its midnight in the other offset).
        return datetime.combine(now.astimezone().date(), time()).astimezone(UTC)

    def _new_left(self, now: datetime) -> int:
        limit = self.settings().new_per_day
        return max(0, limit - self._cards.introduced_since(*self._scope, self._day_start(now)))

    def in_use(self) -> bool:
        """Whether there is anything to review or report: cards in the curriculum, or review
        data of the profile (own cards, states, settings). Cheap: no catalogue is built."""
        if any(True for _ in self._service.curriculum.cards()):
            return True
        return self._cards.holds_any(*self._scope)

    # --- settings ---------------------------------------------------------------------------

    def settings(self) -> ReviewSettings:
        retention, new_per_day = self._cards.settings(self._scope[0])
        return ReviewSettings(retention, new_per_day)

    def set_settings(
        self, *, desired_retention: float | None = None, new_per_day: int | None = None
    ) -> ReviewSettings:
        current = self.settings()
        retention = current.desired_retention if desired_retention is None else desired_retention
        per_day = current.new_per_day if new_per_day is None else new_per_day
        if not (0.7 <= retention <= 0.99) or math.isnan(retention):
            raise ProgressError(f"desired retention must be between 0.7 and 0.99, got {retention}")
        if not (0 <= per_day <= 1000):
            raise ProgressError(f"new cards per day must be between 0 and 1000, got {per_day}")
        with self._service._writing():
            self._cards.set_settings(self._scope[0], retention, per_day)
        return ReviewSettings(retention, per_day)

    # --- the queue --------------------------------------------------------------------------

    def due_count(self) -> ReviewCounts:
        """Cards due now and new cards still to start today (what "12 due · 3 new" shows)."""
        now = self._now()
        known = self._known()
        due_keys = self._cards.due_keys(*self._scope, now)
        due = sum(1 for key in due_keys if key in known)
        new_left = self._new_left(now)
        if not new_left:
            return ReviewCounts(due, 0)
        fresh = len(self._available_keys(known) - self._cards.state_keys(*self._scope))
        return ReviewCounts(due, min(new_left, fresh))

    def stage_due_counts(self) -> dict[str, int]:
        """Per stage id, the cards due now (new cards not included)."""
        now = self._now()
        known = self._known()
        counts: dict[str, int] = {}
        for key in self._cards.due_keys(*self._scope, now):
            entry = known.get(key)
            if entry is not None and entry.stage_id is not None:
                counts[entry.stage_id] = counts.get(entry.stage_id, 0) + 1
        return counts

    def queue(self, *, ahead: timedelta = timedelta(0)) -> list[ReviewCard]:
        """The cards to review now: due ones soonest first, then today's new ones in
        curriculum order (own cards after the curriculum's). ``ahead``: also cards falling due
        that much later (learning steps, when nothing else is left)."""
        now = self._now()
        known = self._known()
        states = self._cards.states(*self._scope)
        due = [
            self._card(known[key], states[key])
            for key in self._cards.due_keys(*self._scope, now + ahead)
            if key in known
        ]
        new_left = self._new_left(now)
        fresh = [
            self._card(entry, None)
            for key, entry in self._available(known).items()
            if key not in states
        ][:new_left]
        return due + fresh

    def next_card(self, *, ahead: timedelta = timedelta(0)) -> ReviewCard | None:
        """The first card of ``queue()``, without reading every card's state."""
        now = self._now()
        known = self._known()
        for key in self._cards.due_keys(*self._scope, now + ahead):
            if key in known:
                return self._card(known[key], self._cards.state(*self._scope, key))
        if not self._new_left(now):
            return None
        reviewed = self._cards.state_keys(*self._scope)
        for key, entry in self._available(known).items():
            if key not in reviewed:
                return self._card(entry, None)
        return None

    def _card(self, entry: Entry, stored: StoredCard | None) -> ReviewCard:
        return ReviewCard(
            entry.card_id,
            entry.front,
            entry.back,
            entry.item_kind,
            entry.item_id,
            entry.stage_id,
            entry.own,
            FSRS_STATES[stored.state] if stored else CardState.NEW,
            stored.due if stored else None,
            self._source(entry.item_kind, entry.item_id),
        )

    def _source(self, kind: ItemKind, item_id: str) -> Text:
        curriculum = self._service.curriculum
        found: Concept | Task | Stage | None
        if kind is ItemKind.CONCEPT:
            found = curriculum.concept(item_id)
        elif kind is ItemKind.TASK:
            found = curriculum.task(item_id)
        else:
            found = curriculum.stage(item_id)
        return found.title if found is not None else Text.both(item_id)

    def card(self, card_id: str) -> ReviewCard:
        """Any known card (available or not), with its state; ``UnknownCardError`` otherwise."""
        known = self._known()
        entry = known.get(card_id)
        if entry is None:
            raise UnknownCardError(card_id, close_matches(card_id, known))
        return self._card(entry, self._cards.state(*self._scope, card_id))

    # --- grading ----------------------------------------------------------------------------

    def _fsrs_card(self, stored: StoredCard | None, now: datetime) -> Any:
        from fsrs import Card, State

        if stored is None:
            return Card(card_id=0, due=now)
        return Card(
            card_id=stored.card_id,
            state=State(stored.state),
            step=stored.step,
            stability=stored.stability,
            difficulty=stored.difficulty,
            due=stored.due,
            last_review=stored.last_review,
        )

    def preview(self, card_id: str) -> dict[Rating, timedelta]:
        """For each grade, how long until the card would be due again if graded so now."""
        from fsrs import Rating as FsrsRating

        self.card(card_id)
        now = self._now()
        scheduler = self._scheduler()
        current = self._fsrs_card(self._cards.state(*self._scope, card_id), now)
        intervals = {}
        for rating in Rating:
            after, _ = scheduler.review_card(current, FsrsRating(int(rating)), now)
            intervals[rating] = after.due - now
        return intervals

    def check_offered(self, card_id: str) -> None:
        """Refuse (``ProgressError``) to grade a card the review window would not offer now: a
        new card (never graded) that is not available yet, or one past today's limit of new
        cards. A card already in review may be graded at any time. ``UnknownCardError`` for an
        id that is no card."""
        if self.card(card_id).state is not CardState.NEW:
            return
        if card_id not in self._available_keys(self._known()):
            raise ProgressError(f"card {card_id!r} is not unlocked yet: start its stage first")
        if not self._new_left(self._now()):
            limit = self.settings().new_per_day
            raise ProgressError(
                f"today's new cards are done (limit {limit} a day); card {card_id!r} is new: "
                "grade it tomorrow"
            )

    def grade(
        self, card_id: str, rating: Rating | str, *, duration_ms: int | None = None
    ) -> GradeResult:
        """Grade a card now: FSRS gives its next state; state and log are stored together."""
        from fsrs import Rating as FsrsRating

        from tracker.storage.cards import NewState

        wanted = rating if isinstance(rating, Rating) else Rating.parse(rating)
        self.card(card_id)
        now = self._now()
        scheduler = self._scheduler()
        outcome: list[Any] = []

        def schedule(stored: StoredCard | None) -> NewState:
            # Called inside the write transaction, with the state as stored at that moment.
            outcome.clear()
            after, _log = scheduler.review_card(
                self._fsrs_card(stored, now), FsrsRating(int(wanted)), now, duration_ms
            )
            outcome.append(after)
            return NewState(
                int(after.state),
                after.step,
                after.stability,
                after.difficulty,
                after.due,
                after.last_review,
            )

        scope = self._scope
        with self._service._writing():
            _card, log_id = self._cards.record_grade(
                *scope, card_id, schedule, rating=int(wanted), at=now, duration_ms=duration_ms
            )
        self._undoable.append((scope, log_id))
        after = outcome[0]
        return GradeResult(card_id, wanted, now, after.due, FSRS_STATES[int(after.state)])

    def undo_last_grade(self) -> str | None:
        """Take back the newest grade made here (in this process, for the profile shown): the
        card's earlier state returns. Returns its card id, or None when there is nothing to undo.
        Grades from another process are never taken back; when the card was graded again since
        (by another process), nothing changes and ``ProgressError`` says so."""
        scope = self._scope
        mine = [i for i, (where, _log) in enumerate(self._undoable) if where == scope]
        if not mine:
            return None
        _where, log_id = self._undoable.pop(mine[-1])
        with self._service._writing():
            undone = self._cards.undo_grade(*scope, log_id)
        if undone is None:
            return None
        key, done = undone
        if not done:
            raise ProgressError(
                f"card {key!r} was graded again elsewhere since; that grade is kept and "
                "this one can no longer be undone"
            )
        return key

    def review_logs(self) -> list[Any]:
        """The profile's review logs as ``fsrs.ReviewLog`` objects, ready for ``fsrs.Optimizer``."""
        from fsrs import Rating as FsrsRating
        from fsrs import ReviewLog

        return [
            ReviewLog(log.card_id, FsrsRating(log.rating), log.review_datetime, log.review_duration)
            for log in self._cards.logs(*self._scope)
        ]

    # --- the learner's own cards ------------------------------------------------------------

    def _clean(self, front: str, back: str) -> tuple[str, str]:
        front, back = front.strip(), back.strip()
        if not front or not back:
            raise ProgressError("a card needs both a front and a back")
        if len(front) > MAX_CARD_TEXT or len(back) > MAX_CARD_TEXT:
            raise ProgressError(f"a card's side may hold at most {MAX_CARD_TEXT} characters")
        for side in (front, back):
            bad = next((c for c in side if _is_control(c)), None)
            if bad is not None:
                raise ProgressError(
                    f"a card may not hold control characters (found U+{ord(bad):04X}); "
                    "only line breaks and tabs"
                )
        return front, back

    def add_card(self, item_kind: ItemKind, item_id: str, front: str, back: str) -> str:
        """A new card of the learner's on a task, stage or concept; returns its card id."""
        self._service._require(item_kind, item_id)
        front, back = self._clean(front, back)
        from tracker.storage.cards import user_key

        with self._service._writing():
            number = self._cards.add_user_card(
                *self._scope, item_kind.value, item_id, front=front, back=back, now=self._now()
            )
        return user_key(number)

    def _number(self, card_id: str) -> int:
        if card_id.startswith(USER_KEY_PREFIX) and card_id[2:].isdigit():
            return int(card_id[2:])
        raise UnknownCardError(card_id)

    def edit_card(self, card_id: str, front: str, back: str) -> tuple[str, str]:
        """New texts for an own card; returns the old (front, back) so it can be undone."""
        front, back = self._clean(front, back)
        with self._service._writing():
            old = self._cards.edit_user_card(
                self._scope[0], self._number(card_id), front, back, self._now()
            )
        if old is None:
            raise UnknownCardError(card_id)
        return old

    def delete_card(self, card_id: str) -> None:
        """Delete an own card (its history is kept, so ``restore_card`` undoes this)."""
        self._set_deleted(card_id, self._now())

    def restore_card(self, card_id: str) -> None:
        self._set_deleted(card_id, None)

    def _set_deleted(self, card_id: str, when: datetime | None) -> None:
        with self._service._writing():
            found = self._cards.set_user_card_deleted(self._scope[0], self._number(card_id), when)
        if not found:
            raise UnknownCardError(card_id)

    def own_cards(
        self, item_kind: ItemKind | None = None, item_id: str | None = None
    ) -> list[ReviewCard]:
        """The learner's own cards (on one item if given), oldest first."""
        states = self._cards.states(*self._scope)
        return [
            self._card(entry, states.get(key))
            for key, entry in self._own_entries().items()
            if (item_kind is None or entry.item_kind is item_kind)
            and (item_id is None or entry.item_id == item_id)
        ]

    def orphans(self) -> list[str]:
        """Ids of cards with a review history that are no longer in the curriculum."""
        known = self._known()
        return sorted(key for key in self._cards.states(*self._scope) if key not in known)

    # --- statistics -------------------------------------------------------------------------

    def stats(self) -> ReviewStats:
        now = self._now()
        logs = self._cards.logs(*self._scope, since=now - RETENTION_WINDOW)
        passed = sum(1 for log in logs if log.rating != Rating.AGAIN)
        retention = passed / len(logs) if logs else None
        known = self._known()
        available = self._available_keys(known)
        states = self._cards.states(*self._scope)
        per_stage: dict[str, list[int]] = {s.id: [0, 0, 0] for s in self._service.curriculum.stages}
        for key, entry in known.items():
            counts = per_stage.get(entry.stage_id or "")
            if counts is None:
                continue
            stored = states.get(key)
            if key in available or stored is not None:
                counts[0] += 1
            if stored is not None:
                counts[1] += 1
                if (stored.stability or 0.0) >= MATURE_DAYS:
                    counts[2] += 1
        stages = tuple(StageCardStats(sid, *counts) for sid, counts in per_stage.items())
        return ReviewStats(len(logs), retention, stages)


def _is_control(char: str) -> bool:
    """A control character other than a line break or a tab (an escape sequence in a card
    would reach the terminal of ``learnpath review`` as it is)."""
    return char not in "\n\t" and unicodedata.category(char) == "Cc"


def due_count(service: ProgressService) -> ReviewCounts:
    """Cards due now and new cards left for today, for the Today view and the toolbar."""
    return service.review.due_count()


def local_date(moment: datetime) -> date:
    """The learner's local calendar date of a stored UTC time (for the CLI and the window)."""
    return moment.astimezone().date()
