"""The window's automatic backups: one when it closes, and one every few hours while it is open
(made off the UI thread), through ``tracker.progress.backups``.

Signals: ``backed_up(object)`` with the file written; ``failed(str)`` with a readable reason
(a full disk is said, never passed over).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger("tracker.ui")

# How often the window asks whether a backup is due (the interval itself is the progress
# layer's AUTOMATIC_INTERVAL, a few hours).
CHECK_EVERY_MS = 15 * 60 * 1000


class AutoBackup(QObject):
    backed_up = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        database: Callable[[], Path],
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        check_every_ms: int = CHECK_EVERY_MS,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._clock = clock
        self._running: threading.Thread | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(check_every_ms)
        self.timer.timeout.connect(self.back_up_if_due)
        self.timer.start()

    def back_up_if_due(self) -> threading.Thread | None:
        """Start a backup in a worker thread when none was made for a few hours; the thread
        (for tests to join), or None when none is due or one is still running."""
        if self._running is not None and self._running.is_alive():
            return None
        from tracker.progress.backups import StorageError, due

        database = self._database()
        try:
            if not database.is_file() or not due(database, self._clock()):
                return None
        except StorageError as error:
            self.failed.emit(str(error))
            return None
        worker = threading.Thread(
            target=self._back_up, args=(database, "timer"), name="learnpath-backup", daemon=True
        )
        self._running = worker
        worker.start()
        return worker

    def _back_up(self, database: Path, reason: str) -> None:
        from tracker.progress.backups import StorageError, take_backup

        try:
            written = take_backup(database, reason, self._clock())
        except StorageError as error:
            log.warning("automatic backup failed: %s", error)
            self.failed.emit(str(error))
        else:
            self.backed_up.emit(written)

    def on_close(self) -> str | None:
        """Back up now (the window is closing); the reason it failed, or None."""
        self.timer.stop()
        if self._running is not None:
            self._running.join()
        database = self._database()
        if not database.is_file():
            return None
        from tracker.progress.backups import StorageError, take_backup

        try:
            take_backup(database, "close", self._clock())
        except StorageError as error:
            log.warning("backup on close failed: %s", error)
            return str(error)
        return None
