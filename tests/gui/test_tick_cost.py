"""What a tick makes Qt do beyond repainting what changed: the overall line's new text must not
make every layout up to the window work itself out again, and it still wraps when narrow; a tick
repaints only the widgets whose picture it changed (counted, never timed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QWidget

from tracker.progress.records import TaskStatus
from tracker.ui.main_window import MainWindow

Opener = Callable[..., MainWindow]


class LayoutRequests(QObject):
    """Counts the layout requests a widget receives."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


class Paints(QObject):
    """Counts the paint events each widget receives while installed on the application."""

    def __init__(self) -> None:
        super().__init__()
        self.widgets: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.widgets.append(watched)
        return False


def painted_by(change: Callable[[], object]) -> list[QObject]:
    """The widgets painted (once per paint event) by ``change`` and the events it leaves."""
    app = QCoreApplication.instance()
    assert app is not None
    paints = Paints()
    app.installEventFilter(paints)
    try:
        for _ in range(20):  # what earlier changes left to paint is painted first
            paints.widgets.clear()
            settle()
            if not paints.widgets:
                break
        assert not paints.widgets, "the window never stopped painting"
        change()
        settle()
        settle()
    finally:
        app.removeEventFilter(paints)
    return paints.widgets


def settle() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QCoreApplication.processEvents()


def test_a_tick_asks_for_no_new_layout_of_the_stage_navigator(open_window: Opener) -> None:
    window = open_window()
    window.select_stage("basics")
    settle()
    requests = LayoutRequests()
    window.navigator.installEventFilter(requests)
    window.set_status("read-attention", TaskStatus.DONE)
    settle()
    assert "1 of 6 done" in window.navigator.overall_label.text()
    assert requests.count == 0


def test_the_overall_line_wraps_in_a_narrow_pane_and_shows_all_of_its_text(qtbot: Any) -> None:
    from PySide6.QtWidgets import QVBoxLayout

    from tracker.ui.navigator import WrappedLine

    pane = QWidget()
    qtbot.addWidget(pane)
    line = WrappedLine(pane)
    layout = QVBoxLayout(pane)
    layout.addWidget(line)
    layout.addStretch(1)  # as the stage list takes the rest in the navigator
    text = "Overall: 12 of 95 done · 3 skipped"
    line.setText(text)
    metrics = line.fontMetrics()
    pane.resize(metrics.horizontalAdvance(text) // 2 + 20, 200)
    pane.show()
    qtbot.waitExposed(pane)
    settle()
    assert line.text() == text
    assert line.height() >= 2 * metrics.height()  # wrapped, not cut
    pane.resize(metrics.horizontalAdvance(text) * 2, 200)
    settle()
    assert line.height() < 2 * metrics.height()  # one line when there is room


def drawn_cell(delegate: Any, index: Any) -> tuple[object, ...]:
    """What the delegate would draw for ``index``: the style option it fills from the model."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, index)
    return (
        option.text,
        option.checkState,
        option.features,
        option.font.key(),
        option.displayAlignment,
        option.backgroundBrush.style(),
        option.icon.isNull(),
    )


def test_a_painted_checklist_cell_gets_every_role_as_data_answers_it_role_by_role(
    open_window: Opener,
) -> None:
    """The checklist model and its filter answer a delegate's one ``multiData`` call
    themselves (so a repainted row does not cross into Python twice per role); each cell must
    come out exactly as through ``data()``, which an identity proxy asks role by role."""
    from PySide6.QtCore import QIdentityProxyModel
    from PySide6.QtWidgets import QStyledItemDelegate

    window = open_window()
    window.select_stage("basics")
    window.set_status("read-attention", TaskStatus.DONE)
    window.set_status("build-tokenizer", TaskStatus.SKIPPED)
    window.set_status("numpy", TaskStatus.IN_PROGRESS)
    proxy = window.checklist_proxy
    model = window.checklist_model
    one_by_one = QIdentityProxyModel()
    one_by_one.setSourceModel(model)
    delegate = QStyledItemDelegate()
    checked = 0
    for module_row in range(model.rowCount()):
        module = model.index(module_row, 0)
        for row in range(-1, model.rowCount(module)):
            for column in range(model.columnCount()):
                source = (
                    model.index(module_row, column) if row < 0 else model.index(row, column, module)
                )
                expected = drawn_cell(delegate, one_by_one.mapFromSource(source))
                assert drawn_cell(delegate, source) == expected, (module_row, row, column)
                through_filter = proxy.mapFromSource(source)
                assert drawn_cell(delegate, through_filter) == expected, (module_row, row, column)
                checked += 1
    assert checked == 4 * (2 + 3)  # two modules and three tasks, four columns each
    assert drawn_cell(delegate, proxy.index(0, 0))[0] == "Transformer architecture"


def test_a_tick_repaints_its_rows_the_overall_line_and_bar_and_the_status_bar_only(
    open_window: Opener,
) -> None:
    window = open_window()
    window.select_stage("basics")
    # The first "Done" may widen the status column (a repaint of the header and every row);
    # once wide enough, a tick repaints no more than what changed.
    window.set_status("build-tokenizer", TaskStatus.DONE)
    window.set_status("build-tokenizer", TaskStatus.TODO)
    changed = [
        window.checklist_view.viewport(),
        window.stage_view.viewport(),
        window.navigator.overall_label,
        window.navigator.overall_bar,
        window.statusBar(),
    ]
    painted = painted_by(lambda: window.set_status("read-attention", TaskStatus.DONE))
    assert "1 of 6 done" in window.navigator.overall_label.text()
    for widget in changed:
        assert painted.count(widget) == 1, widget
    # Besides those, only the parents under them (the line, the bar and the status bar are not
    # opaque): not the task's details, the concepts, the notes, the header or the toolbar.
    for other in painted:
        if other not in changed:
            assert isinstance(other, QWidget)
            assert any(other.isAncestorOf(w) for w in changed), other.objectName() or other
    assert len(painted) <= 10, [type(w).__name__ for w in painted]


def test_a_tick_that_leaves_the_percentage_as_it_was_does_not_repaint_the_overall_bar(
    open_window: Opener,
) -> None:
    window = open_window()
    window.select_stage("basics")
    bar, line = window.navigator.overall_bar, window.navigator.overall_label
    window.resize(1400, 800)
    window.page.setSizes([600, 400, 400])  # the longer line stays on one line: nothing moves
    window.set_status("build-tokenizer", TaskStatus.SKIPPED)  # the status column fits it now
    window.set_status("build-tokenizer", TaskStatus.TODO)
    # a skipped task leaves the count: 0 of 5 done is 0 % as 0 of 6 was
    painted = painted_by(lambda: window.set_status("read-attention", TaskStatus.SKIPPED))
    assert "0 of 5 done · 1 skipped" in line.text()
    assert line in painted
    assert bar not in painted
    assert bar.text() == "0%"
    painted = painted_by(lambda: window.set_status("read-attention", TaskStatus.DONE))
    assert bar in painted
    assert bar.value() == round(100 / 6 * 10)
    assert bar.text() == "17%"


def test_a_stage_row_is_drawn_from_the_same_values_as_the_stage_model_answers_one_by_one(
    open_window: Opener,
) -> None:
    """The stage list's model answers a delegate's roles in one call; through an identity proxy
    (which asks ``data()`` role by role) every row comes out the same."""
    from PySide6.QtCore import QIdentityProxyModel
    from PySide6.QtWidgets import QStyledItemDelegate

    window = open_window()
    window.set_status("read-attention", TaskStatus.DONE)
    model = window.stage_model
    one_by_one = QIdentityProxyModel()
    one_by_one.setSourceModel(model)
    delegate = QStyledItemDelegate()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        assert drawn_cell(delegate, index) == drawn_cell(delegate, one_by_one.index(row, 0))
        assert drawn_cell(delegate, index)[0] == index.data()


def test_a_stage_row_is_as_tall_as_its_title_wraps_to_after_a_tick_and_in_chinese(
    open_window: Opener,
) -> None:
    """The stage delegate keeps the heights it has worked out; a kept one is never stale."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from tracker.ui.delegates import StageDelegate

    window = open_window()
    view = window.stage_view
    kept = view.itemDelegate()

    def heights(delegate: Any) -> list[int]:
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.widget = view
        return [
            delegate.sizeHint(option, view.model().index(row, 0)).height()
            for row in range(view.model().rowCount())
        ]

    before = heights(kept)
    assert before == heights(StageDelegate())
    view.resize(60, view.height())  # the titles wrap to two lines
    settle()
    window.set_status("read-attention", TaskStatus.DONE)
    window.set_content_language("zh")
    settle()
    after = heights(kept)
    assert after == heights(StageDelegate())
    assert after != before
