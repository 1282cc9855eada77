"""The main window: stages on the left, concepts beside the checklist, notes on the right.

Every change goes through the ``ProgressBridge``; the window listens to its one
``progress_changed`` signal and refreshes only what the change touched.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QPoint, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from tracker.curriculum.model import Lang, Stage, Task
from tracker.progress.records import (
    Change,
    ChangeKind,
    Counts,
    ItemKind,
    Pace,
    StageProgress,
    TaskStatus,
)
from tracker.ui.backup_actions import BackupActions
from tracker.ui.bridge import ProgressBridge, attempt
from tracker.ui.checklist_model import ChecklistFilter, ChecklistModel
from tracker.ui.checklist_panel import ChecklistPanel
from tracker.ui.checklist_scope import ChecklistScope
from tracker.ui.concept_view import ConceptListModel, ConceptPanel
from tracker.ui.drafts import FOLDER as DRAFTS
from tracker.ui.drafts import DraftKeeper
from tracker.ui.header import StageHeader
from tracker.ui.navigator import StageNavigator
from tracker.ui.notes import NotesPane
from tracker.ui.opening import CurriculumOpener
from tracker.ui.orphans_view import KeptProgress
from tracker.ui.profiles import ProfileSwitcher
from tracker.ui.review_menu import ReviewMenu
from tracker.ui.stage_model import StageListModel
from tracker.ui.texts import stage_label, status_text
from tracker.ui.undo_guard import UndoGuard, item_title, kept_title
from tracker.ui.watcher import OutsideChangesWatcher
from tracker.ui.widgets import MenuCommands, WindowMenus
from tracker.ui.window_state import WindowMemory

T = TypeVar("T")


def _status_value(value: str | None) -> TaskStatus | None:
    """The status a change's ``new`` names (no status: to do); None if it names none."""
    try:
        return TaskStatus(value or TaskStatus.TODO.value)
    except ValueError:
        return None


def _plan_shown(progress: StageProgress | None) -> tuple[object, ...] | None:
    """What the plan row shows of a stage's roll-up (``PlanPanel.show_stage``): the target
    date, the pace, and the hours left only with a pace other than finished. A tick changes it
    only now and then; the row is left alone otherwise."""
    if progress is None:
        return None
    pace = progress.pace
    hours = None if pace in (Pace.NO_TARGET, Pace.DONE) else progress.remaining_hours
    return (progress.target_date, pace, hours)


def _current_lang() -> Lang:
    from tracker.ui import i18n

    return i18n.current_lang()


class MainWindow(QMainWindow):
    """The learner's everyday window over one ``ProgressService`` (wrapped in a bridge)."""

    def __init__(
        self,
        progress: ProgressBridge | Any,
        *,
        settings: Any = None,
        dialogs: Any = None,
        data_dir: Path | None = None,
        cache_dir: Path | None = None,
        lang: Lang | None = None,
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
        self._stage: Stage | None = None
        self._begun = False
        """The learner has started something since the views were (re)loaded: the first-run
        banner stays away even if every task is unticked again (no layout jump mid-session)."""
        self._profile_shown = ""

        self._build_models()
        self._build_widgets()
        self.memory = WindowMemory(
            self,
            settings,
            main_splitter=self.main_splitter,
            centre_splitter=self.centre_splitter,
            notes=self.notes,
        )
        self.memory.spread_panes()
        self.backups = BackupActions(self)
        self.menus = WindowMenus(
            self,
            self._menu_commands(),
            checklist=self.checklist_view,
            filter_edit=self.filter_edit,
            preferences=getattr(settings, "preferences", None),
            lang=lambda: self.lang,
        )
        self.review_menu = ReviewMenu(self)  # spaced review: toolbar, menu, due per stage
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
        self.checklist_scope = ChecklistScope(self)  # all stages, note text, note marks
        for keys in ("Ctrl+K", "Ctrl+P"):  # find anything; the palette is built on first use
            QShortcut(QKeySequence(keys), self, self.open_search)
        from tracker.ui.cohort_sync import CohortSync

        self.cohort_sync = CohortSync(self)  # File → Join a Cohort…, background sync, indicator
        self._set_tab_order()
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
            navigator=self.navigator,
            view_menu=self.menus.view_menu,
            on_discarded=self.refresh_from_outside,
        )
        self.kept.refresh()

    # -- construction --------------------------------------------------------------------------

    @property
    def service(self) -> Any:
        return self.bridge.service

    def _build_models(self) -> None:
        self.stage_model = StageListModel(self.service, self.lang, self)
        self.checklist_model = ChecklistModel(self.service, self.lang, self)
        self.checklist_proxy = ChecklistFilter(self)
        self.checklist_proxy.setSourceModel(self.checklist_model)
        self.concept_model = ConceptListModel(self.service.curriculum, self.lang, self)

    def _build_widgets(self) -> None:
        self.navigator = StageNavigator(self.stage_model, self)
        self.stage_view = self.navigator.view
        self.overall_bar = self.navigator.overall_bar
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("main_splitter")
        self.main_splitter.addWidget(self.navigator)
        self.main_splitter.addWidget(self._build_centre())
        self.notes = NotesPane(self.bridge, self)
        self.notes.keep_drafts(DraftKeeper(self._data_folder() / DRAFTS, self))
        self.notes_edit = self.notes.notes_edit
        self.notes_preview = self.notes.preview
        self.main_splitter.addWidget(self.notes)
        for pane in range(3):  # all non-zero: every pane shrinks in proportion with the window
            self.main_splitter.setStretchFactor(pane, 1)
        self.main_splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main_splitter)
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

    def _menu_commands(self) -> MenuCommands:
        return MenuCommands(
            open_curriculum=self.open_curriculum,
            export=self.export,
            import_backup=self.import_backup,
            restore_from_backup=self.backups.restore_from_backup,
            check_database=self.backups.check_database,
            undo=self.undo,
            redo=self.redo,
            set_notes_shown=self.set_notes_shown,
            new_profile=self.new_profile,
            rename_profile=self.rename_profile,
            remove_profile=self.remove_profile,
            show_about=self.dialogs.show_about,
            show_data_location=self.show_data_location,
            toggle_current_done=self.toggle_current_done,
            set_current_status=self.set_current_status,
        )

    def _build_centre(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 6, 6, 6)
        self.header = StageHeader(panel)
        self.banner = self.header.banner
        self.stage_title = self.header.title
        self.stage_goal = self.header.goal
        self.plan_panel = self.header.plan_panel
        self.plan_panel.set_hours_per_week(self._hours_per_week())
        layout.addWidget(self.header)

        self.concepts = ConceptPanel(
            self.concept_model, lambda: self.service.curriculum, self.lang, panel
        )
        self.concept_view = self.concepts.view
        self.concept_summary = self.concepts.summary
        self.checklist = ChecklistPanel(self.checklist_proxy, panel)
        self.checklist_view = self.checklist.view
        self.filter_edit = self.checklist.filter_edit
        self.status_filter = self.checklist.status_filter
        self.task_details = self.checklist.details
        self.centre_splitter = QSplitter(Qt.Orientation.Horizontal, panel)
        self.centre_splitter.setObjectName("centre_splitter")
        self.centre_splitter.addWidget(self.concepts)
        self.centre_splitter.addWidget(self.checklist)
        self.centre_splitter.setStretchFactor(0, 2)
        self.centre_splitter.setStretchFactor(1, 3)
        self.centre_splitter.setChildrenCollapsible(False)
        layout.addWidget(self.centre_splitter, 1)
        return panel

    def _set_tab_order(self) -> None:
        """Tab walks the window the way a learner reads it: stages, concepts, checklist, notes."""
        chain = [
            self.stage_view,
            self.plan_panel.date_edit,
            self.plan_panel.clear_button,
            self.concept_view,
            self.concept_summary,
            self.filter_edit,
            self.status_filter,
            self.checklist.all_stages,
            self.checklist_view,
            self.task_details,
            self.notes.tabs,
            self.notes_edit,
            self.notes_preview,
            self.profile_combo,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.stage_view.setFocus(Qt.FocusReason.OtherFocusReason)  # where the chain starts

    def _connect(self) -> None:
        self.bridge.progress_changed.connect(self._on_change)
        self.bridge.curriculum_replaced.connect(self._curriculum_replaced)
        self.stage_view.selectionModel().selectionChanged.connect(self._stage_selected)
        self.checklist_view.selectionModel().currentRowChanged.connect(self._task_current)
        self.checklist_view.customContextMenuRequested.connect(self._checklist_menu)
        self.checklist_model.status_requested.connect(
            lambda task_id, status: self.set_status(task_id, TaskStatus(status))
        )
        self.concepts.concept_chosen.connect(self._concept_chosen)
        self.concepts.guide_chosen.connect(self._guide_chosen)
        self.banner.dismissed.connect(self._banner_dismissed)
        self.concepts.link_activated.connect(self._link_clicked)
        self.task_details.anchorClicked.connect(self._link_clicked)
        self.plan_panel.target_requested.connect(self.set_target_date)
        self.notes.saved.connect(self._note_saved)
        self.notes.save_failed.connect(self._note_failed)
        from tracker.ui import i18n

        i18n.notifier().changed.connect(self._language_switched)

    # -- loading -------------------------------------------------------------------------------

    def reload_all(self) -> None:
        """Rebuild every view from the service (start, new curriculum, other profile)."""
        self._begun = False  # another profile or curriculum may be untouched: banner again
        self.plan_panel.set_hours_per_week(self._hours_per_week())
        self.stage_model.reload()
        self.profiles.reload()
        self._update_title()
        self._refresh_overall()
        wanted = self._wanted_stage_id()
        stage = self.service.curriculum.stage(wanted) if wanted else None
        self.select_stage(stage.id if stage is not None else self._resume_stage_id())
        self._update_undo()
        if hasattr(self, "kept"):
            self.kept.refresh()
        self.retranslate()

    def _curriculum_replaced(self) -> None:
        """Notes belong to one curriculum: show the new curriculum's note, then everything else."""
        self.notes.reload()
        self.reload_all()

    def _hours_per_week(self) -> float:
        return float(getattr(self.service, "hours_per_week", self.plan_panel.hours_per_week))

    def _wanted_stage_id(self) -> str | None:
        """The stage to show after a reload: the one shown, or the one this profile saw last."""
        profile = self.service.profile.name
        shown = self._stage.id if self._stage is not None else None
        if shown is not None and profile == self._profile_shown:
            return shown
        self._profile_shown = profile
        return self.memory.last_stage(profile) or shown

    def _resume_stage_id(self) -> str | None:
        """The first stage with something left to do: where the learner picks up."""
        for progress in self.service.stages_progress():
            counts = progress.counts
            if counts.done + counts.skipped < counts.total:
                return progress.stage_id  # type: ignore[no-any-return]
        stages = self.service.curriculum.stages
        return stages[0].id if stages else None

    def select_stage(self, stage_id: str | None) -> None:
        row = self.stage_model.row_of(stage_id) if stage_id else -1
        if row < 0:
            self._show_stage(None)
            return
        index = self.stage_model.index(row, 0)
        if self.stage_view.currentIndex() == index:
            self._show_stage(self.stage_model.stage_at(row))
        self.stage_view.setCurrentIndex(index)

    def _stage_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._show_stage(self.stage_model.stage_at(indexes[0].row()))

    def _show_stage(self, stage: Stage | None) -> None:
        self.plan_panel.flush()
        self._stage = stage
        self.checklist_model.set_stage(stage)
        self.concept_model.set_stage(self.service.curriculum, stage)
        self.concepts.set_stage(stage)
        self.checklist.expand_all()  # at once, or as soon as the checklist shows
        self.concepts.show_first()  # something to read straight away
        self.banner.release_space()  # the whole centre changes now: a gap may close
        self._show_stage_header()
        self._show_task_details(None)
        if stage is not None:
            self.notes.set_item((ItemKind.STAGE, stage.id), self._stage_label(stage))
            self.memory.remember_stage(self.service.profile.name, stage.id)
        else:
            self.notes.set_item(None, "")

    def _show_stage_header(self) -> None:
        stage = self._stage
        progress = self.stage_model.progress_of(stage.id) if stage is not None else None
        self.header.show_stage(stage, progress, self.lang)

    def _stage_label(self, stage: Stage) -> str:
        return stage_label(stage, self.lang)

    def _refresh_overall(self) -> None:
        counts = self.stage_model.overall()
        self.navigator.show_overall(counts)
        self._update_banner(counts)

    def _update_banner(self, counts: Counts | None = None) -> None:
        if counts is None:
            counts = self.stage_model.overall()
        first = self.service.curriculum.stages[0] if self.service.curriculum.stages else None
        if counts.done + counts.in_progress + counts.skipped:
            self._begun = True
        if self._begun or first is None or self.memory.banner_dismissed():
            self.banner.retire()  # its space stays until the next stage switch
            return
        self.banner.show_hint(
            self.tr(
                "New here? Start with {stage}: read a concept on the left, then tick a "
                "task when you finish it (click its box or press Space)."
            ).format(stage=stage_label(first, self.lang))
        )

    def _banner_dismissed(self) -> None:
        self._begun = True
        self.memory.dismiss_banner()

    def _update_title(self) -> None:
        self.setWindowTitle(
            self.tr("LearnPath — {profile}").format(profile=self.service.profile.name)
        )

    # -- selection: tasks and concepts ---------------------------------------------------------

    @property
    def current_stage(self) -> Stage | None:
        return self._stage

    def open_search(self) -> None:
        """The quick-open palette (Ctrl+K, Ctrl+P), imported with the search on first use."""
        from tracker.ui.search_palette import palette_for

        palette_for(self).open_over()

    def current_task(self) -> Task | None:
        source = self.checklist_proxy.mapToSource(self.checklist_view.currentIndex())
        return self.checklist_model.task_at(source)

    def select_task(self, task_id: str) -> None:
        source = self.checklist_model.index_of_task(task_id)
        index = self.checklist_proxy.mapFromSource(source)
        if index.isValid():
            self.checklist_view.setCurrentIndex(index)

    def _task_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        task = self.checklist_model.task_at(self.checklist_proxy.mapToSource(current))
        self._show_task_details(task)
        if task is not None and not self._begun:
            self._begun = True  # the learner has found the checklist: the hint has done its job
            self.banner.retire()
        if task is not None:
            self.notes.set_item((ItemKind.TASK, task.id), task.title.get(self.lang))
        elif self._stage is not None:
            self.notes.set_item((ItemKind.STAGE, self._stage.id), self._stage_label(self._stage))

    def _show_task_details(self, task: Task | None) -> None:
        status = self.checklist_model.status_of(task.id) if task is not None else TaskStatus.TODO
        self.task_details.show_task(task, status, self.service.curriculum, self.lang)

    def show_concept(self, concept_id: str, *, take_notes: bool = True) -> None:
        """Show a concept's summary (and its note); selects it in the list if it is there."""
        self.concepts.show_concept(concept_id, take_notes=take_notes)

    def _concept_chosen(self, concept_id: str) -> None:
        concept = self.service.curriculum.concept(concept_id)
        if concept is not None:
            self.notes.set_item((ItemKind.CONCEPT, concept.id), concept.title.get(self.lang))

    def _guide_chosen(self, stage_id: str) -> None:
        stage = self.service.curriculum.stage(stage_id)
        if stage is not None:
            self.notes.set_item((ItemKind.STAGE, stage.id), self._stage_label(stage))

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() == "concept":
            self.show_concept(url.path())

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
        self.notes.flush()
        self.plan_panel.flush()
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
            self.notes.reload()
            self.reload_all()
            self.notes.offer_drafts()  # drafts of the profile now in use
        self._update_undo()

    def _status_changed(self, change: Change) -> None:
        """A tick: repaint the task's row and its module's, its stage's row and plan, the
        overall bar, and say what happened; nothing else is read again."""
        task_id = change.item_id or ""
        self.checklist_model.refresh_task(task_id, _status_value(change.new))
        stage = self.service.curriculum.stage_of(task_id)
        if stage is not None:
            before = self.stage_model.progress_of(stage.id)
            after = self.stage_model.refresh_stage(stage.id)
            shown = self._stage is not None and stage.id == self._stage.id
            if shown and _plan_shown(before) != _plan_shown(after):
                self.plan_panel.show_stage(stage.id, after)
        self._refresh_overall()
        task = self.service.curriculum.task(task_id)
        if task is not None:
            if self.current_task() == task:
                self._show_task_details(task)
            self.statusBar().showMessage(
                self.tr("Marked “{task}” as {status}").format(
                    task=task.title.get(self.lang),
                    status=status_text(TaskStatus(change.new or "todo")).lower(),
                )
            )

    def _plan_changed(self, change: Change) -> None:
        stage = self.service.curriculum.stage(change.item_id or "")
        if stage is None:
            return
        self.stage_model.refresh_stage(stage.id)
        if self._stage is not None and stage.id == self._stage.id:
            self._show_stage_header()
        if change.new:
            message = self.tr("Target date for {stage}: {date}").format(
                stage=self._stage_label(stage), date=change.new
            )
        else:
            message = self.tr("Cleared the target date for {stage}").format(
                stage=self._stage_label(stage)
            )
        self.statusBar().showMessage(message)

    def refresh_from_outside(self) -> None:
        """Another program committed: show what the database holds now (see ``watcher``)."""
        moved = self._attempt(
            self.tr("Could not switch profile"), self.bridge.leave_removed_profile
        )
        if moved is not None:  # the broadcast change has reloaded every view
            self.dialogs.show_info(
                self.tr("Profile removed"),
                self.tr(
                    "The profile “{old}” was removed by another program. Now showing “{new}”."
                ).format(old=moved.old, new=moved.new),
            )
            return
        self.stage_model.refresh_all()
        self.checklist_model.refresh_statuses(self.service.statuses())
        self._refresh_overall()
        self._show_stage_header()
        self._show_task_details(self.current_task())
        self.profiles.reload()
        self.notes.outside_changed()
        self._update_undo()
        self.kept.refresh(count=False)  # counted again on curriculum and profile changes

    def settle_note(self) -> bool:
        """Save the note before the profile or curriculum changes; False: the change must wait."""
        return self.notes.settle(self.dialogs)

    def _update_undo(self) -> None:
        self.menus.undo_action.setEnabled(self.bridge.can_undo())
        self.menus.redo_action.setEnabled(self.bridge.can_redo())

    def _note_saved(self, label: str, when: Any) -> None:
        self.statusBar().showMessage(
            self.tr("Saved note on {item} at {time}").format(
                item=label, time=when.strftime("%H:%M")
            )
        )

    def _note_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("Could not save the note; it is kept here and will be retried: {error}").format(
                error=message
            )
        )

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

    def new_profile(self) -> None:
        self.profiles.add()

    def rename_profile(self) -> None:
        self.profiles.rename()

    def remove_profile(self) -> None:
        self.profiles.remove()

    # -- curriculum, help ----------------------------------------------------------------------

    def open_curriculum(self) -> None:
        self.opener.open()

    def export(self) -> None:
        """File → Export…: the dialog, window-modal without blocking the event loop."""
        from tracker.ui.export_dialog import ExportDialog

        self.notes.flush()
        dialog = ExportDialog(self.service, self, self.settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self._export_dialog = dialog  # the one open last

    def import_backup(self) -> None:
        """File → Import Backup…, once the note being typed is saved."""
        from tracker.ui.export_dialog import run_import

        if not self.settle_note():
            return  # the note could not be saved and the learner keeps editing it
        change = run_import(self, self.service, self.dialogs)
        if change is not None:
            self.bridge.broadcast(change)

    def _data_folder(self) -> Path:
        return Path(self.data_dir or Path(self.service.database_path).parent)

    def show_data_location(self) -> None:
        self.dialogs.show_data_location(self._data_folder())

    # -- language --------------------------------------------------------------------------------

    def set_content_language(self, lang: Lang) -> None:
        """Show the curriculum's own text (titles, goals, summaries) in ``lang``."""
        self.lang = lang
        for model in (self.stage_model, self.checklist_model, self.concept_model):
            model.set_language(lang)
        self._show_stage_header()
        self._show_task_details(self.current_task())
        self.concepts.set_language(lang)
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
        self.navigator.retranslate()
        self.concepts.retranslate()
        self.checklist.retranslate()
        self.header.retranslate()
        self.profiles.retranslate()
        self.toolbar.setWindowTitle(self.tr("Profile"))
        self.notes.retranslate()
        if hasattr(self, "kept"):
            self.kept.retranslate()
        self.checklist_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        self.stage_model.set_language(self.lang)
        self._refresh_overall()
        if self._stage is not None:
            self._show_stage_header()
            self._show_task_details(self.current_task())

    # -- panes -----------------------------------------------------------------------------------

    def set_notes_shown(self, shown: bool, *, remember: bool = True) -> None:
        """Show or hide the notes pane (View → Show Notes); hidden, its room goes to the centre."""
        if not shown:
            self.notes.flush()
        self.notes.setHidden(not shown)
        self.menus.notes_action.setChecked(shown)
        if remember:
            self.memory.remember_notes_shown(shown)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.plan_panel.flush()
        if not self.notes.flush() and not self.notes.kept_as_draft():
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
