"""The History page in the real window: built only when first shown, a heatmap cell per day with
the day told on hover, hours per week, a stage's burn-down, and the activity log in words,
filtered by stage and kind."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any

from test_today import FakeStudyDialogs, answer_hours

from tracker.progress.records import ItemKind, TaskStatus
from tracker.ui.daily import HISTORY_PAGE, DailyLoop


def _history(open_window: Any, qtbot: Any) -> DailyLoop:
    loop = open_window().install_daily(dialogs=FakeStudyDialogs())
    qtbot.waitUntil(lambda: loop.today.study_loaded)
    answer_hours(loop, qtbot, 6.5)
    return loop


def test_history_is_built_when_first_shown_and_tells_what_happened(
    open_window: Any, qtbot: Any
) -> None:
    loop = _history(open_window, qtbot)
    window = loop.window
    assert loop.history is None
    window.set_status("read-attention", TaskStatus.DONE)
    today = loop.study.today()
    loop.study.log(40, ItemKind.TASK, "numpy", on=today - timedelta(days=2))
    loop.tabs.setCurrentIndex(HISTORY_PAGE)
    history = loop.history
    assert history is not None and "tracker.ui.charts" in sys.modules
    assert loop.tabs.currentWidget() is history

    cell = history.heatmap.cell_rect(today - timedelta(days=2)).center()
    assert history.heatmap.tooltip_for(cell.x(), cell.y()).startswith(
        f"{(today - timedelta(days=2)).isoformat()}: 40 min, 0 done"
    )
    cell = history.heatmap.cell_rect(today).center()
    assert history.heatmap.tooltip_for(cell.x(), cell.y()).endswith(
        "0 min, 1 done\nRead the attention paper"
    )
    assert sum(minutes for _start, minutes in history.week_bars.weeks) == 40
    assert history.burn_stage.currentData() == "basics"
    assert [hours for _day, hours in history.burn_down.points] == [12.0, 8.0]

    basics = history.estimates.topLevelItem(0)
    assert [basics.text(c) for c in range(3)] == ["Stage 1: Foundations", "0.7", "12"]
    python = basics.child(0)  # the only module with time logged
    assert [python.text(c) for c in range(3)] == ["Python tools", "0.7", "2"]
    assert [python.child(0).text(c) for c in range(3)] == ["NumPy", "0.7", "2"]

    lines = [history.log_list.item(i).text() for i in range(history.log_list.count())]
    assert lines[0].endswith("· studied “NumPy” for 40 min")
    assert lines[1].endswith("· marked “Read the attention paper” done")
    history.kind_filter.setCurrentIndex(1)  # statuses
    assert history.log_list.count() == 1
    history.kind_filter.setCurrentIndex(0)
    history.stage_filter.setCurrentIndex(history.stage_filter.findData("apps"))
    assert history.log_list.count() == 0


def test_history_follows_changes_while_shown(open_window: Any, qtbot: Any) -> None:
    loop = _history(open_window, qtbot)
    loop.show_history()
    history = loop.history
    assert history.log_list.count() == 0
    history.burn_stage.setCurrentIndex(history.burn_stage.findData("apps"))
    assert history.burn_down.points[-1][1] == 15.0
    loop.window.set_status("rag-topic", TaskStatus.DONE)
    assert history.log_list.count() == 1
    assert history.burn_down.points[-1][1] == 12.0
    loop.window.undo()
    assert history.log_list.count() == 2  # the undo is a change of its own
    assert history.burn_down.points[-1][1] == 15.0


def test_time_entries_are_edited_and_deleted_from_history_and_undone(
    open_window: Any, qtbot: Any
) -> None:
    from test_today import TimeEntry

    loop = _history(open_window, qtbot)
    dialogs = loop.dialogs
    today = loop.study.today()
    loop.study.log(45, ItemKind.TASK, "numpy", on=today, note="arrays")
    loop.show_history()
    history = loop.history
    assert history.entries.count() == 1
    assert history.entries.item(0).text() == f"{today.isoformat()} · 45 min · NumPy — arrays"
    history.entries.setCurrentRow(0)
    dialogs.entry = TimeEntry(30, "task", "numpy", today, "half the arrays")
    history.edit_button.click()
    assert history.entries.item(0).text().endswith("· 30 min · NumPy — half the arrays")
    history.entries.setCurrentRow(0)
    history.delete_button.click()
    assert history.entries.count() == 0 and loop.study.sessions() == []
    loop.window.undo()  # the delete
    assert history.entries.count() == 1
    loop.window.undo()  # the edit
    assert history.entries.item(0).text().endswith("· 45 min · NumPy — arrays")
