"""Translated strings take their values in one pass: a value holding ``%1`` or ``%2`` (a folder,
a note, an error) is shown as it is, never filled in again."""

from __future__ import annotations

from pathlib import Path

from tracker.ui.dialogs import Dialogs
from tracker.ui.i18n import fill


def test_values_holding_placeholders_are_put_in_as_they_are() -> None:
    assert fill("Folder: %1\nDatabase: %2", "/home/a%2b", "/x/%1.db") == (
        "Folder: /home/a%2b\nDatabase: /x/%1.db"
    )


def test_a_translation_may_put_the_values_in_another_order() -> None:
    assert fill("“%4”：%1、%2、%3", "a", "b", "c", "d") == "“d”：a、b、c"


def test_values_are_shown_as_text_and_a_missing_one_leaves_its_placeholder() -> None:
    assert fill("Python %1, Qt %2", 3.11) == "Python 3.11, Qt %2"
    assert fill("100% done: %1", Path("x")) == "100% done: x"


def test_the_data_folder_box_shows_a_folder_whose_name_holds_a_placeholder(
    qtbot: object, tmp_path: Path
) -> None:
    folder = tmp_path / "notes %2 and %1"
    folder.mkdir()
    box = Dialogs().data_location_box(folder)
    qtbot.addWidget(box)  # type: ignore[attr-defined]
    lines = box.informativeText().splitlines()
    assert f"Folder: {folder}" in lines
    assert f"Database: {folder / 'learnpath.sqlite3'}" in lines
