"""The theme's style draws list and checklist cells through a plain Fusion when that changes
nothing: the picture stays the same to the pixel (light and dark), and a tick no longer calls
into the Python style for every part of every cell it repaints (counted, never timed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from tracker.progress.records import TaskStatus
from tracker.ui import theme
from tracker.ui.main_window import MainWindow

Opener = Callable[..., MainWindow]


@pytest.fixture
def themed(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QApplication]:
    """The app on the theme's style, its palette put back afterwards."""
    monkeypatch.delenv(theme.THEME_ENV, raising=False)
    palette = QPalette(qapp.palette())
    yield qapp
    monkeypatch.undo()
    theme.Theme(qapp, "light")  # the theme's own style again, should a test have swapped it
    qapp.setPalette(palette)
    theme.set_current(None)


def settle() -> None:
    from tests.gui.test_tick_cost import settle as settle_events

    settle_events()


def stages_page(open_window: Opener) -> MainWindow:
    """Ticked, skipped and in-progress rows, a focused checklist cell, and every bar."""
    window = open_window()
    window.select_stage("basics")
    window.set_status("read-attention", TaskStatus.DONE)
    window.set_status("build-tokenizer", TaskStatus.SKIPPED)
    window.set_status("numpy", TaskStatus.IN_PROGRESS)
    view = window.checklist_view
    view.expandAll()
    view.setCurrentIndex(view.model().index(0, 1, view.model().index(0, 0)))
    view.setFocus(Qt.FocusReason.TabFocusReason)  # the focus frame shows on keyboard focus
    settle()
    return window


def as_before(window: MainWindow) -> MainWindow:
    """The views as they were: on the app's (Python) style, with a styled panel frame."""
    from PySide6.QtWidgets import QFrame

    for view in (window.checklist_view, window.stage_view):
        cells = view.findChild(theme.PlainCells)
        assert cells is not None
        view.removeEventFilter(cells)
        view.setStyle(None)  # type: ignore[arg-type]
        view.setFrameShape(QFrame.Shape.StyledPanel)
    settle()
    return window


def pictures(window: MainWindow) -> list[QImage]:
    widgets: list[QWidget] = [
        window.checklist_view,
        window.stage_view,
        window.navigator,
        window.statusBar(),
    ]
    for widget in widgets:
        widget.update()
        for child in widget.findChildren(QWidget):
            child.update()
    settle()
    return [widget.grab().toImage() for widget in widgets]


@pytest.mark.parametrize(
    ("mode", "switched_from"),
    [("light", None), ("dark", None), ("dark", "light"), ("light", "dark")],
)
def test_cells_drawn_by_the_plain_fusion_look_as_the_theme_style_draws_them(
    themed: QApplication, open_window: Opener, mode: str, switched_from: str | None
) -> None:
    """Also after the theme changed with the window open (the views follow it)."""
    current = theme.Theme(themed, switched_from or mode)
    window = stages_page(open_window)
    current.set_mode(mode)
    settle()
    assert current.wants_dark() == (mode == "dark")
    assert window.checklist_view.hasFocus()
    views = [window.checklist_view, window.stage_view]
    for view in views:
        assert (view.style() is themed.style()) == (mode == "dark")
    now = pictures(window)
    before = pictures(as_before(window))
    assert [image.size() for image in now] == [image.size() for image in before]
    for index, (image, expected) in enumerate(zip(now, before, strict=True)):
        assert image == expected, index


def test_a_tick_in_light_asks_the_python_style_nothing_about_a_cell(
    themed: QApplication, open_window: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: Counter[str] = Counter()
    counting = [False]

    class Counting(theme.FusionStyle):
        def count(self, element: Any) -> None:
            if counting[0]:
                calls[element.name] += 1

        def drawPrimitive(self, element: Any, *args: Any) -> None:
            self.count(element)
            super().drawPrimitive(element, *args)

        def drawControl(self, element: Any, *args: Any) -> None:
            self.count(element)
            super().drawControl(element, *args)

        def pixelMetric(self, metric: Any, *args: Any) -> int:
            self.count(metric)
            return super().pixelMetric(metric, *args)

    monkeypatch.setattr(theme, "FusionStyle", Counting)  # what Theme makes
    theme.Theme(themed, "light")
    window = stages_page(open_window)

    def tick_calls() -> Counter[str]:
        # once each way first: the first "To do" may widen the status column (a measuring pass)
        window.set_status("read-attention", TaskStatus.TODO)
        window.set_status("read-attention", TaskStatus.DONE)
        settle()
        calls.clear()
        counting[0] = True
        window.set_status("read-attention", TaskStatus.TODO)
        settle()
        settle()
        counting[0] = False
        return Counter(calls)

    now = tick_calls()
    cell_parts = (
        "PE_PanelItemViewRow",
        "CE_ItemViewItem",
        "PE_PanelItemViewItem",
        "PE_IndicatorItemViewItemCheck",
        "PM_FocusFrameHMargin",
    )
    for cell_part in cell_parts:
        assert now[cell_part] == 0, now
    as_before(window)
    before = tick_calls()  # every cell through the Python style, as before
    for cell_part in cell_parts:  # the tick repainted its rows, and the count sees that
        assert before[cell_part] > 0, before
    assert sum(now.values()) * 4 < sum(before.values()), (now, before)
