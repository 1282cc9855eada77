"""The app opens on Today and builds the Stages page just after the window's first paint.

What the learner sees must not change with it: the menu bar and toolbar are complete at the
first paint, an action used before the page exists does what it always did, the page is
complete once built (status actions on the checklist, due counts beside the stages, pane widths
as remembered), switching to the Stages tab before it was built shows it, and a window that
opens on Stages (the remembered tab) builds it before its first paint.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from tracker.progress.records import ItemKind, TaskStatus
from tracker.ui import app as shell
from tracker.ui import i18n, theme
from tracker.ui import settings as app_settings
from tracker.ui.daily import PAGE_KEY, STAGES_PAGE, TODAY_PAGE
from tracker.ui.dialogs import Dialogs
from tracker.ui.due_delegate import DueStageDelegate
from tracker.ui.settings import Settings


class QuietDialogs(Dialogs):
    """Dialogs that write down what they were asked and never block."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[tuple[str, str]] = []

    def show_error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def show_info(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def confirm(self, title: str, question: str) -> bool:
        return True


@pytest.fixture
def app_env(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QApplication]:
    monkeypatch.setenv(theme.THEME_ENV, "light")
    yield qapp
    i18n.set_language("en", remember=False)
    app_settings.set_current(None)


def start(data: Path, qtbot: Any, *, page: int | None = None) -> shell.Started:
    """``bootstrap`` as ``learnpath`` runs it, on the bundled curriculum; not shown yet."""
    settings = Settings.open(data)
    if page is not None:
        settings.state.set_value(PAGE_KEY, page)
    args = argparse.Namespace(data_dir=str(data), user=None, curriculum=None, lang="en")
    started = shell.bootstrap(args, dialogs=QuietDialogs(), settings=settings)
    qtbot.addWidget(started.window)
    return started


def stop(started: shell.Started) -> None:
    started.window.close()
    started.close()


class FirstPaint(QObject):
    """Writes down what ``take()`` returns at the window's first paint."""

    def __init__(self, window: QWidget, take: Any) -> None:
        super().__init__(window)
        self.seen: Any = None
        self._take = take
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.seen is None:
            self.seen = self._take()
        return False


def bars(window: Any) -> list[tuple[str, ...]]:
    """The menu bar's menus with their actions' texts, and the toolbar's actions' texts."""
    shown: list[tuple[str, ...]] = []
    for action in window.menuBar().actions():
        menu = action.menu()
        texts = [a.text() for a in menu.actions()] if isinstance(menu, QMenu) else []
        shown.append((action.text(), *texts))
    shown.append(tuple(a.text() for a in window.toolbar.actions()))
    return shown


def test_today_first_paints_without_the_stages_page_and_builds_it_just_after(
    app_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    started = start(tmp_path / "data", qtbot)
    window = started.window
    try:
        assert window.daily.tabs.currentIndex() == TODAY_PAGE
        assert not window.stages_built
        at_paint = FirstPaint(window, lambda: (window.stages_built, bars(window)))
        window.show()
        qtbot.waitUntil(lambda: at_paint.seen is not None)
        built_at_paint, bars_at_paint = at_paint.seen
        assert built_at_paint is False
        qtbot.waitUntil(lambda: window.stages_built)

        # The menu bar and the toolbar were complete at the first paint.
        assert bars_at_paint == bars(window)
        # The page is in its tab, whole: a stage shown, its tasks, what acts on it attached.
        page = window.page
        assert window.daily.tabs.widget(STAGES_PAGE) is page
        stack = window.daily.tabs.stack
        assert [stack.widget(i).objectName() for i in range(stack.count())].count(
            "stages_placeholder"
        ) == 0
        assert window.current_stage is not None
        assert window.stage_view.currentIndex().row() == window.stage_model.row_of(
            window.current_stage.id
        )
        assert window.checklist_proxy.rowCount() > 0
        assert set(window.menus.status_actions()) <= set(window.checklist_view.actions())
        assert isinstance(window.stage_view.itemDelegate(), DueStageDelegate)
        assert window.kept.entry is not None and window.kept.entry.parent() is window.navigator
        assert window.overall_bar.maximum() > 0
        assert window.stage_title.text() != ""
        # Today showed the stage the page now shows.
        assert window.daily.today is not None
    finally:
        stop(started)


def test_actions_used_before_the_page_exists_do_what_they_always_did(
    app_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    started = start(tmp_path / "data", qtbot)
    window = started.window
    try:
        assert not window.stages_built
        first = window.current_stage.modules[0].tasks[0]  # what Today's "Done" would tick
        window.set_status(first.id, TaskStatus.DONE)
        assert window.bridge.service.task_state(first.id).status is TaskStatus.DONE
        assert window.menus.undo_action.isEnabled()
        window.menus.undo_action.trigger()  # Edit → Undo
        assert window.bridge.service.task_state(first.id).status is TaskStatus.TODO
        window.menus.notes_action.trigger()  # View → Show Notes: off
        assert not window.menus.notes_action.isChecked()
        target = window.review_menu.card_target()  # Review → Add Card would attach to
        assert not window.stages_built  # nothing so far needed the page

        window.show()
        qtbot.waitUntil(lambda: window.stages_built)
        assert window.notes.isHidden()  # as chosen before the page existed
        row = window.checklist_model.index_of_task(first.id)
        assert window.checklist_model.status_of(first.id) is TaskStatus.TODO
        assert row.isValid()
        # the stage the page shows now, as it would have been with the page built first
        assert target == ((ItemKind.STAGE, window.page.stage.id), window.page.stage.title.en)
        assert window.review_menu.card_target() == target
    finally:
        stop(started)
    again = Settings.open(tmp_path / "data")
    assert again.state.value("main_window/notes_shown", True) is False  # and remembered


def test_find_before_the_page_exists_builds_it_and_focuses_the_filter(
    app_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    started = start(tmp_path / "data", qtbot)
    window = started.window
    try:
        window.daily.tabs.setCurrentIndex(STAGES_PAGE)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        window.menus.filter_action.trigger()  # View → Filter Tasks
        qtbot.waitUntil(window.filter_edit.hasFocus)
    finally:
        stop(started)


def test_switching_to_stages_before_the_page_was_built_shows_it(
    app_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    started = start(tmp_path / "data", qtbot)
    window = started.window
    try:
        assert not window.stages_built
        window.daily.tabs.setCurrentIndex(STAGES_PAGE)  # before the paint: no timer has run
        assert window.stages_built
        assert window.daily.tabs.currentWidget() is window.page
        assert window.daily.tabs.currentIndex() == STAGES_PAGE
        window.show()
        qtbot.waitExposed(window)
        assert window.page.isVisible() and window.checklist_view.isVisible()
        assert window.checklist_proxy.rowCount() > 0
    finally:
        stop(started)


def test_a_window_opening_on_stages_builds_the_page_before_its_first_paint(
    app_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    started = start(tmp_path / "data", qtbot, page=STAGES_PAGE)
    window = started.window
    try:
        assert window.stages_built  # built by bootstrap, before any paint
        at_paint = FirstPaint(
            window, lambda: (window.daily.tabs.currentWidget() is window.page, bars(window))
        )
        window.show()
        qtbot.waitUntil(lambda: at_paint.seen is not None)
        page_shown, bars_at_paint = at_paint.seen
        assert page_shown
        assert bars_at_paint == bars(window)
        assert window.page.isVisible()
        assert window.focusWidget() is window.stage_view  # where the keyboard starts
    finally:
        stop(started)


def test_pane_widths_remembered_come_back_on_the_page_built_after_the_paint(
    app_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    first = start(tmp_path / "data", qtbot)
    window = first.window
    window.show()
    qtbot.waitUntil(lambda: window.stages_built)
    window.daily.tabs.setCurrentIndex(STAGES_PAGE)
    total = sum(window.main_splitter.sizes())
    window.main_splitter.setSizes([total // 4, total // 2, total - total // 4 - total // 2])
    centre = sum(window.centre_splitter.sizes())
    window.centre_splitter.setSizes([centre // 3, centre - centre // 3])
    window.daily.tabs.setCurrentIndex(TODAY_PAGE)
    main_sizes, centre_sizes = window.main_splitter.sizes(), window.centre_splitter.sizes()
    stop(first)

    second = start(tmp_path / "data", qtbot)
    window = second.window
    try:
        assert window.daily.tabs.currentIndex() == TODAY_PAGE
        window.show()
        qtbot.waitUntil(lambda: window.stages_built)
        window.daily.tabs.setCurrentIndex(STAGES_PAGE)
        qtbot.waitUntil(lambda: window.main_splitter.sizes() == main_sizes)
        assert window.centre_splitter.sizes() == centre_sizes
    finally:
        stop(second)


def test_closing_before_the_page_exists_keeps_the_remembered_pane_widths(
    app_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    settings = Settings.open(tmp_path / "data")
    settings.state.set_splitter("main_splitter", b"remembered")
    settings.sync()
    started = start(tmp_path / "data", qtbot)
    assert not started.window.stages_built
    stop(started)  # closed before any paint: the page was never built

    again = Settings.open(tmp_path / "data")
    assert bytes(again.state.splitter("main_splitter")) == b"remembered"


def test_the_stage_named_before_the_page_exists_is_the_one_it_then_shows(
    app_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    settings = Settings.open(tmp_path / "data")
    settings.state.set_value("last_stage/default", "enterprise-rag")  # seen last by this profile
    settings.sync()
    started = start(tmp_path / "data", qtbot)
    window = started.window
    try:
        assert not window.stages_built
        assert window.current_stage.id == "enterprise-rag"  # what Today, the timer and Add Card use
        window.show()
        qtbot.waitUntil(lambda: window.stages_built)
        assert window.page.stage.id == "enterprise-rag"
    finally:
        stop(started)
