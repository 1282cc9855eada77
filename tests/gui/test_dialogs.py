"""The dialogs seam: what each box says, and what each question returns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from tracker import __version__
from tracker.ui.dialogs import Dialogs


def when_modal(action: Callable[[QWidget], None]) -> None:
    """Run ``action`` on the modal dialog as soon as it is up (``exec()`` blocks until then)."""

    def attempt() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(10, attempt)
        else:
            action(widget)

    QTimer.singleShot(0, attempt)


def test_error_box_shows_file_lines_literally(qtbot: object) -> None:
    box = Dialogs().error_box("Broken curriculum", "a.yaml:3:5: unknown key <tittle>")
    qtbot.addWidget(box)  # type: ignore[attr-defined]
    assert box.text() == "Broken curriculum"
    assert box.informativeText() == "a.yaml:3:5: unknown key <tittle>"
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.detailedText() == ""


def test_long_error_keeps_every_line_in_details(qtbot: object) -> None:
    lines = [f"a.yaml:{n}:1: problem {n}" for n in range(1, 31)]
    box = Dialogs().error_box("Broken", "\n".join(lines))
    qtbot.addWidget(box)  # type: ignore[attr-defined]
    assert "a.yaml:10:1" in box.informativeText()
    assert "a.yaml:11:1" not in box.informativeText()
    assert "20 more" in box.informativeText()
    assert box.detailedText().splitlines() == lines


def test_about_box_says_what_and_whose(qtbot: object) -> None:
    box = Dialogs().about_box()
    qtbot.addWidget(box)  # type: ignore[attr-defined]
    text = box.text() + box.informativeText()
    assert __version__ in text
    assert "MIT" in text
    assert "no affiliation" in text


def test_data_location_box_names_the_folder_and_opens_it(qtbot: object, tmp_path: Path) -> None:
    opened: list[Path] = []

    class ClickingDialogs(Dialogs):
        def _exec(self, dialog: QWidget) -> int:  # type: ignore[override]
            dialog.findChild(QPushButton, "open_folder_button").click()
            return 0

        def open_folder(self, folder: Path) -> bool:
            opened.append(folder)
            return True

    dialogs = ClickingDialogs()
    box = dialogs.data_location_box(tmp_path)
    qtbot.addWidget(box)  # type: ignore[attr-defined]
    assert str(tmp_path) in box.informativeText()
    assert "learnpath.sqlite3" in box.informativeText()
    dialogs.show_data_location(tmp_path)
    assert opened == [tmp_path]


def test_confirm_is_yes_only_when_yes_is_chosen(qtbot: object) -> None:
    dialogs = Dialogs()
    when_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())  # type: ignore[attr-defined]
    assert dialogs.confirm("Remove profile", "Remove “Ann”?") is True
    when_modal(lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))  # type: ignore[attr-defined]
    assert dialogs.confirm("Remove profile", "Remove “Ann”?") is False


def test_ask_text_returns_trimmed_text_or_none(qtbot: object) -> None:
    dialogs = Dialogs()

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("  Ann  ")
        dialog.accept()

    when_modal(answer)
    assert dialogs.ask_text("New profile", "Name:") == "Ann"
    when_modal(lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    assert dialogs.ask_text("New profile", "Name:", "Bo") is None


def test_open_curriculum_takes_a_folder_or_a_file(qtbot: object, tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "course.yaml").write_text("id: x\n", encoding="utf-8")
    dialogs = Dialogs()

    def use_folder(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.setDirectory(str(folder))
        dialog.findChild(QPushButton, "use_folder_button").click()

    when_modal(use_folder)
    assert dialogs.ask_open_curriculum(tmp_path) == folder

    def pick_file(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.setDirectory(str(folder))
        dialog.selectFile(str(folder / "course.yaml"))
        dialog.accept()

    when_modal(pick_file)
    assert dialogs.ask_open_curriculum(folder) == folder / "course.yaml"
    when_modal(lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    assert dialogs.ask_open_curriculum(folder) is None


def test_data_location_box_keeps_a_folder_with_a_dot_in_its_name(
    qtbot: object, tmp_path: Path
) -> None:
    folder = tmp_path / "tmp.coJf7KmZF0"  # what mktemp -d makes
    folder.mkdir()
    box = Dialogs().data_location_box(folder)
    qtbot.addWidget(box)  # type: ignore[attr-defined]
    assert box.property("folder") == str(folder)
    lines = box.informativeText().splitlines()
    assert f"Folder: {folder}" in lines
    assert f"Database: {folder / 'learnpath.sqlite3'}" in lines


def test_help_menu_passes_the_data_folder_itself(open_window: object, dialogs: object) -> None:
    window = open_window()  # type: ignore[operator]
    window.files.show_data_location()
    assert dialogs.calls[-1] == ("show_data_location", (window.data_dir,))  # type: ignore[attr-defined]
