"""The plan row of a stage: its target date (a date picker with "clear") and its pace in words."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from tracker.progress.records import Pace, StageProgress
from tracker.ui.delegates import warning_colour
from tracker.ui.models import pace_text

NO_DATE = QDate(2000, 1, 1)  # shown as "No target" through the date edit's special value text
COMMIT_DELAY_MS = 500


def _qdate(day: date | None) -> QDate:
    """A QDate built field by field (the stubs of some PySide6 releases lack QDate(date))."""
    return NO_DATE if day is None else QDate(day.year, day.month, day.day)


class PlanPanel(QWidget):
    """Shows and edits one stage's target date.

    Signals:
        target_requested(str, object): the learner picked a date (stage id, ``date | None``).
    """

    target_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stage_id: str | None = None
        self._updating = False
        self.label = QLabel(self)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        # ISO dates read the same in both languages (a C locale would show "23 11 2026").
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumDate(NO_DATE)
        self.date_edit.setDate(NO_DATE)
        self.label.setBuddy(self.date_edit)
        self.clear_button = QPushButton(self)
        self.pace_label = QLabel(self)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.date_edit)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.pace_label, 1)

        # Typing a date changes it digit by digit: commit once the learner pauses.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_DELAY_MS)
        self._timer.timeout.connect(self.commit)
        self.date_edit.dateChanged.connect(self._date_changed)
        self.date_edit.calendarWidget().clicked.connect(lambda _d: self.commit())
        self.clear_button.clicked.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("&Target date:"))
        self.date_edit.setSpecialValueText(self.tr("No target"))
        self.date_edit.setAccessibleName(self.tr("Target date"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setAccessibleName(self.tr("Clear target date"))

    def target(self) -> date | None:
        chosen = self.date_edit.date()
        return None if chosen == NO_DATE else date(chosen.year(), chosen.month(), chosen.day())

    def show_stage(self, stage_id: str | None, progress: StageProgress | None) -> None:
        """Show a stage's plan without emitting anything."""
        self._timer.stop()
        self._stage_id = stage_id
        self.setEnabled(stage_id is not None)
        self._updating = True
        try:
            target = progress.target_date if progress is not None else None
            self.date_edit.setDate(_qdate(target))
        finally:
            self._updating = False
        self.clear_button.setEnabled(progress is not None and progress.target_date is not None)
        self._show_pace(progress)

    def set_target(self, target: date | None) -> None:
        """Pick a date as the learner would and commit it at once."""
        self.date_edit.setDate(_qdate(target))
        self.commit()

    def clear(self) -> None:
        self.set_target(None)

    def commit(self) -> None:
        self._timer.stop()
        if self._stage_id is not None:
            self.target_requested.emit(self._stage_id, self.target())

    def _date_changed(self, _date: QDate) -> None:
        if not self._updating:
            self._timer.start()

    def _show_pace(self, progress: StageProgress | None) -> None:
        if progress is None or progress.pace is Pace.NO_TARGET:
            self.pace_label.setText("")
            self.pace_label.setStyleSheet("")
            return
        text = pace_text(progress.pace)
        if progress.remaining_hours and progress.pace is not Pace.DONE:
            text = self.tr("{pace} — about {hours} h of work left").format(
                pace=text, hours=f"{progress.remaining_hours:g}"
            )
        self.pace_label.setText(text)
        if progress.pace in (Pace.OVERDUE, Pace.BEHIND):
            colour = warning_colour(self.palette()).name()
            self.pace_label.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")
        else:
            self.pace_label.setStyleSheet("")

    def flush(self) -> None:
        """Commit a date still waiting for its pause."""
        if self._timer.isActive():
            self.commit()

    def stage_id(self) -> str | None:
        return self._stage_id
