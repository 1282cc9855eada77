"""The checklist filter over every stage, finding note text too, and a mark on noted tasks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from tracker.progress.records import ItemKind, TaskStatus
from tracker.ui.checklist_model import TASK_ID_ROLE
from tracker.ui.main_window import MainWindow

Opener = Callable[..., MainWindow]


def _shown_tasks(window: MainWindow) -> list[str]:
    proxy = window.checklist_proxy
    found = []
    for module_row in range(proxy.rowCount()):
        module = proxy.index(module_row, 0)
        for row in range(proxy.rowCount(module)):
            found.append(str(proxy.index(row, 0, module).data(TASK_ID_ROLE)))
    return found


def test_all_stages_finds_a_task_of_another_stage(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    assert window.current_stage is not None and window.current_stage.id == "basics"
    window.filter_edit.setText("evaluation")
    qtbot.waitUntil(window.checklist.shows_no_match)  # "Evaluation" is in the other stage
    window.checklist.all_stages.setChecked(True)
    qtbot.waitUntil(lambda: _shown_tasks(window) == ["eval"])
    module = window.checklist_proxy.index(0, 0).data()
    assert module == "Building applications › Retrieval"  # a module says its stage
    # Ticking from there works as anywhere.
    proxy = window.checklist_proxy
    index = proxy.index(0, 0, proxy.index(0, 0))
    assert proxy.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: window.service.task_state("eval").status is TaskStatus.DONE)
    window.filter_edit.clear()
    assert len(_shown_tasks(window)) == 6  # every task of every stage
    window.select_stage("apps")  # picking a stage shows that stage again
    qtbot.waitUntil(lambda: not window.checklist.all_stages.isChecked())
    assert _shown_tasks(window) == ["rag-topic", "rag-app", "eval"]


def test_the_filter_finds_note_text(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    window.service.set_note(ItemKind.TASK, "numpy", "broadcasting rules, 向量化")
    window.filter_edit.setText("broadcast")
    qtbot.waitUntil(lambda: _shown_tasks(window) == ["numpy"])
    window.filter_edit.setText("向量")  # two Chinese characters
    qtbot.waitUntil(lambda: _shown_tasks(window) == ["numpy"])
    window.filter_edit.setText("tokenizer")  # titles still match
    qtbot.waitUntil(lambda: _shown_tasks(window) == ["build-tokenizer"])


def test_tasks_with_a_note_are_marked(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    scope = window.checklist_scope
    assert not scope.has_note("numpy")
    window.select_task("numpy")
    window.notes_edit.setPlainText("a note")
    qtbot.waitUntil(lambda: window.service.note(ItemKind.TASK, "numpy") == "a note")
    qtbot.waitUntil(lambda: scope.has_note("numpy"))
    window.checklist_view.grab()  # the delegate paints the mark
    window.notes_edit.setPlainText("")
    qtbot.waitUntil(lambda: not scope.has_note("numpy"))


def test_note_matches_follow_the_profile_and_note_changes(qtbot: Any, open_window: Opener) -> None:
    window = open_window("alice")
    window.service.set_note(ItemKind.TASK, "numpy", "broadcasting rules")
    window.service.add_profile("bob")
    window.filter_edit.setText("broadcast")
    qtbot.waitUntil(lambda: _shown_tasks(window) == ["numpy"])
    window.switch_profile("bob")  # alice's note must not show through bob's checklist
    qtbot.waitUntil(lambda: window.service.profile.name == "bob")
    qtbot.waitUntil(window.checklist.shows_no_match)
    assert _shown_tasks(window) == []
    # A note written while the filter is typed is found without typing again.
    window.bridge.set_note(ItemKind.TASK, "read-attention", "broadcast here too")
    qtbot.waitUntil(lambda: _shown_tasks(window) == ["read-attention"])
    window.bridge.set_note(ItemKind.TASK, "read-attention", "")  # and gone when it is cleared
    qtbot.waitUntil(window.checklist.shows_no_match)


def test_all_stages_is_reached_with_tab_and_ticked_with_space(
    qtbot: Any, open_window: Opener
) -> None:
    from PySide6.QtWidgets import QApplication

    window = open_window()
    window.status_filter.setFocus()
    qtbot.waitUntil(window.status_filter.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.checklist.all_stages
    qtbot.keyClick(window.checklist.all_stages, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(_shown_tasks(window)) == 6)  # every stage's tasks
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.checklist_view
