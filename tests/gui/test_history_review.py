"""The History page's Review section: retention over the last 30 days, reviews in 30 days and
per stage the cards, learned and mature ones, read again when the page is shown and after a
grade in the review window, in the window's language."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_today import FakeStudyDialogs

sys.path.insert(0, str(Path(__file__).parents[1] / "progress"))
from card_curriculum import make_card_curriculum
from sample_curriculum import FakeClock

from tracker.progress.records import TaskStatus
from tracker.progress.review import Rating
from tracker.progress.service import ProgressService
from tracker.ui.daily import HISTORY_PAGE, TODAY_PAGE, DailyLoop
from tracker.ui.main_window import MainWindow


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2030, 3, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def card_loop(
    qtbot: Any, data_dir: Path, dialogs: Any, clock: FakeClock
) -> Iterator[Callable[[], DailyLoop]]:
    services: list[ProgressService] = []

    def opener() -> DailyLoop:
        service = ProgressService.open(data_dir, make_card_curriculum(), clock=clock)
        services.append(service)
        window = MainWindow(service, dialogs=dialogs, data_dir=data_dir)
        qtbot.addWidget(window)
        loop = window.install_daily(dialogs=FakeStudyDialogs())
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: loop.today.study_loaded)
        return loop

    yield opener
    for service in services:
        service.close()


def _grade_in_the_window(qtbot: Any, window: MainWindow, rating: Rating) -> None:
    window.review_menu.review_action.trigger()
    review = window.review_menu.review_window
    assert review is not None
    qtbot.waitExposed(review)
    qtbot.keyClick(review, Qt.Key.Key_Space)
    with qtbot.waitSignal(review.graded):
        qtbot.keyClick(review, Qt.Key.Key_1 + (int(rating) - 1))
    review.close()


def test_history_shows_retention_and_cards_per_stage_and_follows_grades(
    qtbot: Any, card_loop: Callable[[], DailyLoop], clock: FakeClock
) -> None:
    loop = card_loop()
    window = loop.window
    review = window.service.review
    window.set_status("tokenize", TaskStatus.IN_PROGRESS)  # basics starts: four cards
    review.grade("tokenize-1", Rating.EASY)
    clock.advance(days=20)
    review.grade("tokenize-1", Rating.GOOD)  # remembered after twenty days: mature
    review.grade("attention-1", Rating.AGAIN)
    review.grade("attention-2", Rating.GOOD)

    loop.show_history()
    panel = loop.history.review
    assert panel.isVisible()
    assert panel.retention.text() == "Retention over the last 30 days: 75 % of 4 reviews"
    assert panel.row("basics") == (4, 3, 1)
    assert panel.row("practice") == (0, 0, 0)
    assert panel.stages.topLevelItem(0).text(0) == "Stage 1: Basics"

    # A grade in the review window while History is shown: the numbers follow at once.
    _grade_in_the_window(qtbot, window, Rating.AGAIN)
    assert panel.retention.text() == "Retention over the last 30 days: 60 % of 5 reviews"
    assert panel.row("basics") == (4, 4, 1)

    # A grade while another page is shown: read again when History is shown.
    loop.tabs.setCurrentIndex(TODAY_PAGE)
    _grade_in_the_window(qtbot, window, Rating.GOOD)
    assert panel.retention.text() == "Retention over the last 30 days: 60 % of 5 reviews"
    loop.tabs.setCurrentIndex(HISTORY_PAGE)
    assert panel.retention.text() == "Retention over the last 30 days: 67 % of 6 reviews"


def test_the_review_section_reads_in_chinese(
    qtbot: Any, card_loop: Callable[[], DailyLoop]
) -> None:
    from tracker.ui import i18n

    loop = card_loop()
    window = loop.window
    window.set_status("tokenize", TaskStatus.IN_PROGRESS)
    window.service.review.grade("attention-1", Rating.GOOD)
    loop.show_history()
    i18n.set_language("zh", remember=False)
    panel = loop.history.review
    qtbot.waitUntil(lambda: panel.title.text() == "复习")
    assert panel.retention.text() == "近 30 天记忆保持率：100 %（共 1 次复习）"
    header = panel.stages.headerItem()
    assert [header.text(c) for c in range(4)] == ["阶段", "卡片", "已学习", "已熟记"]


def test_no_review_section_without_cards(open_window: Any, qtbot: Any) -> None:
    loop = open_window().install_daily(dialogs=FakeStudyDialogs())
    qtbot.waitUntil(lambda: loop.today.study_loaded)
    loop.show_history()
    assert loop.history is not None
    assert not loop.history.review.isVisible()
    assert loop.history.review.stats is None
