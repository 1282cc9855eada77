"""Spaced review through the progress layer: FSRS schedules exactly as the ``fsrs`` package
does, cards unlock with the learner's progress, grades are undoable, orphans come back."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from card_curriculum import make_card_curriculum
from fsrs import Card, Rating, Scheduler
from sample_curriculum import FakeClock

from tracker.progress.errors import ProgressError, UnknownIdError
from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.review import CardState, ReviewCounts, UnknownCardError, due_count
from tracker.progress.review import Rating as ReviewRating
from tracker.progress.service import ProgressService


@pytest.fixture
def service(tmp_path: Path, clock: FakeClock) -> Iterator[ProgressService]:
    opened = ProgressService.open(tmp_path, make_card_curriculum(), clock=clock)
    yield opened
    opened.close()


def _ids(service: ProgressService) -> list[str]:
    return [card.card_id for card in service.review.queue()]


def test_nothing_is_available_before_the_learner_starts(service: ProgressService) -> None:
    assert _ids(service) == []
    assert due_count(service) == ReviewCounts(0, 0)


def test_starting_a_stage_unlocks_its_concepts_and_task_cards(service: ProgressService) -> None:
    service.set_status("attention-task", TaskStatus.IN_PROGRESS)
    assert _ids(service) == ["attention-1", "attention-2", "attention-3", "tokenize-1"]
    # ``vectors`` is only referenced by a task of the stage: ticking that task unlocks it.
    service.set_status("embeddings", TaskStatus.DONE)
    assert {"vectors-1", "vectors-2"} < set(_ids(service))
    assert "retrieval-1" not in _ids(service)
    service.set_status("build-index", TaskStatus.SKIPPED)  # skipping is not starting
    assert "retrieval-1" not in _ids(service)
    service.set_status("build-index", TaskStatus.IN_PROGRESS)
    assert "retrieval-1" in _ids(service)


def test_a_task_in_progress_does_not_unlock_the_concept_it_references(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Only a tick (done) unlocks a referenced concept; starting its stage unlocks the
    concepts the stage lists."""
    service = ProgressService.open(tmp_path, make_card_curriculum(), clock=clock)
    try:
        service.set_status("embeddings", TaskStatus.IN_PROGRESS)
        assert "vectors-1" not in _ids(service)
        assert "attention-1" in _ids(service)
    finally:
        service.close()


def test_a_schedule_through_learnpath_equals_the_fsrs_package(
    service: ProgressService, clock: FakeClock
) -> None:
    service.set_status("attention-task", TaskStatus.DONE)
    scheduler = Scheduler(desired_retention=0.9, enable_fuzzing=False)
    expected = Card(card_id=0, due=clock.now)
    grades = ["good", "good", "again", "hard", "good", "easy", "good"]
    waits = [timedelta(minutes=10), timedelta(days=1), timedelta(days=3), timedelta(minutes=10),
             timedelta(days=1), timedelta(days=4), timedelta(days=20)]  # fmt: skip
    for grade, wait in zip(grades, waits, strict=True):
        result = service.review.grade("attention-1", grade, duration_ms=4000)
        expected, log = scheduler.review_card(
            expected, Rating[grade.capitalize()], result.reviewed_at, 4000
        )
        stored = service.review._cards.state(*service._scope, "attention-1")
        assert stored is not None
        assert result.due == expected.due == stored.due
        assert (stored.state, stored.step) == (int(expected.state), expected.step)
        assert stored.stability == expected.stability
        assert stored.difficulty == expected.difficulty
        assert stored.last_review == expected.last_review == log.review_datetime
        clock.now = expected.due + wait
    logs = service.review.review_logs()
    assert [(int(log.rating), log.review_duration) for log in logs] == [
        (int(Rating[g.capitalize()]), 4000) for g in grades
    ]
    assert len({log.card_id for log in logs}) == 1


def test_desired_retention_is_per_profile_and_changes_the_intervals(
    service: ProgressService,
) -> None:
    assert service.review.settings().desired_retention == 0.9
    assert service.review.settings().new_per_day == 10
    service.set_status("attention-task", TaskStatus.DONE)
    default = service.review.preview("attention-1")
    service.review.set_settings(desired_retention=0.97)
    stricter = service.review.preview("attention-1")
    assert stricter[ReviewRating.EASY] < default[ReviewRating.EASY]
    service.add_profile("other")
    service.switch_profile("other")
    assert service.review.settings().desired_retention == 0.9
    with pytest.raises(ProgressError, match=r"between 0\.7 and 0\.99"):
        service.review.set_settings(desired_retention=1.5)


def test_new_cards_are_limited_per_local_day(service: ProgressService, clock: FakeClock) -> None:
    service.set_status("embeddings", TaskStatus.DONE)  # six cards available
    service.review.set_settings(new_per_day=2)
    assert service.review.due_count() == ReviewCounts(0, 2)
    first, second = _ids(service)
    service.review.grade(first, "easy")
    service.review.grade(second, "easy")
    assert service.review.due_count().new == 0
    clock.advance(days=1)
    assert service.review.due_count().new == 2
    assert first not in [c.card_id for c in service.review.queue() if c.state is CardState.NEW]


def test_again_makes_a_card_due_soon_and_it_is_counted_due(
    service: ProgressService, clock: FakeClock
) -> None:
    service.set_status("attention-task", TaskStatus.DONE)
    result = service.review.grade("attention-1", "again")
    assert result.state is CardState.LEARNING
    assert service.review.due_count().due == 0
    clock.now = result.due
    assert service.review.due_count().due == 1
    assert service.review.stage_due_counts() == {"basics": 1}
    assert service.review.queue()[0].card_id == "attention-1"


def test_undo_takes_back_the_last_grade_exactly(service: ProgressService, clock: FakeClock) -> None:
    service.set_status("attention-task", TaskStatus.DONE)
    first = service.review.grade("attention-1", "good")
    clock.now = first.due
    before = service.review._cards.state(*service._scope, "attention-1")
    service.review.grade("attention-1", "easy")
    assert service.review.undo_last_grade() == "attention-1"
    assert service.review._cards.state(*service._scope, "attention-1") == before
    assert service.review.undo_last_grade() == "attention-1"
    assert service.review.card("attention-1").state is CardState.NEW
    assert service.review.review_logs() == []
    assert service.review.undo_last_grade() is None


def test_unknown_card_and_bad_rating_are_errors(service: ProgressService) -> None:
    with pytest.raises(UnknownCardError, match="did you mean: attention-3, attention-2"):
        service.review.grade("attention-l", "good")
    with pytest.raises(ProgressError, match="unknown rating 'great'"):
        service.review.grade("attention-1", "great")
    assert service.review.review_logs() == []


def test_a_card_that_leaves_the_curriculum_keeps_its_history_and_comes_back(
    service: ProgressService, clock: FakeClock
) -> None:
    service.set_status("attention-task", TaskStatus.DONE)
    graded = service.review.grade("attention-2", "good")
    clock.now = graded.due + timedelta(days=1)
    assert "attention-2" in _ids(service)
    service.set_curriculum(make_card_curriculum(without=frozenset({"attention"})))
    assert service.review.orphans() == ["attention-2"]
    assert "attention-2" not in _ids(service)
    assert service.review.due_count().due == 0
    with pytest.raises(UnknownCardError):
        service.review.grade("attention-2", "good")
    service.set_curriculum(make_card_curriculum())
    assert service.review.orphans() == []
    back = service.review.card("attention-2")
    assert (back.state, back.due) == (CardState.LEARNING, graded.due)
    assert len(service.review.review_logs()) == 1


def test_own_cards_are_added_edited_deleted_and_restored(service: ProgressService) -> None:
    key = service.review.add_card(ItemKind.STAGE, "practice", " Why rerank? ", "Precision.")
    assert key.startswith("u:")
    assert _ids(service) == [key]  # own cards need no unlocking
    own = service.review.own_cards(ItemKind.STAGE, "practice")
    assert [(c.front.en, c.back.zh, c.stage_id) for c in own] == [
        ("Why rerank?", "Precision.", "practice")
    ]
    assert service.review.edit_card(key, "Why rerank at all?", "Precision.") == (
        "Why rerank?",
        "Precision.",
    )
    service.review.grade(key, "good")
    service.review.delete_card(key)
    assert service.review.own_cards() == []
    assert service.review.orphans() == [key]
    service.review.restore_card(key)
    assert service.review.card(key).state is CardState.LEARNING
    with pytest.raises(UnknownIdError):
        service.review.add_card(ItemKind.TASK, "nope", "f", "b")
    with pytest.raises(ProgressError, match="both a front and a back"):
        service.review.add_card(ItemKind.TASK, "tokenize", "f", "  ")


def test_stats_give_retention_and_learned_and_mature_cards_per_stage(
    service: ProgressService, clock: FakeClock
) -> None:
    service.set_status("attention-task", TaskStatus.DONE)
    assert service.review.stats().retention is None
    for _ in range(3):
        clock.advance(days=60)
        service.review.grade("attention-2", "easy")
    service.review.grade("attention-1", "again")
    service.review.grade("attention-3", "good")
    stats = service.review.stats()
    assert stats.reviews == 3  # the two older grades are outside the last 30 days
    assert stats.retention == pytest.approx(2 / 3)
    basics = {s.stage_id: s for s in stats.stages}["basics"]
    assert (basics.cards, basics.learned, basics.mature) == (4, 3, 1)


def test_next_card_is_the_first_card_of_the_queue(
    service: ProgressService, clock: FakeClock
) -> None:
    assert service.review.next_card() is None
    service.set_status("embeddings", TaskStatus.DONE)
    service.review.grade("attention-1", "again")
    for _ in range(3):
        first = service.review.next_card()
        assert first == service.review.queue()[0]
        assert first is not None
        service.review.grade(first.card_id, "good")
    clock.advance(minutes=2)
    assert service.review.next_card() == service.review.queue()[0]
    assert service.review.next_card().card_id == "attention-1"  # type: ignore[union-attr]


def test_any_sequence_of_grades_schedules_as_fsrs_and_undoes_to_nothing(
    tmp_path: Path,
) -> None:
    """Property: for random grades at random times, every stored state equals the package's;
    undoing every grade leaves the card new and no review log."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    clock = FakeClock(datetime(2030, 3, 1, 12, tzinfo=UTC))
    service = ProgressService.open(tmp_path, make_card_curriculum(), clock=clock)
    service.set_status("tokenize", TaskStatus.DONE)
    steps = st.lists(
        st.tuples(
            st.sampled_from(["again", "hard", "good", "easy"]),
            st.integers(min_value=0, max_value=60 * 24 * 120),  # minutes until the next grade
        ),
        min_size=1,
        max_size=12,
    )

    @settings(max_examples=40, deadline=None)
    @given(steps)
    def check(grades: list[tuple[str, int]]) -> None:
        scheduler = Scheduler(desired_retention=0.9, enable_fuzzing=False)
        expected = Card(card_id=0, due=clock.now)
        for rating, minutes in grades:
            result = service.review.grade("attention-3", rating)
            expected, _ = scheduler.review_card(
                expected, Rating[rating.capitalize()], result.reviewed_at
            )
            stored = service.review._cards.state(*service._scope, "attention-3")
            assert stored is not None
            assert (stored.due, stored.stability, stored.difficulty, stored.step) == (
                expected.due,
                expected.stability,
                expected.difficulty,
                expected.step,
            )
            clock.advance(minutes=minutes)
        while service.review.undo_last_grade() is not None:
            pass
        assert service.review.card("attention-3").state is CardState.NEW
        assert service.review.review_logs() == []

    try:
        check()
    finally:
        service.close()


def test_undo_never_takes_back_a_grade_made_by_another_process(
    service: ProgressService, tmp_path: Path, clock: FakeClock
) -> None:
    """The CLI (another service on the same file) grades after the window: the window's Ctrl+Z
    takes back the window's own grade, never the CLI's."""
    service.set_status("attention-task", TaskStatus.DONE)
    service.review.grade("attention-1", "good")
    other = ProgressService.open(tmp_path, make_card_curriculum(), clock=clock)
    try:
        other.review.grade("attention-2", "easy")
        assert other.review.undo_last_grade() == "attention-2"
        other.review.grade("attention-2", "easy")
        assert service.review.undo_last_grade() == "attention-1"
        assert service.review.card("attention-1").state is CardState.NEW
        assert service.review.card("attention-2").state is CardState.REVIEW
        assert service.review.undo_last_grade() is None
        assert [log.card_id for log in service.review._cards.logs(*service._scope)] != []
    finally:
        other.close()


def test_undo_refuses_when_another_process_graded_the_card_since(
    service: ProgressService, tmp_path: Path, clock: FakeClock
) -> None:
    service.set_status("attention-task", TaskStatus.DONE)
    service.review.grade("attention-1", "good")
    other = ProgressService.open(tmp_path, make_card_curriculum(), clock=clock)
    try:
        clock.advance(minutes=10)
        theirs = other.review.grade("attention-1", "good")
    finally:
        other.close()
    with pytest.raises(ProgressError, match="graded again elsewhere"):
        service.review.undo_last_grade()
    assert service.review.card("attention-1").due == theirs.due
    assert len(service.review.review_logs()) == 2


def test_a_grade_builds_on_a_grade_stored_meanwhile_by_another_process(
    service: ProgressService, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI grades a card just before the window's grade of it is written: the window's
    grade is scheduled from the state the CLI left, not from the state it read before."""
    service.set_status("attention-task", TaskStatus.DONE)
    other = ProgressService.open(tmp_path, make_card_curriculum(), clock=clock)
    cards = service.review._cards
    original = cards.record_grade
    theirs = []

    def cli_grades_first(*args: object, **kwargs: object) -> object:
        theirs.append(other.review.grade("attention-1", "good"))
        return original(*args, **kwargs)  # type: ignore[arg-type]

    try:
        monkeypatch.setattr(cards, "record_grade", cli_grades_first)
        result = service.review.grade("attention-1", "good")
    finally:
        other.close()
    scheduler = Scheduler(desired_retention=0.9, enable_fuzzing=False)
    cli_at, window_at = theirs[0].reviewed_at, result.reviewed_at
    expected, _ = scheduler.review_card(Card(card_id=0, due=cli_at), Rating.Good, cli_at)
    expected, _ = scheduler.review_card(expected, Rating.Good, window_at)
    assert theirs[0].state is CardState.LEARNING
    assert result.due == expected.due
    assert service.review._cards.state(*service._scope, "attention-1").step == expected.step
    assert len(service.review.review_logs()) == 2


def test_the_new_card_day_starts_at_local_midnight_on_the_day_the_clocks_go_forward(
    service: ProgressService, clock: FakeClock
) -> None:
    """In Central Europe the clocks go forward at 02:00 on 31 March 2030: that day's midnight
    is 23:00 UTC (CET), not 22:00 UTC (CEST, the offset in force later that day)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "CET-1CEST,M3.5.0,M10.5.0/3"
    time.tzset()
    try:
        service.set_status("embeddings", TaskStatus.DONE)
        service.review.set_settings(new_per_day=1)
        clock.now = datetime(2030, 3, 30, 22, 30, tzinfo=UTC)  # 23:30 on the 30th, local
        service.review.grade(_ids(service)[0], "easy")
        assert service.review.due_count().new == 0
        clock.now = datetime(2030, 3, 31, 8, 0, tzinfo=UTC)  # 10:00 on the 31st, local
        assert service.review.due_count().new == 1
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


def test_a_deleted_own_card_cannot_be_edited(service: ProgressService) -> None:
    card_id = service.review.add_card(ItemKind.STAGE, "basics", "Q", "A")
    service.review.delete_card(card_id)
    with pytest.raises(UnknownCardError):
        service.review.edit_card(card_id, "Q2", "A2")
    service.review.restore_card(card_id)
    assert service.review.card(card_id).front.en == "Q"
