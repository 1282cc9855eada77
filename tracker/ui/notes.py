"""The notes pane: a plain-text Markdown editor with a rendered preview, saved as you type.

The editor's plain text is the only thing ever saved; the preview is rendered without HTML
(Qt's HTML-enabled Markdown cut a note at ``#include <vector>``) and never read back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.progress.errors import NoteConflictError
from tracker.progress.records import ItemKind
from tracker.ui import i18n
from tracker.ui.bridge import Queued
from tracker.ui.drafts import DraftBar, DraftKeeper
from tracker.ui.inert_text import InertTextBrowser, plain_tip
from tracker.ui.note_conflict import NoteConflictBar, TextViewer, both_versions
from tracker.ui.texts import stage_label

SAVE_DELAY_MS = 600
MARKDOWN_FLAGS = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


class ElidedLabel(QLabel):
    """A one-line label that cuts a long text short with "…" and shows all of it as a tooltip.

    ``text()`` is the whole text. One line always, so a long title never pushes what is below
    it down (the notes' Write and Preview tabs stayed put only for short titles).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(plain_tip(text) or "")
        self._elide()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        if shown != super().text():
            super().setText(shown)


class NotesPane(QWidget):
    """Edits the note of one item (a stage, task or concept) at a time.

    Signals:
        saved(str, object): a note was stored (the item's label, the local time).
        save_failed(str): storing failed; the text stays in the editor and is retried.
    """

    saved = Signal(str, object)
    save_failed = Signal(str)

    def __init__(self, bridge: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._item: tuple[ItemKind, str] | None = None
        self._owner: tuple[object, object] | None = None  # (profile id, curriculum id) of the text
        self._label = ""
        self._loading = False
        self._dirty = False
        self._base = ""  # the stored text as last read or saved here
        self._theirs: str | None = None  # another program's text, while both are kept
        self._drafts: DraftKeeper | None = None
        # Texts handed to the write queue and not yet committed (another program holds the
        # lock), by (profile id, curriculum id) and item: what the note will be once they are in.
        self._queued: dict[tuple[object, object], str] = {}

        self.heading = ElidedLabel(self)
        self.conflict_bar = NoteConflictBar(self)
        self.conflict_bar.show_theirs.connect(self.show_theirs)
        self.conflict_bar.keep_both.connect(self.keep_both)
        self.conflict_bar.keep_mine.connect(self.keep_mine)
        self.conflict_bar.use_theirs.connect(self.use_theirs)
        self.draft_bar = DraftBar(self)
        self.draft_bar.restore.connect(self.restore_draft)
        self.draft_bar.discard.connect(self.discard_draft)
        self.tabs = QTabWidget(self)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.preview = InertTextBrowser(self)
        self.preview.anchorClicked.connect(self._open_link)
        self.tabs.addTab(self.notes_edit, "")
        self.tabs.addTab(self.preview, "")
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.conflict_bar)
        layout.addWidget(self.draft_bar)
        layout.addWidget(self.tabs, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.notes_edit.textChanged.connect(self._edited)
        self.notes_edit.installEventFilter(self)
        self.set_item(None, "")
        self.retranslate()
        i18n.notifier().changed.connect(self._language_changed)

    # -- public ------------------------------------------------------------------------------

    @property
    def item(self) -> tuple[ItemKind, str] | None:
        return self._item

    @property
    def dirty(self) -> bool:
        return self._dirty

    def set_bridge(self, bridge: Any) -> None:
        self._bridge = bridge

    def set_item(self, item: tuple[ItemKind, str] | None, label: str) -> None:
        """Save the current note if needed, then show the note of ``item``.

        A note belongs to an item of one profile's progress in one curriculum: the same item id
        under another profile or curriculum is another note, and is read again.
        """
        if item == self._item and self._owner == self._scope():
            self._label = label
            self._update_heading()
            return
        self.flush()
        if self._dirty:
            return  # could not save: keep the learner's text on screen rather than lose it
        self._item = item
        self._owner = self._scope()
        self._label = label
        self._loading = True
        try:
            text = self._bridge.service.note(item[0], item[1]) if item is not None else ""
            text = self._queued.get((self._owner, item), text)
            self.notes_edit.setPlainText(text)
        finally:
            self._loading = False
        self._dirty = False
        self._base = text
        self._end_conflict()
        self.notes_edit.setEnabled(item is not None)
        self._update_heading()
        if self.tabs.currentWidget() is self.preview:
            self._render_preview()

    def reload(self) -> None:
        """Re-read the current item's note (after a profile switch), dropping nothing unsaved."""
        self.flush()
        if self._dirty or self._item is None:
            return
        item, self._item = self._item, None
        self.set_item(item, self._label)

    def discard(self) -> None:
        """Drop the unsaved text and show the stored note of the current item again."""
        self._timer.stop()
        self._dirty = False
        self._theirs = None
        self._forget_draft()
        item, self._item = self._item, None
        self.set_item(item, self._label)

    def settle(self, dialogs: Any) -> bool:
        """Save the note before the profile or curriculum changes; False: do not change.

        When saving fails the learner chooses: discard the text and go on, or keep editing
        (the change does not happen, so the text can never end up in another profile).
        """
        if self.flush():
            return True
        discard = dialogs.confirm(
            self.tr("Note not saved"),
            self.tr(
                "Your note could not be saved. Discard it and go on? Choose No to keep editing it."
            ),
        )
        if discard:
            self.discard()
        return bool(discard)

    def _scope(self) -> tuple[object, object] | None:
        """The profile id and curriculum id the service reads and writes notes under now."""
        try:
            service = self._bridge.service
            return service.profile.id, service.curriculum.id
        except AttributeError:
            return None

    def flush(self) -> bool:
        """Store the editor's text now if it changed; False when storing failed.

        The text is only ever stored under the profile and curriculum it was typed in: if
        those are no longer in use, storing fails and the text stays in the editor.
        """
        self._timer.stop()
        if not self._dirty or self._item is None:
            return True
        if self._theirs is not None:
            return False  # both versions are kept until the learner chooses
        kind, item_id = self._item
        if self._owner != self._scope():
            self.save_failed.emit(
                self.tr("The note belongs to another profile or curriculum than the one in use.")
            )
            return False
        text = self.notes_edit.toPlainText()
        item, owner, base, label = self._item, self._owner, self._base, self._label
        try:
            change = self._bridge.set_note(
                kind,
                item_id,
                text,
                expected=base,
                later=lambda change: self._saved_later(owner, item, text, label, change),
                failed_later=lambda error: self._failed_later(owner, item, base, text, error),
            )
        except NoteConflictError as error:
            self._start_conflict(error.theirs)
            return False
        except Exception as error:
            from tracker.ui.bridge import user_error_types

            if not isinstance(error, user_error_types()):
                raise
            from tracker.ui.error_text import error_text

            self.save_failed.emit(error_text(error))
            return False
        self._dirty = False
        self._base = text
        if isinstance(change, Queued):
            # Another program holds the lock: the text goes in when it lets go. Until then it
            # is safe in its draft (offered back if it finally cannot be saved).
            if self._drafts is not None:
                self._drafts.write_now()
            self._queued[(owner, item)] = text
            return True
        self._forget_draft()
        if change is not None:
            self.saved.emit(self._label, datetime.now())
        return True

    def _saved_later(
        self,
        owner: tuple[object, object] | None,
        item: tuple[ItemKind, str],
        text: str,
        label: str,
        change: Any,
    ) -> None:
        """A note that waited for another program's lock is in."""
        if self._queued.get((owner, item)) == text:
            del self._queued[(owner, item)]
        typing_on = self._dirty and (owner, item) == (self._owner, self._item)
        if self._drafts is not None and owner is not None and not typing_on:
            self._drafts.forget(owner, item)
        if change is not None:
            self.saved.emit(label, datetime.now())

    def _failed_later(
        self,
        owner: tuple[object, object] | None,
        item: tuple[ItemKind, str],
        base: str,
        text: str,
        error: BaseException,
    ) -> None:
        """A note that waited for another program's lock was finally not saved: the text
        stays in the editor (or, if another note is shown now, in its draft, offered back)."""
        from tracker.ui.error_text import error_text

        if self._queued.get((owner, item)) == text:
            del self._queued[(owner, item)]
        if (owner, item) == (self._owner, self._item):
            self._base = base  # what is stored
            self._dirty = True
            if isinstance(error, NoteConflictError):
                self._start_conflict(error.theirs)
                return
            self.save_failed.emit(error_text(error))
            return
        self.save_failed.emit(error_text(error))
        self.offer_drafts()

    # -- another program's changes ----------------------------------------------------------

    @property
    def in_conflict(self) -> bool:
        """Another program changed the note while it was edited here; both versions are kept."""
        return self._theirs is not None

    @property
    def theirs(self) -> str | None:
        return self._theirs

    def outside_changed(self) -> None:
        """Another program committed: show its version of this note, or keep both versions
        when the learner has unsaved text here."""
        if self._item is None or self._owner != self._scope():
            return
        if (self._owner, self._item) in self._queued:
            return  # ours waits for the lock: looked at again when it is in or has failed
        try:
            stored = self._bridge.service.note(*self._item)
        except Exception as error:
            from tracker.ui.bridge import user_error_types

            if not isinstance(error, user_error_types()):
                raise
            return  # the next change (or look) tries again
        mine = self.notes_edit.toPlainText()
        if self._theirs is not None:
            self._theirs = stored
            if stored == mine:
                self._base, self._dirty = stored, False
                self._end_conflict()
            return
        if stored == self._base:
            return
        if stored == mine:
            self._base, self._dirty = stored, False
        elif self._dirty:
            self._start_conflict(stored)
        else:
            self._show_text(stored)
            self._base = stored

    def _show_text(self, text: str) -> None:
        """Put ``text`` in the editor as stored (not an edit), keeping the cursor where it was."""
        cursor = self.notes_edit.textCursor().position()
        self._loading = True
        try:
            self.notes_edit.setPlainText(text)
        finally:
            self._loading = False
        moved = self.notes_edit.textCursor()
        moved.setPosition(min(cursor, len(text)))
        self.notes_edit.setTextCursor(moved)
        self._dirty = False
        if self.tabs.currentWidget() is self.preview:
            self._render_preview()

    def _start_conflict(self, theirs: str) -> None:
        self._timer.stop()
        self._theirs = theirs
        self.conflict_bar.show()

    def _end_conflict(self) -> None:
        self._theirs = None
        self.conflict_bar.hide()

    def show_theirs(self) -> TextViewer | None:
        """Show the other program's text, read-only and copyable (not modal)."""
        if self._theirs is None:
            return None
        viewer = TextViewer(self.tr("The other program's version"), self._theirs, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer

    def keep_both(self) -> None:
        """Keep this text with theirs appended under a line, and save that."""
        theirs = self._theirs
        if theirs is None:
            return
        merged = both_versions(
            self.notes_edit.toPlainText(), theirs, self.tr("Version saved by another program:")
        )
        self._end_conflict()
        self._base = theirs
        self.notes_edit.setPlainText(merged)  # an edit: marked dirty, saved below
        self.flush()

    def keep_mine(self) -> None:
        """Save this text over theirs (theirs stays in the activity log)."""
        theirs = self._theirs
        if theirs is None:
            return
        self._end_conflict()
        self._base, self._dirty = theirs, True
        self.flush()

    def use_theirs(self) -> None:
        """Drop this text and show theirs."""
        theirs = self._theirs
        if theirs is None:
            return
        self._end_conflict()
        self._show_text(theirs)
        self._base = theirs
        self._forget_draft()

    # -- crash-safe drafts (``drafts``) -----------------------------------------------------

    def keep_drafts(self, keeper: DraftKeeper) -> None:
        """Write what is typed to crash-safe drafts, and offer back those a crash left."""
        self._drafts = keeper
        self.offer_drafts()

    def offer_drafts(self) -> None:
        """Offer the oldest draft of the profile and curriculum in use whose text differs from
        the stored note (drafts equal to it are dropped)."""
        keeper, scope = self._drafts, self._scope()
        if keeper is None or scope is None:
            return
        for draft in keeper.drafts():
            if draft.scope != scope:
                continue  # another profile's or curriculum's: offered when that one is in use
            if self._dirty and draft.item == self._item:
                continue  # the draft of the text being edited now
            try:
                stored = self._bridge.service.note(*draft.item)
            except Exception as error:
                from tracker.ui.bridge import user_error_types

                if not isinstance(error, user_error_types()):
                    raise
                continue
            if stored == draft.text:
                keeper.forget(scope, draft.item)
                continue
            self.draft_bar.offer(draft)
            return
        self.draft_bar.offer(None)

    def kept_as_draft(self) -> bool:
        """Write the unsaved text's draft now; True when a note kept in both versions is safe
        in its draft (offered back at the next start), so closing loses nothing."""
        if self._drafts is None or self._theirs is None:
            return False
        self._drafts.write_now()
        return True

    def restore_draft(self) -> None:
        """Put the offered draft's text back in its note (saved as usual); if the note was
        changed since the draft began, both versions are kept."""
        draft = self.draft_bar.draft
        if draft is None:
            return
        self.draft_bar.offer(None)
        self.set_item(draft.item, draft.label)
        if self._item != draft.item or self._owner != draft.scope:
            self.draft_bar.offer(draft)  # the current note could not be left: offer it later
            return
        stored = self._base
        self.notes_edit.setPlainText(draft.text)  # an edit: marked unsaved, saved as usual
        if stored != draft.base:
            self._start_conflict(stored)
        self.offer_drafts()

    def discard_draft(self) -> None:
        draft = self.draft_bar.draft
        if draft is not None and self._drafts is not None:
            self._drafts.forget(draft.scope, draft.item)
        self.offer_drafts()

    def _forget_draft(self) -> None:
        if self._drafts is not None and self._item is not None and self._owner is not None:
            self._drafts.forget(self._owner, self._item)

    def retranslate(self) -> None:
        self.conflict_bar.retranslate()
        self.draft_bar.retranslate()
        self.tabs.setTabText(0, self.tr("Write"))
        self.tabs.setTabText(1, self.tr("Preview"))
        self.notes_edit.setPlaceholderText(
            self.tr("Your notes, in Markdown. They are saved as you type.")
        )
        self.notes_edit.setAccessibleName(self.tr("Note"))
        self.preview.setAccessibleName(self.tr("Note preview"))
        self.tabs.setAccessibleName(self.tr("Notes"))
        self._update_heading()

    # -- internals ---------------------------------------------------------------------------

    def _item_label(self) -> str | None:
        """The current item's name in the current language, read again from the curriculum."""
        if self._item is None:
            return None
        kind, item_id = self._item
        try:
            curriculum = self._bridge.service.curriculum
        except AttributeError:
            return None
        lang = i18n.current_lang()
        if kind is ItemKind.STAGE:
            stage = curriculum.stage(item_id)
            return stage_label(stage, lang) if stage is not None else None
        if kind is ItemKind.TASK:
            task = curriculum.task(item_id)
            return task.title.get(lang) if task is not None else None
        concept = curriculum.concept(item_id)
        return concept.title.get(lang) if concept is not None else None

    def _language_changed(self, _lang: str = "") -> None:
        """Say "Notes on …" again in the new language, the item's own name included."""
        self._label = self._item_label() or self._label
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._language_changed()
        super().changeEvent(event)

    def _update_heading(self) -> None:
        if self._item is None:
            self.heading.setText(self.tr("Select a stage, task or concept to take notes."))
        else:
            self.heading.setText(self.tr("Notes on {item}").format(item=self._label))

    def _edited(self) -> None:
        if self._loading or self._item is None:
            return
        self._dirty = True
        if self._theirs is None:
            self._timer.start()
        if self._drafts is not None and self._owner is not None:
            self._drafts.typed(
                self._owner, self._item, self._label, self.notes_edit.toPlainText, self._base
            )

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.preview:
            self._render_preview()

    def _render_preview(self) -> None:
        self.preview.show_markdown(self.notes_edit.toPlainText(), MARKDOWN_FLAGS)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.notes_edit and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)
