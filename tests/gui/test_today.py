"""The Today page and the study timer in the real window (pytest-qt, offscreen): next-up order,
one click to time or tick a task, the timer across a restart, time entries and a re-plan undone
with Ctrl+Z, hours per week asked once, the last page remembered."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tracker.curriculum.model import Curriculum
from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService
from tracker.progress.study import HOURS_PER_WEEK, StudyTime
from tracker.ui.daily import STAGES_PAGE, TODAY_PAGE, DailyLoop
from tracker.ui.settings import Settings
from tracker.ui.study_dialogs import TimeEntry


class FakeStudyDialogs:
    """Answers the daily loop's questions and records them."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.left_running = "trim"
        self.entry: TimeEntry | None = None
        self.replan = True
        self.replan_rows: list[tuple[str, str, str]] = []
        self.settings: tuple[float, int, int] | None = None

    def ask_left_running(self, what: str, started: str, last_seen: str) -> str:
        self.asked.append(f"left running: {what}")
        return self.left_running

    def ask_time_entry(self, items: Any, today: date, entry: Any = None) -> TimeEntry | None:
        self.asked.append("time entry")
        return self.entry

    def ask_study_settings(self, hours: float, goal: int, minimum: int) -> Any:
        self.asked.append(f"settings {hours:g} {goal} {minimum}")
        return self.settings

    def ask_replan(self, rows: list[tuple[str, str, str]]) -> bool:
        self.asked.append("replan")
        self.replan_rows = rows
        return self.replan


@pytest.fixture
def study_dialogs() -> FakeStudyDialogs:
    return FakeStudyDialogs()


@pytest.fixture
def daily(open_window: Any, study_dialogs: FakeStudyDialogs, qtbot: Any) -> DailyLoop:
    window = open_window()
    loop = window.install_daily(dialogs=study_dialogs)
    qtbot.waitUntil(lambda: loop.today.study_loaded)  # after the first paint
    answer_hours(loop, qtbot, 6.5)
    return loop


def answer_hours(loop: DailyLoop, qtbot: Any, hours: float) -> None:
    """Answer the first-run question on the Today page."""
    assert loop.today.hours_box.isVisible()
    loop.today.hours_spin.setValue(hours)
    qtbot.mouseClick(loop.today.hours_save, Qt.MouseButton.LeftButton)


def _shown_rows(loop: DailyLoop) -> list[str]:
    return list(loop.today.rows)


def test_today_is_the_first_page_and_lists_work_in_progress_first(
    daily: DailyLoop, qtbot: Any
) -> None:
    window = daily.window
    assert daily.tabs.currentIndex() == TODAY_PAGE
    assert _shown_rows(daily) == ["read-attention", "build-tokenizer", "numpy"]
    window.set_status("rag-app", TaskStatus.IN_PROGRESS)
    window.set_status("read-attention", TaskStatus.DONE)
    assert _shown_rows(daily) == ["rag-app", "build-tokenizer", "numpy"]
    assert daily.today.reviews_label.text() == "Reviews due: 0"


def test_one_click_ticks_a_task_from_today(daily: DailyLoop, qtbot: Any) -> None:
    _start, done = daily.today.rows["build-tokenizer"]
    qtbot.mouseClick(done, Qt.MouseButton.LeftButton)
    assert daily.window.service.task_state("build-tokenizer").status is TaskStatus.DONE
    assert "build-tokenizer" not in daily.today.rows
    assert daily.today.summary is not None and daily.today.summary.streak.current == 1
    assert daily.today.streak_label.text() == "Streak: 1 day (longest 1 day)"


def test_one_click_starts_the_timer_which_is_stored_at_once(
    daily: DailyLoop, qtbot: Any, data_dir: Path, curriculum: Curriculum
) -> None:
    start, _done = daily.today.rows["numpy"]
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    assert daily.timer.running
    assert daily.window.service.task_state("numpy").status is TaskStatus.IN_PROGRESS
    assert daily.timer.label.isVisible() and "NumPy" in daily.timer.label.text()
    # Committed: another process sees the running session now.
    other = ProgressService.open(data_dir, curriculum)
    try:
        [running] = StudyTime(other).left_running()
        assert running.item_id == "numpy"
    finally:
        other.close()
    qtbot.keyClick(daily.window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert daily.timer.paused and "paused" in daily.timer.label.text()
    assert daily.study.left_running() == []
    assert daily.window.menus.undo_action.isEnabled()
    qtbot.keyClick(daily.window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert daily.timer.running
    daily.timer.stop_action.trigger()
    assert daily.timer.item is None and not daily.timer.label.isVisible()
    assert [s.item_id for s in daily.study.sessions()] == ["numpy", "numpy"]


def test_a_session_left_running_by_a_crash_is_offered_on_the_next_start(
    open_window: Any,
    study_dialogs: FakeStudyDialogs,
    qtbot: Any,
    data_dir: Path,
    curriculum: Curriculum,
) -> None:
    # A first run started a timer 50 minutes ago, was last seen 20 minutes in, then was killed.
    started = datetime.now(UTC) - timedelta(minutes=50)
    last_seen = started + timedelta(minutes=20)
    moments = iter([started, started, last_seen])
    crashed = ProgressService.open(data_dir, curriculum, clock=lambda: next(moments, last_seen))
    study = StudyTime(crashed)
    session = study.start(ItemKind.TASK, "read-attention")
    study.heartbeat(session)
    crashed.close()

    window = open_window()
    loop = window.install_daily(dialogs=study_dialogs)
    qtbot.waitUntil(lambda: "left running: Read the attention paper" in study_dialogs.asked)
    assert loop.study.left_running() == []
    [trimmed] = loop.study.sessions()
    assert 19 * 60 <= trimmed.seconds <= 21 * 60
    qtbot.waitUntil(lambda: "Today: 20 of 30 min" in loop.today.minutes_label.text())


def test_a_left_running_session_can_be_discarded(
    open_window: Any,
    study_dialogs: FakeStudyDialogs,
    qtbot: Any,
    data_dir: Path,
    curriculum: Curriculum,
) -> None:
    then = datetime.now(UTC) - timedelta(hours=3)
    crashed = ProgressService.open(data_dir, curriculum, clock=lambda: then)
    StudyTime(crashed).start(ItemKind.STAGE, "basics")
    crashed.close()
    study_dialogs.left_running = "discard"
    loop = open_window().install_daily(dialogs=study_dialogs)
    qtbot.waitUntil(lambda: loop.today.study_loaded)
    qtbot.waitUntil(lambda: loop.study.left_running() == [])
    assert loop.study.sessions() == []


def test_time_entry_from_the_dialog_counts_today_and_ctrl_z_takes_it_back(
    daily: DailyLoop, study_dialogs: FakeStudyDialogs, qtbot: Any
) -> None:
    study_dialogs.entry = TimeEntry(25, "task", "numpy", daily.study.today(), "arrays")
    qtbot.mouseClick(daily.today.log_button, Qt.MouseButton.LeftButton)
    assert daily.today.minutes_label.text() == "Today: 25 of 30 min"
    assert daily.today.goal_bar.value() == 25
    qtbot.keyClick(daily.window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert daily.today.minutes_label.text() == "Today: 0 of 30 min"
    assert daily.study.sessions() == []


def test_replan_applied_from_today_and_undone_in_one_step(
    daily: DailyLoop, study_dialogs: FakeStudyDialogs, qtbot: Any
) -> None:
    window = daily.window
    today = daily.study.today()
    # 6.5 h/week (answered at first run): basics' 12 h -> 13 days, then apps' 15 h more.
    qtbot.mouseClick(daily.today.replan_button, Qt.MouseButton.LeftButton)
    assert [row[1] for row in study_dialogs.replan_rows] == ["—", "—"]
    assert window.service.target_date("basics") == today + timedelta(days=13)
    assert window.service.target_date("apps") == today + timedelta(days=30)
    assert window.stage_model.progress_of("apps").target_date == today + timedelta(days=30)
    assert "finishes on" not in daily.today.pace_label.text()  # no real pace yet
    assert daily.today.pace_title.text() == "Pace: nothing logged in the last four weeks"
    window.undo()
    assert window.service.target_date("basics") is None
    assert window.service.target_date("apps") is None
    assert window.stage_model.progress_of("apps").target_date is None


def test_hours_per_week_is_asked_once_per_profile(
    open_window: Any, study_dialogs: FakeStudyDialogs, qtbot: Any
) -> None:
    loop = open_window().install_daily(dialogs=study_dialogs)
    qtbot.waitUntil(lambda: loop.today.study_loaded)
    assert loop.study.settings().hours_per_week is None
    answer_hours(loop, qtbot, 6.5)
    assert not loop.today.hours_box.isVisible()
    assert loop.study.settings().hours_per_week == 6.5
    assert loop.window.service.hours_per_week == 6.5
    assert loop.window.plan_panel.hours_per_week == 6.5
    second = open_window().install_daily(dialogs=study_dialogs)
    qtbot.waitUntil(lambda: second.today.study_loaded)
    assert not second.today.hours_box.isVisible()
    second.window.bridge.add_profile("other")  # another profile is asked again
    second.window.switch_profile("other")
    assert second.today.hours_box.isVisible()


def test_the_last_page_chosen_is_remembered(
    open_window: Any, study_dialogs: FakeStudyDialogs, qtbot: Any, tmp_path: Path
) -> None:
    settings = Settings.at(tmp_path / "settings.ini")
    first = open_window(settings=settings).install_daily(dialogs=study_dialogs)
    assert first.tabs.currentIndex() == TODAY_PAGE
    first.tabs.setCurrentIndex(STAGES_PAGE)
    second = open_window(settings=settings).install_daily(dialogs=study_dialogs)
    assert second.tabs.currentIndex() == STAGES_PAGE


def test_closing_the_window_stops_and_logs_a_running_timer(daily: DailyLoop, qtbot: Any) -> None:
    daily.start_on_task("numpy")
    assert daily.study.left_running() != []
    daily.window.close()
    assert daily.study.left_running() == []
    assert [s.item_id for s in daily.study.sessions()] == ["numpy"]


def test_study_settings_belong_to_the_profile(daily: DailyLoop) -> None:
    daily.study.set_setting(HOURS_PER_WEEK, 12)
    assert daily.window.service.hours_per_week == 12


def test_each_stage_s_pace_in_one_line_from_the_time_really_logged(
    daily: DailyLoop, study_dialogs: FakeStudyDialogs, qtbot: Any
) -> None:
    today = daily.study.today()
    daily.window.set_target_date("basics", today + timedelta(days=7))
    # 8 hours in the last four weeks: 2 h/week; basics has 12 h left -> six weeks.
    study_dialogs.entry = TimeEntry(480, "task", "numpy", today - timedelta(days=3), "")
    qtbot.mouseClick(daily.today.log_button, Qt.MouseButton.LeftButton)
    assert daily.today.pace_title.text() == (
        "Pace: 2.0 h/week over the last four weeks (plan: 6.5 h/week)"
    )
    first, second = daily.today.pace_label.text().splitlines()
    assert first.startswith("Stage 1: Foundations finishes on ")
    assert first.endswith(", 5 weeks after its target")
    assert second.startswith("Stage 2: Building applications finishes on ")


def test_today_hidden_behind_the_stages_is_refreshed_when_shown_again(
    daily: DailyLoop, qtbot: Any
) -> None:
    daily.tabs.setCurrentIndex(STAGES_PAGE)
    daily.window.set_status("numpy", TaskStatus.IN_PROGRESS)
    assert _shown_rows(daily) == ["read-attention", "build-tokenizer", "numpy"]  # not yet...
    daily.tabs.setCurrentIndex(TODAY_PAGE)
    assert _shown_rows(daily) == ["numpy", "read-attention", "build-tokenizer"]  # ...now


def test_study_settings_from_today_change_the_goal_the_streak_and_the_plan(
    daily: DailyLoop, study_dialogs: FakeStudyDialogs, qtbot: Any
) -> None:
    study_dialogs.entry = TimeEntry(18, "task", "numpy", daily.study.today(), "")
    qtbot.mouseClick(daily.today.log_button, Qt.MouseButton.LeftButton)
    assert daily.today.streak_label.text() == "Streak: 1 day (longest 1 day)"
    study_dialogs.settings = (9.0, 60, 20)
    qtbot.mouseClick(daily.today.settings_button, Qt.MouseButton.LeftButton)
    assert "settings 6.5 30 15" in study_dialogs.asked
    assert daily.today.minutes_label.text() == "Today: 18 of 60 min"
    assert daily.today.streak_label.text() == "Streak: 0 days (longest 0 days)"  # 18 < 20
    assert daily.window.plan_panel.hours_per_week == 9.0
    study_dialogs.settings = None  # cancelled: nothing changes
    qtbot.mouseClick(daily.today.settings_button, Qt.MouseButton.LeftButton)
    assert daily.study.settings().daily_goal_minutes == 60


def test_minutes_today_go_up_with_each_heartbeat_of_the_timer(daily: DailyLoop, qtbot: Any) -> None:
    daily.start_on_task("numpy")
    session = daily.timer.session
    assert session is not None
    # Two minutes later (the heartbeat stores "still running" with the time it runs at).
    from tracker.progress.service import utc_now

    daily.study._service._clock = lambda: utc_now() + timedelta(minutes=2)
    with qtbot.waitSignal(daily.timer.beat):
        daily.timer.heartbeat()
    assert daily.today.minutes_label.text() == "Today: 2 of 30 min"


def test_switching_profile_stops_the_timer_and_keeps_the_time_with_the_first_profile(
    daily: DailyLoop, data_dir: Path, curriculum: Curriculum
) -> None:
    daily.start_on_task("numpy")
    daily.window.bridge.add_profile("other")
    daily.window.switch_profile("other")
    assert daily.timer.item is None
    assert daily.study.sessions() == []  # nothing on the new profile
    daily.window.switch_profile("default")
    [kept] = daily.study.sessions()
    assert kept.item_id == "numpy" and not kept.running
