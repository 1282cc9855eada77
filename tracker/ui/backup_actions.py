"""The window's side of backups: automatic ones (on close, every few hours), File → Restore from
Backup…, and Help → Check Database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from tracker.ui.auto_backup import AutoBackup


class BackupActions(QObject):
    """Owns the window's ``AutoBackup`` and opens the restore dialog and the database check.

    ``window`` needs ``service``, ``bridge``, ``dialogs``, ``statusBar()`` and ``settle_note()``.
    """

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.auto = AutoBackup(lambda: Path(window.service.database_path), self)
        self.auto.failed.connect(self._failed)
        self.restore_dialog: Any = None

    def _failed(self, message: str) -> None:
        self.window.statusBar().showMessage(
            self.tr("Automatic backup failed: {error}").format(error=message)
        )

    def on_close(self) -> None:
        """Back up as the window closes; a failure (a full disk) is said, not passed over."""
        problem = self.auto.on_close()
        if problem is not None:
            self.window.dialogs.show_error(self.tr("No backup was made on closing"), problem)

    def restore_from_backup(self) -> None:
        """File → Restore from Backup…"""
        from tracker.ui.restore_dialog import RestoreDialog

        if not self.window.settle_note():
            return
        dialog = RestoreDialog(Path(self.window.service.database_path), self.window.dialogs)
        dialog.setParent(self.window, dialog.windowFlags())
        dialog.restored.connect(lambda _before: self.show_restored())
        self.restore_dialog = dialog
        dialog.open()

    def show_restored(self) -> None:
        """After a restore: the profile that was open if the backup has it, else another one."""
        service = self.window.service
        names = [p.name for p in service.profiles()]
        wanted = service.profile.name
        target = wanted if wanted in names else (names[0] if names else None)
        if target is not None:
            self.window.bridge.switch_profile(target)
        self.window.statusBar().showMessage(self.tr("Restored the backup."))

    def check_database(self) -> None:
        """Help → Check Database: a verdict, or the problems found."""
        from tracker.progress.backups import check

        service = self.window.service
        result = check(Path(service.database_path), service.curriculum)
        dialogs = self.window.dialogs
        if not result.healthy:
            dialogs.show_error(self.tr("The database has problems"), "\n".join(result.problems))
            return
        text = self.tr("The database is healthy: integrity, foreign keys and every row checked.")
        if result.orphans:
            text += "\n" + self.tr(
                "{count} rows are kept for ids no longer in the curriculum."
            ).format(count=result.orphans)
        dialogs.show_info(self.tr("Check Database"), f"{text}\n\n{service.database_path}")
