"""Cohort sync in the app: File → Join a Cohort…, a background sync after changes and every few
minutes (never on the UI thread, backing off while offline), and a status-bar indicator
(synced · offline · N waiting).

Every server call runs on a ``QThreadPool`` worker through ``tracker.sync.background``, which
opens the data folder on a connection of its own; the window sees what a sync applied as it sees
any other program's commits. A password typed here is kept in memory only; the server's URL is
remembered per profile without it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from tracker.curriculum.model import Lang
    from tracker.ui.bridge import ProgressBridge
    from tracker.ui.widgets import WindowMenus

log = logging.getLogger("tracker.ui")

PERIOD_MS = 5 * 60 * 1000
AFTER_CHANGE_MS = 3000
BACKOFF_FIRST_MS = 30 * 1000
BACKOFF_MAX_MS = 30 * 60 * 1000
START_DELAY_MS = 3000


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """Run ``work()`` on a pool thread; ``signals.done(result)`` or ``signals.failed(error)``."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # reported to the window; a bug is logged as well
            if not _is_server_error(error):
                log.exception("cohort job failed")
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


def _is_server_error(error: BaseException) -> bool:
    from tracker.sync.background import SyncError

    return isinstance(error, SyncError)


def start(job: Job, done: Callable[[Any], None], failed: Callable[[Any], None]) -> Job:
    job.signals.done.connect(done)
    job.signals.failed.connect(failed)
    QThreadPool.globalInstance().start(job)
    return job


class JoinDialog(QDialog):
    """URL and password; OK only once the connection was tested."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Join a Cohort"))
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText("postgresql://lp_name@server/learnpath?sslmode=require")
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton(self.tr("Test Connection"), self)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Server URL:"), self.url_edit)
        form.addRow(self.tr("Password:"), self.password_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Join"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.test_button)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self.test)
        self.url_edit.textChanged.connect(self._untested)
        self.password_edit.textChanged.connect(self._untested)
        self._job: Job | None = None
        self._untested()
        self.resize(560, self.sizeHint().height())

    tested = Signal(bool)

    def password(self) -> str | None:
        return self.password_edit.text() or None

    def url(self) -> str:
        return self.url_edit.text().strip()

    def _untested(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.test_button.setEnabled(bool(self.url()))

    def test(self) -> None:
        from tracker.sync import background

        url, password = self.url(), self.password()
        self.test_button.setEnabled(False)
        self.result_label.setText(self.tr("Connecting…"))
        self._job = start(
            Job(lambda: background.test_connection(url, password)), self._ok, self._failed
        )

    def _ok(self, role: object) -> None:
        self.result_label.setText(self.tr("Connected as {role}.").format(role=role))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.test_button.setEnabled(True)
        self.tested.emit(True)

    def _failed(self, error: object) -> None:
        self.result_label.setText(str(error))
        self.test_button.setEnabled(True)
        self.tested.emit(False)


class CohortSync(QObject):
    """Background sync of the window's profile with the cohort server it joined."""

    state_changed = Signal(str)  # "off", "syncing", "synced", "offline", "waiting", "password"
    synced = Signal(object)  # a SyncResult

    def __init__(
        self,
        bridge: ProgressBridge,
        menus: WindowMenus,
        status_bar: QStatusBar,
        lang: Callable[[], Lang],
        parent: QWidget,
        *,
        period_ms: int = PERIOD_MS,
        after_change_ms: int = AFTER_CHANGE_MS,
        backoff_first_ms: int = BACKOFF_FIRST_MS,
        start_delay_ms: int = START_DELAY_MS,
    ) -> None:
        """Its File menu entries go before the menus' Quit, its indicator and messages into
        ``status_bar``; its dialogs and the Cohort window stand over ``parent``."""
        super().__init__(parent)
        self._parent = parent
        self.bridge = bridge
        self.menus = menus
        self.status_bar = status_bar
        self.lang = lang
        self.state = "off"
        self.waiting = 0
        self.password: str | None = None
        self._busy = False
        self._again = False
        self._failures = 0
        self._backoff_first_ms = backoff_first_ms
        self._job: Job | None = None
        self.join_dialog: JoinDialog | None = None  # while File → Join a Cohort… is open
        self.cohort_dialog: Any = None  # the last File → Open a Cohort… dialog
        self.indicator = QLabel(parent)
        self.indicator.setObjectName("cohortSyncIndicator")
        self.indicator.hide()
        status_bar.addPermanentWidget(self.indicator)
        self.timer = QTimer(self)
        self.timer.setInterval(period_ms)
        self.timer.timeout.connect(self.sync_now)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(after_change_ms)
        self.soon.timeout.connect(self.sync_now)
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.timeout.connect(self.sync_now)
        bridge.progress_changed.connect(self._changed)
        self._add_actions()
        # A profile that joined a cohort syncs a little after the window opened (the sync opens
        # the database on a worker, which imports SQLAlchemy: never before the first paint).
        if self._joined_already():
            QTimer.singleShot(start_delay_ms, self._check_joined)

    # -- menu --------------------------------------------------------------------------------

    def _add_actions(self) -> None:
        from PySide6.QtGui import QAction

        menus = self.menus
        self.join_action = QAction(self._parent)
        self.join_action.triggered.connect(self.join)
        self.sync_action = QAction(self._parent)
        self.sync_action.triggered.connect(self._sync_clicked)
        self.cohort_action = QAction(self._parent)
        self.cohort_action.triggered.connect(self.open_cohort_window)
        menus.file_menu.insertActions(
            menus.quit_action, [self.join_action, self.sync_action, self.cohort_action]
        )
        menus.file_menu.insertSeparator(menus.quit_action)
        from tracker.ui import i18n

        i18n.notifier().changed.connect(self._language_changed)  # a slot: gone with self
        self.retranslate()

    def _language_changed(self, _lang: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.join_action.setText(self.tr("&Join a Cohort…"))
        self.sync_action.setText(self.tr("S&ync Now"))
        self.cohort_action.setText(self.tr("Open a Cohort (Mentor)…"))
        self._show()

    # -- where the data is -------------------------------------------------------------------

    def _where(self) -> tuple[Path, str]:
        service = self.bridge.service
        return Path(service.database_path), service.profile.name

    def _joined_already(self) -> bool:
        from tracker.sync.background import joined_server_quick

        service = self.bridge.service
        path = getattr(service, "database_path", None)
        if path is None:
            return False  # a window over something other than a data folder (tests, previews)
        return joined_server_quick(Path(path), service.profile.name) is not None

    def _check_joined(self) -> None:
        from tracker.sync import background

        path, profile = self._where()

        def work() -> tuple[str | None, int]:
            return background.joined_server(path, profile), background.waiting(path, profile)

        self._job = start(Job(work), self._joined_known, lambda _e: None)

    def _joined_known(self, answer: object) -> None:
        assert isinstance(answer, tuple)
        url, waiting = answer
        self.waiting = int(waiting)
        if url:
            self.timer.start()
            self.sync_now()
        else:
            self._set("off")

    # -- joining -----------------------------------------------------------------------------

    def join(self) -> None:
        """File → Join a Cohort…: the dialog opens window-modal without blocking (``open``, not
        ``exec``); Join (enabled once the connection was tested) joins and syncs."""
        dialog = JoinDialog(self._parent)
        self.join_dialog = dialog
        dialog.accepted.connect(self._join_accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _join_accepted(self) -> None:
        dialog = self.join_dialog
        if dialog is not None:
            self.join_dialog = None
            self.join_with(dialog.url(), dialog.password())

    def join_with(self, url: str, password: str | None) -> None:
        from tracker.sync import background

        path, profile = self._where()
        try:
            self.password = password or background.password_in(url)
        except Exception as error:  # a URL libpq cannot read
            self._failed(background.SyncError(f"cannot use the server URL: {error}"))
            return
        self._job = start(
            Job(lambda: background.join(path, profile, url, password)),
            lambda _role: self._joined(),
            self._failed,
        )

    def _joined(self) -> None:
        self.status_bar.showMessage(self.tr("Joined the cohort; syncing…"), 5000)
        self.timer.start()
        self.sync_now()

    # -- syncing -----------------------------------------------------------------------------

    def _changed(self, *_args: object) -> None:
        if self.state != "off":
            self.waiting += 1
            if not self._busy:
                self._set("waiting")
            self.soon.start()

    def _sync_clicked(self) -> None:
        if self.state == "password":
            from PySide6.QtWidgets import QInputDialog

            text, ok = QInputDialog.getText(
                self._parent,
                self.tr("Cohort Server Password"),
                self.tr("Password:"),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return
            self.password = text or None
        self.sync_now()

    def sync_now(self) -> None:
        if self._busy:
            self._again = True
            return
        from tracker.sync import background

        path, profile = self._where()
        password = self.password
        self._busy = True
        self._set("syncing")
        self._job = start(
            Job(lambda: background.sync_now(path, profile, password)), self._done, self._failed
        )

    def _done(self, result: Any) -> None:
        self._busy = False
        self._failures = 0
        self.waiting = 0
        self._set("synced")
        if result.new_device:
            self.status_bar.showMessage(
                self.tr(
                    "This data folder is a copy of another one; it now syncs as a computer of "
                    "its own."
                ),
                10000,
            )
        for conflict in result.conflicts:
            self.status_bar.showMessage(
                self.tr(
                    "A note was changed on your other computer; both versions were kept ({item})."
                ).format(item=conflict.item_id)
            )
        self.synced.emit(result)
        if self._again:
            self._again = False
            self.sync_now()

    def _failed(self, error: object) -> None:
        from tracker.sync.background import PasswordNeeded

        self._busy = False
        self._again = False
        if isinstance(error, PasswordNeeded):
            self._set("password")
        elif self.state != "off" or self.timer.isActive():
            self._set("offline")
        self.indicator.setToolTip(str(error))
        if self.timer.isActive() and not isinstance(error, PasswordNeeded):
            self._failures += 1
            delay = min(BACKOFF_MAX_MS, self._backoff_first_ms * 2 ** (self._failures - 1))
            self.retry.start(delay)
        self.status_bar.showMessage(str(error), 8000)

    def next_retry_ms(self) -> int:
        return self.retry.interval() if self.retry.isActive() else 0

    # -- the indicator -----------------------------------------------------------------------

    def _set(self, state: str) -> None:
        self.state = state
        self._show()
        self.state_changed.emit(state)

    def _show(self) -> None:
        texts = {
            "syncing": self.tr("Syncing…"),
            "synced": self.tr("Synced"),
            "offline": self.tr("Offline · {n} waiting").format(n=self.waiting)
            if self.waiting
            else self.tr("Offline"),
            "waiting": self.tr("{n} waiting").format(n=self.waiting),
            "password": self.tr("Password needed"),
        }
        text = texts.get(self.state)
        self.indicator.setVisible(text is not None)
        if text is not None:
            self.indicator.setText(text)

    # -- mentors -----------------------------------------------------------------------------

    def open_cohort_window(self) -> None:
        from tracker.ui.cohort_window import open_cohort

        self.cohort_dialog = open_cohort(self._parent, self.bridge.service.curriculum, self.lang())
