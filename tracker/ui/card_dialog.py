"""The learner's own review cards on one task, stage or concept: add, edit, delete, undo.

"Undo" takes back the dialog's last edit (the old texts return) or delete (a deleted card keeps
its review history in the database, so it comes back as it was). Everything goes through the
progress layer's ``ReviewQueue``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker.progress.records import ItemKind
from tracker.ui.bridge import QUEUED, attempt, user_error_types

_ID_ROLE = Qt.ItemDataRole.UserRole


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class CardDialog(QDialog):
    """Own cards of one item.

    Signals:
        changed(): a card was added, edited, deleted or restored.
    """

    changed = Signal()
    _waiting = False  # a change waits for another program's lock

    def __init__(
        self,
        review: Any,
        item: tuple[ItemKind, str],
        label: str,
        dialogs: Any,
        parent: QWidget | None = None,
        *,
        front: str = "",
        write: Callable[..., Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card_dialog")
        self.review = review
        self.item = item
        # ``write``: the window's write queue (``ProgressBridge.write``), if any
        self.dialogs, self._write = dialogs, write
        # What "Undo" takes back, newest last: (card id, None) for a delete, (card id, (front,
        # back)) with the texts before an edit.
        self._undo: list[tuple[str, tuple[str, str] | None]] = []
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # a title is text, never markup
        self.cards = QListWidget(self)
        self.front_label = QLabel(self)
        self.front_edit = QPlainTextEdit(self)
        self.front_label.setBuddy(self.front_edit)
        self.back_label = QLabel(self)
        self.back_edit = QPlainTextEdit(self)
        self.back_label.setBuddy(self.back_edit)
        self.save_button = QPushButton(self)
        self.new_button = QPushButton(self)
        self.delete_button = QPushButton(self)
        self.undo_button = QPushButton(self)
        self.close_button = QPushButton(self)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.delete_button, self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        self.cards.setMaximumHeight(140)
        layout.addWidget(self.cards)
        layout.addWidget(self.front_label)
        layout.addWidget(self.front_edit, 1)
        layout.addWidget(self.back_label)
        layout.addWidget(self.back_edit, 1)
        layout.addLayout(buttons)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.start_new)
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button.clicked.connect(self.undo)
        self.close_button.clicked.connect(self.accept)
        self.cards.currentItemChanged.connect(self._card_chosen)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        self.save_shortcut.activated.connect(self.save)
        self._label = label
        self.retranslate()
        self.reload()
        self.front_edit.setPlainText(front)
        self.front_edit.setFocus()
        self.resize(560, 520)

    def retranslate(self) -> None:
        self.setWindowTitle(_tr("CardDialog", "Add card"))
        self.heading.setText(_tr("CardDialog", "Your cards on “{item}”").format(item=self._label))
        self.front_label.setText(_tr("CardDialog", "&Front (the question)"))
        self.back_label.setText(_tr("CardDialog", "&Back (the answer)"))
        self.new_button.setText(_tr("CardDialog", "&New"))
        self.delete_button.setText(_tr("CardDialog", "&Delete"))
        self.undo_button.setText(_tr("CardDialog", "&Undo"))
        self.close_button.setText(_tr("CardDialog", "Close"))
        self._update_buttons()

    def reload(self, select: str | None = None) -> None:
        own = attempt(
            self.dialogs,
            _tr("CardDialog", "Could not read your cards"),
            lambda: self.review.own_cards(*self.item),
        )
        self.cards.blockSignals(True)
        self.cards.clear()
        for card in own or []:
            entry = QListWidgetItem(card.front.en.replace("\n", " "), self.cards)
            entry.setData(_ID_ROLE, card.card_id)
            if card.card_id == select:
                self.cards.setCurrentItem(entry)
        self.cards.blockSignals(False)
        self._update_buttons()

    def selected_id(self) -> str | None:
        entry = self.cards.currentItem()
        return str(entry.data(_ID_ROLE)) if entry is not None else None

    def _update_buttons(self) -> None:
        editing = self.selected_id() is not None
        self.save_button.setText(
            _tr("CardDialog", "&Save changes") if editing else _tr("CardDialog", "&Add card")
        )
        self.save_button.setEnabled(not self._waiting)
        self.save_shortcut.setEnabled(not self._waiting)
        self.delete_button.setEnabled(editing and not self._waiting)
        self.undo_button.setEnabled(bool(self._undo) and not self._waiting)

    def _change(self, title: str, run: Callable[[], Any], landed: Callable[[Any], None]) -> None:
        """Make a change to the cards, then ``landed(result)``; a refusal is shown under
        ``title``. Through the window's write queue when given: while another program holds the
        lock the dialog stays responsive with Save, Delete and Undo off (nothing asked twice),
        and ``landed`` runs once the change is in."""
        if self._write is None:
            result = attempt(self.dialogs, title, run)
            if result is not None:
                landed(result)
            return

        def done(result: Any) -> None:
            self._set_waiting(False)
            landed(result)

        def failed(error: BaseException) -> None:
            from tracker.ui.error_text import error_text

            self._set_waiting(False)
            self.dialogs.show_error(title, error_text(error))

        self._set_waiting(True)
        try:
            result = self._write(run, later=done, failed_later=failed)
        except user_error_types() as error:
            failed(error)
            return
        except BaseException:  # a bug: reported as one, the dialog usable again
            self._set_waiting(False)
            raise
        if result is not QUEUED:
            done(result)

    def _set_waiting(self, waiting: bool) -> None:
        self._waiting = waiting
        self._update_buttons()

    def _card_chosen(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            card = attempt(
                self.dialogs,
                _tr("CardDialog", "Could not read your cards"),
                lambda: self.review.card(str(current.data(_ID_ROLE))),
            )
            if card is not None:
                self.front_edit.setPlainText(card.front.en)
                self.back_edit.setPlainText(card.back.en)
        self._update_buttons()

    def start_new(self) -> None:
        self.cards.setCurrentRow(-1)
        self.cards.clearSelection()
        self.front_edit.clear()
        self.back_edit.clear()
        self.front_edit.setFocus()
        self._update_buttons()

    def save(self) -> None:
        front, back = self.front_edit.toPlainText(), self.back_edit.toPlainText()
        card_id = self.selected_id()
        if card_id is None:

            def added(_card: object) -> None:
                self.reload()
                self.start_new()
                self.changed.emit()

            self._change(
                _tr("CardDialog", "Could not add the card"),
                lambda: self.review.add_card(*self.item, front, back),
                added,
            )
        else:

            def edited(before: tuple[str, str]) -> None:
                if before != (front.strip(), back.strip()):
                    self._undo.append((card_id, before))
                self.reload(select=card_id)
                self.changed.emit()

            self._change(
                _tr("CardDialog", "Could not save the card"),
                lambda: self.review.edit_card(card_id, front, back),
                edited,
            )

    def delete_selected(self) -> None:
        card_id = self.selected_id()
        if card_id is None:
            return

        def deleted(_done: object) -> None:
            self._undo.append((card_id, None))
            self.start_new()
            self.reload()
            self.changed.emit()

        self._change(
            _tr("CardDialog", "Could not delete the card"),
            lambda: self.review.delete_card(card_id) or True,
            deleted,
        )

    def undo(self) -> None:
        """Take back the last edit (the old texts return) or delete (the card comes back)."""
        if not self._undo:
            return
        card_id, texts = self._undo.pop()

        def undone(_done: object) -> None:
            self.reload(select=card_id)
            self._card_chosen(self.cards.currentItem(), None)
            self.changed.emit()

        if texts is None:
            self._change(
                _tr("CardDialog", "Could not restore the card"),
                lambda: self.review.restore_card(card_id) or True,
                undone,
            )
        else:
            self._change(
                _tr("CardDialog", "Could not save the card"),
                lambda: self.review.edit_card(card_id, *texts) or True,
                undone,
            )
