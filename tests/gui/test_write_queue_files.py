"""Imports, restores and the discarding of kept progress asked for while another program holds
the database's write lock: the window stays responsive and says it is waiting, the change lands
once the lock goes, and a lock held past the busy timeout is reported with the data as it was."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tracker.progress import backups
from tracker.progress.records import ChangeKind, TaskStatus
from tracker.reports.json_backup import render_json
from tracker.reports.model import build_report
from tracker.ui import write_queue
from tracker.ui.main_window import MainWindow

Opener = Callable[..., MainWindow]


def rows(path: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    """What is committed in the file, read on a connection of its own."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def profile_names(path: Path) -> list[str]:
    return [name for (name,) in rows(path, "SELECT name FROM profiles ORDER BY name")]


def stored_status(path: Path, task_id: str) -> str:
    found = rows(path, "SELECT status FROM task_states WHERE task_id = ?", task_id)
    return found[0][0] if found else "todo"


def backup_files(path: Path, reason: str) -> list[Path]:
    return sorted((path.parent / "backups").glob(f"learnpath-*-{reason}.sqlite3"))


def waiting_said(window: MainWindow) -> bool:
    return window.statusBar().currentMessage() == "Waiting for another program…"


def export_file(window: MainWindow) -> Path:
    """The window's profile as a JSON backup file (what File → Export… writes), beside the
    data folder."""
    target = Path(window.service.database_path).parent.parent / "backup.json"
    target.write_text(render_json(build_report(window.service)), encoding="utf-8")
    return target


def ask_import(window: MainWindow, dialogs: Any, file: Path, into: str) -> None:
    """File → Import Backup… with ``file`` chosen and ``into`` typed as the profile."""
    dialogs.ask_open_backup = lambda _parent: file
    dialogs.texts = [into]
    window.files.import_backup()


def test_an_import_waits_for_another_programs_lock_without_freezing_the_window(
    qtbot: Any,
    open_window: Opener,
    lock_holder: Any,
    dialogs: Any,
    heartbeat: list[int],
) -> None:
    window = open_window()
    path = window.service.database_path
    window.bridge.set_status("read-attention", TaskStatus.DONE)
    file = export_file(window)
    holder = lock_holder(path)

    ask_import(window, dialogs, file, "copy")
    assert window.bridge.writes.pending == 1  # asked, not done: the call did not wait it out
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    heartbeat.clear()
    qtbot.waitUntil(lambda: len(heartbeat) >= 10, timeout=3000)  # the event loop keeps running
    assert profile_names(path) == ["default"]
    assert [name for name in dialogs.names() if name.startswith("show_")] == []
    assert len(backup_files(path, "import")) == 1  # taken once, at once (it only reads)

    changes: list[Any] = []
    window.bridge.progress_changed.connect(changes.append)
    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")

    assert profile_names(path) == ["copy", "default"]
    states = rows(
        path,
        "SELECT s.task_id, s.status FROM task_states s JOIN profiles p ON p.id = s.profile_id "
        "WHERE p.name = 'copy'",
    )
    assert states == [("read-attention", "done")]
    assert [c.kind for c in changes] == [ChangeKind.IMPORT]  # applied once
    assert dialogs.names()[-1] == "show_info"
    assert dialogs.calls[-1][1][1].startswith("Restored 1 task state, 0 notes and 0 plans")
    assert dialogs.errors() == []
    assert not waiting_said(window)
    assert len(backup_files(path, "import")) == 1


def test_an_import_refused_past_the_busy_timeout_is_reported_and_imports_nothing(
    qtbot: Any,
    open_window: Opener,
    lock_holder: Any,
    dialogs: Any,
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window = open_window()
    path = window.service.database_path
    window.bridge.set_status("read-attention", TaskStatus.DONE)
    file = export_file(window)
    lock_holder(path)

    ask_import(window, dialogs, file, "copy")
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)

    assert len(dialogs.errors()) == 1
    title, message = dialogs.errors()[0]
    assert title == "Import Progress"
    assert "locked by another program" in message
    assert "show_info" not in dialogs.names()
    assert profile_names(path) == ["default"]
    assert not waiting_said(window)


def test_closing_the_window_commits_an_import_still_waiting(
    qtbot: Any, open_window: Opener, lock_holder: Any, dialogs: Any
) -> None:
    window = open_window()
    path = window.service.database_path
    window.bridge.set_status("read-attention", TaskStatus.DONE)
    file = export_file(window)
    holder = lock_holder(path)
    ask_import(window, dialogs, file, "copy")
    assert window.bridge.writes.pending == 1
    # the other program finishes a moment after the window is asked to close
    threading.Timer(0.3, lambda: holder.execute("ROLLBACK")).start()
    window.close()
    assert window.bridge.writes.pending == 0
    assert profile_names(path) == ["copy", "default"]


def _restore_setup(window: MainWindow, dialogs: Any) -> Path:
    """A backup with read-attention done, then read-attention skipped; the restore dialog
    opened with that backup selected. Returns the database."""
    path = window.service.database_path
    window.bridge.set_status("read-attention", TaskStatus.DONE)
    backups.take_backup(path, "manual", datetime(2020, 1, 1, 9, 0, tzinfo=UTC))
    window.bridge.set_status("read-attention", TaskStatus.SKIPPED)
    window.backups.restore_from_backup()
    dialog = window.backups.restore_dialog
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    return Path(path)


def test_a_restore_waits_for_another_programs_lock_without_freezing_the_window(
    qtbot: Any, open_window: Opener, lock_holder: Any, dialogs: Any, heartbeat: list[int]
) -> None:
    window = open_window()
    path = _restore_setup(window, dialogs)
    dialog = window.backups.restore_dialog
    holder = lock_holder(path)

    assert dialog.restore_selected() is None  # asked, waiting
    assert window.bridge.writes.pending == 1
    assert not dialog.restore_button.isEnabled()
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    assert dialog.waiting_label.isVisible()
    assert dialog.waiting_label.text() == "Waiting for another program…"
    heartbeat.clear()
    qtbot.waitUntil(lambda: len(heartbeat) >= 10, timeout=3000)
    assert stored_status(path, "read-attention") == "skipped"
    assert backup_files(path, "restore") == []  # no backup per try while the lock is held

    with qtbot.waitSignal(dialog.restored, timeout=5000) as restored:
        holder.execute("ROLLBACK")
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)

    assert stored_status(path, "read-attention") == "done"
    assert window.service.task_state("read-attention").status is TaskStatus.DONE
    assert backup_files(path, "restore") == [restored.args[0]]  # one way back, taken once
    assert not dialog.waiting_label.isVisible()
    assert dialog.tree.topLevelItemCount() == 2
    assert window.statusBar().currentMessage() == "Restored the backup."
    assert dialogs.errors() == []
    dialog.close()


def test_a_restore_refused_past_the_busy_timeout_is_reported_and_changes_nothing(
    qtbot: Any, open_window: Opener, lock_holder: Any, dialogs: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window = open_window()
    path = _restore_setup(window, dialogs)
    dialog = window.backups.restore_dialog
    lock_holder(path)
    restored: list[object] = []
    dialog.restored.connect(restored.append)

    dialog.restore_selected()
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)

    assert [(title, "locked by another program" in text) for title, text in dialogs.errors()] == [
        ("Restore from Backup", True)
    ]
    assert restored == []
    assert stored_status(path, "read-attention") == "skipped"
    assert backup_files(path, "restore") == []
    assert dialog.restore_button.isEnabled() and not dialog.waiting_label.isVisible()
    dialog.close()


def test_a_restore_asked_and_its_dialog_closed_still_lands(
    qtbot: Any, open_window: Opener, lock_holder: Any, dialogs: Any
) -> None:
    window = open_window()
    path = _restore_setup(window, dialogs)
    dialog = window.backups.restore_dialog
    holder = lock_holder(path)
    dialog.restore_selected()
    dialog.close()  # closing the list does not cancel what was asked
    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")
    assert stored_status(path, "read-attention") == "done"
    assert window.statusBar().currentMessage() == "Restored the backup."


def test_opening_the_store_after_the_first_paint_waits_for_another_programs_lock(
    qtbot: Any, lazy_window: Any, lock_holder: Any, dialogs: Any, heartbeat: list[int]
) -> None:
    from tracker.ui.app import _finish_opening_after_first_paint

    window, started = lazy_window
    service = window.service
    path = Path(service.database_path)
    assert not service.store_open
    holder = lock_holder(path)
    _finish_opening_after_first_paint(started)
    window.show()
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 1, timeout=3000)  # after the paint
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    heartbeat.clear()
    qtbot.waitUntil(lambda: len(heartbeat) >= 10, timeout=3000)
    assert not service.store_open
    window.bridge.set_status("numpy", TaskStatus.DONE)  # asked meanwhile: queued behind it
    assert window.bridge.writes.pending == 2

    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")

    assert service.store_open
    assert stored_status(path, "numpy") == "done"
    assert window.checklist_model.status_of("numpy") is TaskStatus.DONE
    assert dialogs.errors() == []
    assert not waiting_said(window)


def test_a_store_that_cannot_open_past_the_busy_timeout_is_reported_and_nothing_is_written(
    qtbot: Any, lazy_window: Any, lock_holder: Any, dialogs: Any, monkeypatch: Any
) -> None:
    from tracker.ui.app import _finish_opening_after_first_paint

    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window, started = lazy_window
    service = window.service
    path = Path(service.database_path)
    used = rows(path, "SELECT name, last_used_at FROM profiles")
    lock_holder(path)
    _finish_opening_after_first_paint(started)
    window.show()
    qtbot.waitUntil(lambda: bool(dialogs.errors()), timeout=5000)

    assert [title for title, _ in dialogs.errors()] == ["Your progress could not be opened"]
    assert "locked by another program" in dialogs.errors()[0][1]
    assert not service.store_open
    assert window.bridge.writes.pending == 0
    assert rows(path, "SELECT name, last_used_at FROM profiles") == used
    assert window.checklist_model.status_of("numpy") is TaskStatus.TODO  # still shown from the view


def _kept_numpy(window: MainWindow, curriculum: Any) -> Any:
    """NumPy done with a note, then the curriculum without it: its progress is kept; the list
    of kept progress opened."""
    from dataclasses import replace

    basics = curriculum.stage("basics")
    window.select_stage("basics")
    window.bridge.set_status("numpy", TaskStatus.DONE)
    window.bridge.set_curriculum(
        replace(
            curriculum, stages=(replace(basics, modules=basics.modules[:1]), *curriculum.stages[1:])
        )
    )
    return window.kept.show()


def test_discarding_kept_progress_waits_for_another_programs_lock_without_freezing_the_window(
    qtbot: Any, open_window: Opener, lock_holder: Any, curriculum: Any, heartbeat: list[int]
) -> None:
    window = open_window()
    dialog = _kept_numpy(window, curriculum)
    path = Path(window.service.database_path)
    holder = lock_holder(path)

    assert dialog.discard_selected() is not None  # the copy is written at once
    assert window.bridge.writes.pending == 1
    assert not dialog.discard_button.isEnabled()
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    heartbeat.clear()
    qtbot.waitUntil(lambda: len(heartbeat) >= 10, timeout=3000)
    assert stored_status(path, "numpy") == "done"

    with qtbot.waitSignal(dialog.discarded, timeout=5000):
        holder.execute("ROLLBACK")
    assert stored_status(path, "numpy") == "todo"
    assert dialog.table.topLevelItemCount() == 0
    assert not window.kept.entry.isVisible()


def test_a_discard_refused_past_the_busy_timeout_is_reported_and_keeps_everything(
    qtbot: Any,
    open_window: Opener,
    lock_holder: Any,
    curriculum: Any,
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(write_queue, "GIVE_UP_S", 0.5)
    window = open_window()
    dialogs = window.dialogs
    dialog = _kept_numpy(window, curriculum)
    path = Path(window.service.database_path)
    lock_holder(path)

    dialog.discard_selected()
    qtbot.waitUntil(lambda: window.bridge.writes.pending == 0, timeout=5000)

    assert [(title, "locked by another program" in text) for title, text in dialogs.errors()] == [
        ("Nothing was discarded", True)
    ]
    assert stored_status(path, "numpy") == "done"
    assert dialog.table.topLevelItemCount() == 1 and dialog.discard_button.isEnabled()


def test_study_settings_wait_for_another_programs_lock_and_show_once_in(
    qtbot: Any, open_window: Opener, lock_holder: Any, heartbeat: list[int]
) -> None:
    from tracker.progress.study import HOURS_PER_WEEK

    loop = open_window().install_daily()
    qtbot.waitUntil(lambda: loop.today.study_loaded)
    path = Path(loop.window.service.database_path)
    holder = lock_holder(path)

    loop.set_hours_per_week(7.5)  # as answered in Today's question
    assert loop.window.bridge.writes.pending == 1
    qtbot.waitUntil(lambda: waiting_said(loop.window), timeout=3000)
    heartbeat.clear()
    qtbot.waitUntil(lambda: len(heartbeat) >= 10, timeout=3000)
    stored = "SELECT value FROM profile_settings WHERE key = ?"
    assert rows(path, stored, HOURS_PER_WEEK) == []

    with qtbot.waitSignal(loop.window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")
    assert [float(value) for (value,) in rows(path, stored, HOURS_PER_WEEK)] == [7.5]
    assert loop.window.plan_panel.hours_per_week == 7.5  # shown again once in


def test_an_own_card_saved_while_another_program_writes_waits_and_is_added_once(
    qtbot: Any, open_window: Opener, lock_holder: Any, heartbeat: list[int]
) -> None:
    window = open_window()
    window.select_stage("basics")
    window.review_menu.add_card()
    dialog = window.review_menu.card_dialog
    path = Path(window.service.database_path)
    holder = lock_holder(path)

    dialog.front_edit.setPlainText("What does attention weigh?")
    dialog.back_edit.setPlainText("Every token.")
    dialog.save_button.click()
    assert window.bridge.writes.pending == 1
    assert not dialog.save_button.isEnabled()  # not asked twice while it waits
    dialog.save_button.click()
    assert window.bridge.writes.pending == 1
    qtbot.waitUntil(lambda: waiting_said(window), timeout=3000)
    heartbeat.clear()
    qtbot.waitUntil(lambda: len(heartbeat) >= 10, timeout=3000)
    assert window.service.review.own_cards() == []

    with qtbot.waitSignal(dialog.changed, timeout=5000):
        holder.execute("ROLLBACK")
    own = window.service.review.own_cards()
    assert [(c.front.en, c.back.en) for c in own] == [
        ("What does attention weigh?", "Every token.")
    ]
    assert dialog.cards.count() == 1
    assert dialog.save_button.isEnabled()
    dialog.close()
