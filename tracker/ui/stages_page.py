"""The Stages page of the main window: stages on the left, concepts beside the checklist in the
centre (under the stage's header), notes on the right, and the models the panes show.

The page only builds and lays out; the window wires what a learner does to the progress bridge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QUrl, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from tracker.curriculum.model import Curriculum, Lang, Stage, Task
from tracker.progress.records import ItemKind, Pace, StageProgress, TaskStatus
from tracker.ui.bridge import ProgressBridge
from tracker.ui.checklist_filter import ChecklistFilter
from tracker.ui.checklist_model import ChecklistModel
from tracker.ui.checklist_panel import ChecklistPanel
from tracker.ui.checklist_scope import ChecklistScope
from tracker.ui.concept_view import ConceptListModel, ConceptPanel
from tracker.ui.drafts import FOLDER as DRAFTS
from tracker.ui.drafts import DraftKeeper
from tracker.ui.header import StageHeader
from tracker.ui.navigator import StageNavigator
from tracker.ui.notes import NotesPane
from tracker.ui.stage_model import StageListModel
from tracker.ui.texts import stage_label


def plan_shown(progress: StageProgress | None) -> tuple[object, ...] | None:
    """What the plan row shows of a stage's roll-up (``PlanPanel.show_stage``): the target
    date, the pace, and the hours left only with a pace other than finished. A tick changes it
    only now and then; the row is left alone otherwise."""
    if progress is None:
        return None
    pace = progress.pace
    hours = None if pace in (Pace.NO_TARGET, Pace.DONE) else progress.remaining_hours
    return (progress.target_date, pace, hours)


class StagesPage(QSplitter):
    """Three panes side by side (the window's ``main_splitter``): every pane shrinks in
    proportion with the window and none collapses. ``data_folder`` is where note drafts are
    kept; ``lang`` the language the curriculum is shown in.

    The notes pane follows what is picked: the task, else the concept or the stage's guide,
    else the stage.

    Signals:
        stage_shown(object): the page now shows this stage (None: none).
        task_picked(): the learner picked a task in the checklist.
    """

    stage_shown = Signal(object)
    task_picked = Signal()

    def __init__(
        self,
        bridge: ProgressBridge,
        lang: Callable[[], Lang],
        data_folder: Callable[[], Path],
        hours_per_week: float,
        parent: QWidget,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("main_splitter")
        self.bridge = bridge
        self.lang = lang
        self.stage: Stage | None = None
        service = bridge.service
        self.stage_model = StageListModel(service, lang(), parent)
        self.checklist_model = ChecklistModel(service, lang(), parent)
        self.checklist_proxy = ChecklistFilter(parent)
        self.checklist_proxy.setSourceModel(self.checklist_model)
        self.concept_model = ConceptListModel(service.curriculum, lang(), parent)

        self.navigator = StageNavigator(self.stage_model, self)
        self.addWidget(self.navigator)
        self.addWidget(self._build_centre(bridge, lang(), hours_per_week))
        self.notes = NotesPane(bridge, self)
        self.notes.keep_drafts(DraftKeeper(data_folder() / DRAFTS, self.notes))
        self.addWidget(self.notes)
        for pane in range(3):  # all non-zero: every pane shrinks in proportion with the window
            self.setStretchFactor(pane, 1)
        self.setChildrenCollapsible(False)
        self.navigator.view.selectionModel().selectionChanged.connect(self._stage_selected)
        self.checklist.view.selectionModel().currentRowChanged.connect(self._task_current)
        self.concepts.concept_chosen.connect(self._concept_chosen)
        self.concepts.guide_chosen.connect(self._guide_chosen)
        self.concepts.link_activated.connect(self._link_clicked)
        self.checklist.details.anchorClicked.connect(self._link_clicked)
        self.scope = ChecklistScope(  # all stages, note text, note marks
            bridge, self.checklist, self.checklist_model, self.checklist_proxy, lambda: self.stage
        )

    def _build_centre(self, bridge: ProgressBridge, lang: Lang, hours: float) -> QWidget:
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 6, 6, 6)
        self.header = StageHeader(panel)
        self.header.plan_panel.set_hours_per_week(hours)
        layout.addWidget(self.header)
        self.concepts = ConceptPanel(
            self.concept_model, lambda: bridge.service.curriculum, lang, panel
        )
        self.checklist = ChecklistPanel(self.checklist_proxy, panel)
        self.centre_splitter = QSplitter(Qt.Orientation.Horizontal, panel)
        self.centre_splitter.setObjectName("centre_splitter")
        self.centre_splitter.addWidget(self.concepts)
        self.centre_splitter.addWidget(self.checklist)
        self.centre_splitter.setStretchFactor(0, 2)
        self.centre_splitter.setStretchFactor(1, 3)
        self.centre_splitter.setChildrenCollapsible(False)
        layout.addWidget(self.centre_splitter, 1)
        return panel

    # -- the stage shown -----------------------------------------------------------------------

    def select_stage(self, stage_id: str | None) -> None:
        row = self.stage_model.row_of(stage_id) if stage_id else -1
        if row < 0:
            self._show(None)
            return
        index = self.stage_model.index(row, 0)
        view = self.navigator.view
        if view.currentIndex() == index:
            self._show(self.stage_model.stage_at(row))
        view.setCurrentIndex(index)

    def _stage_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._show(self.stage_model.stage_at(indexes[0].row()))

    def _show(self, stage: Stage | None) -> None:
        self.stage = stage
        self.show_stage(stage, self.bridge.service.curriculum, self.lang())
        if stage is not None:
            self.notes.set_item((ItemKind.STAGE, stage.id), stage_label(stage, self.lang()))
        else:
            self.notes.set_item(None, "")
        self.stage_shown.emit(stage)

    # -- what the notes pane follows -----------------------------------------------------------

    def _task_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        task = self.checklist_model.task_at(self.checklist_proxy.mapToSource(current))
        lang = self.lang()
        self.show_task_details(task, self.bridge.service.curriculum, lang)
        if task is not None:
            self.notes.set_item((ItemKind.TASK, task.id), task.title.get(lang))
            self.task_picked.emit()
        elif self.stage is not None:
            self.notes.set_item((ItemKind.STAGE, self.stage.id), stage_label(self.stage, lang))

    def _concept_chosen(self, concept_id: str) -> None:
        concept = self.bridge.service.curriculum.concept(concept_id)
        if concept is not None:
            self.notes.set_item((ItemKind.CONCEPT, concept.id), concept.title.get(self.lang()))

    def _guide_chosen(self, stage_id: str) -> None:
        stage = self.bridge.service.curriculum.stage(stage_id)
        if stage is not None:
            self.notes.set_item((ItemKind.STAGE, stage.id), stage_label(stage, self.lang()))

    def show_guide_of(self, stage: Stage) -> None:
        """The stage's guide in the concept pane and its note in the notes pane."""
        self.concepts.show_guide()
        self.notes.set_item((ItemKind.STAGE, stage.id), stage_label(stage, self.lang()))

    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() == "concept":
            self.concepts.show_concept(url.path())

    def refresh_stages(self, stage_ids: Sequence[str]) -> None:
        """These stages' target dates or paces changed: their rows and the header show it."""
        for stage_id in stage_ids:
            self.stage_model.refresh_stage(stage_id)
        self.show_header(self.stage, self.lang())

    def task_changed(self, task_id: str, status: TaskStatus | None) -> None:
        """A tick: repaint the task's row and its module's, its stage's row, and the plan row
        when what it shows changed."""
        self.checklist_model.refresh_task(task_id, status)
        stage = self.bridge.service.curriculum.stage_of(task_id)
        if stage is not None:
            before = self.stage_model.progress_of(stage.id)
            after = self.stage_model.refresh_stage(stage.id)
            shown = self.stage is not None and stage.id == self.stage.id
            if shown and plan_shown(before) != plan_shown(after):
                self.header.plan_panel.show_stage(stage.id, after)

    def set_language(self, lang: Lang) -> None:
        for model in (self.stage_model, self.checklist_model, self.concept_model):
            model.set_language(lang)
        self.concepts.set_language(lang)

    def retranslate(self) -> None:
        for part in (self.navigator, self.concepts, self.checklist, self.header, self.notes):
            part.retranslate()
        self.checklist_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)

    def show_stage(self, stage: Stage | None, curriculum: Curriculum, lang: Lang) -> None:
        """Show ``stage`` in every pane but the notes (the window sets the note)."""
        self.header.plan_panel.flush()
        self.checklist_model.set_stage(stage)
        self.concept_model.set_stage(curriculum, stage)
        self.concepts.set_stage(stage)
        self.checklist.expand_all()  # at once, or as soon as the checklist shows
        self.concepts.show_first()  # something to read straight away
        self.header.banner.release_space()  # the whole centre changes now: a gap may close
        self.show_header(stage, lang)
        self.show_task_details(None, curriculum, lang)

    def show_header(self, stage: Stage | None, lang: Lang) -> None:
        progress = self.stage_model.progress_of(stage.id) if stage is not None else None
        self.header.show_stage(stage, progress, lang)

    def current_task(self) -> Task | None:
        source = self.checklist_proxy.mapToSource(self.checklist.view.currentIndex())
        return self.checklist_model.task_at(source)

    def select_task(self, task_id: str) -> None:
        source = self.checklist_model.index_of_task(task_id)
        index = self.checklist_proxy.mapFromSource(source)
        if index.isValid():
            self.checklist.view.setCurrentIndex(index)

    def show_task_details(self, task: Task | None, curriculum: Curriculum, lang: Lang) -> None:
        status = self.checklist_model.status_of(task.id) if task is not None else TaskStatus.TODO
        self.checklist.details.show_task(task, status, curriculum, lang)

    def set_tab_order(self, last: QWidget, *, focus: bool = True) -> None:
        """Tab walks the page the way a learner reads it: stages, concepts, checklist, notes,
        then ``last``; with ``focus`` (a window not shown yet) the keyboard starts on the
        stage list."""
        plan = self.header.plan_panel
        chain = [
            self.navigator.view,
            plan.date_edit,
            plan.clear_button,
            self.concepts.view,
            self.concepts.summary,
            self.checklist.filter_edit,
            self.checklist.status_filter,
            self.checklist.all_stages,
            self.checklist.view,
            self.checklist.details,
            self.notes.tabs,
            self.notes.notes_edit,
            self.notes.preview,
            last,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        if focus:
            self.navigator.view.setFocus(Qt.FocusReason.OtherFocusReason)  # the chain's start


__all__ = ["StagesPage", "plan_shown"]
