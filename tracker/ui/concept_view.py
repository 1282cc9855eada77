"""The concepts of a stage: their list, and the summary of the one the learner is reading.

When the stage has study notes or a reading list, the list starts with a "Study guide" entry
that shows them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from itertools import chain
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QConcatenateTablesProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QListView, QVBoxLayout, QWidget

from tracker.curriculum.model import Concept, Curriculum, Lang, Stage
from tracker.ui.inert_text import InertTextBrowser, plain_tip
from tracker.ui.task_details import open_web_link, resources_html

Index = QModelIndex | QPersistentModelIndex

CONCEPT_ID_ROLE = Qt.ItemDataRole.UserRole + 5
GUIDE_ROLE = Qt.ItemDataRole.UserRole + 40
"""True on the list's "Study guide" entry."""


class ConceptListModel(QAbstractListModel):
    """The concepts a stage refers to: its own first, then those its tasks refer to."""

    def __init__(self, curriculum: Curriculum, lang: Lang, parent: Any = None) -> None:
        super().__init__(parent)
        self._curriculum = curriculum
        self._lang: Lang = lang
        self._concepts: tuple[Concept, ...] = ()

    def set_stage(self, curriculum: Curriculum, stage: Stage | None) -> None:
        self.beginResetModel()
        self._curriculum = curriculum
        ids: dict[str, None] = {}  # in order of first mention, each once
        if stage is not None:
            mentioned = chain.from_iterable(task.concepts for task in stage.tasks())
            ids = dict.fromkeys(chain(stage.concepts, mentioned))
        found = (curriculum.concept(concept_id) for concept_id in ids)
        self._concepts = tuple(concept for concept in found if concept is not None)
        self.endResetModel()

    def set_language(self, lang: Lang) -> None:
        self._lang = lang
        if self._concepts:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._concepts) - 1, 0))

    def concept_at(self, row: int) -> Concept | None:
        return self._concepts[row] if 0 <= row < len(self._concepts) else None

    def row_of(self, concept_id: str) -> int:
        for row, concept in enumerate(self._concepts):
            if concept.id == concept_id:
                return row
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._concepts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        concept = self.concept_at(index.row()) if index.isValid() else None
        if concept is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return concept.title.get(self._lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(concept.summary.get(self._lang))
        if role == CONCEPT_ID_ROLE:
            return concept.id
        return None


def has_study_guide(stage: Stage | None, curriculum: Curriculum) -> bool:
    """Whether ``stage`` has study notes or a reading list to show."""
    if stage is None:
        return False
    notes = stage.notes is not None and bool(stage.notes.en or stage.notes.zh)
    return notes or any(curriculum.resource(rid) is not None for rid in stage.resources)


def study_guide_html(
    stage: Stage, curriculum: Curriculum, lang: Lang, *, heading: str, reading: str
) -> str:
    """A stage's study notes and reading list as rich text.

    ``heading`` and ``reading`` are the translated headings, so this stays free of ``tr()``.
    """
    out = [f"<h3>{html.escape(heading)}</h3>"]
    if stage.notes is not None and (notes := stage.notes.get(lang)):
        paragraphs = (html.escape(part) for part in notes.split("\n\n") if part.strip())
        out.extend(f"<p>{part.replace(chr(10), '<br>')}</p>" for part in paragraphs)
    listed = resources_html(stage.resources, curriculum, lang, with_note=True)
    if listed:
        out.append(f"<h4>{html.escape(reading)}</h4>{listed}")
    return "".join(out)


def concept_html(
    concept: Concept, curriculum: Curriculum, lang: Lang, *, timeline: str, related: str
) -> str:
    """A concept as rich text: title, summary, key points, timeline and links to related ones.

    ``timeline`` and ``related`` are the translated headings, so this stays free of ``tr()``.
    """
    out = [
        f"<h3>{html.escape(concept.title.get(lang))}</h3>",
        f"<p>{html.escape(concept.summary.get(lang))}</p>",
    ]
    if concept.points:
        items = "".join(f"<li>{html.escape(p.get(lang))}</li>" for p in concept.points)
        out.append(f"<ul>{items}</ul>")
    if concept.timeline:
        out.append(f"<h4>{html.escape(timeline)}</h4>")
        rows = "".join(
            f"<tr><td><b>{html.escape(e.when)}</b>&nbsp;&nbsp;</td>"
            f"<td>{html.escape(e.text.get(lang))}</td></tr>"
            for e in concept.timeline
        )
        out.append(f"<table>{rows}</table>")
    links = [
        f'<a href="concept:{html.escape(cid)}">{html.escape(other.title.get(lang))}</a>'
        for cid in concept.related
        if (other := curriculum.concept(cid)) is not None
    ]
    if links:
        out.append(f"<p>{html.escape(related)} {', '.join(links)}</p>")
    return "".join(out)


class ConceptPanel(QWidget):
    """The concept list of the selected stage above the summary of the current concept.

    The list is the stage's concepts (``model``), after a "Study guide" entry when the stage
    given to ``set_stage`` has study notes or a reading list.

    Signals:
        concept_chosen(str): the learner chose a concept (to read it and take notes on it).
        guide_chosen(str): the learner chose the study guide of this stage (its id).
        link_activated(QUrl): a link in the summary was clicked (``concept:ID``, or a web link,
            which the panel opens in the browser itself).
    """

    concept_chosen = Signal(str)
    guide_chosen = Signal(str)
    link_activated = Signal(QUrl)

    def __init__(
        self,
        model: ConceptListModel,
        curriculum: Callable[[], Curriculum],
        lang: Lang,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._curriculum = curriculum
        self.lang: Lang = lang
        self._quiet = False
        self._stage: Stage | None = None
        self._shown: tuple[str, str] | None = None  # ("guide", stage id) or ("concept", id)
        # The list: a "Study guide" row (or none) followed by the stage's concepts.
        self.guide_model = QStandardItemModel(0, 1, self)  # one column, like the concepts
        self.list_model = QConcatenateTablesProxyModel(self)
        self.list_model.addSourceModel(self.guide_model)
        self.list_model.addSourceModel(model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.view = QListView(self)
        self.view.setModel(self.list_model)
        self.view.setWordWrap(True)
        self.label.setBuddy(self.view)
        self.summary = InertTextBrowser(self)
        layout.addWidget(self.label)
        layout.addWidget(self.view, 2)
        layout.addWidget(self.summary, 3)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.summary.anchorClicked.connect(self.link_activated)
        self.summary.anchorClicked.connect(open_web_link)

    def retranslate(self) -> None:
        self.label.setText(self.tr("&Concepts"))
        self.view.setAccessibleName(self.tr("Concepts of this stage"))
        self.summary.setAccessibleName(self.tr("Concept summary"))
        self.summary.setPlaceholderText(
            self.tr("Select a concept to read its summary, key points and history.")
        )
        guide = self._guide_item()
        if guide is not None:
            guide.setText(self.tr("Study guide"))
            guide.setToolTip(self.tr("How to study this stage, and what to read"))
        if self._shown is not None and self._shown[0] == "guide":
            self._show_guide_text()

    def set_stage(self, stage: Stage | None) -> None:
        """The stage whose study guide heads the list (after the model has its concepts)."""
        self._stage = stage
        self.guide_model.removeRows(0, self.guide_model.rowCount())
        if has_study_guide(stage, self._curriculum()):
            item = QStandardItem()
            item.setEditable(False)
            item.setData(True, GUIDE_ROLE)
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
            self.guide_model.appendRow(item)
        self.retranslate()

    def has_guide(self) -> bool:
        return self.guide_model.rowCount() > 0

    def show_first(self) -> None:
        """Show the stage's study guide, else its first concept, without moving the notes away
        from the stage."""
        self.summary.clear()
        self._shown = None
        if self.list_model.rowCount() == 0:
            return
        self._quiet = True
        try:
            self.view.selectionModel().clear()  # so row 0 is shown even if it was current
            self.view.setCurrentIndex(self.list_model.index(0, 0))
        finally:
            self._quiet = False

    def show_guide(self) -> None:
        """Show the stage's study notes and reading list; selects the "Study guide" entry."""
        if not self.has_guide():
            return
        if self.view.currentIndex().row() != 0:
            self.view.setCurrentIndex(self.list_model.index(0, 0))
            return  # _current_changed comes back here
        self._show_guide_text()
        if not self._quiet and self._stage is not None:
            self.guide_chosen.emit(self._stage.id)

    def show_concept(self, concept_id: str, *, take_notes: bool = True) -> None:
        """Show a concept's summary; selects it in the list, or nothing when it is not there."""
        concept = self._curriculum().concept(concept_id)
        if concept is None:
            return
        row = self.row_of(concept_id)
        if row >= 0 and self.view.currentIndex().row() != row:
            self.view.setCurrentIndex(self.list_model.index(row, 0))
            return  # _current_changed comes back here
        if row < 0:
            # A related concept from another stage: leave no other row looking chosen.
            self._quiet = True
            try:
                self.view.selectionModel().clear()
            finally:
                self._quiet = False
        self._shown = ("concept", concept.id)
        self.summary.setHtml(self._html(concept))
        if take_notes:
            self.concept_chosen.emit(concept.id)

    def row_of(self, concept_id: str) -> int:
        """The list row of a concept (the study guide comes first), -1 if it is not listed."""
        row = self.model.row_of(concept_id)
        return row + self.guide_model.rowCount() if row >= 0 else -1

    def set_language(self, lang: Lang) -> None:
        """Show the current concept (or the study guide) again in ``lang``."""
        self.lang = lang
        if self._shown is None:
            return
        kind, item_id = self._shown
        if kind == "guide":
            self._show_guide_text()
        elif (concept := self._curriculum().concept(item_id)) is not None:
            self.summary.setHtml(self._html(concept))

    def _guide_item(self) -> QStandardItem | None:
        return self.guide_model.item(0) if self.guide_model.rowCount() else None

    def _show_guide_text(self) -> None:
        if self._stage is None:
            return
        self._shown = ("guide", self._stage.id)
        self.summary.setHtml(
            study_guide_html(
                self._stage,
                self._curriculum(),
                self.lang,
                heading=self.tr("Study guide"),
                reading=self.tr("Reading list"),
            )
        )

    def _html(self, concept: Concept) -> str:
        timeline = self.tr("Timeline")
        related = self.tr("Related:")
        return concept_html(
            concept, self._curriculum(), self.lang, timeline=timeline, related=related
        )

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        if current.data(GUIDE_ROLE):
            self.show_guide()
            return
        concept_id = current.data(CONCEPT_ID_ROLE)
        if concept_id:
            self.show_concept(concept_id, take_notes=not self._quiet)

    def _clicked(self, index: QModelIndex) -> None:
        if index.data(GUIDE_ROLE):
            self.show_guide()
            return
        concept_id = index.data(CONCEPT_ID_ROLE)
        if concept_id:
            self.show_concept(concept_id)
