"""The review window: one card at a time, front then back, graded with the keys 1-4.

Works with the keyboard alone: Space shows the answer, 1-4 grade it Again / Hard / Good / Easy
(each button shows the interval the grade leads to), Ctrl+Z takes back the last grade, Page
Up/Down scroll a long card, Esc closes. A counter says what is left ("12 due · 3 new"); when
nothing is left a short summary of the session is shown. Everything goes through the progress
layer's ``ReviewQueue``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.curriculum.model import Lang
from tracker.progress.review import Rating, ReviewCard, ReviewCounts
from tracker.ui.bridge import attempt

LEARN_AHEAD = timedelta(minutes=20)
"""When nothing is due, cards in their learning steps due within this come early (as Anki)."""

_KEYS = {
    Qt.Key.Key_1: Rating.AGAIN,
    Qt.Key.Key_2: Rating.HARD,
    Qt.Key.Key_3: Rating.GOOD,
    Qt.Key.Key_4: Rating.EASY,
}


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def rating_text(rating: Rating) -> str:
    return {
        Rating.AGAIN: _tr("ReviewWindow", "Again"),
        Rating.HARD: _tr("ReviewWindow", "Hard"),
        Rating.GOOD: _tr("ReviewWindow", "Good"),
        Rating.EASY: _tr("ReviewWindow", "Easy"),
    }[rating]


def interval_text(interval: timedelta) -> str:
    """A short, translated length of time: "<1 min", "10 min", "5 h", "3 d", "2.5 mo", "1.2 y"."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return _tr("ReviewWindow", "<1 min")
    if seconds < 3600:
        return _tr("ReviewWindow", "{n} min").format(n=round(seconds / 60))
    if seconds < 86400:
        return _tr("ReviewWindow", "{n} h").format(n=round(seconds / 3600))
    days = seconds / 86400
    if days < 30:
        return _tr("ReviewWindow", "{n} d").format(n=round(days))
    if days < 365:
        return _tr("ReviewWindow", "{n} mo").format(n=f"{days / 30:.1f}".rstrip("0").rstrip("."))
    return _tr("ReviewWindow", "{n} y").format(n=f"{days / 365:.1f}".rstrip("0").rstrip("."))


def counts_text(counts: ReviewCounts) -> str:
    return _tr("ReviewWindow", "{due} due · {new} new").format(due=counts.due, new=counts.new)


class ReviewWindow(QDialog):
    """Reviews the cards of a ``ReviewQueue`` (``service.review``).

    Signals:
        graded(): a grade was stored or taken back (due counts elsewhere are stale).
    """

    graded = Signal()

    def __init__(
        self,
        review: Any,
        lang: Lang,
        dialogs: Any,
        parent: QWidget | None = None,
        *,
        timer: Callable[[], float] = time.monotonic,
        bridge: Any = None,
    ) -> None:
        super().__init__(parent)
        # The window's ``ProgressBridge``: grades go through its write queue, so a grade held
        # up by another program's lock waits (said here) without freezing the window.
        self._bridge = bridge
        self._saving = False  # a grade waits for the lock: its card stays, not gradable again
        self.waiting = QLabel(self)
        self.waiting.setObjectName("review_waiting")
        self.waiting.hide()
        if bridge is not None:
            bridge.write_waiting.connect(self._say_waiting)
        self.setObjectName("review_window")
        self.review = review
        self.lang = lang
        self.dialogs = dialogs
        self._timer = timer
        self.card: ReviewCard | None = None
        self._shown_at = 0.0
        self.session: list[Rating] = []
        self._counts: ReviewCounts | None = None
        self._build()
        self.retranslate()
        self.next_card()

    # -- construction ------------------------------------------------------------------------

    def _top_row(self) -> QHBoxLayout:
        """Where the card comes from; "waiting for another program…"; the counts."""
        top = QHBoxLayout()
        top.addWidget(self.source, 1)
        top.addWidget(self.waiting)
        top.addSpacing(12)
        top.addWidget(self.counter)
        return top

    def _build(self) -> None:
        self.counter = QLabel(self)
        self.counter.setObjectName("review_counter")
        self.source = QLabel(self, textFormat=Qt.TextFormat.PlainText)  # a title, never markup
        self.source.setObjectName("review_source")
        top = self._top_row()

        self.pages = QStackedWidget(self)
        card_page = QWidget(self.pages)
        self.front = self._text_label(card_page, 15)
        self.rule = QFrame(card_page)
        self.rule.setFrameShape(QFrame.Shape.HLine)
        self.back = self._text_label(card_page, 13)
        self.show_button = QPushButton(card_page)
        self.show_button.clicked.connect(self.show_answer)
        self.grade_buttons: dict[Rating, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        for rating in Rating:
            button = QPushButton(card_page)
            button.setObjectName(f"grade_{rating.name.lower()}")
            button.setMinimumWidth(96)
            button.clicked.connect(lambda _=False, r=rating: self.grade(r))
            self.grade_buttons[rating] = button
            buttons.addWidget(button)
        for button in (self.show_button, *self.grade_buttons.values()):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space and 1-4 belong to the window
        # Each side scrolls on its own (a long card must not push the grade buttons off screen).
        self.front_scroll = self._scrolling(card_page, self.front)
        self.back_scroll = self._scrolling(card_page, self.back)
        layout = QVBoxLayout(card_page)
        layout.addWidget(self.front_scroll, 3)
        layout.addWidget(self.rule)
        layout.addWidget(self.back_scroll, 3)
        layout.addLayout(buttons)

        summary_page = QWidget(self.pages)
        self.summary = self._text_label(summary_page, 13)
        self.close_button = QPushButton(summary_page)
        self.close_button.clicked.connect(self.accept)
        summary_layout = QVBoxLayout(summary_page)
        summary_layout.addWidget(self.summary, 1)
        summary_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.pages.addWidget(card_page)
        self.pages.addWidget(summary_page)

        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.pages, 1)
        self.hint = QLabel(self)
        self.hint.setObjectName("review_hint")
        outer.addWidget(self.hint)
        self.undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self)
        self.undo_shortcut.activated.connect(self.undo)
        self.resize(720, 460)

    @staticmethod
    def _scrolling(parent: QWidget, label: QLabel) -> QScrollArea:
        scroll = QScrollArea(parent)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(label)
        return scroll

    @staticmethod
    def _text_label(parent: QWidget, points: int) -> QLabel:
        label = QLabel(parent)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = label.font()
        font.setPointSize(points)
        label.setFont(font)
        return label

    def retranslate(self) -> None:
        self.setWindowTitle(_tr("ReviewWindow", "Review"))
        self.show_button.setText(_tr("ReviewWindow", "Show answer (Space)"))
        self.close_button.setText(_tr("ReviewWindow", "Close"))
        self.hint.setText(
            _tr(
                "ReviewWindow",
                "Space: show the answer · 1–4: grade · Ctrl+Z: undo the last grade · Esc: close",
            )
        )
        for rating, button in self.grade_buttons.items():
            button.setToolTip(rating_text(rating))
        if self._counts is not None:
            self.counter.setText(counts_text(self._counts))
        if self.card is not None:
            self._show_card(self.card, answer=self.back.isVisible())
        elif self.pages.currentIndex() == 1:
            self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            from tracker.ui import i18n

            self.lang = i18n.current_lang()  # the card's own text follows the UI language too
            self.retranslate()
        super().changeEvent(event)

    # -- the session -------------------------------------------------------------------------

    def next_card(self) -> None:
        """Show the next card of the queue, or the summary when none is left."""
        title = _tr("ReviewWindow", "Could not read the review cards")
        card = attempt(self.dialogs, title, self.review.next_card)
        if card is None:
            card = attempt(self.dialogs, title, lambda: self.review.next_card(ahead=LEARN_AHEAD))
        self._update_counter()
        if card is None:
            self.card = None
            self._show_summary()
            return
        self._show_card(card, answer=False)

    def _update_counter(self) -> None:
        counts = attempt(
            self.dialogs, _tr("ReviewWindow", "Could not count the cards"), self.review.due_count
        )
        self._counts = counts
        self.counter.setText(counts_text(counts) if counts is not None else "")

    def _show_card(self, card: ReviewCard, *, answer: bool) -> None:
        if self.card is None or card.card_id != self.card.card_id or not answer:
            self._shown_at = self._timer()
        self.card = card
        self.pages.setCurrentIndex(0)
        self.front.setText(card.front.get(self.lang))
        self.back.setText(card.back.get(self.lang))
        source = card.source.get(self.lang)
        self.source.setText(
            _tr("ReviewWindow", "Your card · {item}").format(item=source) if card.own else source
        )
        self.back.setVisible(answer)
        self.back_scroll.setVisible(answer)
        self.rule.setVisible(answer)
        self.show_button.setVisible(not answer)
        intervals: dict[Rating, timedelta] = {}
        if answer:
            intervals = (
                attempt(
                    self.dialogs,
                    _tr("ReviewWindow", "Could not schedule the card"),
                    lambda: self.review.preview(card.card_id),
                )
                or {}
            )
        for rating, button in self.grade_buttons.items():
            button.setVisible(answer)
            wait = intervals.get(rating)
            label = f"{rating.value} · {rating_text(rating)}"
            button.setText(f"{label}\n{interval_text(wait)}" if wait is not None else label)

    def show_answer(self) -> None:
        if self.card is not None and not self.back.isVisible():
            self._show_card(self.card, answer=True)

    def grade(self, rating: Rating) -> None:
        card = self.card
        if card is None or not self.back.isVisible() or self._saving:
            return
        spent = max(0, round((self._timer() - self._shown_at) * 1000))
        title = _tr("ReviewWindow", "Could not save the grade")

        def stored(_result: Any) -> None:
            self._set_saving(False)
            self.session.append(rating)
            self.graded.emit()
            self.next_card()

        def failed(error: BaseException) -> None:
            from tracker.ui.error_text import error_text

            self._set_saving(False)  # the card stays: grade it again
            self.dialogs.show_error(title, error_text(error))

        def store() -> Any:
            if self._bridge is None:
                return self.review.grade(card.card_id, rating, duration_ms=spent)
            return self._bridge.write(
                lambda: self.review.grade(card.card_id, rating, duration_ms=spent),
                later=stored,
                failed_later=failed,
            )

        result = attempt(self.dialogs, title, store)
        if result is None:
            return
        from tracker.ui.bridge import Queued

        if isinstance(result, Queued):
            self._set_saving(True)
            return
        stored(result)

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        for button in self.grade_buttons.values():
            button.setEnabled(not saving)

    def _say_waiting(self, waiting: bool) -> None:
        # the window's own words for it (the status bar behind this window says the same)
        self.waiting.setText(_tr("WriteFeedback", "Waiting for another program…"))
        self.waiting.setVisible(waiting)

    def undo(self) -> None:
        """Take back the last grade and show its card again."""
        if self._saving:
            return  # the grade being stored goes in first
        card_id = attempt(
            self.dialogs, _tr("ReviewWindow", "Could not undo"), self.review.undo_last_grade
        )
        if card_id is None:
            return
        if self.session:
            self.session.pop()
        self.graded.emit()
        card = attempt(
            self.dialogs, _tr("ReviewWindow", "Could not undo"), lambda: self.review.card(card_id)
        )
        self._update_counter()
        if card is not None:
            self._show_card(card, answer=False)

    def _show_summary(self) -> None:
        self.pages.setCurrentIndex(1)
        self.source.setText("")
        reviewed = len(self.session)
        if not reviewed:
            self.summary.setText(_tr("ReviewWindow", "Nothing to review now. Well done!"))
            return
        again = sum(1 for r in self.session if r is Rating.AGAIN)
        if reviewed == 1:
            self.summary.setText(
                _tr(
                    "ReviewWindow",
                    "Done for now.\n\nYou reviewed 1 card; you will see it again soon.",
                )
                if again
                else _tr("ReviewWindow", "Done for now.\n\nYou reviewed 1 card and remembered it.")
            )
            return
        share = round(100 * (reviewed - again) / reviewed)
        self.summary.setText(
            _tr(
                "ReviewWindow",
                "Done for now.\n\nYou reviewed {n} cards and remembered {share} % of them "
                "({again} to see again soon).",
            ).format(n=reviewed, share=share, again=again)
        )

    # -- keys --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.pages.currentIndex() == 1:
                self.accept()
            else:
                self.show_answer()
            return
        if plain and key in _KEYS:
            self.grade(_KEYS[Qt.Key(key)])
            return
        if plain and key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            side = self.back_scroll if self.back_scroll.isVisible() else self.front_scroll
            bar = side.verticalScrollBar()
            step = bar.pageStep() if key == Qt.Key.Key_PageDown else -bar.pageStep()
            bar.setValue(bar.value() + step)
            return
        super().keyPressEvent(event)
