"""The concepts of a stage: their list, and the summary of the one the learner is reading."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QUrl, Signal
from PySide6.QtWidgets import QLabel, QListView, QTextBrowser, QVBoxLayout, QWidget

from tracker.curriculum.model import Concept, Curriculum, Lang
from tracker.ui.models import CONCEPT_ID_ROLE, ConceptListModel


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

    Signals:
        concept_chosen(str): the learner chose a concept (to read it and take notes on it).
        link_activated(QUrl): a link in the summary was clicked (``concept:ID``).
    """

    concept_chosen = Signal(str)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.view = QListView(self)
        self.view.setModel(model)
        self.view.setWordWrap(True)
        self.label.setBuddy(self.view)
        self.summary = QTextBrowser(self)
        self.summary.setOpenLinks(False)
        layout.addWidget(self.label)
        layout.addWidget(self.view, 2)
        layout.addWidget(self.summary, 3)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.summary.anchorClicked.connect(self.link_activated)

    def retranslate(self) -> None:
        self.label.setText(self.tr("&Concepts"))
        self.view.setAccessibleName(self.tr("Concepts of this stage"))
        self.summary.setAccessibleName(self.tr("Concept summary"))
        self.summary.setPlaceholderText(
            self.tr("Select a concept to read its summary, key points and history.")
        )

    def show_first(self) -> None:
        """Show the stage's first concept, without moving the notes away from the stage."""
        self.summary.clear()
        if self.model.rowCount() == 0:
            return
        self._quiet = True
        try:
            self.view.setCurrentIndex(self.model.index(0, 0))
        finally:
            self._quiet = False

    def show_concept(self, concept_id: str, *, take_notes: bool = True) -> None:
        """Show a concept's summary; selects it in the list if it is there."""
        concept = self._curriculum().concept(concept_id)
        if concept is None:
            return
        row = self.model.row_of(concept_id)
        if row >= 0 and self.view.currentIndex().row() != row:
            self.view.setCurrentIndex(self.model.index(row, 0))
            return  # _current_changed comes back here
        self.summary.setHtml(self._html(concept))
        if take_notes:
            self.concept_chosen.emit(concept.id)

    def set_language(self, lang: Lang) -> None:
        """Show the current concept again in ``lang``."""
        self.lang = lang
        current = self.view.currentIndex()
        concept = self.model.concept_at(current.row()) if current.isValid() else None
        if concept is not None:
            self.summary.setHtml(self._html(concept))

    def _html(self, concept: Concept) -> str:
        timeline = self.tr("Timeline")
        related = self.tr("Related:")
        return concept_html(
            concept, self._curriculum(), self.lang, timeline=timeline, related=related
        )

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        concept_id = current.data(CONCEPT_ID_ROLE) if current.isValid() else None
        if concept_id:
            self.show_concept(concept_id, take_notes=not self._quiet)

    def _clicked(self, index: QModelIndex) -> None:
        concept_id = index.data(CONCEPT_ID_ROLE)
        if concept_id:
            self.show_concept(concept_id)
