"""File → Export…, File → Import Backup… and Help → Show Data Location of the main window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from tracker.ui.bridge import ProgressBridge


class FileActions(QObject):
    """Opens the export dialog and runs an import over ``parent``.

    ``flush_note`` saves the note being typed before an export reads the notes; ``settle_note``
    does the same before an import and answers False when the note could not be saved (the
    import then waits). ``data_folder`` is the folder Show Data Location opens.
    """

    def __init__(
        self,
        bridge: ProgressBridge,
        dialogs: Any,
        settings: Any,
        *,
        flush_note: Callable[[], object],
        settle_note: Callable[[], bool],
        data_folder: Callable[[], Path],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self.bridge = bridge
        self.dialogs = dialogs
        self.settings = settings
        self.flush_note = flush_note
        self.settle_note = settle_note
        self.data_folder = data_folder
        self.export_dialog: Any = None
        """The export dialog opened last."""

    def export(self) -> None:
        """File → Export…: the dialog, window-modal without blocking the event loop."""
        from tracker.ui.export_dialog import ExportDialog

        self.flush_note()
        dialog = ExportDialog(self.bridge.service, self._parent, self.settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.export_dialog = dialog

    def import_backup(self) -> None:
        """File → Import Backup…, once the note being typed is saved.

        The import's write goes through the window's write queue, behind the changes asked for
        before it: while another program holds the database's lock the window stays responsive
        and says it is waiting; the summary is shown and the change broadcast once it is in."""
        from tracker.ui.export_dialog import run_import

        if not self.settle_note():
            return  # the note could not be saved and the learner keeps editing it
        change = run_import(
            self._parent,
            self.bridge.service,
            self.dialogs,
            write=self.bridge.write,
            later=self.bridge.broadcast,
        )
        if change is not None:
            self.bridge.broadcast(change)

    def show_data_location(self) -> None:
        self.dialogs.show_data_location(self.data_folder())


__all__ = ["FileActions"]
