"""A change made while another program holds the database's write lock: the window stays
responsive, says it is waiting, and commits the change (in order) when the lock goes; a change
that finally fails is reported and the window shows what is stored."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from tracker.progress.records import ItemKind, TaskStatus
from tracker.ui import write_queue
from tracker.ui.main_window import MainWindow

Opener = Callable[..., MainWindow]


def stored_status(path: Path, task_id: str, profile: str | None = None) -> str:
    """The status committed in the file, read on a connection of its own."""
    connection = sqlite3.connect(path)
    try:
        row = connection.execute(
            "SELECT s.status FROM task_states s JOIN profiles p ON p.id = s.profile_id "
            "WHERE s.task_id = ? AND (? IS NULL OR p.name = ?)",
            (task_id, profile, profile),
        ).fetchone()
    finally:
        connection.close()
    return row[0] if row else "todo"


def click_check(window: MainWindow, task_id: str, checked: bool) -> None:
    """Set a task's check box through the checklist's model, as a click does."""
    index = window.checklist_model.index_of_task(task_id)
    state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
    window.checklist_model.setData(index, state.value, Qt.ItemDataRole.CheckStateRole)


def waiting_said(window: MainWindow) -> bool:
    return window.statusBar().currentMessage() == "Waiting for another program…"


def test_a_tick_waits_for_another_programs_lock_without_freezing_the_window(
    qtbot: Any, open_window: Opener, lock_holder: Any
) -> None:
    window = open_window()
    window.select_stage("basics")
    path = window.service.database_path
    heartbeat = QTimer()
    beats: list[int] = []
    heartbeat.timeout.connect(lambda: beats.append(1))
    heartbeat.start(10)
    holder = lock_holder(path)

    click_check(window, "read-attention", True)
    click_check(window, "numpy", True)
    window.set_status("read-attention", TaskStatus.IN_PROGRESS)  # asked last: must land last
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    beats.clear()
    qtbot.waitUntil(lambda: len(beats) >= 10, timeout=3000)  # the event loop keeps running
    assert window.bridge.writes.pending == 3
    assert stored_status(path, "read-attention") == "todo"
    # shown once committed: nothing is shown as saved that is not
    assert window.checklist_model.status_of("read-attention") is TaskStatus.TODO

    changes: list[Any] = []
    window.bridge.progress_changed.connect(changes.append)
    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")
    heartbeat.stop()

    assert [(c.item_id, c.new) for c in changes] == [
        ("read-attention", "done"),
        ("numpy", "done"),
        ("read-attention", "in_progress"),
    ]
    assert stored_status(path, "read-attention") == "in_progress"
    assert stored_status(path, "numpy") == "done"
    assert window.checklist_model.status_of("numpy") is TaskStatus.DONE
    assert window.stage_model.progress_of("basics").counts.done == 1
    assert window.stage_model.progress_of("basics").counts.in_progress == 1
    assert not waiting_said(window)
    assert window.bridge.writes.pending == 0


def test_a_change_that_finally_fails_is_reported_and_the_window_shows_what_is_stored(
    qtbot: Any, open_window: Opener, lock_holder: Any, dialogs: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window = open_window()
    window.select_stage("basics")
    path = window.service.database_path
    lock_holder(path)

    click_check(window, "read-attention", True)
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)

    assert len(dialogs.errors()) == 1
    title, message = dialogs.errors()[0]
    assert title == "Your change was not saved"
    assert "locked by another program" in message
    assert stored_status(path, "read-attention") == "todo"
    assert window.checklist_model.status_of("read-attention") is TaskStatus.TODO
    assert window.stage_model.progress_of("basics").counts.done == 0
    assert not waiting_said(window)


def test_a_target_date_that_finally_fails_goes_back_to_the_stored_one(
    qtbot: Any, open_window: Opener, lock_holder: Any, dialogs: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window = open_window()
    window.select_stage("basics")
    lock_holder(window.service.database_path)
    window.plan_panel.set_target(date(2031, 5, 1))  # picked in the plan row, as by the learner
    assert window.plan_panel.target() == date(2031, 5, 1)
    assert window.bridge.writes.pending == 1
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)
    assert [title for title, _ in dialogs.errors()] == ["Your change was not saved"]
    assert window.service.target_date("basics") is None
    assert window.plan_panel.target() is None


def test_a_failure_other_than_the_lock_is_reported_at_once(
    qtbot: Any, open_window: Opener, dialogs: Any, monkeypatch: Any
) -> None:
    from tracker.progress.errors import StorageError

    window = open_window()
    window.select_stage("basics")

    def full(*_args: Any) -> None:
        raise StorageError("cannot save: the disk is full", Path("x"), code="disk_full")

    monkeypatch.setattr(window.service, "set_status", full)
    click_check(window, "read-attention", True)
    assert [title for title, _ in dialogs.errors()] == ["Could not change the task"]
    assert window.bridge.writes.pending == 0
    assert window.checklist_model.status_of("read-attention") is TaskStatus.TODO


def test_closing_the_window_commits_a_change_still_waiting(
    qtbot: Any, open_window: Opener, lock_holder: Any
) -> None:
    window = open_window()
    window.select_stage("basics")
    path = window.service.database_path
    holder = lock_holder(path)
    click_check(window, "numpy", True)
    assert window.bridge.writes.pending == 1
    # the other program finishes a moment after the window is asked to close
    threading.Timer(0.3, lambda: holder.execute("ROLLBACK")).start()
    window.close()
    assert window.bridge.writes.pending == 0
    assert stored_status(path, "numpy") == "done"


def test_undo_while_a_change_waits_says_so_and_changes_nothing(
    qtbot: Any, open_window: Opener, lock_holder: Any
) -> None:
    window = open_window()
    window.select_stage("basics")
    path = window.service.database_path
    click_check(window, "read-attention", True)  # committed at once: nobody else writes
    assert stored_status(path, "read-attention") == "done"
    holder = lock_holder(path)
    click_check(window, "numpy", True)
    window.undo()
    assert "waiting for another program" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")
    assert stored_status(path, "read-attention") == "done"
    assert stored_status(path, "numpy") == "done"
    window.undo()  # now it takes the newest change back: the NumPy tick
    assert stored_status(path, "numpy") == "todo"
    assert window.statusBar().currentMessage().startswith("Undid:")


def test_a_change_waiting_for_the_lock_lands_in_the_profile_it_was_made_in(
    qtbot: Any, open_window: Opener, lock_holder: Any
) -> None:
    window = open_window()
    window.bridge.add_profile("bob")
    shown = window.service.profile.name
    window.select_stage("basics")
    path = window.service.database_path
    holder = lock_holder(path)
    click_check(window, "numpy", True)
    assert window.bridge.writes.pending == 1
    window.switch_profile("bob")  # queued behind the tick: it goes in first, where it was made
    assert window.bridge.writes.pending == 2
    assert window.service.profile.name == shown
    holder.execute("ROLLBACK")
    qtbot.waitUntil(lambda: window.service.profile.name == "bob", timeout=5000)
    assert window.profile_combo.currentText() == "bob"
    assert stored_status(path, "numpy", shown) == "done"
    assert stored_status(path, "numpy", "bob") == "todo"


def test_a_change_asked_while_a_profile_switch_waits_is_not_saved_in_the_new_profile(
    qtbot: Any, open_window: Opener, lock_holder: Any, dialogs: Any
) -> None:
    window = open_window()
    window.bridge.add_profile("bob")
    shown = window.service.profile.name
    window.select_stage("basics")
    path = window.service.database_path
    holder = lock_holder(path)
    window.switch_profile("bob")  # waits for the lock
    assert window.service.profile.name == shown
    click_check(window, "numpy", True)  # asked while the old profile is still the one shown
    assert window.bridge.writes.pending == 2
    holder.execute("ROLLBACK")
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)
    assert window.service.profile.name == "bob"
    assert stored_status(path, "numpy", "bob") == "todo"  # not saved where it was not made
    assert stored_status(path, "numpy", shown) == "todo"  # nor, later, in the old one
    said = [message for _, message in dialogs.errors()]
    assert any(shown in message and "nothing was saved" in message for message in said)


def stored_note(path: Path, item_id: str) -> str:
    """The note committed in the file, read on a connection of its own."""
    connection = sqlite3.connect(path)
    try:
        row = connection.execute("SELECT text FROM notes WHERE item_id = ?", (item_id,)).fetchone()
    finally:
        connection.close()
    return row[0] if row else ""


def drafts_kept(window: MainWindow) -> list[str]:
    from tracker.ui.drafts import FOLDER, DraftKeeper

    return [draft.text for draft in DraftKeeper(window.data_dir / FOLDER).drafts()]


def test_a_note_saved_while_another_program_writes_waits_without_freezing_the_window(
    qtbot: Any, open_window: Opener, lock_holder: Any
) -> None:
    window = open_window()
    assert window.notes.item == (ItemKind.STAGE, "basics")
    path = window.service.database_path
    heartbeat = QTimer()
    beats: list[int] = []
    heartbeat.timeout.connect(lambda: beats.append(1))
    heartbeat.start(10)
    holder = lock_holder(path)

    window.notes_edit.setPlainText("first thoughts")
    assert window.notes.flush()  # handed to the queue: nothing typed is held up
    click_check(window, "numpy", True)
    window.notes_edit.appendPlainText("and second ones")
    assert window.notes.flush()
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    beats.clear()
    qtbot.waitUntil(lambda: len(beats) >= 10, timeout=3000)  # the event loop keeps running
    assert window.bridge.writes.pending == 3
    assert stored_note(path, "basics") == ""
    assert drafts_kept(window) == ["first thoughts\nand second ones"]  # safe meanwhile

    changes: list[Any] = []
    window.bridge.progress_changed.connect(changes.append)
    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")
    heartbeat.stop()

    assert [c.item_id for c in changes] == ["basics", "numpy", "basics"]
    assert stored_note(path, "basics") == "first thoughts\nand second ones"
    assert stored_status(path, "numpy") == "done"
    assert not window.notes.dirty
    assert drafts_kept(window) == []
    assert window.statusBar().currentMessage().startswith("Saved note on")


def test_a_note_that_finally_fails_stays_in_the_editor_and_is_reported(
    qtbot: Any, open_window: Opener, lock_holder: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window = open_window()
    path = window.service.database_path
    lock_holder(path)
    window.notes_edit.setPlainText("do not lose me")
    assert window.notes.flush()
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)

    assert window.notes_edit.toPlainText() == "do not lose me"
    assert window.notes.dirty  # tried again at the next pause in typing
    assert window.statusBar().currentMessage().startswith("Could not save the note")
    assert "locked by another program" in window.statusBar().currentMessage()
    assert stored_note(path, "basics") == ""
    assert drafts_kept(window) == ["do not lose me"]


def test_a_note_left_while_it_waits_and_then_fails_is_offered_back(
    qtbot: Any, open_window: Opener, lock_holder: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window = open_window()
    path = window.service.database_path
    holder = lock_holder(path)
    window.notes_edit.setPlainText("typed, then went on")
    window.select_stage("apps")  # leaves the note while its save waits
    assert window.notes.item == (ItemKind.STAGE, "apps")
    window.select_stage("basics")  # coming back shows what is on its way in
    assert window.notes_edit.toPlainText() == "typed, then went on"
    window.select_stage("apps")
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)
    holder.execute("ROLLBACK")

    assert stored_note(path, "basics") == ""
    assert window.statusBar().currentMessage().startswith("Could not save the note")
    bar = window.notes.draft_bar
    assert bar.isVisible() and "Foundations" in bar.message.text()
    bar.restore_button.click()
    assert window.notes.item == (ItemKind.STAGE, "basics")
    assert window.notes_edit.toPlainText() == "typed, then went on"
    assert window.notes.flush()
    assert stored_note(path, "basics") == "typed, then went on"


def stored_sessions(path: Path) -> list[tuple[str, bool, int]]:
    """(item id, still running, seconds) of each stored study session, oldest first."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            "SELECT item_id, ended_at IS NULL AND on_date IS NULL, seconds FROM study_sessions "
            "ORDER BY id"
        ).fetchall()
    finally:
        connection.close()
    return [(item_id, bool(running), seconds) for item_id, running, seconds in rows]


class TimeEntryAnswer:
    """The study dialogs, answering the time-entry question with ``entry``."""

    def __init__(self) -> None:
        self.entry: Any = None

    def ask_time_entry(self, items: Any, today: date, entry: Any = None) -> Any:
        return self.entry

    def ask_left_running(self, what: str, started: str, last_seen: str) -> str:
        return "trim"


def test_study_time_waits_for_another_programs_lock_without_freezing_the_window(
    qtbot: Any, open_window: Opener, lock_holder: Any
) -> None:
    from tracker.ui.study_dialogs import TimeEntry

    window = open_window()
    answers = TimeEntryAnswer()
    daily = window.install_daily(dialogs=answers)
    qtbot.waitUntil(lambda: daily.today.study_loaded)
    path = window.service.database_path
    heartbeat = QTimer()
    beats: list[int] = []
    heartbeat.timeout.connect(lambda: beats.append(1))
    heartbeat.start(10)
    holder = lock_holder(path)

    daily.start_on_task("numpy")
    assert daily.timer.running  # on screen at once
    daily.timer.heartbeat()  # nothing stored to touch yet: skipped
    daily.stop_timer()
    answers.entry = TimeEntry(18, "task", "numpy", daily.study.today(), "read the docs")
    daily.log_time()
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    beats.clear()
    qtbot.waitUntil(lambda: len(beats) >= 10, timeout=3000)  # the event loop keeps running
    assert window.bridge.writes.pending == 4
    assert stored_sessions(path) == []
    assert not daily.timer.running

    changes: list[Any] = []
    window.bridge.progress_changed.connect(changes.append)
    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")
    heartbeat.stop()

    sessions = stored_sessions(path)
    assert [(item_id, running) for item_id, running, _ in sessions] == [
        ("numpy", False),  # the timer's run: started, then stopped, in that order
        ("numpy", False),
    ]
    assert sessions[1][2] == 18 * 60
    # the task started on, the stopped run and the entry, each broadcast once in
    assert [c.kind.value for c in changes] == ["status", "time", "time"]
    assert stored_status(path, "numpy") == "in_progress"
    assert daily.timer.elapsed() == 0.0
    assert not waiting_said(window)


def test_a_timer_start_that_finally_fails_stops_the_timer_and_is_reported(
    qtbot: Any, open_window: Opener, lock_holder: Any, dialogs: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window = open_window()
    daily = window.install_daily(dialogs=TimeEntryAnswer())
    qtbot.waitUntil(lambda: daily.today.study_loaded)
    lock_holder(window.service.database_path)
    daily.start_on_task("numpy")
    assert daily.timer.running
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)
    assert not daily.timer.running and daily.timer.item is None
    # the timer's start and the task's "in progress", each reported
    assert [title for title, _ in dialogs.errors()] == ["Your change was not saved"] * 2
    assert stored_sessions(window.service.database_path) == []
    assert window.checklist_model.status_of("numpy") is TaskStatus.TODO


def review_log_count(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT count(*) FROM review_logs").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def reviewing(
    qtbot: Any, data_dir: Path, dialogs: Any
) -> Iterator[Callable[[], tuple[MainWindow, Any]]]:
    """A window on a curriculum with cards, its review window open on four new cards."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "progress"))
    from card_curriculum import make_card_curriculum

    from tracker.progress.service import ProgressService

    services: list[Any] = []

    def opener() -> tuple[MainWindow, Any]:
        service = ProgressService.open(data_dir, make_card_curriculum())
        services.append(service)
        window = MainWindow(service, dialogs=dialogs, data_dir=data_dir)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.set_status("tokenize", TaskStatus.IN_PROGRESS)  # starts the stage: four cards
        window.review_menu.review_action.trigger()
        review = window.review_menu.review_window
        assert review is not None
        qtbot.waitExposed(review)
        return window, review

    yield opener
    for service in services:
        service.close()


def test_a_grade_waits_for_another_programs_lock_without_freezing_the_window(
    qtbot: Any, reviewing: Any, lock_holder: Any
) -> None:
    from tracker.progress.review import Rating

    window, review = reviewing()
    path = window.service.database_path
    assert review.front.text() == "Q attention 1"
    heartbeat = QTimer()
    beats: list[int] = []
    heartbeat.timeout.connect(lambda: beats.append(1))
    heartbeat.start(10)
    holder = lock_holder(path)

    review.show_answer()
    review.grade(Rating.GOOD)
    review.grade(Rating.AGAIN)  # the same card cannot be graded twice while it waits
    review.undo()  # nor taken back before it is in
    qtbot.waitUntil(review.waiting.isVisible, timeout=3000)
    assert review.waiting.text() == "Waiting for another program…"
    assert waiting_said(window)
    beats.clear()
    qtbot.waitUntil(lambda: len(beats) >= 10, timeout=3000)  # the event loop keeps running
    assert window.bridge.writes.pending == 1
    assert review_log_count(path) == 0
    assert review.front.text() == "Q attention 1"
    assert not review.grade_buttons[Rating.GOOD].isEnabled()

    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")
    heartbeat.stop()
    assert review_log_count(path) == 1
    assert [log.rating for log in window.service.review.review_logs()] == [Rating.GOOD]
    assert review.front.text() == "Q attention 2"  # on to the next card once it is in
    assert review.counter.text() == "0 due · 3 new"
    assert review.session == [Rating.GOOD]
    assert not review.waiting.isVisible()


def test_a_grade_that_finally_fails_keeps_the_card_and_is_reported(
    qtbot: Any, reviewing: Any, lock_holder: Any, dialogs: Any, monkeypatch: Any
) -> None:
    from tracker.progress.review import Rating

    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window, review = reviewing()
    lock_holder(window.service.database_path)
    review.show_answer()
    review.grade(Rating.EASY)
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)
    assert [title for title, _ in dialogs.errors()] == ["Could not save the grade"]
    assert review_log_count(window.service.database_path) == 0
    assert review.front.text() == "Q attention 1"  # graded again once the lock goes
    assert review.grade_buttons[Rating.EASY].isEnabled()
    assert review.session == []


def test_a_profile_added_while_another_program_writes_waits_without_freezing_the_window(
    qtbot: Any, open_window: Opener, lock_holder: Any, dialogs: Any
) -> None:
    window = open_window()
    shown = window.service.profile.name
    path = window.service.database_path
    heartbeat = QTimer()
    beats: list[int] = []
    heartbeat.timeout.connect(lambda: beats.append(1))
    heartbeat.start(10)
    holder = lock_holder(path)
    dialogs.texts = ["bob"]

    window.profiles.add()
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    beats.clear()
    qtbot.waitUntil(lambda: len(beats) >= 10, timeout=3000)  # the event loop keeps running
    assert window.bridge.writes.pending == 1
    assert window.service.profile.name == shown
    assert [window.profile_combo.itemText(i) for i in range(window.profile_combo.count())] == [
        shown
    ]

    holder.execute("ROLLBACK")
    qtbot.waitUntil(lambda: window.service.profile.name == "bob", timeout=5000)
    heartbeat.stop()
    assert "bob" in [p.name for p in window.service.profiles()]
    assert window.profile_combo.currentText() == "bob"
    assert window.profile_combo.findText(shown) >= 0
    assert not waiting_said(window)
    assert dialogs.errors() == []


def test_a_profile_switch_that_finally_fails_is_reported_and_the_profile_stays(
    qtbot: Any, open_window: Opener, lock_holder: Any, dialogs: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window = open_window()
    window.bridge.add_profile("bob")
    shown = window.service.profile.name
    window.profiles.reload()
    lock_holder(window.service.database_path)

    window.profile_combo.setCurrentIndex(window.profile_combo.findText("bob"))
    window.profile_combo.activated.emit(window.profile_combo.findText("bob"))  # as a pick does
    assert window.bridge.writes.pending == 1
    assert window.profile_combo.currentText() == shown  # not shown as switched while it waits
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)

    assert len(dialogs.errors()) == 1
    title, message = dialogs.errors()[0]
    assert title == "Could not switch profile"
    assert "locked by another program" in message
    assert window.service.profile.name == shown
    assert window.profile_combo.currentText() == shown
    assert window.windowTitle().endswith(shown)
    assert not waiting_said(window)
