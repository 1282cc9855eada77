"""The study timer: start, pause and stop on a task or stage; the running time in the status bar.

Each run of the timer is a stored session, committed the moment it starts and touched by a
heartbeat once a minute, so a crash loses at most a minute. Pause stops the session (it counts);
resume starts a new one on the same item. Stop ends the timer.

Signals:
    changed(): the timer started, paused, resumed or stopped (the Today page repaints).
    logged(Change): a session was stopped and logged (undoable).
    beat(): the running session's heartbeat was stored (once a minute).
"""

from __future__ import annotations

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


class StudyTimer(QObject):
    """One timer for the window; the actions go in the toolbar, the label in the status bar."""

    changed = Signal()
    logged = Signal(object)
    beat = Signal()

    def __init__(self, study: StudyTime, parent: QWidget) -> None:
        super().__init__(parent)
        self.study = study
        self.session: StudySession | None = None
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
    def running(self) -> bool:
        return self.session is not None

    @property
    def paused(self) -> bool:
        return self.session is None and self.item is not None

    def elapsed(self, now: datetime | None = None) -> float:
        seconds = self.earlier_seconds
        if self.session is not None:
            moment = now or self.study.now()
            seconds += (moment - self.session.started_at).total_seconds()
        return seconds

    def start(self, item_kind: str, item_id: str, label: str) -> None:
        """Start timing ``item`` (a timer on another item is stopped first)."""
        if self.item is not None and self.item[:2] != (item_kind, item_id):
            self.stop()
        if self.session is not None:
            return
        self.session = self.study.start(item_kind, item_id)
        if self.item is None:
            self.earlier_seconds = 0.0
        self.item = (item_kind, item_id, label)
        self._ticker.start()
        self._heart.start()
        self._changed()

    def pause(self) -> None:
        if self.session is None:
            return
        self._finish()
        self._changed()

    def resume(self) -> None:
        if self.item is not None and self.session is None:
            kind, item_id, label = self.item
            self.start(kind, item_id, label)

    def stop(self) -> None:
        """End the timer (the running session is logged)."""
        if self.session is not None:
            self._finish()
        self.item = None
        self.earlier_seconds = 0.0
        self._changed()

    def heartbeat(self) -> None:
        if self.session is not None:
            self.study.heartbeat(self.session)
            self.beat.emit()

    def _finish(self) -> None:
        session, self.session = self.session, None
        self._ticker.stop()
        self._heart.stop()
        assert session is not None
        change = self.study.stop(session)
        if change is not None:
            finished = StudySession.from_json(change.new or "{}")
            self.earlier_seconds += finished.seconds
            self.logged.emit(change)

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
