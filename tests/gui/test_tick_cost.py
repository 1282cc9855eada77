"""What a tick makes Qt do beyond repainting what changed: the overall line's new text must not
make every layout up to the window work itself out again, and it still wraps when narrow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject

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
    from PySide6.QtWidgets import QVBoxLayout, QWidget

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


def test_the_filter_hands_a_painted_cell_every_role_as_the_checklist_model_answers_it(
    open_window: Opener,
) -> None:
    """The filter answers a delegate's one ``multiData`` call itself (so a repainted row does
    not cross into Python twice per role); the cell must come out exactly as from ``data()``."""
    from PySide6.QtWidgets import QStyledItemDelegate

    window = open_window()
    window.select_stage("basics")
    window.set_status("read-attention", TaskStatus.DONE)
    window.set_status("build-tokenizer", TaskStatus.SKIPPED)
    window.set_status("numpy", TaskStatus.IN_PROGRESS)
    proxy = window.checklist_proxy
    model = window.checklist_model
    delegate = QStyledItemDelegate()
    checked = 0
    for module_row in range(model.rowCount()):
        module = model.index(module_row, 0)
        for row in range(-1, model.rowCount(module)):
            for column in range(model.columnCount()):
                source = (
                    model.index(module_row, column) if row < 0 else model.index(row, column, module)
                )
                through_filter = drawn_cell(delegate, proxy.mapFromSource(source))
                assert through_filter == drawn_cell(delegate, source), (module_row, row, column)
                checked += 1
    assert checked == 4 * (2 + 3)  # two modules and three tasks, four columns each
