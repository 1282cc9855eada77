"""The checklist filter's reach: every stage at once, the learner's notes, a mark on noted tasks.

"All stages" shows the modules of every stage in the checklist (each module titled with its
stage) so the filter finds a task wherever it is; picking a stage on the left shows that stage
again. A filter text also finds the tasks whose note holds it (through the notes' search index,
imported on the first text typed, never before the first paint). A task with a note gets a small
pen at the end of its title cell; which tasks have notes is read once (from the snapshot before
the store opens, so the first paint needs no SQLAlchemy) and kept in step with note changes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from tracker.curriculum.model import Curriculum, Module, Stage, Text
from tracker.progress.records import Change, ChangeKind, ItemKind
from tracker.ui.bridge import user_error_types
from tracker.ui.checklist_model import TASK_ID_ROLE
from tracker.ui.theme import plain_cells

if TYPE_CHECKING:
    from collections.abc import Callable

    from tracker.ui.bridge import ProgressBridge
    from tracker.ui.checklist_filter import ChecklistFilter
    from tracker.ui.checklist_model import ChecklistModel
    from tracker.ui.checklist_panel import ChecklistPanel

log = logging.getLogger("tracker.ui")
Index = QModelIndex | QPersistentModelIndex
MARK = "✎"
NOTE_MATCH_LIMIT = 5000
ALL_STAGES_ID = ""  # no stage has an empty id


def all_stages(curriculum: Curriculum) -> Stage:
    """One pseudo-stage holding every stage's modules, each titled "stage › module"."""
    modules = tuple(
        Module(
            id=module.id,
            title=Text(
                zh=f"{stage.title.zh} › {module.title.zh}",
                en=f"{stage.title.en} › {module.title.en}",
            ),
            tasks=module.tasks,
            summary=module.summary,
            addition=module.addition,
        )
        for stage in curriculum.stages
        for module in stage.modules
    )
    return Stage(
        id=ALL_STAGES_ID,
        order=0,
        title=curriculum.title,
        goal=curriculum.summary or Text.both(""),
        modules=modules,
    )


class NoteMarkerDelegate(QStyledItemDelegate):
    """Paints the title cell as usual, then a small pen when the task has a note."""

    def __init__(self, scope: ChecklistScope, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scope = scope

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        task_id = index.data(TASK_ID_ROLE)
        if not task_id or not self._scope.has_note(str(task_id)):
            super().paint(painter, option, index)
            return
        # The title is elided before the pen, never under it; the row's background (selection,
        # hover) still spans the whole cell.
        self.initStyleOption(option, index)
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        rect = option.rect  # type: ignore[attr-defined]
        room = option.fontMetrics.horizontalAdvance(MARK) + 8  # type: ignore[attr-defined]
        narrowed = QStyleOptionViewItem(option)
        narrowed.rect = rect.adjusted(0, 0, -room, 0)  # type: ignore[attr-defined]
        super().paint(painter, narrowed, index)
        painter.save()
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        role = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        painter.setPen(palette.color(role))
        mark = rect.adjusted(rect.width() - room, 0, -4, 0)
        painter.drawText(
            mark, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), MARK
        )
        painter.restore()


class ChecklistScope(QObject):
    """Wires the checklist panel's "All stages" box, note matches and note marks.

    ``model`` is the checklist's model under ``proxy`` (the panel's filter); ``current_stage``
    is the stage the window shows, which the checklist goes back to when the box is cleared.
    """

    def __init__(
        self,
        bridge: ProgressBridge,
        panel: ChecklistPanel,
        model: ChecklistModel,
        proxy: ChecklistFilter,
        current_stage: Callable[[], Stage | None],
    ) -> None:
        super().__init__(panel)
        self.bridge = bridge
        self.panel = panel
        self.model = model
        self.proxy = proxy
        self.view = panel.view
        self.current_stage = current_stage
        self._noted: frozenset[str] | None = None
        self._all: Stage | None = None
        self._all_of: Curriculum | None = None
        self.box = panel.all_stages
        self.box.toggled.connect(self._scope_toggled)
        panel.filter_edit.textChanged.connect(self._text_changed)
        model.modelReset.connect(self._model_reset)
        bridge.progress_changed.connect(self._progress_changed)
        bridge.curriculum_replaced.connect(self._forget)
        plain_cells(self.view)  # cells drawn without a call into Python per part (theme.py)
        self.marker = NoteMarkerDelegate(self, self.view)
        self.view.setItemDelegateForColumn(0, self.marker)

    # -- the scope -----------------------------------------------------------------------------

    @property
    def all_stages_shown(self) -> bool:
        stage = self.model.stage
        return stage is not None and stage is self._all

    def _scope_toggled(self, checked: bool) -> None:
        if checked:
            curriculum = self.bridge.service.curriculum
            if self._all is None or self._all_of is not curriculum:
                self._all, self._all_of = all_stages(curriculum), curriculum
            self.model.set_stage(self._all)
        else:
            self.model.set_stage(self.current_stage())
        self.view.expandAll()

    def _model_reset(self) -> None:
        """Another stage was shown (picked on the left, a jump, a reload): the box follows."""
        if self.box.isChecked() and not self.all_stages_shown:
            self.box.blockSignals(True)
            self.box.setChecked(False)
            self.box.blockSignals(False)

    # -- notes ---------------------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        proxy = self.proxy
        if not text.strip():
            proxy.set_note_matches(frozenset())
            return
        from tracker.progress.search import is_latin, terms_of

        terms = [(term, is_latin(term)) for term in terms_of(text)]
        try:
            rows = self.bridge.service.find_notes(terms, NOTE_MATCH_LIMIT) if terms else []
        except user_error_types() as error:  # a locked database: titles still filter
            log.warning("the notes could not be searched: %s", error)
            rows = []
        proxy.set_note_matches(frozenset(item_id for kind, item_id, _ in rows if kind == "task"))
        self.view.expandAll()

    def has_note(self, task_id: str) -> bool:
        noted = self._noted
        if noted is None:
            try:
                noted = self.bridge.service.noted(ItemKind.TASK)
            except user_error_types() as error:
                log.warning("cannot tell which tasks have notes: %s", error)
                noted = frozenset()
            self._noted = noted
        return task_id in noted

    def _progress_changed(self, change: Change) -> None:
        if change.kind is ChangeKind.NOTE and change.item_kind is ItemKind.TASK:
            if self._noted is not None and change.item_id:
                if change.new:
                    self._noted = self._noted | {change.item_id}
                else:
                    self._noted = self._noted - {change.item_id}
            self.view.viewport().update()
            self._match_notes_again()
        elif change.kind in (ChangeKind.PROFILE, ChangeKind.IMPORT):
            self._forget()

    def _forget(self, *_args: Any) -> None:
        self._noted = None
        self._all = None
        self.view.viewport().update()
        self._match_notes_again()

    def _match_notes_again(self) -> None:
        """The notes changed under the filter text (another profile, an import, a note saved):
        the tasks it finds by note are looked up again, never kept from the notes before."""
        text = self.panel.filter_edit.text()
        if text.strip():
            self._text_changed(text)
