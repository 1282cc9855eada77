"""The main window through the real progress service: ticking, undo, notes, profiles, language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTranslator
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from tracker.paths import resource_path
from tracker.progress.records import TaskStatus
from tracker.ui.main_window import MainWindow

Opener = Callable[..., MainWindow]


def task_index(window: MainWindow, task_id: str) -> QModelIndex:
    source = window.checklist_model.index_of_task(task_id)
    return window.checklist_proxy.mapFromSource(source)


def click_checkbox(qtbot: Any, window: MainWindow, task_id: str) -> None:
    view = window.checklist_view
    index = task_index(window, task_id)
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(index)
    option.widget = view
    view.itemDelegate().initStyleOption(option, index)
    check = view.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view
    )
    assert check.isValid() and check.width() > 0
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=check.center())


def status(window: MainWindow, task_id: str) -> TaskStatus:
    return window.service.task_state(task_id).status  # type: ignore[no-any-return]


def stage_done(window: MainWindow, stage_id: str) -> int:
    progress = window.stage_model.progress_of(stage_id)
    assert progress is not None
    return progress.counts.done


def test_tick_with_the_mouse_survives_restart(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    click_checkbox(qtbot, window, "read-attention")
    assert status(window, "read-attention") is TaskStatus.DONE
    assert stage_done(window, "basics") == 1
    assert window.overall_bar.value() > 0
    assert "Read the attention paper" in window.statusBar().currentMessage()
    window.close()

    again = open_window()
    assert again.checklist_model.status_of("read-attention") is TaskStatus.DONE
    index = task_index(again, "read-attention")
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert stage_done(again, "basics") == 1


def test_space_ticks_the_selected_task_and_survives_restart(
    qtbot: Any, open_window: Opener
) -> None:
    window = open_window()
    window.select_task("build-tokenizer")
    window.checklist_view.setFocus()
    qtbot.waitUntil(window.checklist_view.hasFocus)
    qtbot.keyClick(window.checklist_view, Qt.Key.Key_Space)
    assert status(window, "build-tokenizer") is TaskStatus.DONE
    qtbot.keyClick(window.checklist_view, Qt.Key.Key_Space)
    assert status(window, "build-tokenizer") is TaskStatus.TODO
    qtbot.keyClick(window.checklist_view, Qt.Key.Key_Space)
    window.close()

    again = open_window()
    assert status(again, "build-tokenizer") is TaskStatus.DONE
    assert again.overall_bar.value() == round(1000 * 1 / 6)


def test_status_shortcuts_set_in_progress_and_skipped(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    window.select_task("numpy")
    window.checklist_view.setFocus()
    qtbot.waitUntil(window.checklist_view.hasFocus)
    qtbot.keyClick(window.checklist_view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert status(window, "numpy") is TaskStatus.IN_PROGRESS
    module = window.checklist_model.index(1, 0)
    assert module.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked
    qtbot.keyClick(window.checklist_view, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert status(window, "numpy") is TaskStatus.SKIPPED
    qtbot.keyClick(window.checklist_view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert status(window, "numpy") is TaskStatus.TODO
    texts = [a.text() for a in window.menus.status_actions()]
    assert "Mark In Progress" in texts and "Mark Skipped" in texts


def test_undo_and_redo_keys_change_status_and_bars(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    window.set_status("rag-topic", TaskStatus.DONE)
    assert stage_done(window, "apps") == 1
    bar_after_tick = window.overall_bar.value()
    assert bar_after_tick > 0

    window.stage_view.setFocus()
    qtbot.waitUntil(window.stage_view.hasFocus)
    qtbot.keyClick(window.stage_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert status(window, "rag-topic") is TaskStatus.TODO
    assert stage_done(window, "apps") == 0
    assert window.overall_bar.value() == 0

    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.stage_view, Qt.Key.Key_Z, shift_ctrl)
    assert status(window, "rag-topic") is TaskStatus.DONE
    assert stage_done(window, "apps") == 1
    assert window.overall_bar.value() == bar_after_tick


def test_note_typed_and_window_closed_at_once_survives_restart(
    qtbot: Any, open_window: Opener
) -> None:
    from tracker.progress.records import ItemKind

    window = open_window()
    window.select_task("read-attention")
    window.notes_edit.setFocus()
    qtbot.keyClicks(window.notes_edit, "# Plan")
    qtbot.keyClick(window.notes_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(window.notes_edit, "#include <vector> & <b>bold</b> 'q'")
    window.notes_edit.insertPlainText("  中文 — done")
    text = "# Plan\n#include <vector> & <b>bold</b> 'q'  中文 — done"
    assert window.notes.dirty
    window.close()  # at once: the debounce timer has not fired yet

    again = open_window()
    assert again.service.note(ItemKind.TASK, "read-attention") == text
    again.select_task("read-attention")
    assert again.notes_edit.toPlainText() == text


def test_note_saves_after_a_pause_and_preview_keeps_angle_brackets(
    qtbot: Any, open_window: Opener
) -> None:
    from tracker.progress.records import ItemKind

    window = open_window()
    window.notes_edit.setFocus()
    qtbot.keyClicks(window.notes_edit, "#include <vector>")
    qtbot.waitUntil(lambda: not window.notes.dirty, timeout=3000)
    assert window.service.note(ItemKind.STAGE, "basics") == "#include <vector>"
    assert "Saved note on Stage 1: Foundations" in window.statusBar().currentMessage()
    window.notes.tabs.setCurrentWidget(window.notes_preview)
    assert "<vector>" in window.notes_preview.toPlainText()


def test_switching_profile_shows_that_profiles_progress(
    qtbot: Any, open_window: Opener, dialogs: Any
) -> None:
    window = open_window()
    window.set_status("read-attention", TaskStatus.DONE)
    dialogs.texts = ["ada"]
    window.profiles.add()
    assert window.service.profile.name == "ada"
    assert window.profile_combo.currentText() == "ada"
    assert window.checklist_model.status_of("read-attention") is TaskStatus.TODO
    assert window.overall_bar.value() == 0
    assert "ada" in window.windowTitle()

    window.profile_combo.setCurrentText("default")
    window.profile_combo.activated.emit(window.profile_combo.findText("default"))
    assert window.service.profile.name == "default"
    assert window.checklist_model.status_of("read-attention") is TaskStatus.DONE
    assert stage_done(window, "basics") == 1


def our_contexts() -> frozenset[str]:
    """The translation contexts of our own classes (Qt's own, like ``QLineEdit``, are not)."""
    catalogue = ET.parse(resource_path("translations", "learnpath_zh_CN.ts")).getroot()
    return frozenset(name for c in catalogue.iter("context") if (name := c.findtext("name")))


class MarkingTranslator(QTranslator):
    """Wraps every string of ours in «», so a retranslation is visible without a .qm."""

    contexts = our_contexts()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return f"«{source}»" if context in self.contexts else ""


def test_language_switch_changes_ui_strings_and_curriculum_text(
    qtbot: Any, open_window: Opener
) -> None:
    window = open_window()
    assert window.menus.file_menu.title() == "&File"
    assert window.stage_title.text() == "Stage 1: Foundations"

    window.menus.lang_zh_action.trigger()
    qtbot.waitUntil(lambda: window.stage_goal.text() == "理解大模型是什么。")
    first = window.stage_model.index(0, 0)
    assert "基础" in first.data()
    assert window.checklist_model.index(0, 0).data() == "Transformer 架构"
    assert window.menus.lang_zh_action.isChecked()

    translator = MarkingTranslator()
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: window.menus.file_menu.title() == "«&File»")
        assert window.filter_edit.placeholderText() == "«Filter tasks…»"
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: window.menus.file_menu.title() != "«&File»")

    window.menus.lang_en_action.trigger()
    qtbot.waitUntil(lambda: window.stage_goal.text() == "Understand what a large model is.")


def test_broken_curriculum_shows_file_line_col_and_keeps_the_current_one(
    qtbot: Any, open_window: Opener, dialogs: Any, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    bad = broken / "curriculum.yaml"
    bad.write_text("id: x\nstages: [\n  - {id: a\n", encoding="utf-8")
    window = open_window()
    dialogs.open_path = bad
    window.menus.open_action.trigger()

    errors = dialogs.errors()
    assert len(errors) == 1
    title, message = errors[0]
    assert title == "Could not open the curriculum"
    assert str(bad) in message or "curriculum.yaml" in message
    assert re.match(r"^.+curriculum\.yaml:3:\d+: .+", message.splitlines()[0]), message
    assert window.service.curriculum.id == "sample"
    assert window.stage_model.rowCount() == 2


def test_first_run_banner_points_at_stage_one_until_a_tick(open_window: Opener) -> None:
    window = open_window()
    assert window.banner.isVisible()
    assert "Stage 1: Foundations" in window.banner.text()
    window.set_status("numpy", TaskStatus.IN_PROGRESS)
    assert not window.banner.isVisible()


def test_target_date_shows_pace_and_is_undoable(qtbot: Any, open_window: Opener) -> None:
    from datetime import date, timedelta

    window = open_window()
    past = date.today() - timedelta(days=3)
    window.plan_panel.set_target(past)
    progress = window.stage_model.progress_of("basics")
    assert progress is not None and progress.target_date == past
    assert window.plan_panel.pace_label.text().startswith("Overdue")
    assert "Overdue" in window.stage_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    window.undo()
    assert window.service.target_date("basics") is None
    assert window.plan_panel.target() is None
    window.redo()
    assert window.plan_panel.target() == past
    window.plan_panel.clear()
    assert window.service.target_date("basics") is None


def test_concept_reference_on_a_task_shows_the_concept_summary(
    qtbot: Any, open_window: Opener
) -> None:
    from PySide6.QtCore import QUrl

    window = open_window()
    window.select_task("read-attention")
    assert "Attention" in window.task_details.toPlainText()
    window.task_details.anchorClicked.emit(QUrl("concept:attention"))
    assert "Lets each token look at every other token." in window.concept_summary.toPlainText()
    assert window.notes.item is not None and window.notes.item[1] == "attention"


def test_filter_hides_tasks_that_do_not_match(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    proxy = window.checklist_proxy
    window.filter_edit.setText("tokenizer")
    assert proxy.rowCount() == 1
    assert proxy.rowCount(proxy.index(0, 0)) == 1
    window.filter_edit.clear()
    window.set_status("numpy", TaskStatus.DONE)
    window.status_filter.setCurrentIndex(4)  # done
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0, proxy.index(0, 0)).data() == "NumPy"


def test_models_pass_the_model_tester(qtmodeltester: Any, open_window: Opener) -> None:
    window = open_window()
    for model in (
        window.stage_model,
        window.checklist_model,
        window.checklist_proxy,
        window.concept_model,
    ):
        qtmodeltester.check(model)
    window.set_status("read-attention", TaskStatus.DONE)
    window.set_status("numpy", TaskStatus.SKIPPED)
    window.select_stage("apps")
    window.set_content_language("zh")
    window.filter_edit.setText("app")
    for model in (
        window.stage_model,
        window.checklist_model,
        window.checklist_proxy,
        window.concept_model,
    ):
        qtmodeltester.check(model)


def test_window_geometry_and_splitters_are_remembered(
    qtbot: Any, open_window: Opener, tmp_path: Path
) -> None:
    from tracker.ui.settings import Settings

    settings = Settings.at(tmp_path / "settings.ini")
    window = open_window(settings=settings)
    window.setWindowState(Qt.WindowState.WindowNoState)  # first run maximises a small screen
    window.resize(760, 540)  # inside the offscreen screen, which restoreGeometry clamps to
    qtbot.waitUntil(lambda: window.width() == 760)
    window.main_splitter.setSizes([230, 300, 210])
    sizes = window.main_splitter.sizes()
    window.close()
    again = open_window(settings=Settings.at(tmp_path / "settings.ini"))
    assert again.size() == window.size()
    assert again.main_splitter.sizes() == sizes


def test_first_run_fills_a_small_screen_and_gives_the_checklist_the_most_room(
    open_window: Opener,
) -> None:
    window = open_window()  # the offscreen screen is smaller than SMALL_SCREEN
    assert window.windowState() & Qt.WindowState.WindowMaximized
    available = window.screen().availableGeometry().size()
    assert window.size().width() >= available.width() * 0.9
    window.resize(1440, 900)
    window.memory.spread_panes()
    navigator, _centre, notes = window.main_splitter.sizes()
    concepts, checklist = window.centre_splitter.sizes()
    assert checklist > max(concepts, notes, navigator)
    assert notes < 300


def test_tab_walks_stages_then_concepts_then_checklist_then_notes(open_window: Opener) -> None:
    window = open_window()
    wanted = [window.stage_view, window.concept_view, window.checklist_view, window.notes_edit]
    seen = []
    widget = window.stage_view
    for _ in range(200):
        if widget in wanted and widget not in seen:
            seen.append(widget)
        widget = widget.nextInFocusChain()
        if widget is window.stage_view:
            break
    assert seen == wanted


def test_task_title_tooltip_has_the_whole_title(open_window: Opener) -> None:
    window = open_window()
    index = task_index(window, "read-attention")
    tip = window.checklist.tooltip_at(index.siblingAtColumn(2))
    assert tip.splitlines()[0] == window.checklist_model.task_at(
        window.checklist_proxy.mapToSource(index)
    ).title.get("en")


def test_long_stage_titles_wrap_onto_a_second_line_then_elide() -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from tracker.ui.delegates import title_lines

    font = QFont()
    width = QFontMetrics(font).horizontalAdvance("Stage 3: Multimodal")
    title = "Stage 3: Multimodal large models and automated knowledge graphs"
    lines = title_lines(title, font, width)
    assert len(lines) == 2
    assert lines[0].startswith("Stage 3")
    assert lines[1].endswith("…")
    assert title_lines("Stage 5: Agents", font, 1000) == ["Stage 5: Agents"]
