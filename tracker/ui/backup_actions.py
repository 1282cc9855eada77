"""The window's side of backups: automatic ones (on close, every few hours), File → Restore from
Backup…, and Help → Check Database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from tracker.ui.auto_backup import AutoBackup
from tracker.ui.bridge import ProgressBridge


class BackupActions(QObject):
    """Owns the window's ``AutoBackup`` and opens the restore dialog and the database check.

    ``show_message`` puts a line in the status bar; ``settle_note`` saves the note being typed
    (False: the restore must wait); ``parent`` is the window the restore dialog stands over.
    """

    def __init__(
        self,
        bridge: ProgressBridge,
        dialogs: Any,
        settle_note: Callable[[], bool],
        show_message: Callable[[str], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self.bridge = bridge
        self.dialogs = dialogs
        self.settle_note = settle_note
        self.show_message = show_message
        self.auto = AutoBackup(lambda: Path(bridge.service.database_path), self)
        self.auto.failed.connect(self._failed)
        self.restore_dialog: Any = None

    def _failed(self, message: str) -> None:
        self.show_message(self.tr("Automatic backup failed: {error}").format(error=message))

    def on_close(self) -> None:
        """Back up as the window closes; a failure (a full disk) is said, not passed over."""
        problem = self.auto.on_close()
        if problem is not None:
            self.dialogs.show_error(self.tr("No backup was made on closing"), problem)

    def restore_from_backup(self) -> None:
        """File → Restore from Backup…"""
        from tracker.ui.restore_dialog import RestoreDialog

        if not self.settle_note():
            return
        if self.restore_dialog is not None:  # the one opened before no longer says anything
            self.bridge.write_waiting.disconnect(self.restore_dialog.show_waiting)
        dialog = RestoreDialog(
            Path(self.bridge.service.database_path), self.dialogs, write=self.bridge.write
        )
        dialog.setParent(self._parent, dialog.windowFlags())
        self.bridge.write_waiting.connect(dialog.show_waiting)
        dialog.restored.connect(lambda _before: self.show_restored())
        self.restore_dialog = dialog
        dialog.open()

    def show_restored(self) -> None:
        """After a restore: the profile that was open if the backup has it, else another one."""
        service = self.bridge.service
        names = [p.name for p in service.profiles()]
        wanted = service.profile.name
        target = wanted if wanted in names else (names[0] if names else None)

        def say(_change: object = None) -> None:
            self.show_message(self.tr("Restored the backup."))

        if target is not None:
            # Queued behind a restore that waited: said again once in (its change clears the
            # status bar, as any profile change does).
            self.bridge.switch_profile(target, later=say)
        say()

    def check_database(self) -> None:
        """Help → Check Database: a verdict, or the problems found."""
        from tracker.progress.backups import check

        service = self.bridge.service
        result = check(Path(service.database_path), service.curriculum)
        dialogs = self.dialogs
        if not result.healthy:
            dialogs.show_error(self.tr("The database has problems"), "\n".join(result.problems))
            return
        text = self.tr("The database is healthy: integrity, foreign keys and every row checked.")
        if result.orphans:
            text += "\n" + self.tr(
                "{count} rows are kept for ids no longer in the curriculum."
            ).format(count=result.orphans)
        dialogs.show_info(self.tr("Check Database"), f"{text}\n\n{service.database_path}")
