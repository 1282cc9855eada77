"""The window follows what other programs commit to its database, within about a second.

A second process (``other_writer.py``, its own SQLite connection, as the CLI or a second window)
writes while the window is open; the window's watcher notices and refreshes. A note edited on
both sides keeps both versions; Ctrl+Z never silently undoes the other program's change.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService
from tracker.ui.main_window import MainWindow

WRITER = Path(__file__).with_name("other_writer.py")
WITHIN_A_SECOND_MS = 1000

Opener = Callable[..., MainWindow]


def other_program(data_dir: Path, *args: str) -> None:
    """Run one change in another process and wait until it has committed and exited."""
    subprocess.run([sys.executable, str(WRITER), str(data_dir), *args], check=True, timeout=60)


def stored_note(data_dir: Path, curriculum: Any, kind: ItemKind, item_id: str) -> str:
    service = ProgressService.open(data_dir, curriculum)
    try:
        return service.note(kind, item_id)
    finally:
        service.close()


def test_counts_and_checklist_follow_a_tick_by_another_process(
    qtbot: Any, open_window: Opener, data_dir: Path
) -> None:
    window = open_window()
    window.select_stage("basics")
    assert window.stage_model.progress_of("basics").counts.done == 0

    other_program(data_dir, "status", "read-attention", "done")

    def followed() -> None:
        assert window.stage_model.progress_of("basics").counts.done == 1
        assert window.stage_model.overall().done == 1
        assert window.checklist_model.status_of("read-attention") is TaskStatus.DONE
        index = window.checklist_model.index_of_task("read-attention")
        assert index.data(Qt.ItemDataRole.CheckStateRole) in (Qt.CheckState.Checked, 2)

    qtbot.waitUntil(followed, timeout=WITHIN_A_SECOND_MS)


def test_a_note_written_elsewhere_replaces_an_unedited_note_in_the_editor(
    qtbot: Any, open_window: Opener, data_dir: Path
) -> None:
    window = open_window()
    window.select_stage("basics")
    assert window.notes.item == (ItemKind.STAGE, "basics")

    other_program(data_dir, "note", "stage", "basics", "CLI wrote this important text")

    qtbot.waitUntil(
        lambda: window.notes_edit.toPlainText() == "CLI wrote this important text",
        timeout=WITHIN_A_SECOND_MS,
    )
    assert not window.notes.dirty and not window.notes.in_conflict


def test_a_note_edited_on_both_sides_keeps_both_versions(
    qtbot: Any, open_window: Opener, data_dir: Path, curriculum: Any
) -> None:
    window = open_window()
    window.select_stage("basics")
    window.notes_edit.setFocus()
    qtbot.keyClicks(window.notes_edit, "GUI-first")
    assert window.notes.dirty

    other_program(data_dir, "note", "stage", "basics", "CLI wrote this important text")
    qtbot.waitUntil(lambda: window.notes.in_conflict, timeout=WITHIN_A_SECOND_MS)

    # Both kept: mine in the editor, theirs in the database; more typing and saving never
    # overwrite theirs until the learner chooses.
    assert window.notes.conflict_bar.isVisible()
    qtbot.keyClicks(window.notes_edit, "+more")
    assert window.notes.flush() is False
    assert window.notes_edit.toPlainText() == "GUI-first+more"
    assert window.notes.theirs == "CLI wrote this important text"
    assert stored_note(data_dir, curriculum, ItemKind.STAGE, "basics") == (
        "CLI wrote this important text"
    )
    viewer = window.notes.show_theirs()
    assert viewer is not None and viewer.text.toPlainText() == "CLI wrote this important text"
    viewer.close()

    window.notes.conflict_bar.both_button.click()
    saved = stored_note(data_dir, curriculum, ItemKind.STAGE, "basics")
    assert "GUI-first+more" in saved and "CLI wrote this important text" in saved
    assert not window.notes.in_conflict and not window.notes.conflict_bar.isVisible()


def test_a_save_racing_another_program_keeps_both_versions(
    qtbot: Any, open_window: Opener, data_dir: Path, curriculum: Any
) -> None:
    """The other program commits between the last look and the autosave: the save is refused
    by the database (it expected the text it read), never written over theirs."""
    window = open_window()
    window.select_stage("basics")
    window.watcher.stop()  # the save itself must notice, not the watcher
    qtbot.keyClicks(window.notes_edit, "mine")
    other_program(data_dir, "note", "stage", "basics", "theirs")

    assert window.notes.flush() is False
    assert window.notes.in_conflict
    assert stored_note(data_dir, curriculum, ItemKind.STAGE, "basics") == "theirs"

    window.notes.conflict_bar.mine_button.click()
    assert stored_note(data_dir, curriculum, ItemKind.STAGE, "basics") == "mine"


def test_a_profile_removed_by_another_process_is_left_visibly(
    qtbot: Any, open_window: Opener, data_dir: Path, dialogs: Any
) -> None:
    window = open_window()
    window.bridge.add_profile("second")
    window.switch_profile("second")
    assert window.service.profile.name == "second"

    other_program(data_dir, "remove-profile", "second")

    qtbot.waitUntil(lambda: window.service.profile.name == "default", timeout=WITHIN_A_SECOND_MS)
    assert window.profile_combo.currentText() == "default"
    assert "second" not in [
        window.profile_combo.itemText(i) for i in range(window.profile_combo.count())
    ]
    infos = [args for name, args in dialogs.calls if name == "show_info"]
    assert infos and "second" in infos[0][1] and "default" in infos[0][1]


def _confirms(dialogs: Any) -> list[str]:
    return [args[1] for name, args in dialogs.calls if name == "confirm"]


def test_ctrl_z_never_undoes_the_other_programs_change_silently(
    qtbot: Any, open_window: Opener, data_dir: Path, dialogs: Any, curriculum: Any
) -> None:
    window = open_window()
    window.select_stage("apps")
    window.set_status("rag-topic", TaskStatus.DONE)  # this window's change
    other_program(data_dir, "status", "eval", "done")  # newer, made elsewhere
    qtbot.waitUntil(
        lambda: window.checklist_model.status_of("eval") is TaskStatus.DONE,
        timeout=WITHIN_A_SECOND_MS,
    )

    dialogs.confirm_answer = False
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    asked = _confirms(dialogs)
    assert len(asked) == 1 and "Evaluation" in asked[0] and "not made in this window" in asked[0]
    assert window.checklist_model.status_of("eval") is TaskStatus.DONE
    assert window.checklist_model.status_of("rag-topic") is TaskStatus.DONE
    assert window.statusBar().currentMessage() == "Nothing was undone"

    dialogs.confirm_answer = True
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.checklist_model.status_of("eval") is TaskStatus.TODO
    assert window.statusBar().currentMessage() == "Undid: “Evaluation” back to to do"

    # Now the newest change is this window's own: undone at once, no question.
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(_confirms(dialogs)) == 2
    assert window.checklist_model.status_of("rag-topic") is TaskStatus.TODO
    assert "RAG" in window.statusBar().currentMessage()


def test_undo_after_a_curriculum_change_asks_before_touching_a_task_that_left(
    qtbot: Any, open_window: Opener, dialogs: Any, curriculum: Any
) -> None:
    from dataclasses import replace

    window = open_window()
    window.select_stage("basics")
    window.set_status("numpy", TaskStatus.DONE)
    basics = curriculum.stage("basics")
    smaller = replace(
        curriculum,
        stages=(replace(basics, modules=basics.modules[:1]), *curriculum.stages[1:]),
    )
    window.bridge.set_curriculum(smaller)

    dialogs.confirm_answer = False
    window.undo()
    asked = _confirms(dialogs)
    assert len(asked) == 1 and "no longer in the curriculum" in asked[0] and "NumPy" in asked[0]
    assert window.service.task_state("numpy").status is TaskStatus.DONE  # the kept progress
    assert window.statusBar().currentMessage() == "Nothing was undone"


def test_a_profile_removed_while_the_window_is_on_its_start_up_snapshot_is_left_visibly(
    qtbot: Any, data_dir: Path, curriculum: Any, dialogs: Any
) -> None:
    """The lazy start-up read view goes stale when another program removes the shown profile:
    the window says so and switches, the switcher follows, and nothing is written meanwhile."""
    setup = ProgressService.open(data_dir, curriculum)
    setup.set_status("numpy", TaskStatus.DONE)  # in "default"
    setup.add_profile("second")
    setup.switch_profile("second")
    setup.close()
    service = ProgressService.open(data_dir, curriculum, lazy=True)
    window = MainWindow(service, dialogs=dialogs, data_dir=data_dir)
    qtbot.addWidget(window)
    window.show()
    try:
        assert not service.store_open and service.profile.name == "second"
        other_program(data_dir, "remove-profile", "second")
        qtbot.waitUntil(
            lambda: window.profile_combo.currentText() == "default", timeout=WITHIN_A_SECOND_MS
        )
        assert window.service.profile.name == "default"
        assert window.windowTitle().endswith("default")
        assert window.stage_model.overall().done == 1  # default's progress, shown as such
        (info,) = [args for name, args in dialogs.calls if name == "show_info"]
        assert "second" in info[1] and "default" in info[1]
    finally:
        window.close()
        service.close()


def test_closing_with_both_versions_kept_offers_mine_back_at_the_next_start(
    qtbot: Any, open_window: Opener, data_dir: Path, dialogs: Any
) -> None:
    window = open_window()
    window.select_stage("basics")
    qtbot.keyClicks(window.notes_edit, "mine")
    other_program(data_dir, "note", "stage", "basics", "theirs")
    qtbot.waitUntil(lambda: window.notes.in_conflict, timeout=WITHIN_A_SECOND_MS)

    window.close()  # no "lose it?" question: the text is in its draft
    assert not [args for name, args in dialogs.calls if name == "confirm"]

    again = open_window()
    assert again.notes.draft_bar.isVisible()
    again.notes.draft_bar.restore_button.click()
    assert again.notes_edit.toPlainText() == "mine"
    assert again.notes.in_conflict and again.notes.theirs == "theirs"


def test_two_windows_on_one_folder_follow_each_other(qtbot: Any, open_window: Opener) -> None:
    first, second = open_window(), open_window()
    for window in (first, second):
        window.select_stage("apps")
    first.set_status("eval", TaskStatus.SKIPPED)
    first.bridge.set_note(ItemKind.STAGE, "apps", "from the first window")
    second.set_status("rag-app", TaskStatus.IN_PROGRESS)

    def both_show_both() -> None:
        for window in (first, second):
            assert window.checklist_model.status_of("eval") is TaskStatus.SKIPPED
            assert window.checklist_model.status_of("rag-app") is TaskStatus.IN_PROGRESS
            assert window.stage_model.progress_of("apps").counts.skipped == 1
        assert second.notes_edit.toPlainText() == "from the first window"

    qtbot.waitUntil(both_show_both, timeout=WITHIN_A_SECOND_MS)


def test_a_target_date_set_elsewhere_shows_in_the_plan(
    qtbot: Any, open_window: Opener, data_dir: Path
) -> None:
    from datetime import date

    window = open_window()
    window.select_stage("basics")
    assert window.plan_panel.target() is None
    other_program(data_dir, "plan", "basics", "2031-02-03")
    qtbot.waitUntil(
        lambda: window.plan_panel.target() == date(2031, 2, 3), timeout=WITHIN_A_SECOND_MS
    )
    assert window.stage_model.progress_of("basics").target_date == date(2031, 2, 3)
