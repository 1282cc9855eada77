"""The study timer: start, pause and stop on a task or stage; the running time in the status bar.

Each run of the timer is a stored session, committed the moment it starts and touched by a
heartbeat once a minute, so a crash loses at most a minute. Pause stops the session (it counts);
resume starts a new one on the same item. Stop ends the timer.

Given the window's ``ProgressBridge``, starts, stops and heartbeats go through its write queue:
while another program holds the database's lock the timer runs on screen at once and the session
is stored (in order) when the lock goes, from the time of the click (a stop ends it at its click
too); a start that finally fails stops the timer again and is reported like any change that was
not saved.

Signals:
    changed(): the timer started, paused, resumed or stopped (the Today page repaints).
    logged(Change): a session was stopped and logged (undoable).
    beat(): the running session's heartbeat was stored (once a minute).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from tracker.progress.study import StudyTime
from tracker.studytime import StudySession

HEARTBEAT_MS = 60_000
TICK_MS = 1_000


def clock_text(seconds: float) -> str:
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


@dataclass
class _Run:
    """One run of the timer: when it was started here, and its stored session once it is in."""

    started: datetime
    session: StudySession | None = None


class StudyTimer(QObject):
    """One timer for the window; the actions go in the toolbar, the label in the status bar.

    ``bridge``: the window's ``ProgressBridge``, whose write queue stores the sessions (without
    it they are stored directly)."""

    changed = Signal()
    logged = Signal(object)
    beat = Signal()

    def __init__(self, study: StudyTime, parent: QWidget, bridge: Any = None) -> None:
        super().__init__(parent)
        self.study = study
        self._bridge = bridge
        self._run: _Run | None = None
        self._generation = 0  # one per timer (stop ends it): late adjustments of another skip
        self.item: tuple[str, str, str] | None = None  # kind, id, label
        self.earlier_seconds = 0.0
        """Time of this timer's earlier runs (before a pause)."""
        self.label = QLabel(parent)
        self.label.setObjectName("timer_label")
        self.label.hide()
        self.start_action = QAction(parent)
        self.start_action.setObjectName("timer_start_action")
        self.start_action.setShortcut(QKeySequence("Ctrl+T"))
        self.stop_action = QAction(parent)
        self.stop_action.setObjectName("timer_stop_action")
        self.stop_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.stop_action.setEnabled(False)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._show)
        self._heart = QTimer(self)
        self._heart.setInterval(HEARTBEAT_MS)
        self._heart.timeout.connect(self.heartbeat)
        self.retranslate()

    @property
    def session(self) -> StudySession | None:
        """The running session as stored (None while paused, or while its start waits)."""
        return self._run.session if self._run is not None else None

    @property
    def running(self) -> bool:
        return self._run is not None

    @property
    def paused(self) -> bool:
        return self._run is None and self.item is not None

    def elapsed(self, now: datetime | None = None) -> float:
        seconds = self.earlier_seconds
        if self._run is not None:
            moment = now or self.study.now()
            started = self._run.session.started_at if self._run.session else self._run.started
            seconds += (moment - started).total_seconds()
        return seconds

    def _write(
        self,
        run: Callable[[], Any],
        later: Callable[[Any], None],
        failed_later: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Store through the bridge's queue; ``later(result)`` once committed (at once when
        nobody else writes). A failure within the call is raised."""
        if self._bridge is None:
            later(run())
            return
        from tracker.ui.bridge import Queued

        result = self._bridge.write(run, later=later, failed_later=failed_later)
        if not isinstance(result, Queued):
            later(result)

    def start(self, item_kind: str, item_id: str, label: str) -> None:
        """Start timing ``item`` (a timer on another item is stopped first)."""
        if self.item is not None and self.item[:2] != (item_kind, item_id):
            self.stop()
        if self._run is not None:
            return
        run = _Run(self.study.now())

        def started(session: StudySession) -> None:
            run.session = session

        def failed(error: BaseException) -> None:
            if self._run is run:
                self._run = None
                self._ticker.stop()
                self._heart.stop()
                if self.earlier_seconds == 0:
                    self.item = None
                self._changed()
            self._bridge.write_failed.emit(error)

        # stored from the click, however long another program's lock holds the write up
        self._write(lambda: self.study.start(item_kind, item_id, run.started), started, failed)
        self._run = run
        if self.item is None:
            self.earlier_seconds = 0.0
        self.item = (item_kind, item_id, label)
        self._ticker.start()
        self._heart.start()
        self._changed()

    def pause(self) -> None:
        if self._run is None:
            return
        self._finish()
        self._changed()

    def resume(self) -> None:
        if self.item is not None and self._run is None:
            kind, item_id, label = self.item
            self.start(kind, item_id, label)

    def stop(self) -> None:
        """End the timer (the running session is logged)."""
        if self._run is not None:
            self._finish()
        self.item = None
        self.earlier_seconds = 0.0
        self._generation += 1
        self._changed()

    def heartbeat(self) -> None:
        session = self.session
        if session is not None:
            self._write(lambda: self.study.heartbeat(session), lambda _none: self.beat.emit())

    def _finish(self) -> None:
        ended = self.study.now()  # the click: the stop may wait for another program's lock
        counted = self.elapsed(ended) - self.earlier_seconds
        run, self._run = self._run, None
        self._ticker.stop()
        self._heart.stop()
        assert run is not None
        self.earlier_seconds += counted  # shown at once; corrected by the stored session
        generation = self._generation

        def stopped(change: Any) -> None:
            stored = StudySession.from_json(change.new or "{}").seconds if change else 0.0
            if generation == self._generation:
                self.earlier_seconds += stored - counted
            if change is not None:
                self.logged.emit(change)

        def stop_it() -> Any:
            # a start still waiting went in first (the queue keeps the order asked)
            return self.study.stop(run.session, ended) if run.session is not None else None

        try:
            self._write(stop_it, stopped)
        except BaseException:
            self.earlier_seconds -= counted
            raise

    def _changed(self) -> None:
        self._show()
        self.retranslate()
        self.changed.emit()

    def _show(self) -> None:
        if self.item is None:
            self.label.hide()
            return
        text = clock_text(self.elapsed())
        if self.paused:
            text = self.tr("{time} (paused)").format(time=text)
        self.label.setText(f"⏱ {text} · {self.item[2]}")
        self.label.show()

    def retranslate(self) -> None:
        if self.running:
            self.start_action.setText(self.tr("Pause Timer"))
        elif self.paused:
            self.start_action.setText(self.tr("Resume Timer"))
        else:
            self.start_action.setText(self.tr("Start Timer"))
        self.start_action.setToolTip(self.start_action.text() + " (Ctrl+T)")
        self.stop_action.setText(self.tr("Stop Timer"))
        self.stop_action.setToolTip(self.tr("Stop Timer") + " (Ctrl+Shift+T)")
        self.stop_action.setEnabled(self.item is not None)
        self._show_label_only()

    def _show_label_only(self) -> None:
        if self.item is not None:
            self._show()

    def state(self) -> dict[str, Any]:
        """For tests and the Today page."""
        return {"running": self.running, "paused": self.paused, "item": self.item}
