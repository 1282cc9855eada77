"""The main window: stages on the left, concepts beside the checklist, notes on the right.

Every change goes through the ``ProgressBridge``; the window listens to its one
``progress_changed`` signal and refreshes only what the change touched.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QByteArray, QEvent, QItemSelection, QModelIndex, QPoint, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tracker.curriculum.model import Concept, Lang, Stage, Task
from tracker.progress.records import Change, ChangeKind, ItemKind, TaskStatus
from tracker.ui.bridge import ProgressBridge, user_error_types
from tracker.ui.delegates import StageDelegate
from tracker.ui.models import (
    CONCEPT_ID_ROLE,
    ChecklistFilter,
    ChecklistModel,
    ConceptListModel,
    StageListModel,
    counts_text,
    hours_text,
    kind_text,
    stage_label,
    status_text,
)
from tracker.ui.notes import NotesPane
from tracker.ui.plan import PlanPanel
from tracker.ui.widgets import WindowMenus

T = TypeVar("T")

STATUS_FILTERS: tuple[tuple[str, frozenset[TaskStatus] | None], ...] = (
    ("all", None),
    ("open", frozenset({TaskStatus.TODO, TaskStatus.IN_PROGRESS})),
    ("todo", frozenset({TaskStatus.TODO})),
    ("in_progress", frozenset({TaskStatus.IN_PROGRESS})),
    ("done", frozenset({TaskStatus.DONE})),
    ("skipped", frozenset({TaskStatus.SKIPPED})),
)


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
        self._quiet_concept = False

        self._build_models()
        self._build_widgets()
        self.menus = WindowMenus(self)
        self._connect()
        self.retranslate()
        self.reload_all()
        self._restore_ui_state()

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
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("main_splitter")
        self.main_splitter.addWidget(self._build_navigator())
        self.main_splitter.addWidget(self._build_centre())
        self.notes = NotesPane(self.bridge, self)
        self.notes_edit = self.notes.notes_edit
        self.notes_preview = self.notes.preview
        self.main_splitter.addWidget(self.notes)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setStretchFactor(2, 0)
        self.main_splitter.setSizes([260, 820, 340])
        self.main_splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main_splitter)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.profile_label = QLabel(self)
        self.profile_combo = QComboBox(self)
        self.profile_combo.setMinimumContentsLength(12)
        self.profile_label.setBuddy(self.profile_combo)
        self.toolbar.addWidget(self.profile_label)
        self.toolbar.addWidget(self.profile_combo)
        self.addToolBar(self.toolbar)
        self.resize(1420, 860)

    def _build_navigator(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 6, 0, 6)
        self.overall_label = QLabel(panel)
        self.overall_bar = QProgressBar(panel)
        self.overall_bar.setRange(0, 1000)
        self.overall_bar.setTextVisible(True)
        self.stages_label = QLabel(panel)
        self.stage_view = QListView(panel)
        self.stage_view.setModel(self.stage_model)
        self.stage_view.setItemDelegate(StageDelegate(self.stage_view))
        self.stage_view.setUniformItemSizes(True)
        self.stage_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stages_label.setBuddy(self.stage_view)
        layout.addWidget(self.overall_label)
        layout.addWidget(self.overall_bar)
        layout.addSpacing(6)
        layout.addWidget(self.stages_label)
        layout.addWidget(self.stage_view, 1)
        panel.setMinimumWidth(200)
        return panel

    def _build_centre(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 6, 6, 6)
        self.banner = QLabel(panel)
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setMargin(8)
        self.banner.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.banner.setAutoFillBackground(True)
        self.stage_title = QLabel(panel)
        title_font = QFont(self.stage_title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.stage_title.setFont(title_font)
        self.stage_title.setWordWrap(True)
        self.stage_title.setTextFormat(Qt.TextFormat.PlainText)
        self.stage_goal = QLabel(panel)
        self.stage_goal.setWordWrap(True)
        self.stage_goal.setTextFormat(Qt.TextFormat.PlainText)
        self.stage_goal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plan_panel = PlanPanel(panel)
        layout.addWidget(self.banner)
        layout.addWidget(self.stage_title)
        layout.addWidget(self.stage_goal)
        layout.addWidget(self.plan_panel)

        self.centre_splitter = QSplitter(Qt.Orientation.Horizontal, panel)
        self.centre_splitter.setObjectName("centre_splitter")
        self.centre_splitter.addWidget(self._build_concepts())
        self.centre_splitter.addWidget(self._build_checklist())
        self.centre_splitter.setStretchFactor(0, 2)
        self.centre_splitter.setStretchFactor(1, 3)
        self.centre_splitter.setChildrenCollapsible(False)
        self.centre_splitter.setSizes([320, 560])
        layout.addWidget(self.centre_splitter, 1)
        return panel

    def _build_concepts(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.concepts_label = QLabel(panel)
        self.concept_view = QListView(panel)
        self.concept_view.setModel(self.concept_model)
        self.concept_view.setWordWrap(True)
        self.concepts_label.setBuddy(self.concept_view)
        self.concept_summary = QTextBrowser(panel)
        self.concept_summary.setOpenLinks(False)
        layout.addWidget(self.concepts_label)
        layout.addWidget(self.concept_view, 2)
        layout.addWidget(self.concept_summary, 3)
        return panel

    def _build_checklist(self) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.checklist_label = QLabel(panel)
        self.filter_edit = QLineEdit(panel)
        self.filter_edit.setClearButtonEnabled(True)
        self.status_filter = QComboBox(panel)
        filters.addWidget(self.checklist_label)
        filters.addStretch(1)
        filters.addWidget(self.filter_edit, 2)
        filters.addWidget(self.status_filter)
        self.checklist_view = QTreeView(panel)
        self.checklist_view.setModel(self.checklist_proxy)
        self.checklist_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checklist_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.checklist_view.setAllColumnsShowFocus(True)
        self.checklist_view.setUniformRowHeights(True)
        self.checklist_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.checklist_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.checklist_label.setBuddy(self.checklist_view)
        self.task_details = QTextBrowser(panel)
        self.task_details.setOpenLinks(False)
        self.task_details.setMaximumHeight(120)
        layout.addLayout(filters)
        layout.addWidget(self.checklist_view, 1)
        layout.addWidget(self.task_details)
        return panel

    def _connect(self) -> None:
        self.bridge.progress_changed.connect(self._on_change)
        self.bridge.curriculum_replaced.connect(self.reload_all)
        self.stage_view.selectionModel().selectionChanged.connect(self._stage_selected)
        self.checklist_view.selectionModel().currentRowChanged.connect(self._task_current)
        self.checklist_view.customContextMenuRequested.connect(self._checklist_menu)
        self.checklist_model.status_requested.connect(
            lambda task_id, status: self.set_status(task_id, TaskStatus(status))
        )
        self.concept_view.selectionModel().currentChanged.connect(self._concept_current)
        self.concept_view.clicked.connect(self._concept_clicked)
        self.concept_view.activated.connect(self._concept_clicked)
        self.task_details.anchorClicked.connect(self._link_clicked)
        self.concept_summary.anchorClicked.connect(self._link_clicked)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        self.plan_panel.target_requested.connect(self.set_target_date)
        self.profile_combo.activated.connect(self._profile_chosen)
        self.notes.saved.connect(self._note_saved)
        self.notes.save_failed.connect(self._note_failed)
        from tracker.ui import i18n

        i18n.notifier().changed.connect(self._language_switched)

    # -- loading -------------------------------------------------------------------------------

    def reload_all(self) -> None:
        """Rebuild every view from the service (start, new curriculum, other profile)."""
        keep = self._stage.id if self._stage is not None else None
        self.stage_model.reload()
        self._reload_profiles()
        self._refresh_overall()
        stage = self.service.curriculum.stage(keep) if keep else None
        self.select_stage(stage.id if stage is not None else self._resume_stage_id())
        self._update_undo()
        self.retranslate()

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
        self.checklist_view.expandAll()
        self.concept_summary.clear()
        if self.concept_model.rowCount() > 0:
            # Something to read straight away; the notes stay on the stage until asked.
            self._quiet_concept = True
            try:
                self.concept_view.setCurrentIndex(self.concept_model.index(0, 0))
            finally:
                self._quiet_concept = False
        self._show_stage_header()
        self._show_task_details(None)
        if stage is not None:
            self.notes.set_item((ItemKind.STAGE, stage.id), self._stage_label(stage))
        else:
            self.notes.set_item(None, "")

    def _show_stage_header(self) -> None:
        stage = self._stage
        if stage is None:
            self.stage_title.setText("")
            self.stage_goal.setText("")
            self.plan_panel.show_stage(None, None)
            return
        self.stage_title.setText(self._stage_label(stage))
        self.stage_goal.setText(stage.goal.get(self.lang))
        self.plan_panel.show_stage(stage.id, self.stage_model.progress_of(stage.id))

    def _stage_label(self, stage: Stage) -> str:
        return stage_label(stage, self.lang)

    def _refresh_overall(self) -> None:
        counts = self.service.overall()
        self.overall_bar.setValue(round(counts.percent * 10))
        self.overall_bar.setFormat(f"{counts.percent:.0f}%")
        self.overall_label.setText(
            self.tr("Overall: {counts}").format(counts=counts_text(counts))
            + (self.tr(" · {n} skipped").format(n=counts.skipped) if counts.skipped else "")
        )
        self.overall_bar.setAccessibleDescription(counts_text(counts))
        self._update_banner()

    def _update_banner(self) -> None:
        counts = self.service.overall()
        first = self.service.curriculum.stages[0] if self.service.curriculum.stages else None
        fresh = counts.done + counts.in_progress + counts.skipped == 0 and first is not None
        if fresh and first is not None:
            self.banner.setText(
                self.tr(
                    "New here? Start with {stage}: read a concept on the left, then tick a "
                    "task when you finish it (click its box or press Space)."
                ).format(stage=stage_label(first, self.lang))
            )
        self.banner.setVisible(fresh)

    def _reload_profiles(self) -> None:
        current = self.service.profile.name
        self.profile_combo.blockSignals(True)
        try:
            self.profile_combo.clear()
            for profile in self.service.profiles():
                self.profile_combo.addItem(profile.name)
            self.profile_combo.setCurrentIndex(self.profile_combo.findText(current))
        finally:
            self.profile_combo.blockSignals(False)
        self._update_title()

    def _update_title(self) -> None:
        self.setWindowTitle(
            self.tr("LearnPath — {profile}").format(profile=self.service.profile.name)
        )

    # -- selection: tasks and concepts ---------------------------------------------------------

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
        if task is not None:
            self.notes.set_item((ItemKind.TASK, task.id), task.title.get(self.lang))
        elif self._stage is not None:
            self.notes.set_item((ItemKind.STAGE, self._stage.id), self._stage_label(self._stage))

    def _show_task_details(self, task: Task | None) -> None:
        if task is None:
            self.task_details.setHtml(
                html.escape(self.tr("Select a task to see its details and concepts."))
            )
            return
        curriculum = self.service.curriculum
        parts = [
            f"<b>{html.escape(task.title.get(self.lang))}</b>",
            html.escape(
                " · ".join(
                    filter(
                        None,
                        (
                            kind_text(task.kind),
                            hours_text(task.estimate_hours),
                            status_text(self.checklist_model.status_of(task.id)),
                        ),
                    )
                )
            ),
        ]
        if task.details is not None:
            parts.append(html.escape(task.details.get(self.lang)))
        links = [
            f'<a href="concept:{html.escape(cid)}">{html.escape(concept.title.get(self.lang))}</a>'
            for cid in task.concepts
            if (concept := curriculum.concept(cid)) is not None
        ]
        if links:
            parts.append(html.escape(self.tr("Concepts:")) + " " + ", ".join(links))
        self.task_details.setHtml("<br>".join(parts))

    def _concept_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        concept_id = current.data(CONCEPT_ID_ROLE) if current.isValid() else None
        if concept_id:
            self.show_concept(concept_id, take_notes=not self._quiet_concept)

    def _concept_clicked(self, index: QModelIndex) -> None:
        concept_id = index.data(CONCEPT_ID_ROLE)
        if concept_id:
            self.show_concept(concept_id)

    def show_concept(self, concept_id: str, *, take_notes: bool = True) -> None:
        """Show a concept's summary (and its note); selects it in the list if it is there."""
        concept = self.service.curriculum.concept(concept_id)
        if concept is None:
            return
        row = self.concept_model.row_of(concept_id)
        if row >= 0 and self.concept_view.currentIndex().row() != row:
            self.concept_view.setCurrentIndex(self.concept_model.index(row, 0))
            return  # _concept_current comes back here
        self.concept_summary.setHtml(self._concept_html(concept))
        if take_notes:
            self.notes.set_item((ItemKind.CONCEPT, concept.id), concept.title.get(self.lang))

    def _concept_html(self, concept: Concept) -> str:
        lang = self.lang
        out = [
            f"<h3>{html.escape(concept.title.get(lang))}</h3>",
            f"<p>{html.escape(concept.summary.get(lang))}</p>",
        ]
        if concept.points:
            items = "".join(f"<li>{html.escape(p.get(lang))}</li>" for p in concept.points)
            out.append(f"<ul>{items}</ul>")
        if concept.timeline:
            out.append(f"<h4>{html.escape(self.tr('Timeline'))}</h4>")
            rows = "".join(
                f"<tr><td><b>{html.escape(e.when)}</b>&nbsp;&nbsp;</td>"
                f"<td>{html.escape(e.text.get(lang))}</td></tr>"
                for e in concept.timeline
            )
            out.append(f"<table>{rows}</table>")
        related = [
            f'<a href="concept:{html.escape(cid)}">{html.escape(other.title.get(lang))}</a>'
            for cid in concept.related
            if (other := self.service.curriculum.concept(cid)) is not None
        ]
        if related:
            out.append(f"<p>{html.escape(self.tr('Related:'))} {', '.join(related)}</p>")
        return "".join(out)

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() == "concept":
            self.show_concept(url.path())

    def _filter_changed(self, *_args: object) -> None:
        self.checklist_proxy.set_text(self.filter_edit.text())
        index = max(0, self.status_filter.currentIndex())
        self.checklist_proxy.set_statuses(STATUS_FILTERS[index][1])
        self.checklist_view.expandAll()

    # -- changes -------------------------------------------------------------------------------

    def _attempt(self, title: str, action: Callable[[], T]) -> T | None:
        """Run a change; show the user's faults (bad name, locked database) as a dialog."""
        try:
            return action()
        except user_error_types() as error:
            self.dialogs.show_error(title, str(error))
            return None

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
        change = self._attempt(self.tr("Could not undo"), self.bridge.undo)
        if change is None:
            self.statusBar().showMessage(self.tr("Nothing to undo"), 4000)

    def redo(self) -> None:
        change = self._attempt(self.tr("Could not redo"), self.bridge.redo)
        if change is None:
            self.statusBar().showMessage(self.tr("Nothing to redo"), 4000)

    def _on_change(self, change: Change) -> None:
        if change.kind is ChangeKind.STATUS and change.item_id:
            self._status_changed(change)
        elif change.kind is ChangeKind.PLAN and change.item_id:
            self._plan_changed(change)
        elif change.kind in (ChangeKind.PROFILE, ChangeKind.IMPORT):
            self.notes.reload()
            self.reload_all()
        self._update_undo()

    def _status_changed(self, change: Change) -> None:
        task_id = change.item_id or ""
        self.checklist_model.refresh_task(task_id)
        stage = self.service.curriculum.stage_of(task_id)
        if stage is not None:
            self.stage_model.refresh_stage(stage.id)
            if self._stage is not None and stage.id == self._stage.id:
                self._show_stage_header()
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
        if name == self.service.profile.name:
            return
        self.notes.flush()
        self._attempt(self.tr("Could not switch profile"), lambda: self.bridge.switch_profile(name))

    def _profile_chosen(self, index: int) -> None:
        name = self.profile_combo.itemText(index)
        self.switch_profile(name)
        self._reload_profiles()

    def new_profile(self) -> None:
        name = self.dialogs.ask_text(self.tr("New profile"), self.tr("Name of the new profile:"))
        if not name:
            return
        added = self._attempt(
            self.tr("Could not add the profile"), lambda: self.bridge.add_profile(name)
        )
        if added is not None:
            self.switch_profile(name)

    def rename_profile(self) -> None:
        old = self.service.profile.name
        new = self.dialogs.ask_text(self.tr("Rename profile"), self.tr("New name:"), old)
        if new and new != old:
            self._attempt(
                self.tr("Could not rename the profile"),
                lambda: self.bridge.rename_profile(old, new),
            )
            self._reload_profiles()

    def remove_profile(self) -> None:
        """Remove the current profile; the service then opens the most recently used other one."""
        name = self.service.profile.name
        if len(self.service.profiles()) <= 1:
            self.dialogs.show_error(
                self.tr("Could not remove the profile"),
                self.tr("This is the only profile; add another one first."),
            )
            return
        question = self.tr(
            "Remove the profile “{name}” with all its progress and notes? This cannot be undone."
        ).format(name=name)
        if not self.dialogs.confirm(self.tr("Remove profile"), question):
            return
        self.notes.flush()
        self._attempt(
            self.tr("Could not remove the profile"), lambda: self.bridge.remove_profile(name)
        )
        self._reload_profiles()

    # -- curriculum, help ----------------------------------------------------------------------

    def open_curriculum(self) -> None:
        path = self.dialogs.ask_open_curriculum()
        if path is None:
            return
        from tracker.curriculum.errors import CurriculumError
        from tracker.curriculum.loader import load_curriculum

        title = self.tr("Could not open the curriculum")
        try:
            curriculum = load_curriculum(Path(path))
        except CurriculumError as error:
            self.dialogs.show_error(title, "\n".join(str(p) for p in error.problems))
            return
        except OSError as error:
            self.dialogs.show_error(title, str(error))
            return
        self.notes.flush()
        self._attempt(title, lambda: self.bridge.set_curriculum(curriculum))
        if self.settings is not None and hasattr(self.settings, "state"):
            self.settings.state.last_curriculum = str(path)
        self.statusBar().showMessage(
            self.tr("Opened {title}").format(title=curriculum.title.get(self.lang))
        )

    def show_data_location(self) -> None:
        folder = self.data_dir or Path(self.service.database_path).parent
        self.dialogs.show_data_location(Path(folder))

    # -- language --------------------------------------------------------------------------------

    def set_content_language(self, lang: Lang) -> None:
        """Show the curriculum's own text (titles, goals, summaries) in ``lang``."""
        self.lang = lang
        for model in (self.stage_model, self.checklist_model, self.concept_model):
            model.set_language(lang)
        self._show_stage_header()
        self._show_task_details(self.current_task())
        current = self.concept_view.currentIndex()
        if current.isValid():
            concept = self.concept_model.concept_at(current.row())
            if concept is not None:
                self.concept_summary.setHtml(self._concept_html(concept))
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
        self.overall_bar.setAccessibleName(self.tr("Overall progress"))
        self.stages_label.setText(self.tr("&Stages"))
        self.stage_view.setAccessibleName(self.tr("Stages"))
        self.concepts_label.setText(self.tr("&Concepts"))
        self.concept_view.setAccessibleName(self.tr("Concepts of this stage"))
        self.concept_summary.setAccessibleName(self.tr("Concept summary"))
        self.concept_summary.setPlaceholderText(
            self.tr("Select a concept to read its summary, key points and history.")
        )
        self.checklist_label.setText(self.tr("Chec&klist"))
        self.checklist_view.setAccessibleName(self.tr("Checklist"))
        self.task_details.setAccessibleName(self.tr("Task details"))
        self.filter_edit.setPlaceholderText(self.tr("Filter tasks…"))
        self.filter_edit.setAccessibleName(self.tr("Filter tasks"))
        self.status_filter.setAccessibleName(self.tr("Show tasks by status"))
        self._fill_status_filter()
        self.stage_title.setAccessibleName(self.tr("Stage"))
        self.stage_goal.setAccessibleName(self.tr("Stage goal"))
        self.profile_label.setText(self.tr("&Profile:"))
        self.profile_combo.setAccessibleName(self.tr("Profile"))
        self.toolbar.setWindowTitle(self.tr("Profile"))
        self.plan_panel.retranslate()
        self.notes.retranslate()
        self.checklist_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        self.stage_model.set_language(self.lang)
        self._refresh_overall()
        if self._stage is not None:
            self._show_stage_header()
            self._show_task_details(self.current_task())

    def _fill_status_filter(self) -> None:
        names = {
            "all": self.tr("All tasks"),
            "open": self.tr("Open (to do or in progress)"),
            "todo": self.tr("To do"),
            "in_progress": self.tr("In progress"),
            "done": self.tr("Done"),
            "skipped": self.tr("Skipped"),
        }
        current = max(0, self.status_filter.currentIndex())
        self.status_filter.blockSignals(True)
        try:
            self.status_filter.clear()
            for key, _statuses in STATUS_FILTERS:
                self.status_filter.addItem(names[key], key)
            self.status_filter.setCurrentIndex(current)
        finally:
            self.status_filter.blockSignals(False)

    # -- remembered state --------------------------------------------------------------------

    def _restore_ui_state(self) -> None:
        state = getattr(self.settings, "state", None)
        if state is None:
            return
        if not state.window_geometry.isEmpty():
            self.restoreGeometry(state.window_geometry)
        if not state.window_state.isEmpty():
            self.restoreState(state.window_state)
        for splitter in (self.main_splitter, self.centre_splitter):
            saved = state.splitter(splitter.objectName())
            if not saved.isEmpty():
                splitter.restoreState(saved)

    def _save_ui_state(self) -> None:
        state = getattr(self.settings, "state", None)
        if state is None:
            return
        state.window_geometry = QByteArray(self.saveGeometry())
        state.window_state = QByteArray(self.saveState())
        for splitter in (self.main_splitter, self.centre_splitter):
            state.set_splitter(splitter.objectName(), splitter.saveState())
        if hasattr(self.settings, "sync"):
            self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.plan_panel.flush()
        if not self.notes.flush():
            close_anyway = self.dialogs.confirm(
                self.tr("Note not saved"),
                self.tr("Your last note could not be saved. Close anyway and lose it?"),
            )
            if not close_anyway:
                event.ignore()
                return
        self._save_ui_state()
        super().closeEvent(event)
