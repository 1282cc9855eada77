"""Every question and message box the app shows, behind small methods.

Windows and start-up code call ``Dialogs`` instead of ``QMessageBox`` or ``QFileDialog``
directly, so tests pass a fake ``Dialogs`` that records calls and never blocks on ``exec()``
(pytest-qt's advice on modal dialogs; Mu's ``view.show_message``). The ``*_box`` and
``*_dialog`` builders return the dialog unshown, so its content can be checked too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from tracker import __version__
from tracker.paths import DATABASE_NAME
from tracker.ui.i18n import fill

if TYPE_CHECKING:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

# QMessageBox, QFileDialog, QInputDialog and ``platform`` are imported where a dialog is built:
# none is needed for the main window's first paint.

# Past this many lines, an error box shows the first ones and puts the rest under "Show Details".
MAX_ERROR_LINES = 12
SHOWN_ERROR_LINES = 10


class Dialogs(QObject):
    """Message boxes, file choosers and questions, all modal to ``parent``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    # -- the window the dialogs belong to --------------------------------------------------

    @property
    def window(self) -> QWidget | None:
        """The window dialogs are modal to (None before the main window exists)."""
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def attach(self, window: QWidget) -> None:
        """Make later dialogs modal to ``window`` (start-up creates ``Dialogs`` before it)."""
        self.setParent(window)

    # -- messages ----------------------------------------------------------------------------

    def error_box(self, title: str, message: str) -> QMessageBox:
        """An error box: ``title`` as its heading, ``message`` shown as plain text.

        A long message (a curriculum with many problems) shows its first lines, with every
        line under "Show Details…".
        """
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(self.tr("LearnPath"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(title)
        lines = message.splitlines()
        if len(lines) > MAX_ERROR_LINES:
            shown = [
                *lines[:SHOWN_ERROR_LINES],
                self.tr("…and %n more.", "", len(lines) - SHOWN_ERROR_LINES),
            ]
            box.setInformativeText("\n".join(shown))
            box.setDetailedText(message)
        else:
            box.setInformativeText(message)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return box

    def show_error(self, title: str, message: str) -> None:
        """Tell the learner something went wrong, and what to do if we know."""
        self._exec(self.error_box(title, message))

    def show_info(self, title: str, message: str) -> None:
        """A plain message with an OK button."""
        from PySide6.QtWidgets import QMessageBox

        box = self.error_box(title, message)
        box.setIcon(QMessageBox.Icon.Information)
        self._exec(box)

    def confirm(self, title: str, question: str) -> bool:
        """A yes/no question; True only for Yes (Escape and closing the box mean No)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("LearnPath"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(title)
        box.setInformativeText(question)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        return self._exec(box) == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """One line of text (a profile name); None if cancelled. Surrounding spaces are cut."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        answer, ok = QInputDialog.getText(
            self.window, title, label, QLineEdit.EchoMode.Normal, text
        )
        return answer.strip() if ok else None

    # -- files -------------------------------------------------------------------------------

    def curriculum_dialog(self, start: Path | None = None) -> QFileDialog:
        """A chooser for a curriculum: pick a ``.yaml`` file, or "Use This Folder".

        Qt's own (not the platform's) dialog, because a native one picks files or folders,
        never both. The folder button accepts the folder shown; ``chosen_folder`` holds it.
        """
        from PySide6.QtWidgets import QFileDialog, QGridLayout

        dialog = QFileDialog(
            self.window,
            self.tr("Open Curriculum"),
            str(start) if start else "",
            self.tr("Curriculum files (*.yaml *.yml);;All files (*)"),
        )
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setProperty("chosen_folder", "")
        folder_button = QPushButton(self.tr("Use This Folder"), dialog)
        folder_button.setObjectName("use_folder_button")
        folder_button.setToolTip(self.tr("Open the curriculum folder shown in the dialog"))

        def choose_folder() -> None:
            dialog.setProperty("chosen_folder", dialog.directory().absolutePath())
            dialog.done(QDialog.DialogCode.Accepted)

        folder_button.clicked.connect(choose_folder)
        layout = dialog.layout()
        if isinstance(layout, QGridLayout):
            layout.addWidget(folder_button, layout.rowCount(), 0, 1, layout.columnCount())
        return dialog

    def ask_open_curriculum(self, start: Path | None = None) -> Path | None:
        """A curriculum folder or ``.yaml`` file to open, or None if cancelled."""
        dialog = self.curriculum_dialog(start)
        if self._exec(dialog) != QDialog.DialogCode.Accepted:
            return None
        folder = dialog.property("chosen_folder")
        if folder:
            return Path(folder)
        files = dialog.selectedFiles()
        return Path(files[0]) if files else None

    def ask_save_path(self, title: str, suggested: Path, name_filter: str) -> Path | None:
        """Where to save a file (an export); None if cancelled."""
        from PySide6.QtWidgets import QFileDialog

        chosen, _ = QFileDialog.getSaveFileName(self.window, title, str(suggested), name_filter)
        return Path(chosen) if chosen else None

    # -- about and data location -------------------------------------------------------------

    def about_box(self) -> QMessageBox:
        """What LearnPath is, its version and licence, and where the curriculum comes from."""
        import platform

        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("About LearnPath"))
        icon = QGuiApplication.windowIcon()
        if not icon.isNull():
            box.setIconPixmap(icon.pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(fill(self.tr("LearnPath %1"), __version__))
        body = [
            self.tr(
                "A desktop tracker for long learning paths: concept summaries beside milestone "
                "checklists, with your notes, target dates and progress."
            ),
            self.tr("Your progress stays on this computer, in a file you own."),
            self.tr(
                "Curriculum content is summarised in our own words from its source material; "
                "LearnPath has no affiliation with the source's authors or publishers."
            ),
            self.tr("Licence: MIT."),
            fill(self.tr("Python %1, Qt %2"), platform.python_version(), _qt_version()),
        ]
        box.setInformativeText("\n\n".join(body))
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        return box

    def show_about(self) -> None:
        self._exec(self.about_box())

    def data_location_box(self, folder: Path) -> QMessageBox:
        """Where the learner's data lives, with a button that opens that folder.

        ``folder`` is the data folder itself (never the database file): a folder's name may
        have a dot in it (``/tmp/tmp.coJf7KmZF0``), so its suffix says nothing.
        """
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Where Your Data Lives"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.tr("Your progress, notes and plans are stored in this folder:"))
        details = self.tr(
            "Folder: %1\nDatabase: %2\n\nTo back it up, copy the folder while LearnPath is closed."
        )
        details = fill(details, folder, folder / DATABASE_NAME)
        box.setInformativeText(details)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_button = box.addButton(self.tr("Open Folder"), QMessageBox.ButtonRole.ActionRole)
        open_button.setObjectName("open_folder_button")
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(QMessageBox.StandardButton.Close)
        box.setProperty("folder", str(folder))
        return box

    def show_data_location(self, folder: Path) -> None:
        box = self.data_location_box(folder)
        self._exec(box)
        if box.clickedButton() is box.findChild(QPushButton, "open_folder_button"):
            self.open_folder(Path(box.property("folder")))

    def open_folder(self, folder: Path) -> bool:
        """Show ``folder`` in the system's file manager."""
        from PySide6.QtCore import QUrl  # (and its enums) not before the first paint
        from PySide6.QtGui import QDesktopServices

        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- the one place dialogs block ----------------------------------------------------------

    def _exec(self, dialog: QDialog) -> int:
        return dialog.exec()


def _qt_version() -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return f"{qVersion()} (PySide6 {pyside_version})"
