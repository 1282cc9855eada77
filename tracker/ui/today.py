"""The Today page: what to do next, minutes against the daily goal, the streak, each stage's pace
in one line, and the slot for reviews due.

The next-up list reads only task statuses (available before the first paint, from the stdlib
snapshot); the study figures need the store and are filled by ``load_study()``, which the daily
loop calls once the window has painted.

Signals:
    start_requested(str task_id): the learner clicked a row's timer button.
    done_requested(str task_id): the learner clicked a row's tick button.
    hours_chosen(float): the learner answered how many hours a week they can study.
    log_requested(): "Log time…".
    replan_requested(): "Re-plan from today…".
    settings_requested(): "Study Settings…".
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tracker.curriculum.model import Lang
from tracker.progress.records import TaskStatus
from tracker.progress.study import NextUp, StagePace, StudyTime, TodaySummary
from tracker.ui.texts import stage_label, status_text


def day_text(day: date, lang: Lang) -> str:
    qdate = QDate(day.year, day.month, day.day)
    if lang == "zh":
        return QLocale(QLocale.Language.Chinese).toString(qdate, "yyyy年M月d日")
    return QLocale(QLocale.Language.English).toString(qdate, "d MMM yyyy")


class TodayPage(QWidget):
    """See the module docstring."""

    start_requested = Signal(str)
    done_requested = Signal(str)
    log_requested = Signal()
    replan_requested = Signal()
    settings_requested = Signal()
    hours_chosen = Signal(float)

    def __init__(self, study: StudyTime, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("today_page")
        self.study = study
        self.lang = lang
        self.study_loaded = False
        self.summary: TodaySummary | None = None
        self.rows: dict[str, tuple[QToolButton, QToolButton]] = {}
        self.next_up: tuple[NextUp, ...] = ()
        self._build()
        self.retranslate()

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("today_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.next_title = QLabel(self)
        self.next_title.setObjectName("section_title")
        self.next_box = QFrame(self)
        self.next_layout = QVBoxLayout(self.next_box)
        self.next_layout.setContentsMargins(0, 0, 0, 0)
        self.next_layout.setSpacing(4)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.next_box)

        self.minutes_label = QLabel(self)
        self.goal_bar = QProgressBar(self)
        self.goal_bar.setTextVisible(False)
        self.goal_bar.setMaximumHeight(10)
        self.streak_label = QLabel(self)
        self.reviews_label = QLabel(self)
        self.reviews_label.setObjectName("reviews_due")
        self.pace_title = QLabel(self)
        self.pace_title.setObjectName("section_title")
        self.pace_label = QLabel(self)
        self.pace_label.setWordWrap(True)
        self.pace_label.setTextFormat(Qt.TextFormat.PlainText)
        self.log_button = QPushButton(self)
        self.replan_button = QPushButton(self)
        self.log_button.clicked.connect(self.log_requested)
        self.replan_button.clicked.connect(self.replan_requested)
        self.settings_button = QPushButton(self)
        self.settings_button.clicked.connect(self.settings_requested)
        self._build_hours_prompt()
        self._lay_out(scroll)

    def _build_hours_prompt(self) -> None:
        """The first-run question, asked in the page rather than in a dialog over it."""
        self.hours_box = QFrame(self)
        self.hours_box.setObjectName("hours_prompt")
        self.hours_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.hours_question = QLabel(self.hours_box)
        self.hours_question.setWordWrap(True)
        self.hours_spin = QDoubleSpinBox(self.hours_box)
        self.hours_spin.setRange(0.5, 100.0)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setDecimals(1)
        self.hours_save = QPushButton(self.hours_box)
        self.hours_save.clicked.connect(self._hours_answered)
        row = QHBoxLayout(self.hours_box)
        row.addWidget(self.hours_question, 1)
        row.addWidget(self.hours_spin)
        row.addWidget(self.hours_save)
        self.hours_box.hide()

    def ask_hours(self, default: float) -> None:
        self.hours_spin.setValue(default)
        self.hours_box.show()

    def _hours_answered(self) -> None:
        self.hours_box.hide()
        self.hours_chosen.emit(self.hours_spin.value())

    def _lay_out(self, scroll: QScrollArea) -> None:
        side = QVBoxLayout()
        side.addWidget(self.minutes_label)
        side.addWidget(self.goal_bar)
        side.addSpacing(8)
        side.addWidget(self.streak_label)
        side.addWidget(self.reviews_label)
        side.addSpacing(12)
        side.addWidget(self.pace_title)
        side.addWidget(self.pace_label)
        side.addSpacing(12)
        buttons = QHBoxLayout()
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.replan_button)
        buttons.addWidget(self.settings_button)
        buttons.addStretch(1)
        side.addLayout(buttons)
        side.addStretch(1)

        left = QVBoxLayout()
        left.addWidget(self.next_title)
        left.addWidget(scroll, 1)
        grid = QGridLayout(self)
        grid.setContentsMargins(18, 14, 18, 14)
        grid.setHorizontalSpacing(28)
        grid.addWidget(self.heading, 0, 0, 1, 2)
        grid.addWidget(self.hours_box, 1, 0, 1, 2)
        grid.addLayout(left, 2, 0)
        grid.addLayout(side, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

    # -- data ------------------------------------------------------------------------------------

    def refresh(self, current_stage: str | None = None) -> None:
        """Read again what the page shows (the study figures only once they may be read)."""
        if self.study_loaded:
            self.summary = self.study.today_summary(current_stage)
            self.next_up = self.summary.next_up
        else:
            self.next_up = self.study.next_up(current_stage)
        self._fill_next_up()
        self._fill_figures()

    def load_study(self, current_stage: str | None = None) -> None:
        self.study_loaded = True
        self.refresh(current_stage)

    def _fill_next_up(self) -> None:
        while self.next_layout.count():
            item = self.next_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows = {}
        curriculum = self.study._service.curriculum
        for entry in self.next_up:
            row = QFrame(self.next_box)
            row.setObjectName("next_up_row")
            layout = QHBoxLayout(row)
            layout.setContentsMargins(4, 2, 4, 2)
            start = QToolButton(row)
            start.setText("▶")
            start.setToolTip(self.tr("Start the timer on this task"))
            start.clicked.connect(lambda _=False, t=entry.task_id: self.start_requested.emit(t))
            done = QToolButton(row)
            done.setText("✓")
            done.setToolTip(self.tr("Mark as done"))
            done.clicked.connect(lambda _=False, t=entry.task_id: self.done_requested.emit(t))
            stage = curriculum.stage(entry.stage_id)
            where = stage_label(stage, self.lang) if stage is not None else entry.stage_id
            title = QLabel(row)
            title.setTextFormat(Qt.TextFormat.PlainText)
            title.setWordWrap(True)
            status = (
                status_text(TaskStatus.IN_PROGRESS) + " · "
                if entry.status is TaskStatus.IN_PROGRESS
                else ""
            )
            title.setText(f"{entry.title.get(self.lang)}\n{status}{where}")
            layout.addWidget(start)
            layout.addWidget(done)
            layout.addWidget(title, 1)
            self.next_layout.addWidget(row)
            self.rows[entry.task_id] = (start, done)
        if not self.next_up:
            empty = QLabel(self.tr("Nothing left to do here. Well done!"), self.next_box)
            self.next_layout.addWidget(empty)
        self.next_layout.addStretch(1)

    def _fill_figures(self) -> None:
        summary = self.summary
        if summary is None:
            waiting = "…"
            self.minutes_label.setText(self.tr("Today: {minutes}").format(minutes=waiting))
            self.streak_label.setText(self.tr("Streak: {days}").format(days=waiting))
            self.reviews_label.setText(self.tr("Reviews due: {count}").format(count=waiting))
            self.pace_title.setText(self.tr("Pace"))
            self.pace_label.setText("")
            self.goal_bar.setValue(0)
            return
        self.minutes_label.setText(
            self.tr("Today: {minutes} of {goal} min").format(
                minutes=summary.minutes_today, goal=summary.daily_goal_minutes
            )
        )
        self.goal_bar.setMaximum(max(1, summary.daily_goal_minutes))
        self.goal_bar.setValue(min(summary.minutes_today, summary.daily_goal_minutes))
        self.streak_label.setText(
            self.tr("Streak: {days} (longest {longest})").format(
                days=self.days_text(summary.streak.current),
                longest=self.days_text(summary.streak.longest),
            )
        )
        self.reviews_label.setText(
            self.tr("Reviews due: {count}").format(count=summary.reviews_due)
        )
        pace = summary.pace
        if pace.source == "none":
            self.pace_title.setText(self.tr("Pace: nothing logged in the last four weeks"))
        else:
            self.pace_title.setText(
                self.tr(
                    "Pace: {rate} h/week over the last four weeks (plan: {plan} h/week)"
                ).format(
                    rate=f"{pace.hours_per_week:.1f}",
                    plan=f"{self.study._service.hours_per_week:g}",
                )
            )
        lines = [
            self.pace_line(stage, summary.pace.hours_per_week)
            for stage in summary.pace.stages
            if not stage.finished
        ]
        self.pace_label.setText("\n".join(lines) or self.tr("Every stage is finished."))

    def days_text(self, count: int) -> str:
        return self.tr("1 day") if count == 1 else self.tr("{n} days").format(n=count)

    def pace_line(self, stage: StagePace, rate: float) -> str:
        """One stage's pace in one line, e.g. "Stage 3 finishes on 12 Mar 2027, 3 weeks after
        its target" (the rate, ``rate`` h/week, heads the section)."""
        found = self.study._service.curriculum.stage(stage.stage_id)
        name = stage_label(found, self.lang) if found is not None else stage.stage_id
        if stage.projected_finish is None:
            return self.tr("{stage}: {hours} h left; log time to see when it finishes").format(
                stage=name, hours=f"{stage.remaining_hours:g}"
            )
        line = self.tr("{stage} finishes on {date}").format(
            stage=name, date=day_text(stage.projected_finish, self.lang)
        )
        target = stage.target_date
        if target is not None:
            late = (stage.projected_finish - target).days
            weeks = late // 7
            if weeks > 1:
                line += self.tr(", {n} weeks after its target").format(n=weeks)
            elif weeks == 1:
                line += self.tr(", a week after its target")
            elif late > 1:
                line += self.tr(", {n} days after its target").format(n=late)
            elif late == 1:
                line += self.tr(", a day after its target")
            else:
                line += self.tr(", in time for its target")
        return line

    # -- language ----------------------------------------------------------------------------

    def set_language(self, lang: Lang) -> None:
        self.lang = lang
        self._fill_next_up()
        self._fill_figures()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Today"))
        self.next_title.setText(self.tr("Next up"))
        self.log_button.setText(self.tr("Log Time…"))
        self.replan_button.setText(self.tr("Re-plan from Today…"))
        self.settings_button.setText(self.tr("Study Settings…"))
        self.hours_question.setText(
            self.tr(
                "How many hours a week can you study? Target dates, the plan's pace and "
                "re-planning use it (you can change it later)."
            )
        )
        self.hours_spin.setSuffix(self.tr(" h/week"))
        self.hours_save.setText(self.tr("Save"))
        self._fill_next_up()
        self._fill_figures()
