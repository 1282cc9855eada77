"""The plan row: setting, typing and clearing a target date by keyboard, and the pace in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tracker.progress.records import Counts, Pace, StageProgress
from tracker.ui import i18n
from tracker.ui.plan import PlanPanel

Opener = Callable[..., Any]


def progress(pace: Pace, remaining: float, target: date | None) -> StageProgress:
    return StageProgress(
        stage_id="basics",
        counts=Counts(done=1, in_progress=0, skipped=0, total=4),
        modules=(),
        remaining_hours=remaining,
        target_date=target,
        pace=pace,
    )


def test_no_target_shows_words_not_a_date_and_tab_passes_through(
    qtbot: Any, open_window: Opener
) -> None:
    window = open_window()
    panel = window.plan_panel
    assert panel.target() is None
    assert panel.date_edit.isHidden()
    assert panel.no_target_label.isVisible() and panel.no_target_label.text() == "No target"
    assert panel.clear_button.text() == "Set target…"
    # Should the learner open the calendar, it shows this month, not January 2000.
    today = date.today()
    calendar = panel.date_edit.calendarWidget()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)

    window.stage_view.setFocus()
    qtbot.keyClick(window.stage_view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.clear_button
    qtbot.keyClick(panel.clear_button, Qt.Key.Key_Up)  # no made-up date to step to 2001
    assert panel.target() is None
    assert panel.pace_label.text() == ""
    panel.clear_button.setFocus()  # (Up moved the focus back, as arrows do between buttons)
    qtbot.keyClick(panel.clear_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.concept_view
    assert window.service.target_date("basics") is None


def test_set_target_starts_four_weeks_out_then_typing_a_date_sets_it(
    qtbot: Any, open_window: Opener
) -> None:
    window = open_window()
    panel = window.plan_panel
    panel.clear_button.setFocus()
    qtbot.keyClick(panel.clear_button, Qt.Key.Key_Space)
    first = date.today() + timedelta(weeks=4)
    assert window.service.target_date("basics") == first
    assert panel.date_edit.isVisible() and panel.no_target_label.isHidden()
    assert QApplication.focusWidget() is panel.date_edit
    assert panel.clear_button.text() == "Clear"
    calendar = panel.date_edit.calendarWidget()
    assert (calendar.yearShown(), calendar.monthShown()) == (first.year, first.month)
    assert not panel.pace_label.text().startswith("Overdue")

    qtbot.keyClick(panel.date_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.date_edit, "2031-03-15")
    assert panel.target() == date(2031, 3, 15)
    panel.flush()  # what the pause after typing does
    assert window.service.target_date("basics") == date(2031, 3, 15)

    # Tab leaves the date for the button, and on to the concepts.
    qtbot.keyClick(panel.date_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.clear_button
    qtbot.keyClick(panel.clear_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.concept_view


def test_up_arrow_steps_a_real_date_by_one(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    panel = window.plan_panel
    panel.set_target(date(2030, 6, 1))
    panel.date_edit.setFocus()
    panel.date_edit.setCurrentSection(panel.date_edit.Section.DaySection)
    qtbot.keyClick(panel.date_edit, Qt.Key.Key_Up)
    assert panel.target() == date(2030, 6, 2)
    panel.flush()
    assert window.service.target_date("basics") == date(2030, 6, 2)


def test_clear_hides_the_date_and_moves_focus_to_the_button(
    qtbot: Any, open_window: Opener
) -> None:
    window = open_window()
    panel = window.plan_panel
    panel.set_target(date.today() + timedelta(days=10))
    panel.clear_button.setFocus()
    qtbot.keyClick(panel.clear_button, Qt.Key.Key_Space)
    assert window.service.target_date("basics") is None
    assert panel.date_edit.isHidden()
    assert panel.clear_button.text() == "Set target…"
    assert QApplication.focusWidget() is panel.clear_button


def test_pace_says_the_hours_a_week_it_assumes(qtbot: Any) -> None:
    panel = PlanPanel()
    qtbot.addWidget(panel)
    today = date(2026, 3, 2)
    panel.today = lambda: today
    target = today + timedelta(days=62)  # 63 days counting today: 9 weeks
    panel.show_stage("basics", progress(Pace.AHEAD, 64, target))
    assert panel.pace_label.text() == (
        "Ahead — about 64 h of work left: ≈ 6 weeks at 10 h/week, with 9 weeks to the target date"
    )
    assert "10 hours of study a week" in panel.pace_label.toolTip()

    panel.set_hours_per_week(4)
    assert "≈ 16 weeks at 4 h/week" in panel.pace_label.text()

    panel.show_stage("basics", progress(Pace.BEHIND, 3, today + timedelta(days=1)))
    assert panel.pace_label.text().endswith("≈ 5 days at 4 h/week, with 2 days to the target date")
    panel.show_stage("basics", progress(Pace.OVERDUE, 5, today - timedelta(days=3)))
    assert panel.pace_label.text() == "Overdue — about 5 h of work left: ≈ 9 days at 4 h/week"
    panel.show_stage("basics", progress(Pace.OVERDUE, 0.5, today - timedelta(days=3)))
    assert panel.pace_label.text().endswith("≈ 1 day at 4 h/week")
    panel.show_stage("basics", progress(Pace.DONE, 0, target))
    assert panel.pace_label.text() == "Finished"
    panel.show_stage("basics", progress(Pace.NO_TARGET, 8, None))
    assert panel.pace_label.text() == ""


def test_pace_is_explained_in_chinese_too(qtbot: Any) -> None:
    panel = PlanPanel()
    qtbot.addWidget(panel)
    today = date(2026, 3, 2)
    panel.today = lambda: today
    panel.show_stage("basics", progress(Pace.AHEAD, 64, today + timedelta(days=62)))
    i18n.set_language("zh", remember=False)
    panel.retranslate()
    text = panel.pace_label.text()
    assert "每周 10 学时" in text and "6 周" in text and "9 周" in text
    assert panel.clear_button.text() == "清除"
    assert "每周" in panel.pace_label.toolTip()
