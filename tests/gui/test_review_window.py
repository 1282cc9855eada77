"""The review window and the review entries of the main window, driven by the keyboard."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parents[1] / "progress"))
from card_curriculum import make_card_curriculum
from sample_curriculum import FakeClock

from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.review import Rating
from tracker.progress.service import ProgressService
from tracker.ui.main_window import MainWindow
from tracker.ui.review_window import ReviewWindow, interval_text


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2030, 3, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def card_window(
    qtbot: Any, data_dir: Path, dialogs: Any, clock: FakeClock
) -> Iterator[Callable[[], MainWindow]]:
    services: list[ProgressService] = []

    def opener() -> MainWindow:
        service = ProgressService.open(data_dir, make_card_curriculum(), clock=clock)
        services.append(service)
        window = MainWindow(service, dialogs=dialogs, data_dir=data_dir)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield opener
    for service in services:
        service.close()


def _open_review(qtbot: Any, window: MainWindow) -> ReviewWindow:
    window.review_menu.review_action.trigger()
    review = window.review_menu.review_window
    assert review is not None
    qtbot.waitExposed(review)
    review.activateWindow()  # shortcuts (Ctrl+Z) only reach the active window
    qtbot.waitUntil(review.isActiveWindow)
    return review  # type: ignore[no-any-return]


def test_the_toolbar_entry_counts_cards_and_follows_the_learners_progress(
    qtbot: Any, card_window: Callable[[], MainWindow]
) -> None:
    window = card_window()
    action = window.review_menu.review_action
    qtbot.waitUntil(lambda: action.text() == "&Review (0)")
    window.set_status("tokenize", TaskStatus.IN_PROGRESS)  # starts the stage: four cards
    qtbot.waitUntil(lambda: action.text() == "&Review (4)")
    assert window.review_menu.add_card_action.shortcut().toString() == "Ctrl+Shift+A"
    qtbot.keyClick(window.stage_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    review = window.review_menu.review_window
    assert review is not None
    qtbot.waitExposed(review)
    assert review.front.text() == "Q attention 1"


def test_a_review_with_the_keyboard_alone_grades_undoes_and_ends_with_a_summary(
    qtbot: Any, card_window: Callable[[], MainWindow], clock: FakeClock
) -> None:
    window = card_window()
    window.set_status("tokenize", TaskStatus.IN_PROGRESS)
    review = _open_review(qtbot, window)
    assert review.counter.text() == "0 due · 4 new"
    assert review.front.text() == "Q attention 1"
    assert not review.back.isVisible()
    qtbot.keyClick(review, Qt.Key.Key_3)  # a grade before the answer is shown does nothing
    assert window.service.review.review_logs() == []
    qtbot.keyClick(review, Qt.Key.Key_Space)
    assert review.back.isVisible() and review.back.text() == "A 1"
    preview = window.service.review.preview("attention-1")
    assert review.grade_buttons[Rating.GOOD].text() == (
        f"3 · Good\n{interval_text(preview[Rating.GOOD])}"
    )
    qtbot.keyClick(review, Qt.Key.Key_3)
    assert review.front.text() == "Q attention 2"
    assert review.counter.text() == "0 due · 3 new"
    qtbot.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.front.text() == "Q attention 1"
    assert window.service.review.review_logs() == []
    for _ in range(4):
        qtbot.keyClick(review, Qt.Key.Key_Space)
        qtbot.keyClick(review, Qt.Key.Key_4)  # easy: out of the session for days
    assert review.pages.currentIndex() == 1
    assert "You reviewed 4 cards and remembered 100 %" in review.summary.text()
    assert len(window.service.review.review_logs()) == 4
    qtbot.keyClick(review, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not review.isVisible())


def test_due_counts_appear_beside_the_stage(
    qtbot: Any, card_window: Callable[[], MainWindow], clock: FakeClock
) -> None:
    window = card_window()
    window.set_status("tokenize", TaskStatus.IN_PROGRESS)
    result = window.service.review.grade("attention-1", "again")
    clock.now = result.due + timedelta(seconds=1)
    window.review_menu.refresh()
    assert window.review_menu.due_by_stage == {"basics": 1}
    progress = window.stage_model.progress_of("basics")
    assert window.review_menu.delegate._detail(progress).endswith(" · 1 due")


def test_add_card_from_selected_note_text_then_delete_and_undo(
    qtbot: Any, card_window: Callable[[], MainWindow]
) -> None:
    window = card_window()
    window.notes_edit.setPlainText("Attention weighs every token.")
    window.notes_edit.selectAll()
    window.activateWindow()
    qtbot.keyClick(window.notes_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = window.review_menu.card_dialog
    assert dialog is not None
    assert dialog.item == (ItemKind.STAGE, "basics")
    assert dialog.front_edit.toPlainText() == "Attention weighs every token."
    dialog.back_edit.setPlainText("Yes")
    dialog.save_button.click()
    own = window.service.review.own_cards()
    assert [(c.front.en, c.back.en) for c in own] == [("Attention weighs every token.", "Yes")]
    assert dialog.cards.count() == 1
    dialog.cards.setCurrentRow(0)
    dialog.delete_button.click()
    assert window.service.review.own_cards() == []
    dialog.undo_button.click()
    assert [c.card_id for c in window.service.review.own_cards()] == [own[0].card_id]
    qtbot.waitUntil(lambda: window.review_menu.review_action.text() == "&Review (1)")


def test_review_settings_are_kept_per_profile_and_esc_closes_the_review(
    qtbot: Any, card_window: Callable[[], MainWindow]
) -> None:
    window = card_window()
    window.set_status("tokenize", TaskStatus.IN_PROGRESS)
    window.review_menu.settings_action.trigger()
    dialog = window.review_menu.settings_dialog
    assert dialog is not None
    assert (dialog.retention.value(), dialog.new_per_day.value()) == (90, 10)
    dialog.retention.setValue(95)
    dialog.new_per_day.setValue(2)
    dialog.accept()
    assert window.service.review.settings().desired_retention == pytest.approx(0.95)
    qtbot.waitUntil(lambda: window.review_menu.review_action.text() == "&Review (2)")
    review = _open_review(qtbot, window)
    assert review.counter.text() == "0 due · 2 new"
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not review.isVisible())


def test_the_review_window_speaks_the_ui_language(
    qtbot: Any, card_window: Callable[[], MainWindow]
) -> None:
    from tracker.ui import i18n

    window = card_window()
    window.set_status("tokenize", TaskStatus.IN_PROGRESS)
    i18n.set_language("zh", remember=False)
    review = _open_review(qtbot, window)
    assert review.counter.text() == "0 张到期 · 4 张新卡"
    assert review.front.text() == "问 attention 1"
    qtbot.keyClick(review, Qt.Key.Key_Space)
    assert review.grade_buttons[Rating.AGAIN].text().startswith("1 · 重来\n")
    qtbot.waitUntil(lambda: window.review_menu.review_action.text() == "复习(&R)（4）")


def test_a_long_card_scrolls_inside_the_window_and_the_grades_stay_in_reach(
    qtbot: Any, card_window: Callable[[], MainWindow]
) -> None:
    window = card_window()
    long_front = "What is this? " + "A long question. " * 230
    long_back = "\n".join(f"answer line {n}" for n in range(200))
    window.service.review.add_card(ItemKind.STAGE, "basics", long_front, long_back)
    review = _open_review(qtbot, window)
    qtbot.keyClick(review, Qt.Key.Key_Space)
    assert review.back.text() == long_back
    assert review.height() <= 900  # the window did not grow to the text's height
    good = review.grade_buttons[Rating.GOOD]
    corner = good.mapTo(review, good.rect().bottomRight())
    assert review.rect().contains(corner)
    bar = review.back_scroll.verticalScrollBar()
    assert (bar.value(), bar.maximum() > 0) == (0, True)
    qtbot.keyClick(review, Qt.Key.Key_PageDown)
    assert bar.value() == bar.pageStep()


def test_the_summary_of_a_single_card_speaks_of_one_card(
    qtbot: Any, card_window: Callable[[], MainWindow]
) -> None:
    window = card_window()
    window.service.review.add_card(ItemKind.STAGE, "basics", "Only question", "Only answer")
    review = _open_review(qtbot, window)
    qtbot.keyClick(review, Qt.Key.Key_Space)
    qtbot.keyClick(review, Qt.Key.Key_4)
    assert review.summary.text() == "Done for now.\n\nYou reviewed 1 card and remembered it."


def test_an_edit_of_an_own_card_is_undone_by_undo_and_the_old_texts_return(
    qtbot: Any, card_window: Callable[[], MainWindow]
) -> None:
    window = card_window()
    card_id = window.service.review.add_card(ItemKind.STAGE, "basics", "Old question", "Old")
    window.review_menu.add_card()
    dialog = window.review_menu.card_dialog
    assert dialog is not None
    dialog.cards.setCurrentRow(0)
    assert not dialog.undo_button.isEnabled()
    dialog.front_edit.setPlainText("New question")
    dialog.back_edit.setPlainText("New")
    dialog.save_button.click()
    assert window.service.review.card(card_id).front.en == "New question"
    assert dialog.undo_button.isEnabled() and dialog.undo_button.text() == "&Undo"
    dialog.undo_button.click()
    card = window.service.review.card(card_id)
    assert (card.front.en, card.back.en) == ("Old question", "Old")
    assert dialog.front_edit.toPlainText() == "Old question"
    assert not dialog.undo_button.isEnabled()


def test_ctrl_z_after_a_grade_from_the_terminal_says_so_and_keeps_that_grade(
    qtbot: Any, card_window: Callable[[], MainWindow], dialogs: Any, data_dir: Path,
    clock: FakeClock,
) -> None:  # fmt: skip
    window = card_window()
    window.set_status("tokenize", TaskStatus.IN_PROGRESS)
    review = _open_review(qtbot, window)
    qtbot.keyClick(review, Qt.Key.Key_Space)
    qtbot.keyClick(review, Qt.Key.Key_1)  # attention-1: again
    terminal = ProgressService.open(data_dir, make_card_curriculum(), clock=clock)
    try:
        theirs = terminal.review.grade("attention-1", "easy")
    finally:
        terminal.close()
    qtbot.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.errors() == [
        (
            "Could not undo",
            "card 'attention-1' was graded again elsewhere since; that grade is kept and this "
            "one can no longer be undone",
        )
    ]
    assert window.service.review.card("attention-1").due == theirs.due
    assert len(window.service.review.review_logs()) == 2


def test_titles_shown_with_a_card_are_plain_text_never_markup(
    qtbot: Any, card_window: Callable[[], MainWindow]
) -> None:
    """A curriculum may come from anywhere: a title such as ``<img src=/dev/zero>`` must be
    shown as those characters, not rendered (Qt would try to load the image)."""
    window = card_window()
    window.service.review.add_card(ItemKind.STAGE, "basics", "Q", "A")
    review = _open_review(qtbot, window)
    assert review.source.text().startswith("Your card · ")
    assert review.source.textFormat() is Qt.TextFormat.PlainText
    window.review_menu.add_card()
    dialog = window.review_menu.card_dialog
    assert dialog is not None
    assert dialog.heading.textFormat() is Qt.TextFormat.PlainText


def test_the_open_review_window_shows_the_card_in_the_language_switched_to(
    qtbot: Any, card_window: Callable[[], MainWindow]
) -> None:
    from tracker.ui import i18n

    window = card_window()
    window.set_status("tokenize", TaskStatus.IN_PROGRESS)
    review = _open_review(qtbot, window)
    qtbot.keyClick(review, Qt.Key.Key_Space)
    assert review.front.text() == "Q attention 1"
    i18n.set_language("zh", remember=False)
    qtbot.waitUntil(lambda: review.counter.text() == "0 张到期 · 4 张新卡")
    assert review.front.text() == "问 attention 1"
    assert review.back.isVisible()
    assert review.grade_buttons[Rating.AGAIN].text().startswith("1 · 重来\n")


def test_switching_profile_closes_the_review_so_a_grade_never_lands_in_the_other_profile(
    qtbot: Any, card_window: Callable[[], MainWindow]
) -> None:
    window = card_window()
    window.set_status("tokenize", TaskStatus.IN_PROGRESS)
    window.bridge.add_profile("sibling")
    review = _open_review(qtbot, window)
    qtbot.keyClick(review, Qt.Key.Key_Space)
    window.bridge.switch_profile("sibling")
    qtbot.keyClick(review, Qt.Key.Key_3)  # the card shown was the first profile's
    assert window.service.profile.name == "sibling"
    assert window.service.review.review_logs() == []
    assert not review.isVisible()


def test_settings_open_for_one_profile_are_never_saved_into_the_profile_switched_to(
    qtbot: Any, card_window: Callable[[], MainWindow]
) -> None:
    window = card_window()
    window.bridge.add_profile("sibling")
    window.review_menu.settings_action.trigger()
    dialog = window.review_menu.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.new_per_day.setValue(3)
    window.bridge.switch_profile("sibling")
    assert not dialog.isVisible()  # had it stayed open, OK would save 3 into "sibling"
    assert window.service.review.settings().new_per_day == 10
