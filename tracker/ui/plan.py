"""The plan row of a stage: its target date and its pace in words.

With no target the row reads "Target date: No target [Set target…]"; the date picker appears only
once a target is set, so it never holds a made-up "no date" value (a sentinel date used to trap
the keyboard and open the calendar on January 2000). The one button is the row's only other stop
on the Tab chain: it sets a target when there is none and clears the one there is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tracker.progress.records import Pace, StageProgress
from tracker.progress.rollup import AHEAD_MARGIN, DEFAULT_HOURS_PER_WEEK
from tracker.ui.delegates import warning_colour
from tracker.ui.texts import pace_text

COMMIT_DELAY_MS = 500
FIRST_TARGET = timedelta(weeks=4)
"""How far ahead "Set target…" puts a stage's first target date."""
WEEKS_FROM_DAYS = 14
"""Spans of at least this many days are said in weeks, shorter ones in days."""


def _qdate(day: date) -> QDate:
    """A QDate built field by field (the stubs of some PySide6 releases lack QDate(date))."""
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class DateEdit(QDateEdit):
    """A date edit that takes a whole date typed over it: "2031-03-15" after Ctrl+A.

    A plain QDateEdit drops digits typed over the whole selected text, and after a section fills
    up and moves on by itself, a typed "-" skips the next section as well.
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:
        line = self.lineEdit()
        typed = event.text()
        whole = line.hasSelectedText() and line.selectedText() == line.text()
        at_start = not line.hasSelectedText() and line.cursorPosition() == 0
        if typed.isdigit() and (whole or at_start):
            self.setSelectedSection(self.sectionAt(0))  # retype from the first field
        elif typed and not typed.isdigit() and not whole:
            start = line.selectionStart() if line.hasSelectedText() else line.cursorPosition()
            if start > 0 and line.text()[start - 1] == typed:
                event.accept()  # the separator already passed: stay in this field
                return
        super().keyPressEvent(event)


class PaceLine(QWidget):
    """The pace sentence, wrapped across the row's width, with a line kept for it when empty.

    A QLabel asks the whole window to lay itself out again on every ``setText`` (15–25 ms a tick
    in the centre column); this one does only when the number of lines changes, and never when
    the sentence comes or goes, so the checklist below never moves on a tick.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._warning = False
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self._text

    def is_warning(self) -> bool:
        return self._warning

    def show_text(self, text: str, *, warning: bool = False) -> None:
        """Show ``text`` (bold in the warning colour if ``warning``); re-lays out only if needed."""
        if (text, warning) == (self._text, self._warning):
            return
        before = self.heightForWidth(self.width())
        self._text, self._warning = text, warning
        self.setAccessibleName(text)
        if self.heightForWidth(self.width()) != before:
            self.updateGeometry()
        self.update()

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(self._warning)
        return font

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        metrics = QFontMetrics(self._font())
        if not self._text:
            return metrics.lineSpacing()
        bounds = QRect(0, 0, max(1, width), 1 << 20)
        used = metrics.boundingRect(bounds, Qt.TextFlag.TextWordWrap, self._text)
        return max(metrics.lineSpacing(), used.height())

    def sizeHint(self) -> QSize:
        width = max(self.width(), 200)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, QFontMetrics(self._font()).lineSpacing())

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        painter.setFont(self._font())
        group = QPalette.ColorGroup.Disabled if not self.isEnabled() else QPalette.ColorGroup.Active
        colour = (
            warning_colour(self.palette())
            if self._warning
            else self.palette().color(group, QPalette.ColorRole.WindowText)
        )
        painter.setPen(colour)
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        painter.drawText(self.rect(), int(flags), self._text)


class PlanPanel(QWidget):
    """Shows and edits one stage's target date, and says how the stage stands against it.

    Signals:
        target_requested(str, object): the learner picked a date (stage id, ``date | None``).
    """

    target_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stage_id: str | None = None
        self._target: date | None = None
        self._updating = False
        self.hours_per_week = DEFAULT_HOURS_PER_WEEK
        self.today: Callable[[], date] = date.today
        self.label = QLabel(self)
        self.no_target_label = QLabel(self)
        self.date_edit = DateEdit(self)
        self.date_edit.setCalendarPopup(True)
        # ISO dates read the same in both languages (a C locale would show "23 11 2026").
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumDate(QDate(1900, 1, 1))
        self.date_edit.setHidden(True)
        # The button that sets a target when there is none, and clears it when there is one.
        self.clear_button = QPushButton(self)
        self.pace_label = PaceLine(self)

        # The date on one row; the pace, a sentence that may wrap, under it across the width.
        row = QHBoxLayout()
        row.addWidget(self.label)
        row.addWidget(self.no_target_label)
        row.addWidget(self.date_edit)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.pace_label)

        # Typing a date changes it digit by digit: commit once the learner pauses.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_DELAY_MS)
        self._timer.timeout.connect(self.commit)
        self.date_edit.dateChanged.connect(self._date_changed)
        self.date_edit.calendarWidget().clicked.connect(lambda _d: self.commit())
        self.clear_button.clicked.connect(self._button_clicked)
        self._progress: StageProgress | None = None
        self._show_target(None)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("&Target date:"))
        self.no_target_label.setText(self.tr("No target"))
        self.date_edit.setAccessibleName(self.tr("Target date"))
        self._update_button()
        self._show_pace(self._progress)

    # -- public ------------------------------------------------------------------------------

    def target(self) -> date | None:
        """The date the row shows (None: no target)."""
        return None if self._target is None else _pydate(self.date_edit.date())

    def has_target(self) -> bool:
        return self._target is not None

    def set_hours_per_week(self, hours: float) -> None:
        """The study time a week the pace assumes (the progress service's ``hours_per_week``)."""
        self.hours_per_week = hours
        self._show_pace(self._progress)

    def show_stage(self, stage_id: str | None, progress: StageProgress | None) -> None:
        """Show a stage's plan without emitting anything."""
        self._timer.stop()
        self._stage_id = stage_id
        self.setEnabled(stage_id is not None)
        self._progress = progress
        self._show_target(progress.target_date if progress is not None else None)
        self._show_pace(progress)

    def set_target(self, target: date | None) -> None:
        """Pick a date (or none) as the learner would and commit it at once."""
        self._show_target(target)
        self.commit()

    def start_target(self) -> None:
        """ "Set target…": a first target a few weeks from today, ready to be changed."""
        self.set_target(self.today() + FIRST_TARGET)
        self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        had_focus = self.date_edit.hasFocus()
        self.set_target(None)
        if had_focus:
            self.clear_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def commit(self) -> None:
        self._timer.stop()
        if self._stage_id is not None:
            self.target_requested.emit(self._stage_id, self.target())

    def flush(self) -> None:
        """Commit a date still waiting for its pause."""
        if self._timer.isActive():
            self.commit()

    def stage_id(self) -> str | None:
        return self._stage_id

    def pace_details(self, progress: StageProgress) -> str:
        """The pace with the sums behind it: the work left, the time that takes at the assumed
        hours a week, and the time to the target date."""
        text = pace_text(progress.pace)
        if progress.pace is Pace.DONE or not progress.remaining_hours:
            return text
        rate = self.hours_per_week
        hours = f"{progress.remaining_hours:g}"
        if rate <= 0:
            return self.tr("{pace} — about {hours} h of work left").format(pace=text, hours=hours)
        need = self._span(progress.remaining_hours / rate * 7)
        if progress.pace is Pace.OVERDUE or progress.target_date is None:
            return self.tr(
                "{pace} — about {hours} h of work left: ≈ {need} at {rate} h/week"
            ).format(pace=text, hours=hours, need=need, rate=f"{rate:g}")
        days_left = (progress.target_date - self.today()).days + 1
        return self.tr(
            "{pace} — about {hours} h of work left: ≈ {need} at {rate} h/week, "
            "with {left} to the target date"
        ).format(pace=text, hours=hours, need=need, rate=f"{rate:g}", left=self._span(days_left))

    # -- internals ---------------------------------------------------------------------------

    def _span(self, days: float) -> str:
        """A stretch of time in whole days, or in weeks from two weeks up."""
        # English needs no catalogue, so its plural is picked here; from two weeks up, and
        # from two days, the count is never one.
        if days >= WEEKS_FROM_DAYS:
            return self.tr("%n weeks", "", round(days / 7))
        whole = round(days)
        return self.tr("%n days", "", whole) if whole > 1 else self.tr("1 day")

    def _show_target(self, target: date | None) -> None:
        """Show ``target`` (or "No target") without emitting anything."""
        self._updating = True
        try:
            self._target = target
            if target is not None:
                self.date_edit.setDate(_qdate(target))
            else:
                # Should a target be set, the calendar opens on this month.
                self.date_edit.setDate(_qdate(self.today()))
            self.date_edit.setHidden(target is None)
            self.no_target_label.setHidden(target is not None)
            buddy = self.date_edit if target is not None else self.clear_button
            if self.label.buddy() is not buddy:  # setBuddy re-lays out the row, even the same
                self.label.setBuddy(buddy)
        finally:
            self._updating = False
        self._update_button()

    def _update_button(self) -> None:
        if self._target is None:
            self.clear_button.setText(self.tr("Set target…"))
            self.clear_button.setAccessibleName(self.tr("Set a target date"))
            self.clear_button.setToolTip(
                self.tr("Choose a date by which you mean to finish this stage.")
            )
        else:
            self.clear_button.setText(self.tr("Clear"))
            self.clear_button.setAccessibleName(self.tr("Clear target date"))
            self.clear_button.setToolTip(self.tr("Remove this stage's target date."))

    def _button_clicked(self) -> None:
        if self._target is None:
            self.start_target()
        else:
            self.clear()

    def _date_changed(self, _date: QDate) -> None:
        if not self._updating and self._target is not None:
            self._target = _pydate(self.date_edit.date())
            self._timer.start()

    def _show_pace(self, progress: StageProgress | None) -> None:
        if progress is None or progress.pace is Pace.NO_TARGET:
            self.pace_label.show_text("")
            self.pace_label.setToolTip("")
            return
        warning = progress.pace in (Pace.OVERDUE, Pace.BEHIND)
        self.pace_label.show_text(self.pace_details(progress), warning=warning)
        self.pace_label.setToolTip(
            self.tr(
                "Pace assumes {rate} hours of study a week. Ahead: the work left fits in "
                "{share}% of the time to the target date; behind: it does not fit at all."
            ).format(rate=f"{self.hours_per_week:g}", share=f"{AHEAD_MARGIN * 100:g}")
        )
