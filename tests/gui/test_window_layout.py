"""A layout that holds still under the pointer, fits a small screen, and reopens where it was."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem, QWidget

from tracker.curriculum.model import Curriculum, Text
from tracker.progress.records import Counts, ItemKind, Pace, StageProgress, TaskStatus
from tracker.progress.service import ProgressService
from tracker.ui import i18n
from tracker.ui import theme as app_theme
from tracker.ui.main_window import MainWindow
from tracker.ui.plan import PlanPanel
from tracker.ui.settings import Settings
from tracker.ui.window_state import CHECKLIST_ROOM, clamped, pane_widths

Opener = Callable[..., MainWindow]


@pytest.fixture
def curriculum(curriculum: Curriculum) -> Curriculum:
    """The sample path, with study notes on its first stage (so it has a study guide)."""
    base = curriculum
    basics, apps = base.stages
    basics = dataclasses.replace(basics, notes=Text(zh="先读概念。", en="Read the concepts first."))
    return dataclasses.replace(base, stages=(basics, apps))


def progress(pace: Pace, remaining: float, target: date | None) -> StageProgress:
    return StageProgress(
        stage_id="basics",
        counts=Counts(done=1, in_progress=0, skipped=0, total=4),
        modules=(),
        remaining_hours=remaining,
        target_date=target,
        pace=pace,
    )


def click_checkbox(qtbot: Any, window: MainWindow, task_id: str) -> None:
    """Click a task's check box, where a learner would."""
    view = window.checklist_view
    index = window.checklist_proxy.mapFromSource(window.checklist_model.index_of_task(task_id))
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(index)
    option.widget = view
    view.itemDelegate().initStyleOption(option, index)
    check = view.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view
    )
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=check.center())


def settle() -> None:
    """Let every posted layout request run (what the event loop does before the next paint)."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def checklist_top(window: MainWindow) -> QPoint:
    settle()
    return window.checklist_view.viewport().mapTo(window, QPoint(0, 0))


class LayoutRequests(QObject):
    """Counts the LayoutRequest events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


# -- 1. the study guide ---------------------------------------------------------------------------


def test_study_guide_heads_the_concept_list_and_takes_the_notes_back_to_the_stage(
    open_window: Opener,
) -> None:
    window = open_window()
    first = window.concept_view.model().index(0, 0)
    assert first.data() == "Study guide"
    assert "Read the concepts first." in window.concept_summary.toPlainText()

    window.show_concept("llm")
    assert window.notes.item == (ItemKind.CONCEPT, "llm")
    window.concept_view.setCurrentIndex(first)
    assert window.notes.item == (ItemKind.STAGE, "basics")

    window.select_stage("apps")  # no notes, no reading: no guide
    assert window.concept_view.model().index(0, 0).data() == "Fine-tuning"


def test_the_pace_assumes_the_services_hours_a_week(
    qtbot: Any, data_dir: Path, curriculum: Curriculum, dialogs: Any
) -> None:
    service = ProgressService.open(data_dir, curriculum, None, hours_per_week=6)
    try:
        window = MainWindow(service, dialogs=dialogs, data_dir=data_dir)
        qtbot.addWidget(window)
        assert window.plan_panel.hours_per_week == 6
        window.plan_panel.set_target(date.today() + timedelta(weeks=8))
        assert "at 6 h/week" in window.plan_panel.pace_label.text()
    finally:
        service.close()


# -- 2. nothing moves under the pointer -----------------------------------------------------------


def test_the_first_tick_retires_the_banner_without_moving_the_checklist(
    qtbot: Any, open_window: Opener
) -> None:
    window = open_window()
    assert window.banner.isVisible()
    before = checklist_top(window)
    click_checkbox(qtbot, window, "read-attention")
    assert window.service.task_state("read-attention").status is TaskStatus.DONE
    assert not window.banner.isVisible()
    assert checklist_top(window) == before  # the next click lands on the task it aimed at

    window.select_stage("apps")  # a click in the stage list: now the space may go
    assert not window.banner.keeps_space()
    assert checklist_top(window).y() < before.y()


def test_selecting_a_task_retires_the_banner_in_place(open_window: Opener) -> None:
    window = open_window()
    before = checklist_top(window)
    window.select_task("numpy")
    assert not window.banner.isVisible()
    assert checklist_top(window) == before


def test_the_banners_close_button_dismisses_it_for_good(
    qtbot: Any, open_window: Opener, tmp_path: Path
) -> None:
    window = open_window(settings=Settings.at(tmp_path / "settings.ini"))
    before = checklist_top(window)
    assert window.banner.close_button.toolTip() == "Close this hint"
    qtbot.mouseClick(window.banner.close_button, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()
    assert checklist_top(window) == before
    window.close()

    again = open_window(settings=Settings.at(tmp_path / "settings.ini"))
    assert not again.banner.isVisible()


def test_a_long_notes_heading_stays_on_one_line_and_keeps_the_tabs_in_place(
    open_window: Opener,
) -> None:
    window = open_window()
    settle()
    tabs_top = window.notes.tabs.mapTo(window, QPoint(0, 0))
    long_title = "A task whose title goes on and on " * 6
    window.notes.set_item((ItemKind.TASK, "numpy"), long_title)
    settle()
    heading = window.notes.heading
    assert heading.text() == f"Notes on {long_title}"
    assert heading.toolTip() == heading.text()
    assert window.notes.tabs.mapTo(window, QPoint(0, 0)) == tabs_top
    assert heading.height() < 2 * heading.fontMetrics().lineSpacing()


def test_the_pace_sentence_changes_and_comes_without_relaying_out_the_row(qtbot: Any) -> None:
    panel = PlanPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 80)
    panel.show()
    qtbot.waitExposed(panel)
    target = date.today() + timedelta(weeks=6)
    panel.show_stage("basics", progress(Pace.ON_TRACK, 0, target))  # "On track": one line
    settle()
    height = panel.height()
    requests = LayoutRequests(panel)
    panel.show_stage("basics", progress(Pace.DONE, 0, target))
    panel.show_stage("basics", progress(Pace.ON_TRACK, 0, target))
    settle()
    assert requests.count == 0
    assert panel.height() == height
    assert panel.pace_label.text() == "On track"

    panel.set_hours_per_week(0)  # one more word, still one line at this width
    panel.show_stage("basics", progress(Pace.BEHIND, 12, target))
    settle()
    assert panel.pace_label.is_warning()
    assert requests.count == 0


def test_the_pace_line_keeps_its_height_when_empty(qtbot: Any) -> None:
    panel = PlanPanel()
    qtbot.addWidget(panel)
    panel.show_stage("basics", None)
    assert panel.pace_label.text() == ""
    assert not panel.pace_label.isHidden()
    assert panel.pace_label.heightForWidth(400) == panel.pace_label.fontMetrics().lineSpacing()


# -- 3. small windows -----------------------------------------------------------------------------


def test_a_1024_wide_window_gives_the_checklist_room_for_its_titles(open_window: Opener) -> None:
    navigator, centre, notes = pane_widths(1024)
    assert navigator + centre + notes == 1024
    assert navigator < 200 and notes < 220
    window = open_window()
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1024, 700)
    window.memory.spread_panes()
    settle()
    assert window.centre_splitter.sizes()[1] >= CHECKLIST_ROOM


def test_side_panes_shrink_with_the_window_too(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1440, 900)
    window.memory.spread_panes()
    qtbot.waitUntil(lambda: window.main_splitter.width() > 1300)
    wide = window.main_splitter.sizes()
    window.resize(1100, 700)
    qtbot.waitUntil(lambda: window.main_splitter.width() < 1200)
    narrow = window.main_splitter.sizes()
    assert narrow[0] < wide[0] and narrow[2] < wide[2]


def test_the_notes_pane_can_be_hidden_from_the_view_menu_and_stays_hidden(
    open_window: Opener, tmp_path: Path
) -> None:
    window = open_window(settings=Settings.at(tmp_path / "settings.ini"))
    centre = window.main_splitter.sizes()[1]
    action = window.menus.notes_action
    assert action.isChecked() and action.text() == "Show &Notes"
    assert action in window.menus.view_menu.actions()
    action.trigger()
    settle()
    assert window.notes.isHidden()
    assert window.main_splitter.sizes()[1] > centre
    window.close()

    again = open_window(settings=Settings.at(tmp_path / "settings.ini"))
    assert again.notes.isHidden() and not again.menus.notes_action.isChecked()
    again.menus.notes_action.trigger()
    assert not again.notes.isHidden()


def test_clamping_fits_a_window_from_a_bigger_screen() -> None:
    small = QRect(0, 0, 1024, 700)
    assert clamped(QRect(0, 0, 1440, 900), small) == small
    assert clamped(QRect(600, 400, 800, 600), small) == QRect(224, 100, 800, 600)
    assert clamped(QRect(10, 20, 300, 200), small) == QRect(10, 20, 300, 200)


def test_a_restored_window_too_big_for_the_screen_is_clamped(
    qtbot: Any, open_window: Opener, tmp_path: Path
) -> None:
    window = open_window(settings=Settings.at(tmp_path / "settings.ini"))
    window.setWindowState(Qt.WindowState.WindowNoState)
    area = window.screen().availableGeometry()
    window.setGeometry(area.x() + 200, area.y() + 100, area.width() + 600, area.height() + 300)
    window.close()

    again = open_window(settings=Settings.at(tmp_path / "settings.ini"))
    frame = again.frameGeometry()
    assert frame.width() <= area.width() and frame.height() <= area.height()
    assert area.contains(frame.topLeft())


# -- 4. the filter --------------------------------------------------------------------------------


def test_a_filter_that_matches_nothing_says_so_and_can_be_cleared(
    qtbot: Any, open_window: Opener
) -> None:
    window = open_window()
    panel = window.checklist
    qtbot.keyClicks(window.filter_edit, "zzz")
    assert panel.shows_no_match()
    assert panel.no_match_label.text() == "No tasks match “zzz”"
    assert panel.no_match_label.isVisible() and not window.checklist_view.isVisible()

    i18n.set_language("zh", remember=False)
    qtbot.waitUntil(lambda: panel.no_match_label.text() == "没有匹配“zzz”的任务")
    i18n.set_language("en", remember=False)
    qtbot.waitUntil(lambda: panel.clear_filter_button.text() == "Show &All Tasks")

    qtbot.mouseClick(panel.clear_filter_button, Qt.MouseButton.LeftButton)
    assert window.filter_edit.text() == ""
    assert not panel.shows_no_match() and window.checklist_view.isVisible()


def test_a_status_filter_emptied_by_a_tick_says_so(qtbot: Any, open_window: Opener) -> None:
    window = open_window()
    panel = window.checklist
    window.status_filter.setCurrentIndex(window.status_filter.findData("skipped"))
    assert panel.no_match_label.text() == "No tasks in “Skipped”"
    window.status_filter.setCurrentIndex(window.status_filter.findData("todo"))
    assert not panel.shows_no_match()
    for task_id in ("read-attention", "build-tokenizer", "numpy"):
        window.set_status(task_id, TaskStatus.DONE)
    assert panel.shows_no_match()
    qtbot.keyClicks(window.filter_edit, "numpy")
    assert panel.no_match_label.text() == "No tasks match “numpy” in “To do”"


# -- 5. reopen where I was ------------------------------------------------------------------------


def test_the_window_reopens_on_the_stage_last_shown(open_window: Opener, tmp_path: Path) -> None:
    window = open_window(settings=Settings.at(tmp_path / "settings.ini"))
    assert window.stage_title.text() == "Stage 1: Foundations"
    window.select_stage("apps")
    window.close()

    again = open_window(settings=Settings.at(tmp_path / "settings.ini"))
    assert again.stage_title.text() == "Stage 2: Building applications"
    assert again.stage_view.currentIndex().row() == 1


def test_each_profile_reopens_on_its_own_stage(open_window: Opener, tmp_path: Path) -> None:
    window = open_window(settings=Settings.at(tmp_path / "settings.ini"))
    window.select_stage("apps")
    window.bridge.add_profile("Li")
    window.switch_profile("Li")
    assert window.service.profile.name == "Li"
    window.select_stage("basics")
    window.switch_profile("default")
    assert window.stage_title.text() == "Stage 2: Building applications"
    window.switch_profile("Li")
    assert window.stage_title.text() == "Stage 1: Foundations"


# -- 6. the theme menu ----------------------------------------------------------------------------


@pytest.fixture
def theme(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[app_theme.Theme]:
    """The app's theme, light to begin with; the style and palette are put back afterwards."""
    monkeypatch.delenv(app_theme.THEME_ENV, raising=False)
    style, palette = qapp.style().name(), QPalette(qapp.palette())
    applied = app_theme.Theme(qapp, "light")
    yield applied
    app_theme.set_current(None)
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_the_theme_menu_switches_at_once_and_is_remembered(
    open_window: Opener, theme: app_theme.Theme, tmp_path: Path
) -> None:
    settings = Settings.at(tmp_path / "settings.ini")
    window = open_window(settings=settings)
    menus = window.menus
    assert [a.text() for a in menus.theme_menu.actions()] == ["&System", "&Light", "&Dark"]
    assert not app_theme.is_dark()

    menus.theme_action["dark"].trigger()
    assert app_theme.is_dark()
    assert settings.preferences.theme == "dark"
    menus.theme_action["light"].trigger()
    assert not app_theme.is_dark()
    assert settings.preferences.theme == "light"
    assert menus.theme_action["light"].isChecked()


def test_learnpath_theme_still_overrides_the_menu(
    open_window: Opener, theme: app_theme.Theme, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(app_theme.THEME_ENV, "dark")
    window = open_window()
    action = window.menus.theme_action["light"]
    assert not action.isEnabled()
    assert window.menus.theme_action["dark"].isChecked()
    theme.set_mode("light")
    assert app_theme.is_dark()
