"""The bar shown when a note was changed by another program while it was being edited here.

Both versions are kept until the learner chooses: the text typed here stays in the editor (and
is not saved over the other one), the other program's text stays in the database. The bar
offers to show theirs (read-only, copyable), keep both (theirs appended below a line), keep
mine, or use theirs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class NoteConflictBar(QFrame):
    """Says that both versions of a note are kept and asks which to keep.

    Signals:
        show_theirs(): show the other program's text.
        keep_both(): keep this text with theirs appended.
        keep_mine(): save this text over theirs.
        use_theirs(): drop this text for theirs.
    """

    show_theirs = Signal()
    keep_both = Signal()
    keep_mine = Signal()
    use_theirs = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("note_conflict_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.show_button = QPushButton(self)
        self.both_button = QPushButton(self)
        self.mine_button = QPushButton(self)
        self.theirs_button = QPushButton(self)
        self.show_button.clicked.connect(self.show_theirs)
        self.both_button.clicked.connect(self.keep_both)
        self.mine_button.clicked.connect(self.keep_mine)
        self.theirs_button.clicked.connect(self.use_theirs)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.show_button, self.both_button, self.mine_button, self.theirs_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.message.setText(
            self.tr(
                "This note was changed by another program while you were editing it. Both "
                "versions are kept: yours is in the editor, theirs is saved. Choose what to keep."
            )
        )
        self.show_button.setText(self.tr("Show theirs"))
        self.both_button.setText(self.tr("Keep both"))
        self.mine_button.setText(self.tr("Keep mine"))
        self.theirs_button.setText(self.tr("Use theirs"))


def both_versions(mine: str, theirs: str, heading: str) -> str:
    """One text holding both: this window's text, then the other program's under ``heading``."""
    return f"{mine.rstrip()}\n\n---\n{heading}\n\n{theirs}"


class TextViewer(QDialog):
    """A read-only, copyable text in a small window (the other program's note)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(480, 360)
