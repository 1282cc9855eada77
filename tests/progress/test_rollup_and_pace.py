"""Roll-ups per module, stage and overall (skipped apart), and a stage's pace against its target."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.progress.errors import UnknownIdError
from tracker.progress.records import ChangeKind, Counts, Pace, TaskStatus
from tracker.progress.rollup import pace
from tracker.progress.service import ProgressService


def test_skipped_tasks_are_counted_apart_not_as_done(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    service.set_status("embeddings", TaskStatus.SKIPPED)
    service.set_status("attention", TaskStatus.IN_PROGRESS)
    stage = service.stage_progress("basics")
    assert stage.counts == Counts(done=1, in_progress=1, skipped=1, total=4)
    assert stage.counts.todo == 1
    # skipped tasks leave the denominator: 1 done of the 3 not skipped
    assert stage.counts.counted == 3
    assert stage.counts.percent_text() == "33.3"
    tokens, maths = stage.modules
    assert (tokens.module_id, tokens.counts) == ("tokens", Counts(1, 1, 1, 3))
    assert maths.counts == Counts(0, 0, 0, 1)
    assert service.overall() == Counts(done=1, in_progress=1, skipped=1, total=6)


def test_a_stage_done_or_skipped_throughout_is_at_100_and_finished(
    service: ProgressService,
) -> None:
    for task_id in ("tokenize", "attention", "embeddings"):
        service.set_status(task_id, TaskStatus.DONE)
    service.set_status("softmax", TaskStatus.SKIPPED)
    stage = service.stage_progress("basics")
    assert stage.counts.finished
    assert stage.counts.percent == 100.0
    assert stage.counts.as_json()["percent"] == 100.0
    assert stage.pace is Pace.DONE


def test_percentages_round_halves_up() -> None:
    """6.25 % is written 6.3 % everywhere (Python's own formatting says 6.2)."""
    assert Counts(done=1, total=16).percent_text() == "6.3"
    assert Counts(done=1, total=16).as_json()["percent"] == 6.3
    assert Counts(done=1, total=8).percent_text(0) == "13"
    assert Counts(skipped=2, total=2).percent == 100.0
    assert Counts().percent == 0.0


def test_stages_progress_is_in_curriculum_order(service: ProgressService) -> None:
    assert [s.stage_id for s in service.stages_progress()] == ["basics", "practice"]


def test_remaining_hours_leave_out_done_and_skipped(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    service.set_status("embeddings", TaskStatus.SKIPPED)
    service.set_status("attention", TaskStatus.IN_PROGRESS)
    assert service.stage_progress("basics").remaining_hours == 4.0


def test_target_date_round_trips_and_clears(service: ProgressService) -> None:
    change = service.set_target_date("basics", date(2030, 4, 1))
    assert (change.kind, change.old, change.new) == (ChangeKind.PLAN, None, "2030-04-01")
    assert service.target_date("basics") == date(2030, 4, 1)
    service.set_target_date("basics", None)
    assert service.target_date("basics") is None
    with pytest.raises(UnknownIdError):
        service.set_target_date("basic", date(2030, 4, 1))


def test_stage_pace_in_the_service(service: ProgressService) -> None:
    # 4 tasks x 2 h = 8 h left; today is 2030-03-01; 10 h/week.
    assert service.stage_progress("basics").pace is Pace.NO_TARGET
    service.set_target_date("basics", date(2030, 3, 2))  # 2 days ~ 2.9 h
    assert service.stage_progress("basics").pace is Pace.BEHIND
    service.set_target_date("basics", date(2030, 4, 1))  # 32 days ~ 45.7 h
    assert service.stage_progress("basics").pace is Pace.AHEAD
    service.set_target_date("basics", date(2030, 2, 1))
    assert service.stage_progress("basics").pace is Pace.OVERDUE
    for task in ("tokenize", "embeddings", "attention"):
        service.set_status(task, TaskStatus.DONE)
    service.set_status("softmax", TaskStatus.SKIPPED)
    assert service.stage_progress("basics").pace is Pace.DONE


TODAY = date(2030, 3, 1)
HALF = Counts(done=2, total=4)


@pytest.mark.parametrize(
    ("remaining", "target", "expected"),
    [
        (5.0, None, Pace.NO_TARGET),
        (5.0, date(2030, 2, 28), Pace.OVERDUE),
        (0.5, date(2030, 2, 28), Pace.OVERDUE),
        (10.0, date(2030, 3, 7), Pace.ON_TRACK),  # 7 days = 10 h available, exactly fits
        (10.1, date(2030, 3, 7), Pace.BEHIND),
        (7.5, date(2030, 3, 7), Pace.AHEAD),  # 75 % of 10 h
        (7.6, date(2030, 3, 7), Pace.ON_TRACK),
        (1.0, TODAY, Pace.AHEAD),  # today counts: 10/7 h available
        (2.0, TODAY, Pace.BEHIND),
    ],
)
def test_pace_rule(remaining: float, target: date | None, expected: Pace) -> None:
    assert pace(HALF, remaining, target, TODAY, hours_per_week=10.0) is expected


def test_finished_stage_is_done_even_past_its_target() -> None:
    finished = Counts(done=3, skipped=1, total=4)
    assert pace(finished, 0.0, date(2000, 1, 1), TODAY) is Pace.DONE


def test_more_hours_per_week_turns_behind_into_ahead(service: ProgressService) -> None:
    service.set_target_date("basics", date(2030, 3, 7))
    assert service.stage_progress("basics").pace is Pace.ON_TRACK  # 8 h of 10 h
    service.hours_per_week = 20.0
    assert service.stage_progress("basics").pace is Pace.AHEAD
    service.hours_per_week = 5.0
    assert service.stage_progress("basics").pace is Pace.BEHIND


def test_module_hours_add_up_as_pace_does() -> None:
    """An unestimated task counts the hour pace gives it, so a module's hours and a stage's
    remaining hours agree."""
    from tracker.curriculum.model import Task, Text
    from tracker.progress.rollup import DEFAULT_TASK_HOURS, remaining_hours, task_hours

    tasks = [
        Task(id="a", title=Text.both("A"), estimate_hours=2),
        Task(id="b", title=Text.both("B")),
        Task(id="c", title=Text.both("C"), estimate_hours=0.5),
    ]
    assert task_hours(tasks) == 2 + DEFAULT_TASK_HOURS + 0.5
    assert task_hours(tasks) == remaining_hours(tasks, {})
    assert task_hours(tasks[:1]) == 2 and isinstance(task_hours(tasks[:1]), int)
