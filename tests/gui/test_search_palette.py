"""The quick-open palette, driven by keys: Ctrl+K opens it, typing ranks results, arrows and
Enter jump to the item, Ctrl+Enter ticks a task, Escape closes it; its model passes the tester."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.search import ResultKind, SearchResult
from tracker.ui.main_window import MainWindow
from tracker.ui.search_palette import SearchPalette, SearchResultsModel, marked_html

Opener = Callable[..., MainWindow]


def _open_palette(qtbot: Any, window: MainWindow, keys: str = "K") -> SearchPalette:
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{keys}"), Qt.KeyboardModifier.ControlModifier)
    palette = window.findChild(SearchPalette, "searchPalette")
    assert palette is not None
    qtbot.waitUntil(palette.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.query_edit)
    return palette


def _rows(palette: SearchPalette) -> list[tuple[str, str]]:
    model = palette.model
    return [
        (model.result_at(row).kind.value, model.result_at(row).id)  # type: ignore[union-attr]
        for row in range(model.rowCount())
    ]


def test_typing_finds_a_task_in_another_stage_and_enter_jumps_to_it(
    qtbot: Any, open_window: Opener
) -> None:
    window = open_window()
    assert window.current_stage is not None and window.current_stage.id == "basics"
    palette = _open_palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "evalu")
    assert _rows(palette)[0] == ("task", "eval")
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not palette.isVisible())
    assert window.current_stage is not None and window.current_stage.id == "apps"
    task = window.current_task()
    assert task is not None and task.id == "eval"


def test_arrow_keys_move_and_ctrl_enter_ticks_the_task(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    palette = _open_palette(qtbot, window, "P")
    qtbot.keyClicks(palette.query_edit, "build")
    # Titles that start with "build": the current stage's first, then in curriculum order.
    assert _rows(palette)[:3] == [
        ("task", "build-tokenizer"),
        ("stage", "apps"),  # "Building applications"
        ("task", "rag-app"),  # "Build a Q&A app"
    ]
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Down)
    assert palette.results_view.currentIndex().row() == 1
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Up)
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Up)  # stays on the first row
    assert palette.results_view.currentIndex().row() == 0
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Down)
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Down)
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.service.task_state("rag-app").status is TaskStatus.DONE
    assert palette.isVisible()  # ticking does not close it
    assert str(palette.model.index(2, 0).data(Qt.ItemDataRole.UserRole + 3)).startswith("✓")
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not palette.isVisible())
    assert window.service.task_state("build-tokenizer").status is TaskStatus.TODO


def test_a_chinese_query_opens_the_concept(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    palette = _open_palette(qtbot, window)
    palette.query_edit.setText("注意力")  # an input method commits the whole word at once
    assert _rows(palette)[0] == ("concept", "attention")
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: window.notes.item == (ItemKind.CONCEPT, "attention"))


def test_a_note_is_found_and_enter_opens_it(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    window.service.set_note(ItemKind.TASK, "rag-topic", "向量数据库 and <b>chunking</b>")
    palette = _open_palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "chunk")
    assert _rows(palette) == [("note", "rag-topic")]
    result = palette.model.result_at(0)
    assert result is not None and result.title == "RAG"
    palette.results_view.grab()  # the delegate paints it (escaped; see test below)
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.notes.item == (ItemKind.TASK, "rag-topic"))
    assert window.current_stage is not None and window.current_stage.id == "apps"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.notes_edit)


def test_snippets_are_escaped_and_only_the_match_is_bold() -> None:
    text = "<img src='file:///etc/passwd'> & <b>chunk</b>"
    start = text.index("chunk")
    shown = marked_html(text, [(start, start + 5)])
    assert "<img" not in shown and "&lt;img" in shown
    assert shown.count("<b>") == 1 and "<b>chunk</b>" in shown
    assert "&lt;b&gt;" in shown


def test_the_results_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = SearchResultsModel()
    results = [
        SearchResult(ResultKind.TASK, "eval", "Evaluation", "apps", "", ((0, 4),)),
        SearchResult(ResultKind.NOTE, "rag", "RAG", "apps", "a note", (), ((2, 6),), ItemKind.TASK),
    ]
    model.set_results(results, kinds={ResultKind.TASK: "Task"}, stages={"apps": "Apps"})
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == "Evaluation"
    model.mark_done("eval")
    model.set_results([], kinds={}, stages={})
    qtmodeltester.check(model)


def test_going_back_to_the_window_puts_the_palette_away(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    palette = _open_palette(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: not palette.isVisible())
    palette = _open_palette(qtbot, window)  # and it opens again
    assert palette.query_edit.hasFocus()


def test_the_tooltip_shows_a_note_s_markup_as_text(qtbot: Any, open_window: Opener) -> None:
    # A tooltip is rich text whenever it looks like HTML: a note's tag must stay text there too.
    from PySide6 import QtGui
    from PySide6.QtGui import QTextDocument

    window = open_window()
    window.service.set_note(ItemKind.TASK, "rag-topic", "chunk <img src=/dev/zero> <b>x</b>")
    palette = _open_palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "chunk")
    tip = str(palette.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))
    document = QTextDocument()
    if QtGui.Qt.mightBeRichText(tip):
        document.setHtml(tip)
    else:
        document.setPlainText(tip)
    assert document.toPlainText() == "chunk <img src=/dev/zero> <b>x</b>"


def test_a_query_that_finds_nothing_says_so(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    palette = _open_palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "zzqx")
    assert _rows(palette) == []
    label = palette.findChild(QLabel, "searchNothingFound")
    assert label is not None and label.isVisible() and "zzqx" in label.text()
    assert not palette.results_view.isVisible()
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Return)  # nothing to open: it stays open
    assert palette.isVisible()
    palette.query_edit.setText("evalu")
    assert _rows(palette)[0] == ("task", "eval")
    assert palette.results_view.isVisible() and not label.isVisible()
    palette.query_edit.clear()  # no query: no message either
    assert not label.isVisible()


def test_enter_on_a_card_opens_its_concept_or_its_task(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    review = window.service.review
    review.add_card(ItemKind.CONCEPT, "attention", "Why scale the dot product?", "Softmax")
    review.add_card(ItemKind.TASK, "eval", "Which metric for retrieval?", "Recall@k")
    palette = _open_palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "why scale")
    assert [kind for kind, _id in _rows(palette)] == ["card"]
    assert palette.model.index(0, 0).data(Qt.ItemDataRole.UserRole + 3) == "Card"
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.notes.item == (ItemKind.CONCEPT, "attention"))
    qtbot.waitUntil(window.isActiveWindow)
    palette = _open_palette(qtbot, window)
    palette.query_edit.setText("which metric")
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not palette.isVisible())
    assert window.current_stage is not None and window.current_stage.id == "apps"
    task = window.current_task()
    assert task is not None and task.id == "eval"


def test_the_frameless_palette_draws_its_edge(qtbot: Any, open_window: Opener) -> None:
    from PySide6.QtGui import QPalette

    from tracker.ui.theme import dark_palette

    window = open_window()
    palette = _open_palette(qtbot, window)
    for colours in (palette.palette(), dark_palette()):  # seen against the window, both themes
        palette.setPalette(colours)
        image = palette.grab().toImage()
        inside = colours.color(QPalette.ColorRole.Window).lightness()
        for x in (0, image.width() - 1):
            edge = image.pixelColor(x, image.height() // 2).lightness()
            assert abs(edge - inside) >= 25, (x, edge, inside)


def test_each_row_is_as_tall_as_its_text_at_the_list_s_width(
    qtbot: Any, open_window: Opener
) -> None:
    # A row measured at another width than it is painted at was taller than its text, and the
    # next row was drawn over its selection.
    from PySide6.QtWidgets import QStyleOptionViewItem

    window = open_window()
    window.service.set_note(ItemKind.TASK, "rag-topic", "softmax(QK^T/√d) 注意力权重 sum to 1")
    window.service.review.add_card(ItemKind.CONCEPT, "attention", "Why √d?", "softmax 饱和")
    palette = _open_palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "softmax")
    view = palette.results_view
    assert palette.model.rowCount() >= 2
    for row in range(palette.model.rowCount()):
        index = palette.model.index(row, 0)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = view.visualRect(index)
        wanted = view.itemDelegate().sizeHint(option, index).height()
        assert view.visualRect(index).height() == wanted, row


def test_enter_on_a_stage_note_opens_it_even_with_a_task_of_that_stage_selected(
    qtbot: Any, open_window: Opener
) -> None:
    window = open_window()
    window.select_stage("apps")
    window.select_task("eval")
    qtbot.waitUntil(lambda: window.notes.item == (ItemKind.TASK, "eval"))
    window.service.set_note(ItemKind.STAGE, "apps", "the plan for this stage: zebra")
    palette = _open_palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "zebra")
    assert _rows(palette) == [("note", "apps")]
    qtbot.keyClick(palette.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.notes.item == (ItemKind.STAGE, "apps"))
    assert window.notes_edit.toPlainText() == "the plan for this stage: zebra"


def test_a_keystroke_reads_the_state_of_the_tasks_shown_only(
    qtbot: Any, open_window: Opener, monkeypatch: Any
) -> None:
    # Reading every task's state on each key cost more than the search with 9,000 tasks.
    window = open_window()
    window.service.set_status("eval", TaskStatus.DONE)

    def every_state() -> None:
        raise AssertionError("every task's state read for one keystroke")

    monkeypatch.setattr(window.service, "task_states", every_state)
    palette = _open_palette(qtbot, window)
    qtbot.keyClicks(palette.query_edit, "evalu")
    assert _rows(palette)[0] == ("task", "eval")
    assert palette.model.index(0, 0).data(Qt.ItemDataRole.UserRole + 3) == "✓ Task"
