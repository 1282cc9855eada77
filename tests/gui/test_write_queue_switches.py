"""Switches asked for while another program holds the database's write lock: opening another
curriculum, leaving a profile another program removed, and the reads the start-up view cannot
answer while the store's opening waits. The window stays responsive and says it is waiting;
each lands once the lock goes, in order, and nothing lands in a curriculum or profile it was not
made in; a lock held past the busy timeout is reported with the data, the curriculum and the
profile in use as they were."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

from test_write_queue_files import rows, waiting_said

from tracker.progress.records import TaskStatus
from tracker.progress.service import ProgressService
from tracker.ui import write_queue

OTHER_ID = "other-path"


def stored_status(path: Path, task_id: str, curriculum_id: str) -> str:
    found = rows(
        path,
        "SELECT status FROM task_states WHERE task_id = ? AND curriculum_id = ?",
        task_id,
        curriculum_id,
    )
    return found[0][0] if found else "todo"


def kept_titles(path: Path, curriculum_id: str) -> list[str]:
    found = rows(
        path,
        "SELECT item_id FROM kept_titles WHERE curriculum_id = ? ORDER BY item_id",
        curriculum_id,
    )
    return [item_id for (item_id,) in found]


def other_curriculum(curriculum: Any) -> Any:
    return dataclasses.replace(curriculum, id=OTHER_ID)


def test_opening_another_curriculum_waits_for_the_lock_and_keeps_each_change_where_it_was_made(
    qtbot: Any, open_window: Any, lock_holder: Any, heartbeat: list[int]
) -> None:
    window = open_window()
    dialogs, curriculum = window.dialogs, window.service.curriculum
    window.select_stage("basics")
    path = Path(window.service.database_path)
    window.set_status("numpy", TaskStatus.DONE)  # in at once: its title is kept by the switch
    holder = lock_holder(path)

    window.set_status("read-attention", TaskStatus.DONE)  # asked before the switch
    other = other_curriculum(curriculum)
    window.opener.use(other, None)
    assert window.bridge.writes.pending == 2  # asked, not done: the call did not wait it out
    assert window.service.curriculum is curriculum  # the old one stays shown meanwhile
    window.set_status("numpy", TaskStatus.SKIPPED)  # asked while the switch waits
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    heartbeat.clear()
    qtbot.waitUntil(lambda: len(heartbeat) >= 10, timeout=3000)  # the event loop keeps running
    assert stored_status(path, "read-attention", curriculum.id) == "todo"
    assert kept_titles(path, curriculum.id) == []

    replaced: list[bool] = []
    window.bridge.curriculum_replaced.connect(lambda: replaced.append(True))
    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")

    assert window.service.curriculum is other and replaced == [True]
    assert stored_status(path, "read-attention", curriculum.id) == "done"  # where it was made
    assert kept_titles(path, curriculum.id) == ["numpy", "read-attention"]
    # asked in the old curriculum, refused once the new one was in: stored in neither
    assert stored_status(path, "numpy", curriculum.id) == "done"
    assert stored_status(path, "numpy", OTHER_ID) == "todo"
    assert [("before another curriculum was opened" in text) for _, text in dialogs.errors()] == [
        True
    ]
    assert window.statusBar().currentMessage().startswith("Opened ")


def test_a_curriculum_switch_refused_past_the_busy_timeout_is_reported_and_the_old_one_stays(
    qtbot: Any, open_window: Any, lock_holder: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window = open_window()
    dialogs, curriculum = window.dialogs, window.service.curriculum
    window.select_stage("basics")
    path = Path(window.service.database_path)
    window.set_status("numpy", TaskStatus.DONE)
    holder = lock_holder(path)
    replaced: list[bool] = []
    window.bridge.curriculum_replaced.connect(lambda: replaced.append(True))

    window.opener.use(other_curriculum(curriculum), None)
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)

    assert [(title, "locked by another program" in text) for title, text in dialogs.errors()] == [
        ("Could not open the curriculum", True)
    ]
    assert window.service.curriculum is curriculum and replaced == []
    assert not window.statusBar().currentMessage().startswith("Opened ")
    assert kept_titles(path, curriculum.id) == []
    holder.execute("ROLLBACK")
    window.set_status("read-attention", TaskStatus.DONE)  # still in the curriculum shown
    assert stored_status(path, "read-attention", curriculum.id) == "done"
    assert window.checklist_model.status_of("read-attention") is TaskStatus.DONE


def test_a_curriculum_loaded_while_the_stores_opening_waits_follows_it_without_freezing(
    qtbot: Any, lazy_window: Any, lock_holder: Any, dialogs: Any, curriculum: Any
) -> None:
    from tracker.ui.app import _finish_opening_after_first_paint

    window, started = lazy_window
    service = window.service
    holder = lock_holder(Path(service.database_path))
    _finish_opening_after_first_paint(started)
    window.show()
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 1, timeout=3000)
    other = other_curriculum(curriculum)

    assert not window.bridge.set_curriculum(other)  # queued behind the opening
    assert service.curriculum is curriculum and not service.store_open
    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")
    assert service.store_open and service.curriculum is other
    assert dialogs.errors() == []


def test_a_curriculum_switch_on_the_start_up_view_does_not_open_the_store(
    lazy_window: Any, curriculum: Any
) -> None:
    window, _started = lazy_window
    other = other_curriculum(curriculum)
    assert window.bridge.set_curriculum(other)  # nothing to keep: in use at once
    assert window.service.curriculum is other
    assert not window.service.store_open


def _on_a_removed_profile(window: Any) -> Path:
    """The window shows "second", which another program (a second connection) has removed;
    the window's watcher is stopped so that the test says when it looks."""
    window.watcher.stop()
    window.bridge.add_profile("second")
    window.switch_profile("second")
    path = Path(window.service.database_path)
    other = ProgressService.open(path.parent, window.service.curriculum)
    try:
        other.remove_profile("second")
    finally:
        other.close(keep_titles=False)
    return path


def test_leaving_a_removed_profile_waits_for_the_lock_without_freezing_the_window(
    qtbot: Any, open_window: Any, lock_holder: Any, dialogs: Any, heartbeat: list[int]
) -> None:
    window = open_window()
    path = _on_a_removed_profile(window)
    holder = lock_holder(path)

    window.refresh_from_outside()  # what the watcher does when another program committed
    assert window.bridge.writes.pending == 1
    window.refresh_from_outside()  # looking again meanwhile does not ask twice
    assert window.bridge.writes.pending == 1
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    heartbeat.clear()
    qtbot.waitUntil(lambda: len(heartbeat) >= 10, timeout=3000)
    assert window.service.profile.name == "second"
    assert "show_info" not in dialogs.names()

    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")
    assert window.service.profile.name == "default"
    assert window.profile_combo.currentText() == "default"
    (info,) = [args for name, args in dialogs.calls if name == "show_info"]
    assert "second" in info[1] and "default" in info[1]
    assert dialogs.errors() == []


def test_leaving_a_removed_profile_refused_past_the_busy_timeout_is_reported_and_changes_nothing(
    qtbot: Any, open_window: Any, lock_holder: Any, dialogs: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window = open_window()
    path = _on_a_removed_profile(window)
    used = rows(path, "SELECT name, last_used_at FROM profiles")
    lock_holder(path)

    window.refresh_from_outside()
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)

    assert [(title, "locked by another program" in text) for title, text in dialogs.errors()] == [
        ("Could not switch profile", True)
    ]
    assert window.service.profile.name == "second"
    assert "show_info" not in dialogs.names()
    assert rows(path, "SELECT name, last_used_at FROM profiles") == used


def test_the_study_figures_wait_for_the_stores_opening_without_freezing_the_window(
    qtbot: Any, lazy_window: Any, lock_holder: Any, dialogs: Any, heartbeat: list[int]
) -> None:
    from tracker.ui.app import _finish_opening_after_first_paint

    window, started = lazy_window
    loop = window.install_daily()
    service = window.service
    holder = lock_holder(Path(service.database_path))
    _finish_opening_after_first_paint(started)
    window.show()
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 2, timeout=3000)  # both after paint
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    heartbeat.clear()
    qtbot.waitUntil(lambda: len(heartbeat) >= 10, timeout=3000)
    assert not service.store_open and not loop.today.study_loaded

    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")
    assert service.store_open and loop.today.study_loaded
    assert loop.today.summary is not None
    assert dialogs.errors() == []


def test_study_figures_that_cannot_be_read_past_the_busy_timeout_are_reported(
    qtbot: Any, lazy_window: Any, lock_holder: Any, dialogs: Any, monkeypatch: Any
) -> None:
    from tracker.ui.app import _finish_opening_after_first_paint

    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window, started = lazy_window
    window.install_daily()
    path = Path(window.service.database_path)
    used = rows(path, "SELECT name, last_used_at FROM profiles")
    lock_holder(path)
    _finish_opening_after_first_paint(started)
    window.show()
    qtbot.waitUntil(lambda: len(dialogs.errors()) == 2, timeout=5000)

    assert sorted(title for title, _ in dialogs.errors()) == [
        "Could not read your study time",
        "Your progress could not be opened",
    ]
    assert all("locked by another program" in text for _, text in dialogs.errors())
    assert not window.service.store_open
    assert window.bridge.writes.pending == 0
    assert rows(path, "SELECT name, last_used_at FROM profiles") == used


def test_a_read_that_must_open_the_store_while_its_opening_waits_reports_the_lock_at_once(
    qtbot: Any, lazy_window: Any, lock_holder: Any, dialogs: Any
) -> None:
    from tracker.ui.app import _finish_opening_after_first_paint

    window, started = lazy_window
    service = window.service
    holder = lock_holder(Path(service.database_path))
    _finish_opening_after_first_paint(started)
    window.show()
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 1, timeout=3000)
    # the other program lets go after 2 s: a read waiting out the busy timeout would succeed
    threading.Timer(2.0, lambda: holder.execute("ROLLBACK")).start()

    window.review_menu.open_review()  # the cards are not in the start-up view
    assert window.kept.show() is None  # nor the progress kept for items that left

    said = [(title, "locked by another program" in text) for title, text in dialogs.errors()]
    assert said[0] == ("Could not read the review cards", True)
    assert said[-1] == ("No longer in the curriculum", True)
    assert not service.store_open and window.bridge.writes.pending == 1
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)
    assert service.store_open  # the queued opening landed once the lock went
