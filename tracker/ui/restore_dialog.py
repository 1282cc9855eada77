"""File → Restore from Backup…: the database backups with date, reason, profiles and counts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.ui.bridge import QUEUED
from tracker.ui.i18n import fill

FILE_ROLE = Qt.ItemDataRole.UserRole


class RestoreDialog(QDialog):
    """Lists the backups beside ``database``, newest first; restores the one chosen after asking.

    A restore first backs up the database as it is, so it can itself be undone from this list.

    ``write``: the window's write queue (``ProgressBridge.write``). Through it a restore asked for
    while another program holds the database's lock waits without freezing the window, behind
    the changes asked for before it, and lands once the lock goes (or is reported after the busy
    timeout, nothing restored); closing the dialog meanwhile does not cancel it. Without it the
    restore runs at once, waiting inside SQLite.

    Signals: ``restored(object)`` with the backup taken before the restore (a ``Path``, or None),
    once the restore is in.
    """

    restored = Signal(object)

    def __init__(
        self,
        database: Path,
        dialogs: Any,
        parent: QWidget | None = None,
        *,
        write: Callable[..., Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.dialogs = dialogs
        self._write = write
        self._restoring = False  # a restore is queued, waiting for another program's lock
        self.setWindowTitle(self.tr("Restore from Backup"))
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        self.intro = QLabel(
            self.tr(
                "Backups of every profile, made when LearnPath closes, every few hours while it "
                "is open, and before an import, a restore or an upgrade. Restoring one replaces "
                "the current data; a backup of it is taken first, so a restore can be undone "
                "here too."
            )
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(
            [self.tr("Date"), self.tr("Made"), self.tr("Profiles"), self.tr("Size")]
        )
        header = self.tree.header()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        layout.addWidget(self.tree)
        self.empty_label = QLabel(self.tr("No backups yet."))
        layout.addWidget(self.empty_label)
        self.waiting_label = QLabel(self)
        self.waiting_label.hide()
        layout.addWidget(self.waiting_label)
        buttons = QDialogButtonBox(self)
        self.backup_button = QPushButton(self.tr("&Back Up Now"))
        self.restore_button = QPushButton(self.tr("&Restore…"))
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setEnabled(False)
        self.close_button.setDefault(True)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.close_button.clicked.connect(self.reject)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        layout.addWidget(buttons)
        self.refill()

    def _reason(self, reason: str) -> str:
        names = {
            "close": self.tr("On closing"),
            "timer": self.tr("While open"),
            "manual": self.tr("By hand"),
            "import": self.tr("Before an import"),
            "restore": self.tr("Before a restore"),
            "upgrade": self.tr("Before an upgrade"),
        }
        return names.get(reason, reason)

    def _profiles(self, summary: Any) -> str:
        if summary.problem is not None:
            from tracker.ui.error_text import error_text

            problem = error_text(summary.error) if summary.error is not None else summary.problem
            return fill(self.tr("Cannot be read: %1"), problem)
        if not summary.profiles:
            return self.tr("No profiles")
        # The separator between two profiles of a backup is translated too (a Chinese "；").
        return self.tr("; ").join(
            fill(
                self.tr("%1 — states: %2, notes: %3, plans: %4"), p.name, p.states, p.notes, p.plans
            )
            for p in summary.profiles
        )

    def refill(self) -> None:
        """Read the backups folder again."""
        from tracker.progress.backups import StorageError, backups

        self.tree.clear()
        try:
            found = backups(self.database, contents=True)
        except StorageError as error:
            from tracker.ui.error_text import error_text

            found = []
            self.empty_label.setText(error_text(error))
        for summary in found:
            local = summary.created_at.astimezone()
            item = QTreeWidgetItem(
                [
                    local.strftime("%Y-%m-%d %H:%M"),
                    self._reason(summary.reason),
                    self._profiles(summary),
                    _size(summary.bytes),
                ]
            )
            item.setData(0, FILE_ROLE, str(summary.file))
            item.setToolTip(0, str(summary.file))
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        for column in (0, 1, 3):
            self.tree.resizeColumnToContents(column)
        self.empty_label.setVisible(not found)
        self._selection_changed()

    def _selection_changed(self) -> None:
        # With a backup chosen, Enter (also from the list) asks to restore it; else it closes.
        chosen = self.selected_file() is not None and not self._restoring
        self.restore_button.setEnabled(chosen)
        self.restore_button.setDefault(chosen)
        self.close_button.setDefault(not chosen)

    def selected_file(self) -> Path | None:
        items = self.tree.selectedItems()
        return Path(items[0].data(0, FILE_ROLE)) if items else None

    def show_waiting(self, waiting: bool) -> None:
        """Say (or stop saying) that the restore asked for waits for another program."""
        self.waiting_label.setText(self.tr("Waiting for another program…"))
        self.waiting_label.setVisible(waiting and self._restoring)

    def back_up_now(self) -> None:
        from tracker.progress.backups import StorageError, take_backup

        try:
            take_backup(self.database, "manual", datetime.now(UTC))
        except StorageError as error:
            self.dialogs.show_error(self.tr("Back Up Now"), str(error))
        self.refill()

    def restore_selected(self) -> Path | None:
        """Ask, then restore the selected backup; the backup taken first, or None."""
        from tracker.progress.backups import StorageError, restore

        chosen = self.selected_file()
        if chosen is None:
            return None
        title = self.tr("Restore from Backup")
        when = self.tree.selectedItems()[0].text(0)
        if not self.dialogs.confirm(
            title,
            fill(
                self.tr(
                    "Replace all current progress, notes and plans with the backup from %1? A "
                    "backup of the current data is taken first, so this can be undone."
                ),
                when,
            ),
        ):
            return None
        if self._write is None:
            try:
                before = restore(self.database, chosen, datetime.now(UTC))
            except StorageError as error:
                self.dialogs.show_error(title, str(error))
                return None
            self._landed(before)
            return before
        wait: dict[str, float] = {}

        @contextlib.contextmanager
        def patience(seconds: float) -> Iterator[None]:
            wait["s"] = seconds
            try:
                yield
            finally:
                wait.clear()

        def run() -> Path | None:
            return restore(self.database, chosen, datetime.now(UTC), waiting_at_most=wait.get("s"))

        def failed(error: BaseException) -> None:
            self._set_restoring(False)
            self.dialogs.show_error(title, str(error))

        self._set_restoring(True)
        try:
            before = self._write(
                run, later=self._landed, failed_later=failed, any_profile=True, patience=patience
            )
        except StorageError as error:
            failed(error)
            return None
        except BaseException:  # a bug: reported as one, the dialog usable again
            self._set_restoring(False)
            raise
        if before is QUEUED:
            return None
        self._landed(before)
        return before  # type: ignore[no-any-return]

    def _set_restoring(self, restoring: bool) -> None:
        self._restoring = restoring
        self.backup_button.setEnabled(not restoring)
        if not restoring:
            self.show_waiting(False)
        self._selection_changed()

    def _landed(self, before: Path | None) -> None:
        self._set_restoring(False)
        self.refill()
        self.restored.emit(before)


def _size(count: int) -> str:
    if count < 1024 * 1024:
        return f"{max(1, round(count / 1024))} KB"
    return f"{count / (1024 * 1024):.1f} MB"
