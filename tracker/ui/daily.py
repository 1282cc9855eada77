"""The daily loop in the main window: a Today page beside the stage view (the last choice is
remembered), the study timer in the toolbar and status bar, time entries and re-planning.

``DailyLoop(hooks, window)`` moves the window's stage view into a tab beside the Today page.
Once the window has painted, it reads the study figures (opening the store), asks for the hours
per week once per profile, and offers to keep, trim or discard a session a crash left running.
While a big curriculum loads in the background (an empty placeholder is shown), that waits for
the first paint of the loaded one: opening the store on this thread would compete with the load
for the interpreter and hold the curriculum back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QMainWindow, QStatusBar, QToolBar, QWidget

from tracker.progress.records import Change, ChangeKind, ItemKind, TaskStatus
from tracker.progress.study import StudyTime
from tracker.ui.bridge import ProgressBridge, attempt
from tracker.ui.loading import is_placeholder
from tracker.ui.page_tabs import PageTabs
from tracker.ui.study_timer import StudyTimer
from tracker.ui.texts import stage_label
from tracker.ui.today import TodayPage

if TYPE_CHECKING:
    from tracker.curriculum.model import Lang, Stage, Task

PAGE_KEY = "daily/page"
TODAY_PAGE, STAGES_PAGE, HISTORY_PAGE = 0, 1, 2
LIVE_ELSEWHERE = timedelta(minutes=2)
"""A session seen this recently is running in another window, not left by a crash."""


@dataclass(frozen=True)
class DailyHooks:
    """What the daily loop reads from the window and asks of it."""

    bridge: ProgressBridge
    dialogs: Any
    """The window's dialogs (errors); the loop's own questions are ``StudyDialogs``."""
    state: Any
    """Where the page shown last is remembered (None: not remembered)."""
    toolbar: QToolBar
    status_bar: QStatusBar
    lang: Callable[[], Lang]
    current_task: Callable[[], Task | None]
    current_stage: Callable[[], Stage | None]
    set_status: Callable[[str, TaskStatus], None]
    hours_changed: Callable[[], None]
    """The hours per week changed: the plan row shows them again."""
    stages_changed: Callable[[Sequence[str]], None]
    """These stages' target dates or paces changed: their rows and the header show them."""
    reviewed: SignalInstance | None = None
    """Emitted when a grade or a card changed the review numbers."""


class DailyLoop(QObject):
    """See the module docstring."""

    def __init__(self, hooks: DailyHooks, window: QMainWindow, *, dialogs: Any = None) -> None:
        super().__init__(window)
        self.hooks = hooks
        self.window = window
        self.study = StudyTime(hooks.bridge.service)
        self._dialogs = dialogs
        """The loop's questions (time entries, settings, re-plans); made on the first one."""
        self.started = False
        self._stale: set[int] = set()

        self._build_tabs()
        self.tabs.page_changed.connect(self._page_changed)

        self.timer = StudyTimer(self.study, window, hooks.bridge)
        hooks.toolbar.addSeparator()
        hooks.toolbar.addAction(self.timer.start_action)
        hooks.toolbar.addAction(self.timer.stop_action)
        window.addAction(self.timer.start_action)
        window.addAction(self.timer.stop_action)
        hooks.status_bar.addPermanentWidget(self.timer.label)
        self.timer.start_action.triggered.connect(self.toggle_timer)
        self.timer.stop_action.triggered.connect(self.stop_timer)
        self.timer.logged.connect(hooks.bridge.broadcast)
        self.timer.changed.connect(self._timer_changed)
        self.timer.beat.connect(self.refresh)  # minutes today go up while the timer runs

        self.today.start_requested.connect(self.start_on_task)
        self.today.done_requested.connect(
            lambda task_id: hooks.set_status(task_id, TaskStatus.DONE)
        )
        self.today.log_requested.connect(self.log_time)
        self.today.hours_chosen.connect(self.set_hours_per_week)
        self.today.settings_requested.connect(self.edit_settings)
        self.today.replan_requested.connect(self.replan)
        hooks.bridge.progress_changed.connect(self._on_change)
        if hooks.reviewed is not None:  # a grade changes the History page's review section
            hooks.reviewed.connect(self.review_changed)
        hooks.bridge.curriculum_replaced.connect(self._curriculum_replaced)
        from tracker.ui import i18n

        i18n.notifier().changed.connect(self._language_switched)
        self.retranslate()
        self.today.refresh(self._current_stage())
        self._painted_while_loading = False
        window.installEventFilter(self)  # its close, and its first paint (the window's own)

    @property
    def dialogs(self) -> Any:
        """The loop's questions, made when first asked (their module loads after the paint)."""
        if self._dialogs is None:
            from tracker.ui.study_dialogs import StudyDialogs

            self._dialogs = StudyDialogs(self.window)
        return self._dialogs

    def _build_tabs(self) -> None:
        """Today, the window's stage view, and a place for History, as tabs."""
        stages = self.window.takeCentralWidget()
        assert stages is not None
        self.tabs = PageTabs(self.window)
        self.tabs.setObjectName("daily_tabs")
        self.today = TodayPage(self.study, self.hooks.lang(), self.tabs)
        self.tabs.addTab(self.today, "")
        self.tabs.addTab(stages, "")
        self.history: Any = None
        """The History page, built (with its charts) the first time it is shown."""
        self.tabs.addTab(QWidget(self.tabs), "")
        self.window.setCentralWidget(self.tabs)
        state = self._state()
        page = int(state.value(PAGE_KEY, TODAY_PAGE)) if state is not None else TODAY_PAGE
        known = (TODAY_PAGE, STAGES_PAGE, HISTORY_PAGE)
        self.tabs.setCurrentIndex(page if page in known else TODAY_PAGE)

    # -- start-up ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.close()
        if not self.started and watched is self.window and event.type() == QEvent.Type.Paint:
            if is_placeholder(self.hooks.bridge.service.curriculum):
                # A big curriculum still loads: the study read (SQLAlchemy's import) would
                # hold its worker back through the GIL; start once it is in use.
                self._painted_while_loading = True
                return False
            self.started = True
            QTimer.singleShot(0, self.after_first_paint)  # once this frame is on screen
        return False

    def after_first_paint(self) -> None:
        """Read the study figures, ask for hours per week once, settle sessions left running.

        The study figures are not in the start-up view: while the store's opening waits for
        another program's lock they are read once it is in (``bridge.read``), never by waiting
        on the spot."""
        self.started = True

        def load() -> bool:
            self.today.load_study(self._current_stage())
            return True

        loaded = attempt(
            self.hooks.dialogs,
            self.tr("Could not read your study time"),
            lambda: self.hooks.bridge.read(
                load, later=self._study_read, failed_later=self._read_failed
            ),
        )
        if loaded is True:
            self._study_read()

    def _read_failed(self, error: BaseException) -> None:
        from tracker.ui.error_text import error_text

        self.hooks.dialogs.show_error(self.tr("Could not read your study time"), error_text(error))

    def _study_read(self, _loaded: object = None) -> None:
        self._ask_hours_once()
        self._settle_left_running()
        self.hooks.hours_changed()
        if self.tabs.currentIndex() == HISTORY_PAGE:
            self.show_history()

    def _ask_hours_once(self) -> None:
        """The profile has no hours per week yet: ask on the Today page (not in a dialog that
        would stand over the first screen)."""
        settings = self.study.settings()
        if settings.hours_per_week is None:
            self.today.ask_hours(settings.planned_hours_per_week)
        else:
            self.today.hours_box.hide()

    def set_hours_per_week(self, hours: float) -> None:
        from tracker.progress.study import HOURS_PER_WEEK

        def shown(_saved: object = None) -> None:  # again once in, if it waited for the lock
            self.hooks.hours_changed()
            stages = self.hooks.bridge.service.curriculum.stages  # each stage's pace uses it
            self.hooks.stages_changed([stage.id for stage in stages])
            self.refresh()

        attempt(
            self.hooks.dialogs,
            self.tr("Could not save your hours per week"),
            lambda: self.hooks.bridge.write(
                lambda: self.study.set_setting(HOURS_PER_WEEK, hours), later=shown
            ),
        )
        shown()

    def _settle_left_running(self) -> None:
        now = self.study.now()
        for session in self.study.left_running():
            if now - session.last_seen_at.astimezone(UTC) < LIVE_ELSEWHERE:
                continue
            answer = self.dialogs.ask_left_running(
                self._item_label(session.item_kind, session.item_id),
                self._when(session.started_at),
                self._when(session.last_seen_at),
            )
            write = self.hooks.bridge.write_change  # queued while another program writes
            if answer == "keep":
                change = write(partial(self.study.keep, session))
            elif answer == "discard":
                self.hooks.bridge.write(partial(self.study.discard, session))
                change = None
            else:
                change = write(partial(self.study.trim, session))
            if change is not None:
                self.hooks.bridge.broadcast(change)
        self.refresh()

    def _when(self, moment: datetime) -> str:
        return moment.astimezone(self.study.zone).strftime("%Y-%m-%d %H:%M")

    # -- the timer ---------------------------------------------------------------------------

    def _item_label(self, kind: str, item_id: str) -> str:
        curriculum = self.hooks.bridge.service.curriculum
        lang = self.hooks.lang()
        if kind == ItemKind.TASK.value:
            task = curriculum.task(item_id)
            return task.title.get(lang) if task is not None else item_id
        stage = curriculum.stage(item_id)
        return stage_label(stage, lang) if stage is not None else item_id

    def toggle_timer(self) -> None:
        """Ctrl+T: start on the selected task (else the stage shown), pause, or resume."""
        timer = self.timer
        if timer.running:
            self._attempt(timer.pause)
        elif timer.paused:
            self._attempt(timer.resume)
        else:
            page = self.tabs.currentIndex()
            task = self.hooks.current_task() if page == STAGES_PAGE else None
            if task is None and page == TODAY_PAGE and self.today.next_up:
                task = self.hooks.bridge.service.curriculum.task(self.today.next_up[0].task_id)
            if task is not None:
                self.start_on_task(task.id)
                return
            stage = self.hooks.current_stage()
            if stage is not None:
                label = stage_label(stage, self.hooks.lang())
                self._attempt(lambda: timer.start(ItemKind.STAGE.value, stage.id, label))

    def start_on_task(self, task_id: str) -> None:
        label = self._item_label(ItemKind.TASK.value, task_id)
        started = self._attempt(lambda: self.timer.start(ItemKind.TASK.value, task_id, label))
        if started and self.hooks.bridge.service.task_state(task_id).status is TaskStatus.TODO:
            self.hooks.set_status(task_id, TaskStatus.IN_PROGRESS)

    def stop_timer(self) -> None:
        self._attempt(self.timer.stop)

    def _attempt(self, action: Any) -> bool:
        """Run a timer action; False (the learner was told) if it could not be saved."""

        def run() -> bool:
            action()
            return True

        return attempt(self.hooks.dialogs, self.tr("Could not record study time"), run) is True

    def _timer_changed(self) -> None:
        self.hooks.status_bar.clearMessage()
        self.refresh()

    # -- time entries and re-plans -----------------------------------------------------------

    def log_time(self) -> None:
        items: list[tuple[str, str, str]] = []
        lang = self.hooks.lang()
        task = self.hooks.current_task()
        if task is not None:
            items.append((ItemKind.TASK.value, task.id, task.title.get(lang)))
        for entry in self.today.next_up:
            if task is None or entry.task_id != task.id:
                items.append((ItemKind.TASK.value, entry.task_id, entry.title.get(lang)))
        for stage in self.hooks.bridge.service.curriculum.stages:
            items.append((ItemKind.STAGE.value, stage.id, stage_label(stage, lang)))
        entry = self.dialogs.ask_time_entry(items, self.study.today())
        if entry is None:
            return
        change = attempt(
            self.hooks.dialogs,
            self.tr("Could not log the time"),
            lambda: self.hooks.bridge.write_change(
                lambda: self.study.log(
                    entry.minutes, entry.item_kind, entry.item_id, on=entry.on, note=entry.note
                )
            ),
        )
        if change is not None:
            self.hooks.bridge.broadcast(change)

    def edit_settings(self) -> None:
        """Hours per week, daily goal and the streak's minimum of the current profile."""
        from tracker.progress.study import DAILY_GOAL, STREAK_MINIMUM

        current = self.study.settings()
        answer = self.dialogs.ask_study_settings(
            current.planned_hours_per_week,
            current.daily_goal_minutes,
            current.streak_minimum_minutes,
        )
        if answer is None:
            return
        hours, goal, minimum = answer

        def both() -> None:
            self.study.set_setting(DAILY_GOAL, goal)
            self.study.set_setting(STREAK_MINIMUM, minimum)

        def save() -> bool:
            self.hooks.bridge.write(both)  # queued while another program writes
            return True

        if attempt(self.hooks.dialogs, self.tr("Could not save your study settings"), save):
            self.set_hours_per_week(hours)  # and repaint what uses it

    def edit_entry(self, session_id: int) -> None:
        """Change a time entry's length, day or note (undoable like a tick)."""
        from tracker.ui.study_dialogs import TimeEntry

        found = next((s for s in self.study.sessions_kept() if s.id == session_id), None)
        if found is None:
            return
        day = found.on_date or found.started_at.astimezone(self.study.zone).date()
        label = self._item_label(found.item_kind, found.item_id)
        current = TimeEntry(
            round(found.seconds / 60), found.item_kind, found.item_id, day, found.note or ""
        )
        entry = self.dialogs.ask_time_entry(
            [(found.item_kind, found.item_id, label)], self.study.today(), current
        )
        if entry is None:
            return
        change = attempt(
            self.hooks.dialogs,
            self.tr("Could not change the time entry"),
            lambda: self.hooks.bridge.write_change(
                lambda: self.study.edit_entry(
                    session_id,
                    entry.minutes,
                    on=entry.on if found.on_date is not None else None,
                    note=entry.note,
                )
            ),
        )
        if change is not None:
            self.hooks.bridge.broadcast(change)

    def delete_entry(self, session_id: int) -> None:
        change = attempt(
            self.hooks.dialogs,
            self.tr("Could not delete the time entry"),
            lambda: self.hooks.bridge.write_change(lambda: self.study.delete_entry(session_id)),
        )
        if change is not None:
            self.hooks.bridge.broadcast(change)

    def replan(self) -> None:
        proposals = self.study.replan_proposal()
        if not proposals:
            return
        lang = self.hooks.lang()
        curriculum = self.hooks.bridge.service.curriculum
        from tracker.ui.today import day_text

        rows = []
        for proposal in proposals:
            stage = curriculum.stage(proposal.stage_id)
            rows.append(
                (
                    stage_label(stage, lang) if stage is not None else proposal.stage_id,
                    day_text(proposal.current, lang) if proposal.current else "—",
                    day_text(proposal.proposed, lang),
                )
            )
        if not self.dialogs.ask_replan(rows):
            return
        change = attempt(
            self.hooks.dialogs,
            self.tr("Could not re-plan"),
            lambda: self.hooks.bridge.write_change(lambda: self.study.apply_replan(proposals)),
        )
        if change is not None:
            self.hooks.bridge.broadcast(change)

    # -- refreshing --------------------------------------------------------------------------

    def _current_stage(self) -> str | None:
        stage = self.hooks.current_stage()
        return stage.id if stage is not None else None

    def refresh(self) -> None:
        """Show the Today or History page afresh; a page not shown is only marked as due (a
        tick in the checklist then costs nothing more) and refreshed when it is shown."""
        self._stale = {TODAY_PAGE, HISTORY_PAGE}
        self._refresh_shown()

    def _refresh_shown(self) -> None:
        page = self.tabs.currentIndex()
        if page not in self._stale:
            return
        if page == TODAY_PAGE:
            self._stale.discard(page)
            self.today.refresh(self._current_stage())
        elif page == HISTORY_PAGE and self.history is not None:
            self._stale.discard(page)
            self.history.refresh()

    def review_changed(self) -> None:
        """A grade (or an undone one, or a card) changed the review numbers of History."""
        if self.history is None:
            return
        if self.tabs.currentIndex() == HISTORY_PAGE:
            self.history.review.refresh()
        else:
            self._stale.add(HISTORY_PAGE)

    def show_history(self) -> None:
        """Show the History page, built on first use (its module and charts load only now)."""
        if self.history is None:
            from tracker.ui.history import HistoryPage

            self.history = HistoryPage(self.study, self.hooks.lang(), self.tabs)
            self.history.edit_requested.connect(self.edit_entry)
            self.history.delete_requested.connect(self.delete_entry)
            self.tabs.blockSignals(True)
            placeholder = self.tabs.widget(HISTORY_PAGE)
            self.tabs.removeTab(HISTORY_PAGE)
            if placeholder is not None:
                placeholder.deleteLater()
            self.tabs.insertTab(HISTORY_PAGE, self.history, self.tr("History"))
            self.tabs.blockSignals(False)
            self._stale.add(HISTORY_PAGE)
        self.tabs.setCurrentIndex(HISTORY_PAGE)
        self._refresh_shown()

    def _on_change(self, change: Change) -> None:
        if change.kind is ChangeKind.REPLAN:
            curriculum = self.hooks.bridge.service.curriculum
            ids = (change.item_id or "").split(",")
            self.hooks.stages_changed([i for i in ids if curriculum.stage(i) is not None])
            self.hooks.status_bar.showMessage(self.tr("Target dates re-planned"), 6000)
        elif change.kind is ChangeKind.TIME:
            self.hooks.status_bar.showMessage(self.tr("Study time saved"), 4000)
        elif change.kind is ChangeKind.PROFILE and change.old and self.timer.item is not None:
            self._attempt(self.timer.stop)  # the session belongs to the profile left
        self.refresh()
        if change.kind is ChangeKind.PROFILE and self.today.study_loaded:
            self._ask_hours_once()

    def _curriculum_replaced(self) -> None:
        if not self.started and self._painted_while_loading:
            self.started = True
            QTimer.singleShot(0, self.after_first_paint)  # the loaded curriculum is in use
        if self.timer.item is not None:
            self._attempt(self.timer.stop)
        self.refresh()

    def _page_changed(self, index: int) -> None:
        state = self._state()
        if state is not None:
            state.set_value(PAGE_KEY, index)
        if index == HISTORY_PAGE and self.history is None:
            if self.started:  # once the store is in, if its opening waits for a lock
                attempt(
                    self.hooks.dialogs,
                    self.tr("Could not read your study time"),
                    lambda: self.hooks.bridge.read(
                        self.show_history, later=lambda _: None, failed_later=self._read_failed
                    ),
                )
        else:
            self._refresh_shown()

    def _state(self) -> Any:
        return self.hooks.state

    def _language_switched(self, _lang: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.tabs.setTabText(TODAY_PAGE, self.tr("Today"))
        self.tabs.setTabText(STAGES_PAGE, self.tr("Stages"))
        self.tabs.setTabText(HISTORY_PAGE, self.tr("History"))
        if self.history is not None:
            self.history.set_language(self.hooks.lang())
        self.timer.retranslate()
        self.today.lang = self.hooks.lang()
        self.today.retranslate()

    def close(self) -> None:
        """The window closes: a running timer is stopped and logged."""
        if self.timer.item is not None:
            self._attempt(self.timer.stop)


__all__ = ["DailyHooks", "DailyLoop"]
