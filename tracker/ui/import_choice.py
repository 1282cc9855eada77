"""File → Import Backup… over a profile that already has progress: what would change, and the
choice between merge, replace and cancel (Cancel is the default)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker.ui.i18n import fill

if TYPE_CHECKING:
    from tracker.progress.import_plan import ImportMode, ImportPreview, Tally


class ImportChoiceDialog(QDialog):
    """Shows an ``ImportPreview`` as a table (task states, notes, plans × new from the file,
    newer in the file, newer here, the same) and asks: merge, replace or cancel.

    ``choice`` is the mode picked, None when cancelled. ``cells[(row, column)]`` are the figures'
    labels, for tests.
    """

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.choice: ImportMode | None = None
        self.setWindowTitle(self.tr("Import Backup"))
        layout = QVBoxLayout(self)
        self.heading = QLabel(
            fill(
                self.tr(
                    "The profile “%1” already has progress. Importing this file would change it:"
                ),
                preview.profile,
            )
        )
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)
        layout.addLayout(self._table())
        self.advice = QLabel(self._advice())
        self.advice.setWordWrap(True)
        layout.addWidget(self.advice)
        buttons = QDialogButtonBox(self)
        self.merge_button = QPushButton(self.tr("&Merge (keep the newer of each)"))
        self.replace_button = QPushButton(self.tr("&Replace with the file"))
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.AcceptRole)
        for button in (self.merge_button, self.replace_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.cancel_button.setDefault(True)
        self.cancel_button.setAutoDefault(True)
        self.cancel_button.setFocus()
        self.merge_button.clicked.connect(lambda: self._choose("merge"))
        self.replace_button.clicked.connect(lambda: self._choose("replace"))
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def _table(self) -> QGridLayout:
        grid = QGridLayout()
        headers = (
            self.tr("New from the file"),
            self.tr("Newer in the file"),
            self.tr("Newer here"),
            self.tr("The same"),
        )
        for column, text in enumerate(headers, start=1):
            label = QLabel(text)
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(label, 0, column)
        rows: tuple[tuple[str, Tally], ...] = (
            (self.tr("Task states"), self.preview.states),
            (self.tr("Notes"), self.preview.notes),
            (self.tr("Plans"), self.preview.plans),
        )
        self.cells: dict[tuple[int, int], QLabel] = {}
        for row, (name, tally) in enumerate(rows, start=1):
            grid.addWidget(QLabel(name), row, 0)
            figures = (tally.added, tally.updated, tally.newer_here, tally.same)
            for column, figure in enumerate(figures, start=1):
                cell = QLabel(str(figure))
                cell.setAlignment(Qt.AlignmentFlag.AlignRight)
                if column == 3 and figure:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                grid.addWidget(cell, row, column)
                self.cells[(row, column)] = cell
        return grid

    def _advice(self) -> str:
        newer = self.preview.newer_here
        if newer == 1:
            text = self.tr(
                "1 item is newer here. Replace overwrites it with the file's older value; "
                "Merge keeps it."
            )
        elif newer:
            text = fill(
                self.tr(
                    "%1 items are newer here. Replace overwrites them with the file's older "
                    "values; Merge keeps them."
                ),
                newer,
            )
        else:
            text = self.tr("Nothing here is newer than in the file.")
        return (
            text
            + " "
            + self.tr(
                "A backup of the database is taken first: File → Restore from Backup… undoes "
                "the import."
            )
        )

    def _choose(self, mode: str) -> None:
        from tracker.progress.import_plan import ImportMode

        self.choice = ImportMode(mode)
        self.accept()


def ask_import_choice(preview: ImportPreview, parent: QWidget | None) -> ImportMode | None:
    """Show the dialog modally; the mode chosen, or None (Cancel, Escape, closed)."""
    dialog = ImportChoiceDialog(preview, parent)
    dialog.exec()
    return dialog.choice
