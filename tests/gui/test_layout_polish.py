"""Layout a new user noticed: task titles get the room, the task details show a reading list,
and the status bar neither moves the panes nor carries another profile's last action over."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from tracker.progress.records import TaskStatus
from tracker.ui.main_window import MainWindow

Opener = Callable[..., MainWindow]


def settle() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QCoreApplication.processEvents()


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1440, 900)])
def test_task_titles_get_most_of_the_checklist(
    open_window: Opener, width: int, height: int
) -> None:
    window = open_window()
    window.bridge.set_status("read-attention", TaskStatus.DONE)
    window.bridge.set_status("build-tokenizer", TaskStatus.SKIPPED)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(width, height)
    window.memory.spread_panes()
    settle()
    # a module's status cell stays short; its skipped tasks are rows of their own (and in
    # the cell's tooltip), so the status column does not take the titles' room
    module = window.checklist_proxy.index(0, 3)
    assert module.data() == "1 of 1 done"
    assert "1 skipped" in module.data(Qt.ItemDataRole.ToolTipRole)
    view = window.checklist_view
    header = view.header()
    share = header.sectionSize(0) / view.viewport().width()
    assert share >= 0.55, f"the title column has {share:.0%} of the checklist"
    # and a cut title is there in full on hover
    module = window.checklist_proxy.index(0, 0)
    task = window.checklist_proxy.index(0, 0, module)
    assert str(task.data()) in window.checklist.tooltip_at(task)


def test_task_details_have_room_for_a_reading_list(open_window: Opener) -> None:
    """At least eight lines, and more in a taller window (it was 120 pixels whatever the size)."""
    window = open_window()
    window.setWindowState(Qt.WindowState.WindowNoState)
    details = window.checklist.details
    heights = []
    for size in ((1024, 700), (1440, 900)):
        window.resize(*size)
        window.memory.spread_panes()
        settle()
        assert details.height() >= 8 * details.fontMetrics().lineSpacing()
        heights.append(details.height())
    assert heights[1] > heights[0]


def test_the_first_status_message_does_not_move_the_panes(open_window: Opener, qtbot: Any) -> None:
    window = open_window()
    settle()
    before = window.main_splitter.geometry()
    window.bridge.set_status("numpy", TaskStatus.DONE)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "")
    settle()
    assert window.main_splitter.geometry() == before


def test_a_profile_switch_clears_the_other_profiles_last_action(open_window: Opener) -> None:
    window = open_window()
    window.bridge.set_status("numpy", TaskStatus.DONE)
    assert "NumPy" in window.statusBar().currentMessage()
    window.bridge.add_profile("bob")
    window.bridge.switch_profile("bob")
    assert window.service.profile.name == "bob"
    assert window.statusBar().currentMessage() == ""


def test_a_chinese_line_is_measured_with_its_fallback_face(qapp: Any) -> None:
    """Stage rows are sized with the height of the face that draws them: in a Latin-first font
    list, Chinese falls back to a taller CJK face and a second title line must not run into
    the bar under it."""
    from PySide6.QtGui import QFont, QFontMetrics

    from tracker.ui.delegates import line_height
    from tracker.ui.theme import CJK_FAMILIES

    font = QFont()
    font.setFamilies(["DejaVu Sans", *CJK_FAMILIES])
    assert line_height("阶段一：自然语言处理", font) > QFontMetrics(font).height()
    assert line_height("Stage 1", font) == QFontMetrics(font).height()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pace_tag_ends_inside_the_row(qtbot: Any, lang: str) -> None:
    """ "1/23 · Behind" ends at the row's margin: nothing of it is drawn in the last pixels."""
    from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QListView

    from tracker.progress.records import Counts, Pace, StageProgress
    from tracker.ui import i18n
    from tracker.ui.delegates import MARGIN, StageDelegate
    from tracker.ui.stage_model import PROGRESS_ROLE

    i18n.set_language(lang, remember=False)
    model = QStandardItemModel()
    item = QStandardItem("Stage 1: NLP")
    progress = StageProgress("s", Counts(1, 0, 0, 23), (), 10.0, None, Pace.BEHIND)
    item.setData(progress, PROGRESS_ROLE)
    model.appendRow(item)
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegate(StageDelegate(view))
    view.resize(220, 120)
    view.show()
    qtbot.waitExposed(view)
    image = view.viewport().grab().toImage()
    row = view.visualRect(model.index(0, 0))
    base = QColor(image.pixel(row.right() - 1, row.top() + 1))
    for x in range(row.right() - MARGIN + 2, row.right() + 1):
        for y in range(row.top(), row.bottom()):
            assert QColor(image.pixel(x, y)) == base, f"text drawn at x={x}"
