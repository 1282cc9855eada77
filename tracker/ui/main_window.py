"""The main window: stages on the left, concepts beside the checklist, notes on the right.

Every change goes through the ``ProgressBridge``; the window listens to its one
``progress_changed`` signal and refreshes only what the change touched.

The Stages page (stage list, header, concepts, checklist, notes and their models) is built
when it is first needed: at once for a window that shows it first, else just after the
window's first paint (Today is shown first) or when the learner switches to it, whichever
comes first. The menu bar and the toolbar are complete before the first paint; what acts on
the page (the checklist's status actions, the due counts beside the stages, the remembered
pane widths, the kept-progress entry) attaches to it once it exists, and an action that needs
it builds it. The page's parts read through the window (``window.checklist_view``, …) build it
too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from tracker.curriculum.model import Lang, Stage, Task
from tracker.progress.records import (
    Change,
    ChangeKind,
    Counts,
    TaskStatus,
)
from tracker.progress.rollup import DEFAULT_HOURS_PER_WEEK
from tracker.ui.backup_actions import BackupActions
from tracker.ui.bridge import ProgressBridge, Queued, attempt
from tracker.ui.error_text import error_text
from tracker.ui.file_actions import FileActions
from tracker.ui.opening import CurriculumOpener
from tracker.ui.orphans_view import KeptProgress
from tracker.ui.profiles import ProfileSwitcher
from tracker.ui.review_menu import ReviewMenu
from tracker.ui.status_line import StatusLine
from tracker.ui.texts import stage_label
from tracker.ui.undo_guard import UndoGuard, item_title, kept_title
from tracker.ui.watcher import OutsideChangesWatcher
from tracker.ui.widgets import MenuCommands, WindowMenus
from tracker.ui.window_state import WindowMemory

if TYPE_CHECKING:
    from tracker.ui.daily import DailyLoop
    from tracker.ui.first_run import FirstRunHint
    from tracker.ui.search_palette import SearchPalette
    from tracker.ui.stages_page import StagesPage

T = TypeVar("T")
P = TypeVar("P")


def _status_value(value: str | None) -> TaskStatus | None:
    """The status a change's ``new`` names (no status: to do); None if it names none."""
    try:
        return TaskStatus(value or TaskStatus.TODO.value)
    except ValueError:
        return None


def _current_lang() -> Lang:
    from tracker.ui import i18n

    return i18n.current_lang()


def resume_stage_id(service: Any) -> str | None:
    """The first stage with something left to do: where the learner picks up."""
    for progress in service.stages_progress():
        counts = progress.counts
        if counts.done + counts.skipped < counts.total:
            return progress.stage_id  # type: ignore[no-any-return]
    stages = service.curriculum.stages
    return stages[0].id if stages else None


class _OnPage(Generic[P]):
    """A part of the Stages page, read through the window: reading it builds the page first."""

    def __init__(self, part: Callable[[StagesPage], P]) -> None:
        self._part = part

    def __get__(self, window: MainWindow, owner: object = None) -> P:
        return self._part(window.stages_page())


class _BuildAfterFirstPaint(QObject):
    """Calls ``action`` from a 0-ms timer once ``window`` has painted for the first time (the
    rest of that frame paints first), or at once when it is shown while ``now()`` says the
    page is needed before any paint. A filter on the window alone, removed once it fired.
    While ``loading()`` (a big curriculum still loads) a paint does not count: the first paint
    of the loaded curriculum comes before the page is built."""

    def __init__(
        self,
        window: QWidget,
        action: Callable[[], object],
        now: Callable[[], bool],
        loading: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._action = action
        self._now = now
        self._loading = loading
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.Show and self._now():
            self._window.removeEventFilter(self)
            self._action()
        elif watched is self._window and kind == QEvent.Type.Paint and not self._loading():
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._action)
        return False


class MainWindow(QMainWindow):
    """The learner's everyday window over one ``ProgressService`` (wrapped in a bridge).

    ``stages_later``: build the Stages page after the first paint (see the module docstring)
    unless it is shown first; the app asks for it, since it installs the Today page.
    """

    # The Stages page's parts; reading one builds the page (see ``stages_page``).
    page = main_splitter = _OnPage(lambda page: page)
    checklist_scope = _OnPage(lambda page: page.scope)
    stage_model = _OnPage(lambda page: page.stage_model)
    checklist_model = _OnPage(lambda page: page.checklist_model)
    checklist_proxy = _OnPage(lambda page: page.checklist_proxy)
    concept_model = _OnPage(lambda page: page.concept_model)
    navigator = _OnPage(lambda page: page.navigator)
    stage_view = _OnPage(lambda page: page.navigator.view)
    overall_bar = _OnPage(lambda page: page.navigator.overall_bar)
    header = _OnPage(lambda page: page.header)
    banner = _OnPage(lambda page: page.header.banner)
    stage_title = _OnPage(lambda page: page.header.title)
    stage_goal = _OnPage(lambda page: page.header.goal)
    plan_panel = _OnPage(lambda page: page.header.plan_panel)
    concepts = _OnPage(lambda page: page.concepts)
    concept_view = _OnPage(lambda page: page.concepts.view)
    concept_summary = _OnPage(lambda page: page.concepts.summary)
    checklist = _OnPage(lambda page: page.checklist)
    checklist_view = _OnPage(lambda page: page.checklist.view)
    filter_edit = _OnPage(lambda page: page.checklist.filter_edit)
    status_filter = _OnPage(lambda page: page.checklist.status_filter)
    task_details = _OnPage(lambda page: page.checklist.details)
    centre_splitter = _OnPage(lambda page: page.centre_splitter)
    notes = _OnPage(lambda page: page.notes)
    notes_edit = _OnPage(lambda page: page.notes.notes_edit)
    notes_preview = _OnPage(lambda page: page.notes.preview)

    def __init__(
        self,
        progress: ProgressBridge | Any,
        *,
        settings: Any = None,
        dialogs: Any = None,
        data_dir: Path | None = None,
        cache_dir: Path | None = None,
        lang: Lang | None = None,
        stages_later: bool = False,
    ) -> None:
        super().__init__()
        self.bridge = (
            progress if isinstance(progress, ProgressBridge) else ProgressBridge(progress, self)
        )
        self.settings = settings
        if dialogs is None:
            from tracker.ui.dialogs import Dialogs

            dialogs = Dialogs(self)
        elif hasattr(dialogs, "attach"):
            dialogs.attach(self)
        self.dialogs = dialogs
        self.data_dir = data_dir
        self.lang: Lang = lang or _current_lang()
        self._profile_shown = ""
        self._page: StagesPage | None = None
        self.hint: FirstRunHint | None = None
        """Says where to start over the stage header (made with the Stages page)."""
        self.daily: DailyLoop | None = None

        self._build_frame()
        self.memory = WindowMemory(self, settings)
        self.status = StatusLine(self.statusBar())
        self.files = FileActions(
            self.bridge,
            self.dialogs,
            settings,
            flush_note=self._flush_note,
            settle_note=self.settle_note,
            data_folder=self._data_folder,
            parent=self,
        )
        self.backups = BackupActions(
            self.bridge, self.dialogs, self.settle_note, self.statusBar().showMessage, self
        )
        self.menus = WindowMenus(
            self,
            self._menu_commands(),
            filter_edit=lambda: self.filter_edit,
            preferences=getattr(settings, "preferences", None),
            lang=lambda: self.lang,
        )
        self.review_menu = ReviewMenu(  # spaced review: toolbar, menu, due per stage
            self.bridge,
            self.dialogs,
            lambda: self._page.notes if self._page is not None else None,
            toolbar=self.toolbar,
            menu_bar=self.menuBar(),
            before_menu=self.menus.help_menu.menuAction(),
            lang=lambda: self.lang,
            current_task=self.current_task,
            current_stage=lambda: self.current_stage,
            parent=self,
        )
        if cache_dir is None and data_dir is not None:
            cache_dir = Path(data_dir) / "cache"
        self.opener = CurriculumOpener(
            self.bridge,
            self.dialogs,
            self.settle_note,
            self,
            cache_dir=cache_dir,
            settings=settings,
            lang=lambda: self.lang,
            show_message=self.statusBar().showMessage,
        )
        self._connect()
        for keys in ("Ctrl+K", "Ctrl+P"):  # find anything; the palette is built on first use
            QShortcut(QKeySequence(keys), self, self.open_search)
        from tracker.ui.cohort_sync import CohortSync

        # File → Join a Cohort…, background sync, its indicator in the status bar
        self.cohort_sync = CohortSync(
            self.bridge, self.menus, self.statusBar(), lambda: self.lang, self
        )
        self.reload_all()  # ends with retranslate(): every string is set there, once
        notes_shown = self.memory.notes_shown()
        if notes_shown is not None:
            self.set_notes_shown(notes_shown, remember=False)
        self.memory.restore()
        self.watcher = OutsideChangesWatcher(lambda: self.service, self)
        self.watcher.changed.connect(self.refresh_from_outside)
        self.watcher.start()
        self.undo_guard = UndoGuard(
            self.bridge,
            self.dialogs,
            item_title(lambda: self.service.curriculum, lambda: self.lang),
            kept_title(lambda: self.service, lambda: self.lang),
        )
        from tracker.ui.write_queue import WriteFeedback  # waiting for another program's lock

        self.write_feedback = WriteFeedback(
            self.bridge,
            self.statusBar,
            self.dialogs,
            self.undo_guard,
            self,
            reload=self.refresh_from_outside,
        )
        self.kept = KeptProgress(
            lambda: self.service,
            self.dialogs,
            self._data_folder,
            lambda: self.lang,
            view_menu=self.menus.view_menu,
            on_discarded=self.refresh_from_outside,
            write=self.bridge.write,
        )
        self.kept.refresh()
        if stages_later:
            self._after_paint = _BuildAfterFirstPaint(
                self, self.stages_page, self._stages_needed_now, self._loading
            )
        else:
            self.stages_page()

    # -- construction --------------------------------------------------------------------------

    @property
    def service(self) -> Any:
        return self.bridge.service

    def _build_frame(self) -> None:
        """Everything around the Stages page: its place, the status bar, the toolbar."""
        placeholder = QWidget(self)  # the Stages page takes its place once built
        placeholder.setObjectName("stages_placeholder")
        self._placeholder: QWidget | None = placeholder
        self.setCentralWidget(placeholder)
        self.statusBar()  # made now: made by the first message, it pushed the panes up

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.profiles = ProfileSwitcher(self.bridge, self.dialogs, self.settle_note, self)
        self.profile_combo = self.profiles.combo
        self.toolbar.addWidget(self.profiles.label)
        self.toolbar.addWidget(self.profile_combo)
        self.addToolBar(self.toolbar)
        self.resize(1420, 860)

    @property
    def stages_built(self) -> bool:
        """True once the Stages page exists (see ``stages_page``)."""
        return self._page is not None

    def stages_page(self) -> StagesPage:
        """The Stages page, built now if it does not exist yet: put in its place (the window's
        centre, or its tab), its panes sized as remembered, the menus' status actions, the due
        counts and the kept-progress entry attached, and the stage to show selected."""
        if self._page is not None:
            return self._page
        from tracker.ui.first_run import FirstRunHint
        from tracker.ui.stages_page import StagesPage

        page = StagesPage(
            self.bridge, lambda: self.lang, self._data_folder, self._hours_per_week(), self
        )
        self._page = page
        self._put_page(page)
        self.memory.attach_panes(
            main_splitter=page, centre_splitter=page.centre_splitter, notes=page.notes
        )
        self.memory.spread_panes()
        page.notes.setHidden(not self.menus.notes_action.isChecked())
        self.memory.restore_panes()
        self.hint = FirstRunHint(
            page.header.banner, self.memory.banner_dismissed, self.memory.dismiss_banner
        )
        self.menus.attach_checklist(page.checklist.view)
        self.review_menu.attach_stage_view(page.navigator.view)
        self.kept.attach(page.navigator)
        self._connect_page(page)
        page.set_tab_order(self.profile_combo, focus=self.isHidden())
        self._reload_page(page)
        self._retranslate_page(page)
        return page

    def _put_page(self, page: StagesPage) -> None:
        placeholder, self._placeholder = self._placeholder, None
        if self.daily is not None and placeholder is not None:
            from tracker.ui.daily import STAGES_PAGE

            tabs = self.daily.tabs
            if tabs.widget(STAGES_PAGE) is placeholder:
                tabs.replace_page(STAGES_PAGE, page)
                return
        self.setCentralWidget(page)  # (deletes the placeholder)

    def _loading(self) -> bool:
        from tracker.ui.loading import is_placeholder

        return bool(is_placeholder(self.service.curriculum))

    def _stages_needed_now(self) -> bool:
        """The window is being shown: does its first paint show the Stages page?"""
        if self.daily is None:
            return True  # the page is the window's centre
        from tracker.ui.daily import STAGES_PAGE

        return self.daily.tabs.currentIndex() == STAGES_PAGE

    def _tab_shown(self, index: int) -> None:
        from tracker.ui.daily import STAGES_PAGE

        if index == STAGES_PAGE and self._page is None:
            self.stages_page()

    def _menu_commands(self) -> MenuCommands:
        return MenuCommands(
            open_curriculum=self.open_curriculum,
            export=self.files.export,
            import_backup=self.files.import_backup,
            restore_from_backup=self.backups.restore_from_backup,
            check_database=self.backups.check_database,
            undo=self.undo,
            redo=self.redo,
            set_notes_shown=self.set_notes_shown,
            new_profile=self.profiles.add,
            rename_profile=self.profiles.rename,
            remove_profile=self.profiles.remove,
            show_about=self.dialogs.show_about,
            show_data_location=self.files.show_data_location,
            toggle_current_done=self.toggle_current_done,
            set_current_status=self.set_current_status,
        )

    def _connect(self) -> None:
        self.bridge.progress_changed.connect(self._on_change)
        self.bridge.curriculum_replaced.connect(self._curriculum_replaced)
        from tracker.ui import i18n

        i18n.notifier().changed.connect(self._language_switched)

    def _connect_page(self, page: StagesPage) -> None:
        page.stage_shown.connect(self._stage_shown)
        if self.hint is not None:
            page.task_picked.connect(self.hint.task_found)
        page.checklist.view.customContextMenuRequested.connect(self._checklist_menu)
        page.checklist_model.status_requested.connect(
            lambda task_id, status: self.set_status(task_id, TaskStatus(status))
        )
        page.header.plan_panel.target_requested.connect(self.set_target_date)
        page.notes.saved.connect(self.status.note_saved)
        page.notes.save_failed.connect(self.status.note_failed)

    # -- loading -------------------------------------------------------------------------------

    def reload_all(self) -> None:
        """Rebuild every view from the service (start, new curriculum, other profile)."""
        self.profiles.reload()
        self._update_title()
        if self._page is not None:
            self._reload_page(self._page)
        self._update_undo()
        if hasattr(self, "kept"):
            self.kept.refresh()
        self.retranslate()

    def _reload_page(self, page: StagesPage) -> None:
        if self.hint is not None:
            self.hint.reset()
        page.header.plan_panel.set_hours_per_week(self._hours_per_week())
        page.stage_model.reload()
        self._refresh_overall()
        wanted = self._wanted_stage_id()
        stage = self.service.curriculum.stage(wanted) if wanted else None
        self.select_stage(stage.id if stage is not None else resume_stage_id(self.service))

    def _curriculum_replaced(self) -> None:
        """Notes belong to one curriculum: show the new curriculum's note, then everything else."""
        if self._page is not None:
            self._page.notes.reload()
        self.reload_all()

    def _hours_per_week(self) -> float:
        return float(getattr(self.service, "hours_per_week", DEFAULT_HOURS_PER_WEEK))

    def _wanted_stage_id(self) -> str | None:
        """The stage to show after a reload: the one shown, or the one this profile saw last."""
        profile = self.service.profile.name
        page = self._page
        shown = page.stage.id if page is not None and page.stage is not None else None
        if shown is not None and profile == self._profile_shown:
            return shown
        self._profile_shown = profile
        return self.memory.last_stage(profile) or shown

    def select_stage(self, stage_id: str | None) -> None:
        self.stages_page().select_stage(stage_id)

    def _stage_shown(self, stage: Stage | None) -> None:
        if stage is not None:
            self.memory.remember_stage(self.service.profile.name, stage.id)

    def _show_stage_header(self) -> None:
        page = self._page
        if page is not None:
            page.show_header(page.stage, self.lang)

    def _stage_label(self, stage: Stage) -> str:
        return stage_label(stage, self.lang)

    def _refresh_overall(self) -> None:
        page = self._page
        if page is None:
            return
        counts = page.stage_model.overall()
        page.navigator.show_overall(counts)
        self._update_banner(counts)

    def _update_banner(self, counts: Counts | None = None) -> None:
        page = self._page
        if page is None or self.hint is None:
            return
        stages = self.service.curriculum.stages
        first = stages[0] if stages else None
        self.hint.update(counts or page.stage_model.overall(), first, self.lang)

    def _update_title(self) -> None:
        self.setWindowTitle(
            self.tr("LearnPath — {profile}").format(profile=self.service.profile.name)
        )

    # -- selection: tasks and concepts ---------------------------------------------------------

    @property
    def current_stage(self) -> Stage | None:
        """The stage the Stages page shows (before it is built: the one it will show)."""
        page = self._page
        if page is not None:
            return page.stage
        remembered = self.memory.last_stage(self.service.profile.name)
        curriculum = self.service.curriculum
        stage: Stage | None = curriculum.stage(remembered) if remembered else None
        return stage or curriculum.stage(resume_stage_id(self.service) or "")  # type: ignore[no-any-return]

    def open_search(self) -> None:
        """The quick-open palette (Ctrl+K, Ctrl+P), imported with the search on first use."""
        self.search_palette().open_over()

    def search_palette(self) -> SearchPalette:
        """The window's palette, made on first use."""
        from tracker.ui.search_palette import PaletteHooks, palette_for

        def focus_notes() -> None:
            self.set_notes_shown(True)
            self.notes_edit.setFocus()

        hooks = PaletteHooks(
            service=lambda: self.service,
            lang=lambda: self.lang,
            current_stage=lambda: self.current_stage,
            select_stage=self.select_stage,
            select_task=self.select_task,
            show_concept=self.show_concept,
            show_stage_note=self._show_guide_of,
            focus_checklist=self._focus_checklist,
            focus_notes=focus_notes,
            tick=lambda task_id: self.set_status(task_id, TaskStatus.DONE),
        )
        return palette_for(self, hooks, self.dialogs)

    def _show_guide_of(self, stage: Stage) -> None:
        self.page.show_guide_of(stage)

    def _focus_checklist(self) -> None:
        self.checklist_view.setFocus()

    def install_daily(self, *, dialogs: Any = None) -> DailyLoop:
        """Today first, the timer, History: the Stages page becomes one of the tabs."""
        from tracker.ui.daily import DailyHooks, DailyLoop

        hooks = DailyHooks(
            bridge=self.bridge,
            dialogs=self.dialogs,
            state=getattr(self.settings, "state", None),
            toolbar=self.toolbar,
            status_bar=self.statusBar(),
            lang=lambda: self.lang,
            current_task=self.current_task,
            current_stage=lambda: self.current_stage,
            set_status=self.set_status,
            hours_changed=self._hours_changed,
            stages_changed=self._stages_changed,
            reviewed=self.review_menu.reviewed,
        )
        self.daily = DailyLoop(hooks, self, dialogs=dialogs)
        self.daily.tabs.page_changed.connect(self._tab_shown)  # shown before it was built
        if self._page is None and self._stages_needed_now():
            self.stages_page()  # the remembered page: built before the first paint
        return self.daily

    def _hours_changed(self) -> None:
        if self._page is not None:
            self._page.header.plan_panel.set_hours_per_week(self._hours_per_week())

    def _stages_changed(self, stage_ids: Sequence[str]) -> None:
        if self._page is not None:
            self._page.refresh_stages(stage_ids)

    def current_task(self) -> Task | None:
        """The task picked in the checklist (none before the Stages page is built)."""
        return self._page.current_task() if self._page is not None else None

    def select_task(self, task_id: str) -> None:
        self.page.select_task(task_id)

    def _show_task_details(self, task: Task | None) -> None:
        if self._page is not None:
            self._page.show_task_details(task, self.service.curriculum, self.lang)

    def show_concept(self, concept_id: str, *, take_notes: bool = True) -> None:
        """Show a concept's summary (and its note); selects it in the list if it is there."""
        self.concepts.show_concept(concept_id, take_notes=take_notes)

    # -- changes -------------------------------------------------------------------------------

    def _attempt(self, title: str, action: Callable[[], T]) -> T | None:
        return attempt(self.dialogs, title, action)

    def set_status(self, task_id: str, status: TaskStatus) -> None:
        self._attempt(
            self.tr("Could not change the task"), lambda: self.bridge.set_status(task_id, status)
        )

    def set_current_status(self, status: TaskStatus) -> None:
        task = self.current_task()
        if task is not None:
            self.set_status(task.id, status)

    def toggle_current_done(self) -> None:
        task = self.current_task()
        if task is None:
            return
        done = self.checklist_model.status_of(task.id) is TaskStatus.DONE
        self.set_status(task.id, TaskStatus.TODO if done else TaskStatus.DONE)

    def set_target_date(self, stage_id: str, target: object) -> None:
        current = self.stage_model.progress_of(stage_id)
        if current is not None and current.target_date == target:
            return
        self._attempt(
            self.tr("Could not set the target date"),
            lambda: self.bridge.set_target_date(stage_id, target),  # type: ignore[arg-type]
        )

    def undo(self) -> None:
        if self._page is not None:
            self._page.notes.flush()
            self._page.header.plan_panel.flush()
        said = self._attempt(self.tr("Could not undo"), lambda: self.undo_guard.move(redo=False))
        if said:
            self.statusBar().showMessage(said, 8000)

    def redo(self) -> None:
        said = self._attempt(self.tr("Could not redo"), lambda: self.undo_guard.move(redo=True))
        if said:
            self.statusBar().showMessage(said, 8000)

    def _on_change(self, change: Change) -> None:
        if change.kind is ChangeKind.STATUS and change.item_id:
            self._status_changed(change)
        elif change.kind is ChangeKind.PLAN and change.item_id:
            self._plan_changed(change)
        elif change.kind in (ChangeKind.PROFILE, ChangeKind.IMPORT):
            self.statusBar().clearMessage()  # the last action was another profile's
            page = self._page
            if page is not None:
                page.notes.reload()
            self.reload_all()
            if page is not None:
                page.notes.offer_drafts()  # drafts of the profile now in use
        self._update_undo()

    def _status_changed(self, change: Change) -> None:
        """A tick: repaint the task's row and its module's, its stage's row and plan, the
        overall bar, and say what happened; nothing else is read again."""
        task_id = change.item_id or ""
        if self._page is not None:
            self._page.task_changed(task_id, _status_value(change.new))
            self._refresh_overall()
        task = self.service.curriculum.task(task_id)
        if task is not None:
            if self.current_task() == task:
                self._show_task_details(task)
            self.status.ticked(task.title.get(self.lang), TaskStatus(change.new or "todo"))

    def _plan_changed(self, change: Change) -> None:
        stage = self.service.curriculum.stage(change.item_id or "")
        if stage is None:
            return
        page = self._page
        if page is not None:
            page.stage_model.refresh_stage(stage.id)
            if page.stage is not None and stage.id == page.stage.id:
                self._show_stage_header()
        self.status.target_set(self._stage_label(stage), change.new)

    def refresh_from_outside(self) -> None:
        """Another program committed: show what the database holds now (see ``watcher``)."""
        title = self.tr("Could not switch profile")
        moved = self._attempt(
            title,
            lambda: self.bridge.leave_removed_profile(
                later=self._show_outside,
                failed_later=lambda error: self.dialogs.show_error(title, error_text(error)),
            ),
        )
        if not isinstance(moved, Queued):
            self._show_outside(moved)
        elif self.service.store_open:  # shown now; moved (and shown again) once it has looked
            self._show_outside(None)

    def _show_outside(self, moved: Change | None) -> None:
        if moved is not None:  # the broadcast change has reloaded every view
            self.dialogs.show_info(
                self.tr("Profile removed"),
                self.tr(
                    "The profile “{old}” was removed by another program. Now showing “{new}”."
                ).format(old=moved.old, new=moved.new),
            )
            return
        page = self._page
        if page is not None:
            page.stage_model.refresh_all()
            page.checklist_model.refresh_statuses(self.service.statuses())
            self._refresh_overall()
            self._show_stage_header()
            self._show_task_details(self.current_task())
        self.profiles.reload()
        if page is not None:
            page.notes.outside_changed()
        self._update_undo()
        self.kept.refresh(count=False)  # counted again on curriculum and profile changes

    def settle_note(self) -> bool:
        """Save the note before the profile or curriculum changes; False: the change must wait."""
        return self._page.notes.settle(self.dialogs) if self._page is not None else True

    def _flush_note(self) -> bool:
        """Store the note being typed (none before the Stages page exists)."""
        return self._page.notes.flush() if self._page is not None else True

    def _update_undo(self) -> None:
        self.menus.undo_action.setEnabled(self.bridge.can_undo())
        self.menus.redo_action.setEnabled(self.bridge.can_redo())

    def _checklist_menu(self, pos: QPoint) -> None:
        if self.current_task() is None:
            return
        menu = QMenu(self)
        for action in self.menus.status_actions():
            menu.addAction(action)
        menu.exec(self.checklist_view.viewport().mapToGlobal(pos))

    # -- profiles --------------------------------------------------------------------------------

    def switch_profile(self, name: str) -> None:
        self.profiles.switch_to(name)

    # -- curriculum, help ----------------------------------------------------------------------

    def open_curriculum(self) -> None:
        self.opener.open()

    def _data_folder(self) -> Path:
        return Path(self.data_dir or Path(self.service.database_path).parent)

    # -- language --------------------------------------------------------------------------------

    def set_content_language(self, lang: Lang) -> None:
        """Show the curriculum's own text (titles, goals, summaries) in ``lang``."""
        self.lang = lang
        if self._page is None:
            return  # the page is built in the language of the moment
        self._page.set_language(lang)
        self._show_stage_header()
        self._show_task_details(self.current_task())
        self._update_banner()

    def _language_switched(self, lang: str) -> None:
        self.set_content_language("zh" if lang == "zh" else "en")
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            lang = _current_lang()
            if lang != self.lang:
                self.set_content_language(lang)
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every UI string again in the current translation."""
        self._update_title()
        self.menus.retranslate()
        self.review_menu.retranslate()
        self.profiles.retranslate()
        self.toolbar.setWindowTitle(self.tr("Profile"))
        if hasattr(self, "kept"):
            self.kept.retranslate()
        if self._page is not None:
            self._retranslate_page(self._page)

    def _retranslate_page(self, page: StagesPage) -> None:
        page.retranslate()
        page.stage_model.set_language(self.lang)
        self._refresh_overall()
        if page.stage is not None:
            self._show_stage_header()
            self._show_task_details(self.current_task())

    # -- panes -----------------------------------------------------------------------------------

    def set_notes_shown(self, shown: bool, *, remember: bool = True) -> None:
        """Show or hide the notes pane (View → Show Notes); hidden, its room goes to the centre."""
        page = self._page
        if page is not None:  # else the page hides its notes when it is built
            if not shown:
                page.notes.flush()
            page.notes.setHidden(not shown)
        self.menus.notes_action.setChecked(shown)
        if remember:
            self.memory.remember_notes_shown(shown)

    def closeEvent(self, event: QCloseEvent) -> None:
        page = self._page
        if page is not None:
            page.header.plan_panel.flush()
        if page is not None and not page.notes.flush() and not page.notes.kept_as_draft():
            close_anyway = self.dialogs.confirm(
                self.tr("Note not saved"),
                self.tr("Your last note could not be saved. Close anyway and lose it?"),
            )
            if not close_anyway:
                event.ignore()
                return
        self.bridge.flush_writes()  # changes waiting for another program's lock go in now
        self.watcher.stop()  # the service may be closed next
        self.memory.save()
        self.backups.on_close()
        super().closeEvent(event)
