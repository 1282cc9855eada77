"""Study time through the progress layer: the timer across a restart, manual entries undone like
ticks, local days across midnight and DST (Europe/Berlin), honest streaks, Today's next-up order,
the pace from real data and a re-plan applied and undone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sample_curriculum import FakeClock

from tracker.curriculum.model import Curriculum
from tracker.progress import days
from tracker.progress.errors import ProgressError, UnknownIdError
from tracker.progress.records import ChangeKind, ItemKind, TaskStatus
from tracker.progress.service import ProgressService
from tracker.progress.study import DAILY_GOAL, HOURS_PER_WEEK, STREAK_MINIMUM, StudyTime

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def study(service: ProgressService) -> StudyTime:
    return StudyTime(service, zone=BERLIN)


def test_durations_in_the_forms_the_command_line_accepts() -> None:
    assert days.parse_duration("45m") == 45
    assert days.parse_duration("1h30m") == 90
    assert days.parse_duration("1.5h") == 90
    assert days.parse_duration("90") == 90
    assert days.parse_duration("2h") == 120
    for bad in ("", "abc", "0", "-5", "1x", "25h", "h", "1.5"):
        with pytest.raises(ProgressError):
            days.parse_duration(bad)


def test_timer_session_is_committed_at_start_and_survives_a_restart(
    tmp_path: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    first = ProgressService.open(tmp_path, curriculum, clock=clock)
    running = StudyTime(first, zone=BERLIN).start(ItemKind.TASK, "tokenize")
    clock.advance(minutes=5)
    StudyTime(first, zone=BERLIN).heartbeat(running)
    # The process dies here: nothing is stopped or closed. Another process opens the file.
    clock.advance(minutes=40)
    second = ProgressService.open(tmp_path, curriculum, clock=clock)
    try:
        study = StudyTime(second, zone=BERLIN)
        [left] = study.left_running()
        assert left.id == running.id and left.item_id == "tokenize"
        assert left.last_seen_at - left.started_at >= timedelta(minutes=5)
        change = study.trim(left)  # counted up to the last heartbeat, not the 40 lost minutes
        assert change is not None and change.kind is ChangeKind.TIME
        assert study.left_running() == []
        assert study.today_summary().minutes_today == 5
    finally:
        second.close()
        first.close()


def test_left_running_session_kept_counts_up_to_now_and_discarded_counts_nothing(
    study: StudyTime, clock: FakeClock
) -> None:
    kept = study.start(ItemKind.TASK, "tokenize")
    clock.advance(minutes=20)
    study.keep(kept)
    assert study.today_summary().minutes_today == 20
    dropped = study.start(ItemKind.STAGE, "basics")
    clock.advance(minutes=30)
    assert study.discard(dropped)
    assert study.left_running() == []
    assert study.today_summary().minutes_today == 20


def test_manual_entries_edit_and_delete_are_undone_like_ticks(
    service: ProgressService, study: StudyTime
) -> None:
    study.log(45, ItemKind.TASK, "tokenize", note="read the paper")
    [entry] = study.sessions()
    assert (entry.seconds, entry.on_date, entry.note) == (2700, study.today(), "read the paper")
    study.edit_entry(entry.id, 30, note="half of it")
    assert study.sessions()[0].seconds == 1800
    study.delete_entry(entry.id)
    assert study.sessions() == []
    assert service.undo() is not None  # the delete
    assert study.sessions()[0].seconds == 1800
    service.undo()  # the edit
    assert study.sessions()[0].seconds == 2700 and study.sessions()[0].note == "read the paper"
    service.undo()  # the entry itself
    assert study.sessions() == []
    service.redo()
    assert [s.id for s in study.sessions()] == [entry.id]


def test_bad_entries_are_refused(study: StudyTime) -> None:
    with pytest.raises(ProgressError, match="future"):
        study.log(30, ItemKind.TASK, "tokenize", on=study.today() + timedelta(days=1))
    with pytest.raises(UnknownIdError):
        study.log(30, ItemKind.TASK, "no-such-task")
    with pytest.raises(UnknownIdError):
        study.log(30, ItemKind.STAGE, "no-such-stage")
    with pytest.raises(ProgressError):
        study.log(0, ItemKind.TASK, "tokenize")
    assert study.sessions() == []


def test_a_session_across_midnight_counts_on_both_local_days(
    service: ProgressService, study: StudyTime, clock: FakeClock
) -> None:
    # 23:30 to 00:45 Berlin time (UTC+1 in winter).
    clock.now = datetime(2030, 1, 14, 22, 30, tzinfo=UTC)
    session = study.start(ItemKind.TASK, "tokenize")
    study.stop(session, datetime(2030, 1, 14, 23, 45, tzinfo=UTC))
    clock.now = datetime(2030, 1, 15, 8, 0, tzinfo=UTC)
    stats = study.stats(weeks=1)
    assert [(d.day, d.minutes) for d in stats.days] == [
        (date(2030, 1, 14), 30),
        (date(2030, 1, 15), 45),
    ]


def test_a_session_over_the_dst_change_counts_its_real_length(study: StudyTime) -> None:
    # 31 March 2030: Berlin clocks jump from 02:00 to 03:00. 01:30 to 03:30 local is one hour,
    # and a session over the whole 23-hour day counts 23 hours on it.
    start = datetime(2030, 3, 31, 1, 30, tzinfo=BERLIN)
    end = datetime(2030, 3, 31, 3, 30, tzinfo=BERLIN)
    from tracker.studytime import StudySession

    short = StudySession(1, "task", "tokenize", start, end, end)
    assert days.seconds_by_day([short], BERLIN) == {date(2030, 3, 31): 3600.0}
    whole = StudySession(
        2,
        "task",
        "tokenize",
        datetime(2030, 3, 30, 23, 0, tzinfo=BERLIN),
        datetime(2030, 4, 1, 1, 0, tzinfo=BERLIN),
        datetime(2030, 4, 1, 1, 0, tzinfo=BERLIN),
    )
    assert days.seconds_by_day([whole], BERLIN) == {
        date(2030, 3, 30): 3600.0,
        date(2030, 3, 31): 23 * 3600.0,
        date(2030, 4, 1): 3600.0,
    }


def test_streak_counts_real_study_only(
    service: ProgressService, study: StudyTime, clock: FakeClock
) -> None:
    today = study.today()

    def ago(n: int) -> date:
        return today - timedelta(days=n)

    study.log(15, ItemKind.TASK, "tokenize", on=ago(5))
    study.log(14, ItemKind.TASK, "tokenize", on=ago(4))  # 14 minutes: does not count
    study.log(20, ItemKind.TASK, "tokenize", on=ago(3))
    study.log(15, ItemKind.STAGE, "basics", on=ago(2))
    # Three days ago to yesterday: the day before yesterday by time, yesterday by a task done.
    clock.now = datetime.combine(ago(1), datetime.min.time(), tzinfo=BERLIN).astimezone(
        UTC
    ) + timedelta(hours=10)
    service.set_status("softmax", TaskStatus.DONE)
    clock.now = datetime.combine(today, datetime.min.time(), tzinfo=BERLIN).astimezone(
        UTC
    ) + timedelta(hours=9)
    # Today: only the app was opened (and a task started): today is not counted yet, and does
    # not break the streak either.
    service.set_status("embeddings", TaskStatus.IN_PROGRESS)
    summary = study.today_summary()
    assert (summary.streak.current, summary.streak.longest) == (3, 3)
    study.log(15, ItemKind.TASK, "tokenize")
    assert study.today_summary().streak.current == 4
    # A higher minimum: the 15-minute days stop counting.
    study.set_setting(STREAK_MINIMUM, 20)
    streak = study.today_summary().streak
    assert (streak.current, streak.longest) == (1, 1)  # three days ago and yesterday, apart


def test_a_ticked_off_task_undone_does_not_count(
    service: ProgressService, study: StudyTime
) -> None:
    service.set_status("softmax", TaskStatus.DONE)
    assert study.today_summary().streak.current == 1
    service.undo()
    assert study.today_summary().streak.current == 0


def test_next_up_lists_work_in_progress_first_then_the_current_stages_to_dos(
    service: ProgressService, study: StudyTime
) -> None:
    service.set_status("rerank", TaskStatus.IN_PROGRESS)
    service.set_status("embeddings", TaskStatus.IN_PROGRESS)
    service.set_status("tokenize", TaskStatus.DONE)
    order = [(n.task_id, n.status) for n in study.next_up()]
    assert order == [
        ("embeddings", TaskStatus.IN_PROGRESS),
        ("rerank", TaskStatus.IN_PROGRESS),
        ("attention", TaskStatus.TODO),
        ("softmax", TaskStatus.TODO),
    ]
    assert [n.task_id for n in study.next_up("practice")][2:] == ["build-index"]


def test_settings_are_per_profile_and_feed_the_plans_pace(
    service: ProgressService, study: StudyTime
) -> None:
    assert study.settings().hours_per_week is None  # the app asks once
    study.set_setting(HOURS_PER_WEEK, 6.5)
    study.set_setting(DAILY_GOAL, 45)
    assert study.settings().hours_per_week == 6.5
    assert study.today_summary().daily_goal_minutes == 45
    assert service.hours_per_week == 6.5
    with pytest.raises(ProgressError):
        study.set_setting(HOURS_PER_WEEK, 0)
    service.add_profile("other")
    service.switch_profile("other")
    assert study.settings().hours_per_week is None


def test_pace_comes_from_logged_time_else_from_estimates_ticked_off(
    service: ProgressService, study: StudyTime
) -> None:
    assert study.pace().source == "none"
    service.set_status("tokenize", TaskStatus.DONE)  # 2 estimated hours in four weeks
    pace = study.pace()
    assert pace.source == "ticked" and pace.hours_per_week == pytest.approx(0.5)
    study.log(240, ItemKind.TASK, "attention", on=study.today() - timedelta(days=3))
    study.log(240, ItemKind.TASK, "softmax", on=study.today() - timedelta(days=40))  # too old
    pace = study.pace()
    assert pace.source == "logged" and pace.hours_per_week == pytest.approx(1.0)
    basics, practice = pace.stages
    # basics: 6 of 8 hours left at 1 h/week -> 6 weeks; practice after it: 10 weeks.
    assert basics.remaining_hours == 6.0
    assert basics.projected_finish == study.today() + timedelta(days=42)
    assert practice.projected_finish == study.today() + timedelta(days=70)
    assert basics.hours_per_week_actual == pytest.approx(1.0)
    assert practice.hours_per_week_actual == 0.0


def test_replan_proposes_dates_and_is_applied_and_undone_as_one_change(
    service: ProgressService, study: StudyTime
) -> None:
    study.set_setting(HOURS_PER_WEEK, 4)
    service.set_target_date("basics", date(2030, 3, 10))
    proposals = study.replan_proposal()
    today = study.today()
    assert [(p.stage_id, p.current, p.proposed) for p in proposals] == [
        ("basics", date(2030, 3, 10), today + timedelta(days=14)),
        ("practice", None, today + timedelta(days=21)),
    ]
    change = study.apply_replan(proposals)
    assert change is not None and change.kind is ChangeKind.REPLAN
    assert service.target_date("basics") == today + timedelta(days=14)
    assert service.target_date("practice") == today + timedelta(days=21)
    undone = service.undo()
    assert undone is not None and undone.kind is ChangeKind.REPLAN
    assert service.target_date("basics") == date(2030, 3, 10)
    assert service.target_date("practice") is None
    assert service.stage_progress("practice").target_date is None
    service.redo()
    assert service.target_date("practice") == today + timedelta(days=21)


def test_a_start_is_stored_at_the_time_asked_but_never_in_the_future(
    study: StudyTime, clock: FakeClock
) -> None:
    asked = clock.now
    clock.advance(minutes=3)  # the write waited this long for another program's lock
    waited = study.start(ItemKind.TASK, "tokenize", asked)
    assert waited.started_at == asked
    study.stop(waited)
    ahead = study.start(ItemKind.TASK, "tokenize", clock.now + timedelta(hours=1))
    assert ahead.started_at <= clock.now
