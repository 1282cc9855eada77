"""Faults of the progress layer reach a Chinese window in Chinese; the export dialog starts in
the language in use, exports on Enter and opens its file dialog in a real folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import FakeDialogs
from PySide6.QtCore import QSettings, Qt

from tracker.curriculum.model import Curriculum
from tracker.progress.errors import ProfileNameError, RemovedProfileError
from tracker.progress.service import ProgressService
from tracker.ui import i18n
from tracker.ui.bridge import attempt
from tracker.ui.error_text import error_text
from tracker.ui.export_dialog import ExportDialog


@pytest.fixture
def service(data_dir: Path, curriculum: Curriculum) -> Any:
    opened = ProgressService.open(data_dir, curriculum, None)
    yield opened
    opened.close()


def test_profile_faults_are_told_in_the_window_language(
    service: ProgressService, dialogs: FakeDialogs
) -> None:
    service.add_profile("bob")
    i18n.set_language("zh", remember=False)
    assert attempt(dialogs, "添加", lambda: service.add_profile("bob")) is None
    ((_title, message),) = dialogs.errors()
    assert "bob" in message and "已存在" in message
    assert "already exists" not in message
    removed = error_text(RemovedProfileError("alice"))
    assert "alice" in removed and "removed" not in removed and "删除" in removed
    with pytest.raises(ProfileNameError) as caught:
        service.add_profile("   ")
    assert "不能为空" in error_text(caught.value)
    i18n.set_language("en", remember=False)
    assert error_text(caught.value) == "A profile name cannot be empty."


def test_export_dialog_starts_in_the_language_in_use(
    qtbot: Any, service: ProgressService, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("export/lang", "en")  # chosen last time, in an English window
    i18n.set_language("zh", remember=False)
    dialog = ExportDialog(service, settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.lang_combo.currentData() == "zh"


def test_enter_exports_and_the_first_folder_is_a_real_one(
    qtbot: Any, service: ProgressService, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = ExportDialog(service, settings=settings)
    qtbot.addWidget(dialog)
    asked: list[Path] = []
    dialog.ask_export_target = asked.append  # type: ignore[method-assign]
    dialog.offer_open = lambda path: None  # type: ignore[method-assign]
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    assert len(asked) == 1, "Enter should export, not cancel"
    assert dialog.isVisible()
    assert asked[0].parent.is_dir()
    assert asked[0].parent != Path.cwd() or Path.cwd() in (Path.home(),)
    # after an export, the folder used last
    used = tmp_path / "exports"
    used.mkdir()
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_to(used / "summary.md")
    dialog.choose_and_export()
    assert asked[-1].parent == used


def anchor_colours(browser: Any) -> set[str]:
    """The colours of every link in a text view's document."""
    found: set[str] = set()
    block = browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().isAnchor():
                found.add(fragment.charFormat().foreground().color().name())
            iterator += 1
        block = block.next()
    return found


def test_links_on_screen_take_the_new_theme_colour(qtbot: Any, curriculum: Curriculum) -> None:
    from PySide6.QtGui import QColor, QGuiApplication, QPalette

    from tracker.progress.records import TaskStatus
    from tracker.ui.task_details import TaskDetails

    before = QGuiApplication.palette()
    light = QPalette(before)
    light.setColor(QPalette.ColorRole.Link, QColor("#0000aa"))
    QGuiApplication.setPalette(light)
    try:
        details = TaskDetails()
        qtbot.addWidget(details)
        task = curriculum.task("rag-app")
        assert task is not None and task.concepts
        details.show_task(task, TaskStatus.TODO, curriculum, "en")
        details.show()
        assert anchor_colours(details) == {"#0000aa"}
        dark = QPalette(light)
        dark.setColor(QPalette.ColorRole.Link, QColor("#88ccff"))
        QGuiApplication.setPalette(dark)
        qtbot.waitUntil(lambda: anchor_colours(details) == {"#88ccff"})
    finally:
        QGuiApplication.setPalette(before)


def test_storage_faults_are_told_in_the_window_language(tmp_path: Path) -> None:
    from tracker.storage.fileguard import describe_sqlite_error
    from tracker.storage.sqlite_faults import sqlite_error

    path = tmp_path / "learnpath.sqlite3"
    full = describe_sqlite_error(path, sqlite_error("database or disk is full", "SQLITE_FULL"))
    locked = describe_sqlite_error(path, sqlite_error("database is locked", "SQLITE_BUSY"))
    i18n.set_language("zh", remember=False)
    assert error_text(full) == f"无法保存到 {path}：磁盘已满。"
    assert "被另一个程序锁定" in error_text(locked) and str(path) in error_text(locked)
    i18n.set_language("en", remember=False)
    assert "the disk is full" in error_text(full)
