"""The window's backups: one on closing, one every few hours while open, File → Restore from
Backup… (list, restore, undo the restore), Help → Check Database, and Import Backup…'s comparison
with merge / replace / cancel."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tracker.curriculum.model import Curriculum
from tracker.progress import backups
from tracker.progress.import_plan import ImportMode, ImportPreview, Tally
from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService
from tracker.reports.json_backup import render_json
from tracker.reports.model import build_report
from tracker.ui.auto_backup import AutoBackup
from tracker.ui.export_dialog import run_import
from tracker.ui.import_choice import ImportChoiceDialog


class Dialogs:
    """Records what the window asked and shows; answers confirm, ask_text and the import choice."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.confirm_answer = True
        self.texts: list[str] = []
        self.choice: ImportMode | None = None
        self.previews: list[ImportPreview] = []

    def _record(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def show_error(self, title: str, message: str) -> None:
        self._record("show_error", title, message)

    def confirm(self, title: str, question: str) -> bool:
        self._record("confirm", title, question)
        return self.confirm_answer

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        self._record("ask_text", title, label, text)
        return self.texts.pop(0) if self.texts else None

    def show_info(self, title: str, message: str) -> None:
        self._record("show_info", title, message)

    def infos(self) -> list[str]:
        return [args[1] for name, args in self.calls if name == "show_info"]

    def ask_import_choice(self, preview: ImportPreview) -> ImportMode | None:
        self.previews.append(preview)
        return self.choice


def _backup_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "backups").glob("learnpath-*.sqlite3"))


def test_closing_the_window_backs_the_database_up(
    open_window: Callable[..., Any], data_dir: Path
) -> None:
    window = open_window()
    window.bridge.set_status("read-attention", TaskStatus.DONE)
    assert _backup_files(data_dir) == []
    window.close()
    files = _backup_files(data_dir)
    assert len(files) == 1 and files[0].name.endswith("-close.sqlite3")
    assert backups.backups(data_dir / "learnpath.sqlite3", contents=True)[0].profiles[0].states == 1


def test_a_backup_every_few_hours_while_open(
    qtbot: QtBot, data_dir: Path, curriculum: Curriculum
) -> None:
    service = ProgressService.open(data_dir, curriculum)
    now = [datetime(2030, 1, 1, 9, 0, tzinfo=UTC)]
    auto = AutoBackup(lambda: service.database_path, clock=lambda: now[0], check_every_ms=60_000)
    try:
        assert auto.timer.isActive() and auto.timer.interval() == 60_000
        with qtbot.waitSignal(auto.backed_up, timeout=10_000) as made:
            worker = auto.back_up_if_due()
            assert worker is not None
        assert Path(made.args[0]).name.endswith("-timer.sqlite3")
        worker.join(10)  # it emits just before it ends; a backup still running is never doubled
        now[0] += timedelta(hours=3)
        assert auto.back_up_if_due() is None  # the last one is recent
        now[0] += timedelta(hours=1)
        with qtbot.waitSignal(auto.backed_up, timeout=10_000):
            assert auto.back_up_if_due() is not None
        assert len(_backup_files(data_dir)) == 2
    finally:
        auto.timer.stop()
        service.close()


def test_restore_dialog_lists_backups_restores_one_and_the_restore_can_be_undone(
    qtbot: QtBot, open_window: Callable[..., Any], data_dir: Path
) -> None:
    dialogs = Dialogs()
    window = open_window()
    window.dialogs = window.backups.dialogs = dialogs
    database = data_dir / "learnpath.sqlite3"
    window.bridge.set_status("read-attention", TaskStatus.DONE)
    backups.take_backup(database, "manual", datetime(2020, 1, 1, 9, 0, tzinfo=UTC))
    window.bridge.set_status("build-tokenizer", TaskStatus.SKIPPED)

    window.menus.restore_action.trigger()
    dialog = window.backups.restore_dialog
    qtbot.waitExposed(dialog)
    assert dialog.tree.topLevelItemCount() == 1
    row = dialog.tree.topLevelItem(0)
    assert row.text(1) == "By hand"
    assert row.text(2) == "default — states: 1, notes: 0, plans: 0"
    assert not dialog.restore_button.isEnabled()
    dialog.tree.setCurrentItem(row)
    assert dialog.restore_button.isEnabled()

    with qtbot.waitSignal(dialog.restored) as restored:
        dialog.restore_button.click()
    assert dialogs.names()[-1] == "confirm"
    before = restored.args[0]
    assert before is not None and before.name.endswith("-restore.sqlite3")
    service = window.service
    assert service.task_state("build-tokenizer").status is TaskStatus.TODO
    assert window.checklist_model.status_of("build-tokenizer") is TaskStatus.TODO
    # The restore made a backup first: it is listed, and restoring it undoes the restore.
    assert dialog.tree.topLevelItemCount() == 2
    newest = dialog.tree.topLevelItem(0)
    assert newest.text(1) == "Before a restore"
    dialog.tree.setCurrentItem(newest)
    with qtbot.waitSignal(dialog.restored):
        dialog.restore_button.click()
    assert service.task_state("build-tokenizer").status is TaskStatus.SKIPPED
    dialog.close()


def test_restore_asks_first_and_no_changes_nothing(
    qtbot: QtBot, open_window: Callable[..., Any], data_dir: Path
) -> None:
    dialogs = Dialogs()
    dialogs.confirm_answer = False
    window = open_window()
    window.dialogs = window.backups.dialogs = dialogs
    database = data_dir / "learnpath.sqlite3"
    backups.take_backup(database, "manual", datetime(2020, 1, 1, 9, 0, tzinfo=UTC))
    window.bridge.set_status("read-attention", TaskStatus.DONE)
    window.backups.restore_from_backup()
    dialog = window.backups.restore_dialog
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    assert dialog.restore_selected() is None
    assert window.service.task_state("read-attention").status is TaskStatus.DONE
    assert len(_backup_files(data_dir)) == 1
    dialog.close()


def test_restore_dialog_with_the_keyboard_alone(
    qtbot: QtBot, open_window: Callable[..., Any], data_dir: Path
) -> None:
    # Down arrow onto a backup, Enter: the restore is asked for (the list's Enter used to fall
    # through to the default Close button and shut the dialog).
    dialogs = Dialogs()
    dialogs.confirm_answer = False
    window = open_window()
    window.dialogs = window.backups.dialogs = dialogs
    backups.take_backup(data_dir / "learnpath.sqlite3", "manual", datetime(2020, 1, 1, tzinfo=UTC))
    window.menus.restore_action.trigger()
    dialog = window.backups.restore_dialog
    qtbot.waitExposed(dialog)
    dialog.tree.setFocus()
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Down)
    assert dialog.selected_file() is not None
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    assert dialogs.names() == ["confirm"]
    assert dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_check_database_gives_a_verdict(open_window: Callable[..., Any], data_dir: Path) -> None:
    dialogs = Dialogs()
    window = open_window()
    window.dialogs = window.backups.dialogs = dialogs
    window.menus.check_action.trigger()
    assert dialogs.infos() and dialogs.infos()[0].startswith("The database is healthy")


def _preview(newer_here: int = 2) -> ImportPreview:
    return ImportPreview(
        profile="lei",
        exists=True,
        has_progress=True,
        states=Tally(added=3, updated=1, newer_here=newer_here, same=4),
        notes=Tally(added=1),
        plans=Tally(same=1),
    )


def test_import_choice_dialog_shows_the_comparison_and_cancel_is_the_default(
    qtbot: QtBot,
) -> None:
    dialog = ImportChoiceDialog(_preview())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert [dialog.cells[(1, c)].text() for c in range(1, 5)] == ["3", "1", "2", "4"]
    assert dialog.cells[(2, 1)].text() == "1"
    assert "2 items are newer here" in dialog.advice.text()
    assert dialog.cancel_button.isDefault() and not dialog.replace_button.isDefault()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.choice is None


def test_import_choice_dialog_counts_one_newer_item_in_the_singular(qtbot: QtBot) -> None:
    dialog = ImportChoiceDialog(_preview(newer_here=1))
    qtbot.addWidget(dialog)
    assert dialog.advice.text().startswith("1 item is newer here. Replace overwrites it ")


@pytest.mark.parametrize(("button", "mode"), [("merge", "merge"), ("replace", "replace")])
def test_import_choice_dialog_buttons(qtbot: QtBot, button: str, mode: str) -> None:
    dialog = ImportChoiceDialog(_preview())
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted):
        getattr(dialog, f"{button}_button").click()
    assert dialog.choice == ImportMode(mode)


def _export(service: ProgressService, folder: Path) -> Path:
    target = folder / "backup.json"
    target.write_text(render_json(build_report(service)), encoding="utf-8")
    return target


def test_import_over_progress_compares_asks_and_cancel_changes_nothing(
    data_dir: Path, curriculum: Curriculum, tmp_path: Path
) -> None:
    service = ProgressService.open(data_dir, curriculum)
    try:
        service.set_status("read-attention", TaskStatus.IN_PROGRESS)
        file = _export(service, tmp_path)
        service.set_status("read-attention", TaskStatus.DONE)  # newer here
        dialogs = Dialogs()
        dialogs.texts = ["default"]
        assert run_import(None, service, dialogs, file) is None
        assert dialogs.previews[0].states.newer_here == 1
        assert service.task_state("read-attention").status is TaskStatus.DONE
        assert _backup_files(data_dir) == []

        dialogs.texts = ["default"]
        dialogs.choice = ImportMode.MERGE
        change = run_import(None, service, dialogs, file)
        assert change is not None
        assert service.task_state("read-attention").status is TaskStatus.DONE  # newer kept
        assert [f.name.endswith("-import.sqlite3") for f in _backup_files(data_dir)] == [True]

        dialogs.texts = ["default"]
        dialogs.choice = ImportMode.REPLACE
        service.set_note(ItemKind.TASK, "numpy", "one note")
        run_import(None, service, dialogs, file)
        assert service.task_state("read-attention").status is TaskStatus.IN_PROGRESS
        summary = dialogs.infos()[-1]
        assert summary.startswith("Restored 1 task state, 0 notes and 0 plans into “default”.")
        assert "1 notes" not in summary and "File → Restore from Backup…" in summary
    finally:
        service.close()


def test_import_into_a_new_profile_does_not_ask(
    data_dir: Path, curriculum: Curriculum, tmp_path: Path
) -> None:
    service = ProgressService.open(data_dir, curriculum)
    try:
        service.set_status("read-attention", TaskStatus.DONE)
        service.set_note(ItemKind.TASK, "numpy", "one note")
        file = _export(service, tmp_path)
        dialogs = Dialogs()
        dialogs.texts = ["copy"]
        assert run_import(None, service, dialogs, file) is not None
        assert dialogs.previews == []
        assert dialogs.infos()[-1].startswith("Restored 1 task state, 1 note and 0 plans")
        assert json.loads(file.read_text(encoding="utf-8"))["profile"] == "default"
    finally:
        service.close()


def test_the_editor_refuses_a_note_over_the_bound_and_keeps_the_text(
    qtbot: QtBot, open_window: Callable[..., Any]
) -> None:
    from tracker.progress.limits import MAX_NOTE_CHARS

    window = open_window()
    kind, item_id = window.notes.item
    line = "x" * 99 + "\n"  # short lines: one 1,000,000-character line takes Qt minutes to lay out
    window.notes_edit.setPlainText(line * (MAX_NOTE_CHARS // 100) + "y")
    with qtbot.waitSignal(window.notes.save_failed) as failed:
        assert not window.notes.flush()
    assert "at most 1,000,000 characters; this one has 1,000,001" in failed.args[0]
    assert "1,000,000 characters" in window.statusBar().currentMessage()
    assert len(window.notes_edit.toPlainText()) == MAX_NOTE_CHARS + 1  # nothing lost
    assert window.service.note(kind, item_id) == ""
    window.notes_edit.setPlainText(line * (MAX_NOTE_CHARS // 100))
    assert window.notes.flush()
    assert len(window.service.note(kind, item_id)) == MAX_NOTE_CHARS


def test_ask_import_choice_shows_the_dialog_modally(qtbot: QtBot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from tracker.ui.import_choice import ask_import_choice

    def answer() -> None:
        shown = QApplication.activeModalWidget()
        assert isinstance(shown, ImportChoiceDialog)
        shown.merge_button.click()

    QTimer.singleShot(0, answer)
    assert ask_import_choice(_preview(), None) is ImportMode.MERGE
