"""Notices commits made by others (the CLI, a second window) and tells the window to refresh.

Every ``INTERVAL_MS`` the watcher asks the service for its ``outside_version()``: one
``PRAGMA data_version`` on the service's own connection, a few microseconds, which changes only
when another connection committed. Writes made through this window leave it unchanged, so the
window refreshes only for what others did, within about a second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

INTERVAL_MS = 500

log = logging.getLogger("tracker.ui")


class OutsideChangesWatcher(QObject):
    """Polls ``service.outside_version()`` on a timer.

    Signals:
        changed(): something other than this window committed since the last look.
    """

    changed = Signal()

    def __init__(self, service: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._seen: object = None
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        """Remember what is seen now and look again every ``INTERVAL_MS``."""
        self._seen = self._version()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def _version(self) -> object:
        try:
            return self._service().outside_version()
        except Exception as error:  # a lock held too long, a file gone: try again next time
            from tracker.ui.bridge import user_error_types

            if not isinstance(error, user_error_types()):
                raise
            log.info("could not look for outside changes: %s", error)
            return None

    def check(self) -> bool:
        """Look now; emits ``changed`` (and returns True) when others committed."""
        version = self._version()
        if version is None:
            return False  # busy: the next tick looks again
        if version == self._seen:
            return False
        self._seen = version
        self.changed.emit()  # what the refresh itself wrote (if anything) shows up next time
        return True
