"""The History page: a 12-month activity heatmap, minutes per week, a stage's burn-down with its
projected finish, and the activity log in words, filterable by stage and kind.

Built the first time the page is opened (``DailyLoop`` imports this module then), so neither it
nor the charts cost anything before the first paint.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.curriculum.model import Lang
from tracker.progress.records import ChangeKind, Event, ItemKind, TaskStatus
from tracker.progress.study import StudyTime
from tracker.studytime import StudySession
from tracker.ui.charts import BurnDown, HeatDay, Heatmap, WeekBars
from tracker.ui.review_stats import ReviewStatsPanel
from tracker.ui.texts import stage_label, status_text

ENTRY_LIMIT = 200
"""How many of the newest time entries the page lists for editing."""
LOG_LIMIT = 2000
"""How many of the newest changes the activity log reads."""
KINDS = ("", "status", "time", "note", "plan")


class HistoryPage(QWidget):
    """See the module docstring.

    Signals:
        edit_requested(int session_id), delete_requested(int session_id): the learner asked to
        change or remove a time entry (the daily loop does it, undoably).
    """

    edit_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, study: StudyTime, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_page")
        self.study = study
        self.lang = lang
        self.events: list[Event] = []
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.heat_title = QLabel(self)
        self.heatmap = Heatmap(self)
        self.heatmap.describe = self.describe_day
        self.weeks_title = QLabel(self)
        self.week_bars = WeekBars(self)
        self.burn_title = QLabel(self)
        self.burn_stage = QComboBox(self)
        self.burn_down = BurnDown(self)
        self.burn_caption = QLabel(self)
        self.log_title = QLabel(self)
        self.stage_filter = QComboBox(self)
        self.kind_filter = QComboBox(self)
        self.log_list = QListWidget(self)
        self.log_list.setObjectName("activity_log")
        self.entries_title = QLabel(self)
        self.entries = QListWidget(self)
        self.entries.setObjectName("time_entries")
        self.edit_button = QPushButton(self)
        self.delete_button = QPushButton(self)
        self.edit_button.clicked.connect(lambda: self._entry_action(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._entry_action(self.delete_requested))
        self.entries.itemDoubleClicked.connect(
            lambda _item: self._entry_action(self.edit_requested)
        )
        self.estimates = QTreeWidget(self)
        self.estimates.setObjectName("time_against_estimates")
        self.review = ReviewStatsPanel(study._service, lang, self)
        self.estimates.setColumnCount(3)
        self.estimates.setRootIsDecorated(True)
        header = self.estimates.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.burn_stage.currentIndexChanged.connect(self._show_burn_down)
        self.stage_filter.currentIndexChanged.connect(self._fill_log)
        self.kind_filter.currentIndexChanged.connect(self._fill_log)
        self._lay_out()
        self.retranslate()

    def _lay_out(self) -> None:
        burn_head = QHBoxLayout()
        burn_head.addWidget(self.burn_title)
        burn_head.addWidget(self.burn_stage, 1)
        charts = QGridLayout()
        charts.addWidget(self.weeks_title, 0, 0)
        charts.addWidget(self.week_bars, 1, 0)
        charts.addLayout(burn_head, 0, 1)
        charts.addWidget(self.burn_down, 1, 1)
        charts.addWidget(self.burn_caption, 2, 1)
        filters = QHBoxLayout()
        filters.addWidget(self.log_title)
        filters.addStretch(1)
        filters.addWidget(self.stage_filter)
        filters.addWidget(self.kind_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(self.heading)
        layout.addWidget(self.heat_title)
        layout.addWidget(self.heatmap)
        layout.addLayout(charts)
        layout.addLayout(filters)
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.log_list)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.estimates)
        entries = QWidget(self)
        entry_layout = QVBoxLayout(entries)
        entry_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.entries_title, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        entry_layout.addLayout(buttons)
        entry_layout.addWidget(self.entries)
        right.addWidget(entries)
        right.addWidget(self.review)
        lower.addWidget(right)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        layout.addWidget(lower, 1)

    # -- data ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        service = self.study._service
        minutes, done = self.study.activity_by_day()
        self.events = service.history(LOG_LIMIT)
        what: dict[date, list[str]] = {}
        for event in self.events:
            if event.kind is ChangeKind.STATUS and event.new == TaskStatus.DONE.value:
                day = event.at.astimezone(self.study.zone).date()
                what.setdefault(day, []).append(self._item_name(event.item_kind, event.item_id))
        days = {
            day: HeatDay(day, minutes.get(day, 0), done.get(day, 0), "; ".join(what.get(day, [])))
            for day in set(minutes) | set(done)
        }
        self.heatmap.set_days(days, self.study.today())
        stats = self.study.stats(12)
        self.week_bars.set_weeks([(w.week_start, w.minutes) for w in stats.weeks])
        self._pace = {stage.stage_id: stage for stage in stats.pace.stages}
        self._fill_stage_choices()
        self._show_burn_down()
        self._fill_log()
        self._fill_estimates()
        self._fill_entries()
        self.review.refresh()

    def _fill_entries(self) -> None:
        """The newest study sessions and entries (what Edit and Delete act on)."""
        self.entries.clear()
        sessions = [s for s in self.study.sessions_kept() if not s.running]
        sessions.sort(
            key=lambda s: (s.on_date or s.started_at.astimezone(self.study.zone).date(), s.id)
        )
        for session in reversed(sessions[-ENTRY_LIMIT:]):
            day = session.on_date or session.started_at.astimezone(self.study.zone).date()
            kind = ItemKind.TASK if session.item_kind == "task" else ItemKind.STAGE
            text = self.tr("{date} · {minutes} min · {item}").format(
                date=day.isoformat(),
                minutes=round(session.seconds / 60),
                item=self._item_name(kind, session.item_id),
            )
            if session.note:
                text += f" — {session.note}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            self.entries.addItem(item)

    def _entry_action(self, signal: Any) -> None:
        item = self.entries.currentItem()
        if item is not None:
            signal.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _fill_estimates(self) -> None:
        """Hours logged beside the estimated hours, per stage, module and task (those with
        time logged, or in progress)."""
        logged = self.study.logged_by_item()
        self.estimates.clear()
        for stage in self.study._service.curriculum.stages:
            stage_hours = logged.get(("stage", stage.id), 0.0) / 3600
            stage_item = QTreeWidgetItem([stage_label(stage, self.lang)])
            stage_estimate = 0.0
            for module in stage.modules:
                module_item = QTreeWidgetItem([module.title.get(self.lang)])
                module_hours = module_estimate = 0.0
                for task in module.tasks:
                    hours = logged.get(("task", task.id), 0.0) / 3600
                    estimate = float(task.estimate_hours or 0.0)
                    module_hours += hours
                    module_estimate += estimate
                    if hours:
                        module_item.addChild(
                            QTreeWidgetItem(
                                [task.title.get(self.lang), f"{hours:.1f}", f"{estimate:g}"]
                            )
                        )
                stage_hours += module_hours
                stage_estimate += module_estimate
                if module_item.childCount():
                    module_item.setText(1, f"{module_hours:.1f}")
                    module_item.setText(2, f"{module_estimate:g}")
                    stage_item.addChild(module_item)
            stage_item.setText(1, f"{stage_hours:.1f}")
            stage_item.setText(2, f"{stage_estimate:g}")
            self.estimates.addTopLevelItem(stage_item)
        self.estimates.expandToDepth(0)  # stages and modules; tasks one click away

    def _fill_stage_choices(self) -> None:
        stages = self.study._service.curriculum.stages
        for combo, everything in (
            (self.burn_stage, None),
            (self.stage_filter, self.tr("All stages")),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if everything is not None:
                combo.addItem(everything, "")
            for stage in stages:
                combo.addItem(stage_label(stage, self.lang), stage.id)
            found = combo.findData(current)
            if found >= 0:
                combo.setCurrentIndex(found)
            elif everything is None:
                combo.setCurrentIndex(self._first_unfinished())
            combo.blockSignals(False)

    def _first_unfinished(self) -> int:
        for index, stage in enumerate(self.study._service.curriculum.stages):
            pace = getattr(self, "_pace", {}).get(stage.id)
            if pace is not None and not pace.finished:
                return index
        return 0

    def _show_burn_down(self) -> None:
        stage_id = self.burn_stage.currentData()
        if not stage_id:
            return
        pace = getattr(self, "_pace", {}).get(stage_id)
        projected = pace.projected_finish if pace is not None else None
        target = pace.target_date if pace is not None else None
        self.burn_down.set_data(self.study.burn_down(stage_id), projected, target)
        if pace is not None and pace.finished:
            caption = self.tr("Finished.")
        elif projected is not None:
            caption = self.tr("Projected finish at your real pace: {date}").format(
                date=projected.isoformat()
            )
        else:
            caption = self.tr("No projection yet: log some study time.")
        if target is not None:
            caption += "  " + self.tr("Target: {date}").format(date=target.isoformat())
        self.burn_caption.setText(caption)

    def _fill_log(self) -> None:
        stage_id = self.stage_filter.currentData() or ""
        kind = KINDS[max(0, self.kind_filter.currentIndex())]
        self.log_list.clear()
        for event in self.events:
            if kind and event.kind.value != kind:
                continue
            if stage_id and self._stage_of(event) != stage_id:
                continue
            self.log_list.addItem(self.event_text(event))

    def _stage_of(self, event: Event) -> str | None:
        curriculum = self.study._service.curriculum
        if event.item_kind is ItemKind.STAGE:
            return event.item_id
        if event.item_kind is ItemKind.TASK and event.item_id:
            stage = curriculum.stage_of(event.item_id)
            return stage.id if stage is not None else None
        return None

    # -- words -----------------------------------------------------------------------------------

    def _item_name(self, kind: ItemKind | None, item_id: str | None) -> str:
        curriculum = self.study._service.curriculum
        if kind is ItemKind.TASK and item_id:
            task = curriculum.task(item_id)
            return task.title.get(self.lang) if task is not None else item_id
        if kind is ItemKind.STAGE and item_id:
            stage = curriculum.stage(item_id)
            return stage_label(stage, self.lang) if stage is not None else item_id
        if kind is ItemKind.CONCEPT and item_id:
            concept = curriculum.concept(item_id)
            return concept.title.get(self.lang) if concept is not None else item_id
        return item_id or ""

    def event_text(self, event: Event) -> str:
        """One change in words: "Tue 14:02 · marked “Self-attention” done"."""
        local = event.at.astimezone(self.study.zone)
        when = f"{local.strftime('%Y-%m-%d')} {self._weekday(local.weekday())} {local:%H:%M}"
        name = self._item_name(event.item_kind, event.item_id)
        if event.kind is ChangeKind.STATUS:
            status = status_text(TaskStatus(event.new or TaskStatus.TODO.value)).lower()
            what = self.tr("marked “{task}” {status}").format(task=name, status=status)
        elif event.kind is ChangeKind.NOTE:
            what = self.tr("edited the note on “{item}”").format(item=name)
        elif event.kind is ChangeKind.PLAN and event.new:
            what = self.tr("set the target of {stage} to {date}").format(stage=name, date=event.new)
        elif event.kind is ChangeKind.PLAN:
            what = self.tr("cleared the target of {stage}").format(stage=name)
        elif event.kind is ChangeKind.TIME:
            what = self._time_text(event, name)
        elif event.kind is ChangeKind.REPLAN:
            what = self.tr("re-planned the target dates")
        else:
            what = event.kind.value
        return f"{when} · {what}"

    def _time_text(self, event: Event, name: str) -> str:
        if event.new is None:
            gone = StudySession.from_json(event.old or "{}")
            return self.tr("deleted {minutes} min on “{item}”").format(
                minutes=round(gone.seconds / 60), item=name
            )
        session = StudySession.from_json(event.new)
        minutes = round(session.seconds / 60)
        if event.old is not None:
            return self.tr("changed the time on “{item}” to {minutes} min").format(
                minutes=minutes, item=name
            )
        return self.tr("studied “{item}” for {minutes} min").format(minutes=minutes, item=name)

    def _weekday(self, index: int) -> str:
        names = (
            self.tr("Mon"),
            self.tr("Tue"),
            self.tr("Wed"),
            self.tr("Thu"),
            self.tr("Fri"),
            self.tr("Sat"),
            self.tr("Sun"),
        )
        return names[index]

    def describe_day(self, day: HeatDay) -> str:
        text = self.tr("{date}: {minutes} min, {done} done").format(
            date=day.day.isoformat(), minutes=day.minutes, done=day.done
        )
        return f"{text}\n{day.what}" if day.what else text

    # -- language ----------------------------------------------------------------------------

    def set_language(self, lang: Lang) -> None:
        self.lang = lang
        self.review.set_language(lang)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("History"))
        self.heat_title.setText(self.tr("The last 12 months (colour: minutes, or tasks done)"))
        self.weeks_title.setText(self.tr("Hours per week, last 12 weeks"))
        self.burn_title.setText(self.tr("Remaining hours:"))
        self.log_title.setText(self.tr("Activity log"))
        self.entries_title.setText(self.tr("Time entries"))
        self.edit_button.setText(self.tr("Edit…"))
        self.delete_button.setText(self.tr("Delete"))
        self.estimates.setHeaderLabels(
            [self.tr("Time against estimates"), self.tr("Logged (h)"), self.tr("Estimate (h)")]
        )
        self.kind_filter.blockSignals(True)
        current = self.kind_filter.currentIndex()
        self.kind_filter.clear()
        self.kind_filter.addItems(
            [
                self.tr("Every kind"),
                self.tr("Statuses"),
                self.tr("Study time"),
                self.tr("Notes"),
                self.tr("Plans"),
            ]
        )
        self.kind_filter.setCurrentIndex(max(0, current))
        self.kind_filter.blockSignals(False)
        if self.events:
            self.refresh()
