"""File → Export… and File → Import…, driven offscreen through their seams."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tracker.progress.records import Change
from tracker.progress.service import ProgressService
from tracker.ui.export_dialog import ExportDialog, run_import


def settings_at(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_dialog_exports_off_the_ui_thread_and_remembers(
    qtbot: QtBot, service: ProgressService, tmp_path: Path
) -> None:
    settings = settings_at(tmp_path)
    dialog = ExportDialog(service, settings=settings)
    qtbot.addWidget(dialog)
    target = tmp_path / "out" / "summary.csv"
    target.parent.mkdir()
    offered: list[Path] = []
    dialog.ask_export_target = lambda suggested: target  # type: ignore[method-assign]
    dialog.offer_open = offered.append  # type: ignore[method-assign]
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    dialog.scope_combo.setCurrentIndex(dialog.scope_combo.findData("basics"))
    dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("zh"))
    dialog.notes_check.setChecked(False)
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as blocker:
        dialog.export_button.click()
    assert blocker.args == [target]
    assert offered == [target]
    text = target.read_bytes().decode("utf-8-sig")
    assert "基础阶段" in text and "实践阶段" not in text and "<script>" not in text

    again = ExportDialog(service, settings=settings_at(tmp_path))
    qtbot.addWidget(again)
    assert again.format_name() == "csv"
    assert again.stage_id() == "basics"
    assert not again.notes_check.isChecked()
    # the language is the one the window is in (English here), not the one chosen last time
    assert again.lang_combo.currentData() == "en"


def test_dialog_reports_a_failed_export(
    qtbot: QtBot, service: ProgressService, tmp_path: Path
) -> None:
    dialog = ExportDialog(service, settings=settings_at(tmp_path))
    qtbot.addWidget(dialog)
    errors: list[str] = []
    dialog.show_error = errors.append  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.failed, timeout=10_000):
        dialog.export_to(tmp_path / "missing-folder" / "x.md")
    assert errors and "missing-folder" in errors[0]
    assert dialog.export_button.isEnabled()


class RecordingDialogs:
    def __init__(self, name: str | None) -> None:
        self.name = name
        self.errors: list[str] = []
        self.infos: list[str] = []

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return self.name

    def show_error(self, title: str, message: str) -> None:
        self.errors.append(message)

    def show_info(self, title: str, message: str) -> None:
        self.infos.append(message)


def test_import_restores_into_the_chosen_profile(
    qtbot: QtBot, service: ProgressService, tmp_path: Path
) -> None:
    from report_samples import make_report

    from tracker.reports.json_backup import render_json

    backup = tmp_path / "backup.json"
    backup.write_text(render_json(make_report(service)), encoding="utf-8")
    dialogs = RecordingDialogs("copy")
    change = run_import(None, service, dialogs, backup)
    assert isinstance(change, Change) and change.profile == "copy"
    assert dialogs.infos and not dialogs.errors
    assert "copy" in {p.name for p in service.profiles()}


def test_import_shows_why_a_file_is_refused(service: ProgressService, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": "learnpath.progress/9"}), encoding="utf-8")
    dialogs = RecordingDialogs("never")
    assert run_import(None, service, dialogs, bad) is None
    assert dialogs.errors and "not supported" in dialogs.errors[0]
    assert "never" not in {p.name for p in service.profiles()}


def test_dialog_exports_the_short_summary_for_a_mentor(
    qtbot: QtBot, service: ProgressService, tmp_path: Path
) -> None:
    dialog = ExportDialog(service, settings=settings_at(tmp_path))
    qtbot.addWidget(dialog)
    target = tmp_path / "short.md"
    dialog.ask_export_target = lambda suggested: target  # type: ignore[method-assign]
    dialog.offer_open = lambda path: None  # type: ignore[method-assign]
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("csv"))
    assert not dialog.short_check.isEnabled()  # a spreadsheet has no short form
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))
    assert dialog.short_check.isEnabled()
    dialog.short_check.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_button.click()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Short summary for a mentor")
    assert "To do" not in text and "Practice" not in text  # nothing still to do

    again = ExportDialog(service, settings=settings_at(tmp_path))
    qtbot.addWidget(again)
    assert again.short_check.isChecked()
