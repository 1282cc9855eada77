"""Progress no longer in the curriculum is visible in the window: titles as last seen, status,
notes readable and copyable, and discarded only deliberately (confirmed, a copy written first)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication

from tracker.progress.records import ItemKind, TaskStatus
from tracker.ui.main_window import MainWindow
from tracker.ui.orphans_view import BACKUP_FOLDER

Opener = Callable[..., MainWindow]


def _without_python_module(curriculum: Any) -> Any:
    basics = curriculum.stage("basics")
    return replace(
        curriculum, stages=(replace(basics, modules=basics.modules[:1]), *curriculum.stages[1:])
    )


def _leave(window: MainWindow, curriculum: Any) -> None:
    window.select_stage("basics")
    window.set_status("numpy", TaskStatus.DONE)
    window.bridge.set_note(ItemKind.TASK, "numpy", "broadcasting: `a[:, None]`\n行列")
    window.bridge.set_curriculum(_without_python_module(curriculum))


def test_kept_progress_is_listed_by_its_last_title_with_status_and_note(
    qtbot: Any, open_window: Opener, curriculum: Any
) -> None:
    window = open_window()
    assert not window.kept.entry.isVisible()
    _leave(window, curriculum)

    entry = window.kept.entry
    assert entry.isVisible() and entry.text() == "No longer in the curriculum (1)"
    entry.click()
    dialog = window.kept.dialog
    assert dialog is not None and dialog.isVisible()
    row = dialog.table.topLevelItem(0)
    assert [row.text(c) for c in range(3)] == ["NumPy", "Task", "Done"]
    assert dialog.note.toPlainText() == "broadcasting: `a[:, None]`\n行列"
    assert dialog.note.isReadOnly()
    copied = dialog.copy_selected()
    assert QGuiApplication.clipboard().text() == copied
    assert "NumPy" in copied and "行列" in copied


def test_discarding_asks_first_and_keeps_a_copy(
    qtbot: Any, open_window: Opener, curriculum: Any, dialogs: Any, data_dir: Path
) -> None:
    window = open_window()
    _leave(window, curriculum)
    dialog = window.kept.show()

    dialogs.confirm_answer = False
    assert dialog.discard_selected() is None
    assert len(window.service.kept_progress()) == 1

    dialogs.confirm_answer = True
    written = dialog.discard_selected()
    assert written is not None and written.parent == data_dir / BACKUP_FOLDER
    (saved,) = json.loads(written.read_text(encoding="utf-8"))
    assert saved["title"]["en"] == "NumPy" and saved["status"] == "done"
    assert saved["note"] == "broadcasting: `a[:, None]`\n行列"
    assert window.service.kept_progress() == []
    assert dialog.table.topLevelItemCount() == 0
    assert not window.kept.entry.isVisible()


def test_the_entry_counts_once_the_lazy_store_opens(
    qtbot: Any, data_dir: Path, curriculum: Any, dialogs: Any
) -> None:
    """On the start-up snapshot nothing is counted (no SQLAlchemy before the first paint); once
    the store opens the entry shows the kept progress without any other change."""
    from tracker.progress.service import ProgressService

    first = ProgressService.open(data_dir, curriculum)
    first.set_status("numpy", TaskStatus.DONE)
    first.close()  # records the title
    service = ProgressService.open(data_dir, _without_python_module(curriculum), lazy=True)
    window = MainWindow(service, dialogs=dialogs, data_dir=data_dir)
    qtbot.addWidget(window)
    window.show()
    try:
        assert not service.store_open and not window.kept.entry.isVisible()
        service.finish_opening()
        qtbot.waitUntil(window.kept.entry.isVisible, timeout=1000)
        assert window.kept.entry.text() == "No longer in the curriculum (1)"
    finally:
        window.close()
        service.close()
