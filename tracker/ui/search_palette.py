"""The quick-open palette (Ctrl+K, Ctrl+P): type, see ranked results, jump with Enter.

Imported on first use only (never before the first paint), with the search it runs. The model is
a plain list of ``SearchResult``s; the delegate paints each as two lines — kind, title and stage,
then the snippet — with the matched text in bold. Every piece of text is escaped before it goes
into the small rich-text document the delegate draws (only ``<b>`` and ``<br>`` are ours, and
nothing refers to an image or a file, so nothing is ever loaded).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from tracker.curriculum.model import Lang
from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.search import ResultKind, Search, SearchResult
from tracker.ui.bridge import attempt
from tracker.ui.theme import palette_is_dark

if TYPE_CHECKING:
    from tracker.curriculum.model import Stage


@dataclass(frozen=True)
class PaletteHooks:
    """What the palette reads from the window and how it shows a result there."""

    service: Callable[[], Any]
    lang: Callable[[], Lang]
    current_stage: Callable[[], Stage | None]
    select_stage: Callable[[str | None], None]
    select_task: Callable[[str], None]
    show_concept: Callable[[str], None]
    show_stage_note: Callable[[Stage], None]
    """The stage's guide in the concept pane, its note in the notes pane."""
    focus_checklist: Callable[[], None]
    focus_notes: Callable[[], None]
    """Show the notes pane (if hidden) and put the keyboard in the note."""
    tick: Callable[[str], None]
    """Mark a task done."""


Index = QModelIndex | QPersistentModelIndex
RESULT_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3
STAGE_ROLE = Qt.ItemDataRole.UserRole + 4
LIMIT = 30  # about three screens of the palette


def marked_html(text: str, marks: Sequence[tuple[int, int]]) -> str:
    """``text`` escaped, with the marked spans in bold (the only markup in it)."""
    parts: list[str] = []
    at = 0
    for start, end in marks:
        parts.append(html.escape(text[at:start]))
        parts.append(f"<b>{html.escape(text[start:end])}</b>")
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts)


class SearchResultsModel(QAbstractListModel):
    """The results of one query, best first; each row's ``RESULT_ROLE`` is its ``SearchResult``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[SearchResult] = []
        self._kinds: dict[ResultKind, str] = {}
        self._stages: dict[str, str] = {}
        self._done: frozenset[str] = frozenset()

    def set_results(
        self,
        results: list[SearchResult],
        *,
        kinds: dict[ResultKind, str],
        stages: dict[str, str],
        done: frozenset[str] = frozenset(),
    ) -> None:
        self.beginResetModel()
        self._results = list(results)
        self._kinds = kinds
        self._stages = stages
        self._done = done
        self.endResetModel()

    def mark_done(self, task_id: str) -> None:
        self._done = self._done | {task_id}
        for row, result in enumerate(self._results):
            if result.kind is ResultKind.TASK and result.id == task_id:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    def result_at(self, row: int) -> SearchResult | None:
        return self._results[row] if 0 <= row < len(self._results) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        result = self.result_at(index.row())
        if result is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return result.title
        if role == Qt.ItemDataRole.ToolTipRole:
            # Qt shows a tooltip that looks like HTML as HTML: a note's own tags (an image of
            # /dev/zero…) must stay text, so the tooltip is always escaped rich text.
            return f"<p>{html.escape(result.snippet or result.title)}</p>"
        if role == RESULT_ROLE:
            return result
        if role == SNIPPET_ROLE:
            return result.snippet
        if role == KIND_ROLE:
            kind = self._kinds.get(result.kind, result.kind.value)
            if result.kind is ResultKind.TASK and result.id in self._done:
                kind = f"✓ {kind}"
            return kind
        if role == STAGE_ROLE:
            return self._stages.get(result.stage_id or "", "")
        return None


class ResultDelegate(QStyledItemDelegate):
    """Two lines per result: kind · title (bold where it matched) · stage, then the snippet."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        result: SearchResult = index.data(RESULT_ROLE)
        kind = html.escape(str(index.data(KIND_ROLE) or ""))
        stage = html.escape(str(index.data(STAGE_ROLE) or ""))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = palette.color(role).name()
        dim = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        ).name()
        title = marked_html(result.title, result.title_marks)
        snippet = marked_html(result.snippet, result.snippet_marks)
        line = f'<span style="color:{dim}">{kind}</span>&nbsp;&nbsp;{title}'
        if stage:
            line += f'&nbsp;&nbsp;<span style="color:{dim}">· {stage}</span>'
        body = f'<div style="color:{text_color}">{line}'
        if snippet:
            body += f'<br><span style="color:{dim}">{snippet}</span>'
        document = QTextDocument()
        document.setDefaultFont(option.font)  # type: ignore[attr-defined]
        document.setDocumentMargin(4)
        document.setHtml(body + "</div>")
        document.setTextWidth(max(self._width(option), 200))
        return document

    def _width(self, option: QStyleOptionViewItem) -> int:
        """The width a row is laid out in: the list's, for painting and measuring alike (the
        rect a size hint is asked with is not the row's: a row measured narrower came out
        taller than the text painted in it, and the next row drew over its selection)."""
        view = self.parent()
        if isinstance(view, QListView):
            return int(view.viewport().width())
        return int(option.rect.width())  # type: ignore[attr-defined]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()  # type: ignore[attr-defined]
        text_free = QStyleOptionViewItem(option)
        text_free.text = ""  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_free, painter, option.widget)  # type: ignore[attr-defined]
        document = self._document(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())  # type: ignore[attr-defined]
        document.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()))


class SearchPalette(QDialog):
    """Find anything: stages, modules, tasks, concepts, resources, notes and review cards.

    Signals:
        chosen(object): Enter on a result (a ``SearchResult``); the palette then closes.
        tick_requested(str): Ctrl+Enter on a task result (its id); the palette stays open.
    """

    chosen = Signal(object)
    tick_requested = Signal(str)

    def __init__(self, hooks: PaletteHooks, dialogs: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self._hooks = hooks
        self._dialogs = dialogs
        self._search: Search | None = None
        self.setObjectName("searchPalette")
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        self.setModal(False)
        self.query_edit = QLineEdit(self)
        self.query_edit.setClearButtonEnabled(True)
        self.model = SearchResultsModel(self)
        self.results_view = QListView(self)
        self.results_view.setModel(self.model)
        self.results_view.setItemDelegate(ResultDelegate(self.results_view))
        self.results_view.setUniformItemSizes(False)
        self.results_view.setResizeMode(QListView.ResizeMode.Adjust)  # rows follow its width
        self.results_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.empty_label = QLabel(self)  # instead of a blank list when nothing matches
        self.empty_label.setObjectName("searchNothingFound")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.hide()
        self.hint = QLabel(self)
        self.hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.results_view)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.hint)
        self.query_edit.textChanged.connect(self._query_changed)
        self.query_edit.installEventFilter(self)
        self.results_view.activated.connect(self._activate)
        self.retranslate()

    def retranslate(self) -> None:
        self.query_edit.setPlaceholderText(
            self.tr("Search stages, tasks, concepts, resources and notes…")
        )
        self.hint.setText(
            self.tr("↑↓ to move · Enter to open · Ctrl+Enter to tick a task · Esc to close")
        )

    # -- showing ------------------------------------------------------------------------------

    def open_over(self) -> None:
        """Show the palette over the top of its window, the query selected for typing over."""
        window = self._window
        width = min(720, max(420, window.width() - 80))
        height = min(520, max(300, window.height() - 120))
        self.resize(width, height)
        top_left = window.mapToGlobal(window.rect().topLeft())
        self.move(top_left.x() + (window.width() - width) // 2, top_left.y() + 60)
        self.show()
        self.activateWindow()
        self.query_edit.setFocus()
        self.query_edit.selectAll()
        if self.query_edit.text():
            self._query_changed(self.query_edit.text())

    def _searcher(self) -> Search:
        service = self._hooks.service()
        if self._search is None or self._search.service is not service:
            self._search = Search(service)
        return self._search

    def _query_changed(self, text: str) -> None:
        hooks = self._hooks
        lang: Lang = hooks.lang()
        stage = hooks.current_stage()

        def run() -> list[SearchResult]:
            return self._searcher().find(
                text, lang=lang, current_stage=stage.id if stage else None, limit=LIMIT
            )

        results = attempt(self._dialogs, self.tr("Could not search"), run) or []
        service = hooks.service()
        curriculum = service.curriculum
        stages = {s.id: s.title.get(lang) for s in curriculum.stages}
        # Only the tasks shown: every task's state (9,000 of them) cost more than the search.
        done = frozenset(
            result.id
            for result in results
            if result.kind is ResultKind.TASK
            and service.task_state(result.id).status is TaskStatus.DONE
        )
        self.model.set_results(results, kinds=self._kind_names(), stages=stages, done=done)
        if results:
            self.results_view.setCurrentIndex(self.model.index(0, 0))
        self._show_nothing_found(text if text.strip() and not results else "")

    def _show_nothing_found(self, query: str) -> None:
        """Say so when ``query`` found nothing (an empty ``query``: show the list again)."""
        query = " ".join(query.split())
        if len(query) > 60:
            query = query[:60] + "…"
        if query:
            self.empty_label.setText(self.tr("Nothing found for “{query}”").format(query=query))
        self.empty_label.setVisible(bool(query))
        self.results_view.setVisible(not query)

    def _kind_names(self) -> dict[ResultKind, str]:
        return {
            ResultKind.STAGE: self.tr("Stage"),
            ResultKind.MODULE: self.tr("Module"),
            ResultKind.TASK: self.tr("Task"),
            ResultKind.CONCEPT: self.tr("Concept"),
            ResultKind.RESOURCE: self.tr("Resource"),
            ResultKind.NOTE: self.tr("Note"),
            ResultKind.CARD: self.tr("Card"),
        }

    def paintEvent(self, event: QPaintEvent) -> None:
        # Frameless, the palette had no edge: over the window it looked cut out of it.
        super().paintEvent(event)
        colours = self.palette()
        role = QPalette.ColorRole.Light if palette_is_dark(colours) else QPalette.ColorRole.Mid
        painter = QPainter(self)
        painter.setPen(colours.color(role))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def event(self, event: QEvent) -> bool:
        # Clicking back into the window (or anywhere else) puts the palette away, as Esc does.
        if event.type() == QEvent.Type.WindowDeactivate and self.isVisible():
            self.hide()
        return super().event(event)

    # -- keys ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._key(event):
                return True
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self._move(key)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._tick_current()
            else:
                self._activate(self.results_view.currentIndex())
            return True
        return False

    def _move(self, key: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        row = self.results_view.currentIndex().row()
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8}.get(key, -8)  # type: ignore[call-overload]
        row = min(count - 1, max(0, row + step))
        self.results_view.setCurrentIndex(self.model.index(row, 0))

    def _activate(self, index: QModelIndex) -> None:
        result = self.model.result_at(index.row()) if index.isValid() else None
        if result is None:
            return
        self.hide()
        self.chosen.emit(result)

    def _tick_current(self) -> None:
        result = self.model.result_at(self.results_view.currentIndex().row())
        if result is not None and result.kind is ResultKind.TASK:
            self.tick_requested.emit(result.id)
            self.model.mark_done(result.id)


def jump_to(hooks: PaletteHooks, result: SearchResult, window: QWidget) -> None:
    """Show ``result`` in ``window``: switch stage, select the task, open the concept or note
    (for a card: the concept or task it is on, or its stage)."""
    curriculum = hooks.service().curriculum
    shown = hooks.current_stage()
    if result.stage_id is not None and (shown is None or shown.id != result.stage_id):
        hooks.select_stage(result.stage_id)
    target = result.note_of
    kind = result.kind
    if kind is ResultKind.CARD and result.opens is not None:  # a card: where it is
        target, item_id = result.opens
        if target is ItemKind.CONCEPT:
            hooks.show_concept(item_id)
        elif target is ItemKind.TASK:
            hooks.select_task(item_id)
            hooks.focus_checklist()
        window.activateWindow()
        return
    if kind is ResultKind.TASK or target is ItemKind.TASK:
        hooks.select_task(result.id)
        hooks.focus_checklist()
    elif kind is ResultKind.MODULE:
        stage = hooks.current_stage()
        module = next((m for s in [stage] if s for m in s.modules if m.id == result.id), None)
        if module is not None and module.tasks:
            hooks.select_task(module.tasks[0].id)
        hooks.focus_checklist()
    elif kind is ResultKind.CONCEPT or target is ItemKind.CONCEPT:
        hooks.show_concept(result.id)
    elif target is ItemKind.STAGE:  # the stage's own note, even with one of its tasks selected
        stage = curriculum.stage(result.id)
        if stage is not None:
            hooks.show_stage_note(stage)
    elif kind is ResultKind.RESOURCE:
        citing = next((t for t in curriculum.tasks() if result.id in t.resources), None)
        if citing is not None:
            hooks.select_stage(getattr(curriculum.stage_of(citing.id), "id", None))
            hooks.select_task(citing.id)
    window.activateWindow()  # back from the palette, keys go to the window again
    if kind is ResultKind.NOTE:
        hooks.focus_notes()


def palette_for(window: QWidget, hooks: PaletteHooks, dialogs: Any) -> SearchPalette:
    """``window``'s palette, made (and wired) on first use."""
    palette = window.findChild(SearchPalette, "searchPalette")
    if palette is None:
        palette = SearchPalette(hooks, dialogs, window)
        palette.chosen.connect(lambda result: jump_to(hooks, result, window))
        palette.tick_requested.connect(hooks.tick)
    return palette


__all__ = [
    "PaletteHooks",
    "SearchPalette",
    "SearchResultsModel",
    "jump_to",
    "marked_html",
    "palette_for",
]
