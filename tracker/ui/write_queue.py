"""Writes that never freeze the window while another program holds the database's lock.

SQLite lets one writer at a time into the file. Another program in the middle of a write (the
``learnpath`` command, a second window, a sync) makes ours wait, and a write that waits inside
SQLite waits on the UI thread: for up to the whole busy timeout the window would not repaint or
answer a click. Instead the window's changes go through a ``WriteQueue``:

* A change is tried at once, waiting only ``FIRST_WAIT_S`` for the lock: the normal case (nobody
  else writing) commits within the call, exactly as before, and the caller sees its change
  broadcast before the call returns.
* Refused because the file is locked (nothing was written), it stays at the head of the queue and
  is tried again every ``RETRY_MS`` with a wait of ``RETRY_WAIT_S``, on a timer: between tries the
  event loop runs. Changes asked for meanwhile queue behind it and commit in the order asked.
* After ``SAY_WAITING_MS`` of waiting, ``waiting(True)`` asks the window to say so;
  ``waiting(False)`` when the queue is empty again.
* A change still refused after ``GIVE_UP_S`` (the storage's busy timeout) or one that fails for
  another reason (a full disk, a removed profile) is dropped and reported through its ``failed``
  callback with the same error as before; the changes behind it are still tried.
* ``flush()`` (closing the window) tries what is left, waiting the storage's full busy timeout
  for each: nothing the learner was shown as saved is lost.

Why not a worker thread: the service keeps one SQLite connection and in-memory roll-ups that the
window reads after every change; a write parked on another thread would hold that connection
(and the lock that guards it) for the whole wait, and every repaint would queue behind it. Here
the waiting is the event loop's, and the connection is only ever held for one short try.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

FIRST_WAIT_S = 0.02
"""How long a change asked for waits on the UI thread for another program's lock (a moment)."""
RETRY_MS = 50
"""Between tries while the lock is held by another program."""
RETRY_WAIT_S = 0.005
"""How long each later try waits inside SQLite."""
SAY_WAITING_MS = 300
"""Waiting longer than this is shown in the status bar."""
GIVE_UP_S = 10.0
OPEN_FOR_A_READ_WAIT_S = 0.1
"""A read the start-up view cannot answer opens the store itself (outside the queue): it waits
at most this for another program's lock, then reports it (a hitch, never a freeze)."""
"""A change refused this long fails, as a write on the storage's busy timeout did before."""

log = logging.getLogger("tracker.ui")


def is_locked(error: BaseException) -> bool:
    """The storage refused a write because another program holds the lock (nothing written)."""
    return getattr(error, "code", None) == "locked"


@dataclass
class _Write:
    run: Callable[[], Any]
    done: Callable[[Any], None]
    failed: Callable[[BaseException], None]
    asked: float  # time.monotonic() when it was asked for
    patience: Callable[[float], AbstractContextManager[Any]] | None = None
    """Its own way to wait at most so long (a write on a connection of its own), else the
    queue's."""


class WriteQueue(QObject):
    """Runs changes in order without waiting on the UI thread for another program's lock.

    ``patience(seconds)`` is a context manager under which the storage waits at most
    ``seconds`` for the lock (``ProgressService.waiting_at_most``). ``user_errors``: the
    exceptions that are the learner's or the file's fault (reported, not raised).

    Signals:
        waiting(bool): True once a change has waited ``SAY_WAITING_MS``; False when the queue
            has emptied (committed or failed).
        settled(): the queue is empty again after a wait.
    """

    waiting = Signal(bool)
    settled = Signal()

    def __init__(
        self,
        patience: Callable[[float], AbstractContextManager[Any]] | None,
        user_errors: Callable[[], tuple[type[BaseException], ...]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._patience = patience
        self._user_errors = user_errors
        self._queue: deque[_Write] = deque()
        self._draining = False
        self._said_waiting = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self._retry)
        self._say = QTimer(self)
        self._say.setSingleShot(True)
        self._say.setInterval(SAY_WAITING_MS)
        self._say.timeout.connect(self._say_waiting)

    @property
    def pending(self) -> int:
        """Changes asked for and not yet committed or failed."""
        return len(self._queue)

    @property
    def is_waiting(self) -> bool:
        """A change is waiting for another program's lock (said or not yet)."""
        return bool(self._queue) and not self._draining

    def submit(
        self,
        run: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        *,
        patience: Callable[[float], AbstractContextManager[Any]] | None = None,
    ) -> bool:
        """Queue ``run`` (a write through the service); ``done(result)`` after it committed,
        ``failed(error)`` if it finally did not. True when it committed within this call.

        ``patience``: for a write that does not go through the service's connection (a restore
        copies the file on one of its own), how it is made to wait at most so long."""
        write = _Write(run, done, failed, time.monotonic(), patience)
        self._queue.append(write)
        if not self._draining and not self._timer.isActive():
            self._drain(FIRST_WAIT_S)
        return write not in self._queue

    def flush(self) -> None:
        """Commit what is left now, each change waiting the storage's full busy timeout."""
        self._timer.stop()
        self._drain(None)

    def _retry(self) -> None:
        self._drain(RETRY_WAIT_S)

    def _drain(self, wait_s: float | None) -> None:
        """Try the queued changes in order; stop at one refused for the lock (tried later)."""
        if self._draining:
            return
        self._draining = True
        try:
            while self._queue:
                write = self._queue[0]
                try:
                    with self._waiting_at_most(wait_s, write.patience):
                        result = write.run()
                except BaseException as error:
                    if not isinstance(error, self._user_errors()):
                        self._queue.popleft()
                        if self._queue:
                            self._timer.start()  # a bug is reported as one; the rest goes on
                        raise
                    waited = time.monotonic() - write.asked
                    if is_locked(error) and wait_s is not None and waited < GIVE_UP_S:
                        self._wait()
                        return
                    self._queue.popleft()
                    log.info("a change was not saved: %s", error)
                    write.failed(error)
                    continue
                self._queue.popleft()
                write.done(result)
        finally:
            self._draining = False
        self._settle()

    @contextlib.contextmanager
    def _waiting_at_most(
        self,
        wait_s: float | None,
        own: Callable[[float], AbstractContextManager[Any]] | None = None,
    ) -> Iterator[None]:
        patience = own if own is not None else self._patience
        if wait_s is None or patience is None:
            yield
            return
        with patience(wait_s):
            yield

    def _wait(self) -> None:
        self._timer.start()
        if not self._said_waiting and not self._say.isActive():
            self._say.start()

    def _say_waiting(self) -> None:
        if self._queue and not self._said_waiting:
            self._said_waiting = True
            self.waiting.emit(True)

    def _settle(self) -> None:
        self._timer.stop()
        self._say.stop()
        if self._said_waiting:
            self._said_waiting = False
            self.waiting.emit(False)
        self.settled.emit()


class WriteFeedback(QObject):
    """What the window says about its queued changes: "Waiting for another program…" in the
    status bar while one waits, the error in a dialog when one finally fails (after
    ``reload()`` has shown what is stored again: a date picked in the plan row goes back), and
    what a waiting undo or redo did once it is in."""

    def __init__(
        self,
        bridge: Any,
        status_bar: Callable[[], Any],
        dialogs: Any,
        undo_guard: Any = None,
        parent: QObject | None = None,
        *,
        reload: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._status_bar = status_bar
        self._dialogs = dialogs
        self._reload = reload
        bridge.write_waiting.connect(self._waiting)
        bridge.write_failed.connect(self._failed)
        if undo_guard is not None:
            undo_guard.said.connect(lambda text: self._status_bar().showMessage(text, 8000))

    def waiting_text(self) -> str:
        return self.tr("Waiting for another program…")

    def _waiting(self, waiting: bool) -> None:
        bar = self._status_bar()
        if waiting:
            bar.showMessage(self.waiting_text())
        elif bar.currentMessage() == self.waiting_text():
            bar.clearMessage()

    def _failed(self, error: BaseException) -> None:
        from tracker.ui.error_text import error_text

        self._waiting(False)
        if self._reload is not None:
            self._reload()
        self._dialogs.show_error(self.tr("Your change was not saved"), error_text(error))
