"""Crash-safe drafts of notes: what is typed reaches a file within a fraction of a second.

A note is saved to the database ``SAVE_DELAY_MS`` after typing pauses; a kill (crash, power cut,
``SIGKILL``) before that would lose what was typed. So ``DRAFT_DELAY_MS`` after each batch of
keystrokes the editor's text is written, atomically (temporary file, fsync, rename), to a draft
file of its own in the data folder's ``drafts/``. The draft is removed once the note is saved
(or the text discarded). On the next start, drafts whose text differs from the stored note are
offered back: "Recovered unsaved text for …: Restore / Discard".
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from tracker.progress.records import ItemKind

DRAFT_DELAY_MS = 150
FOLDER = "drafts"

log = logging.getLogger("tracker.ui")


@dataclass(frozen=True)
class Draft:
    """Unsaved text of one note: whose, which item, the text, and the stored text it began from."""

    profile_id: int
    curriculum_id: str
    item_kind: str
    item_id: str
    label: str
    text: str
    base: str
    written_at: str

    @property
    def item(self) -> tuple[ItemKind, str]:
        return ItemKind(self.item_kind), self.item_id

    @property
    def scope(self) -> tuple[int, str]:
        return self.profile_id, self.curriculum_id


def _file_name(scope: tuple[object, object], item: tuple[ItemKind, str]) -> str:
    key = json.dumps([str(scope[0]), str(scope[1]), item[0].value, item[1]])
    return hashlib.sha256(key.encode()).hexdigest()[:32] + ".json"


class DraftKeeper(QObject):
    """Writes the note being typed to its draft file shortly after each batch of keystrokes.

    Signals:
        failed(str): a draft could not be written (the note is still saved as usual).
    """

    failed = Signal(str)

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._pending: (
            tuple[tuple[object, object], tuple[ItemKind, str], str, Callable[[], str], str] | None
        ) = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.write_now)

    def typed(
        self,
        scope: tuple[object, object],
        item: tuple[ItemKind, str],
        label: str,
        text: Callable[[], str],
        base: str,
    ) -> None:
        """The learner typed: write the draft within ``DRAFT_DELAY_MS`` (one write per batch;
        ``text`` is read then, not per keystroke)."""
        self._pending = (scope, item, label, text, base)
        if not self._timer.isActive():  # not restarted: steady typing still writes every batch
            self._timer.start()

    def write_now(self) -> None:
        self._timer.stop()
        pending, self._pending = self._pending, None
        if pending is None:
            return
        scope, item, label, text, base = pending
        draft = Draft(
            int(str(scope[0])),
            str(scope[1]),
            item[0].value,
            item[1],
            label,
            text(),
            base,
            datetime.now(UTC).isoformat(),
        )
        from tracker.reports.formats import write_atomic

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            data = json.dumps(asdict(draft), ensure_ascii=False).encode()
            write_atomic(self.folder / _file_name(draft.scope, draft.item), data)
        except OSError as error:
            log.warning("could not write a note draft: %s", error)
            self.failed.emit(str(error))

    def forget(self, scope: tuple[object, object], item: tuple[ItemKind, str]) -> None:
        """The note is saved (or its text discarded): drop its draft."""
        pending = self._pending
        if pending is not None and pending[1] == item and pending[0] == scope:
            self._timer.stop()
            self._pending = None
        try:
            (self.folder / _file_name(scope, item)).unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not remove a note draft: %s", error)

    def drafts(self) -> list[Draft]:
        """Every readable draft on disk, oldest first (unreadable ones are left alone)."""
        found: list[Draft] = []
        try:
            paths = sorted(self.folder.glob("*.json"))
        except OSError:
            return []
        for path in paths:
            try:
                found.append(Draft(**json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError) as error:
                log.warning("skipping an unreadable note draft %s: %s", path.name, error)
        return sorted(found, key=lambda d: d.written_at)


class DraftBar(QFrame):
    """Offers back the unsaved text of a note found after a crash.

    Signals:
        restore(): put the text back in the note.
        discard(): forget it.
    """

    restore = Signal()
    discard = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draft_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.restore_button = QPushButton(self)
        self.discard_button = QPushButton(self)
        self.restore_button.clicked.connect(self.restore)
        self.discard_button.clicked.connect(self.discard)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.discard_button)
        self.draft: Draft | None = None
        self.retranslate()
        self.hide()

    def offer(self, draft: Draft | None) -> None:
        self.draft = draft
        self.retranslate()
        self.setVisible(draft is not None)

    def retranslate(self) -> None:
        self.restore_button.setText(self.tr("Restore"))
        self.discard_button.setText(self.tr("Discard"))
        if self.draft is not None:
            self.message.setText(
                self.tr("Recovered unsaved text for “{item}”.").format(item=self.draft.label)
            )
