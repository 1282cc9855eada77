"""Spaced review in the main window: "Review (N)" in the toolbar and a Review menu, "Add card"
(Ctrl+Shift+A, with the selected note text as its front), and due counts beside each stage.

Counts are read only once the progress store is open (after the first paint), then again after
every change, every grade, and once a minute (cards fall due as time passes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QMenuBar, QToolBar, QWidget

from tracker.progress.records import ItemKind
from tracker.ui.bridge import attempt, user_error_types

if TYPE_CHECKING:
    from tracker.curriculum.model import Lang, Stage, Task
    from tracker.ui.bridge import ProgressBridge
    from tracker.ui.notes import NotesPane
    from tracker.ui.review_settings import ReviewSettingsDialog

REFRESH_MS = 60_000
SOON_MS = 150
RETRY_MS = 250


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class ReviewMenu(QObject):
    """Wires review into the main window; ``review_window`` is the open review, if any.

    Signals:
        reviewed(): a grade was stored or taken back, or a card changed (review numbers shown
        elsewhere are stale).
    """

    reviewed = Signal()

    def __init__(
        self,
        bridge: ProgressBridge,
        dialogs: Any,
        notes: Callable[[], NotesPane | None],
        *,
        toolbar: QToolBar,
        menu_bar: QMenuBar,
        before_menu: QAction,
        lang: Callable[[], Lang],
        current_task: Callable[[], Task | None],
        current_stage: Callable[[], Stage | None],
        parent: QWidget,
    ) -> None:
        """The Review menu goes into ``menu_bar`` before ``before_menu`` (Help's), the Review
        button onto ``toolbar``; the stage list given to ``attach_stage_view`` shows the due
        count per stage; "Add card" takes the current task, else the concept whose note the
        notes pane shows (``notes()``: None before it is built), else the current stage."""
        super().__init__(parent)
        self._parent = parent
        self.bridge = bridge
        self.dialogs = dialogs
        self.notes = notes
        self.stage_view: QAbstractItemView | None = None
        self.lang = lang
        self.current_task = current_task
        self.current_stage = current_stage
        self.due_by_stage: dict[str, int] = {}
        self.total_due: int | None = None
        self.review_window: Any = None
        self.card_dialog: Any = None
        self.review_action = QAction(parent)
        self.review_action.setObjectName("review_action")
        self.review_action.setShortcut(QKeySequence("Ctrl+R"))
        self.review_action.triggered.connect(self.open_review)
        self.add_card_action = QAction(parent)
        self.add_card_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.add_card_action.triggered.connect(self.add_card)
        self.settings_action = QAction(parent)
        self.settings_action.triggered.connect(self.edit_settings)
        self.settings_dialog: ReviewSettingsDialog | None = None
        toolbar.addSeparator()
        toolbar.addAction(self.review_action)
        self.menu = QMenu(menu_bar)
        self.menu.addActions([self.review_action, self.add_card_action])
        self.menu.addSeparator()
        self.menu.addAction(self.settings_action)
        menu_bar.insertMenu(before_menu, self.menu)
        self.delegate: Any = None
        # A tick asks for new counts a moment later, once: the tick itself stays as quick.
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(SOON_MS)
        self.soon.timeout.connect(self.refresh)
        bridge.progress_changed.connect(lambda _change: self.soon.start())
        bridge.progress_changed.connect(lambda _change: self._close_other_profiles())
        bridge.curriculum_replaced.connect(self.soon.start)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        QTimer.singleShot(0, self.refresh)

    @property
    def service(self) -> Any:
        return self.bridge.service

    def attach_stage_view(self, stage_view: QAbstractItemView) -> None:
        """Show the due count beside each stage of ``stage_view`` (the counts read so far, and
        each refresh's)."""
        from tracker.ui.due_delegate import DueStageDelegate

        self.stage_view = stage_view
        self.delegate = DueStageDelegate(self.due_by_stage, stage_view)
        stage_view.setItemDelegate(self.delegate)

    def retranslate(self) -> None:
        self.menu.setTitle(_tr("ReviewMenu", "Re&view"))
        self.add_card_action.setText(_tr("ReviewMenu", "&Add Card…"))
        self.settings_action.setText(_tr("ReviewMenu", "Review &Settings…"))
        self._show_total()

    def _show_total(self) -> None:
        if self.total_due is None:
            self.review_action.setText(_tr("ReviewMenu", "&Review"))
        else:
            self.review_action.setText(_tr("ReviewMenu", "&Review ({n})").format(n=self.total_due))

    def refresh(self) -> None:
        """Read the due counts again (once the store is open; until then, shortly retry)."""
        if not getattr(self.service, "store_open", True):
            QTimer.singleShot(RETRY_MS, self.refresh)
            return
        try:
            counts = self.service.review.due_count()
            by_stage = self.service.review.stage_due_counts()
        except user_error_types():  # a count is not worth a dialog; the next refresh retries
            import logging

            logging.getLogger("tracker.ui").warning("review counts not read", exc_info=True)
            return
        self.total_due = counts.total
        self.due_by_stage.clear()
        self.due_by_stage.update(by_stage)
        self._show_total()
        if self.stage_view is not None:
            self.stage_view.viewport().update()

    def _close_other_profiles(self) -> None:
        """Close the review window, the card dialog and the settings once another profile is
        shown: what they show is the previous profile's, and a grade, card or setting would go
        to the new one."""
        shown = self.service.profile.id
        for dialog in (self.review_window, self.card_dialog, self.settings_dialog):
            if dialog is not None and dialog.isVisible() and dialog.property("profile_id") != shown:
                dialog.close()

    # -- actions -----------------------------------------------------------------------------

    def open_review(self) -> None:
        from tracker.ui.review_window import ReviewWindow

        if self.review_window is not None and self.review_window.isVisible():
            self.review_window.raise_()
            self.review_window.activateWindow()
            return
        notes = self.notes()
        if notes is not None:
            notes.flush()
        dialog = ReviewWindow(
            self.service.review, self.lang(), self.dialogs, self._parent, bridge=self.bridge
        )
        dialog.graded.connect(self.refresh)
        dialog.graded.connect(self.reviewed)
        dialog.finished.connect(lambda _result: self.refresh())
        self.review_window = dialog
        dialog.setProperty("profile_id", self.service.profile.id)
        dialog.show()

    def card_target(self) -> tuple[tuple[ItemKind, str], str] | None:
        """What "Add card" attaches to: the task selected, else the concept whose note is
        shown, else the stage shown."""
        lang = self.lang()
        task = self.current_task()
        if task is not None:
            return (ItemKind.TASK, task.id), task.title.get(lang)
        notes = self.notes()
        item = notes.item if notes is not None else None
        curriculum = self.service.curriculum
        if item is not None and item[0] is ItemKind.CONCEPT:
            concept = curriculum.concept(item[1])
            if concept is not None:
                return item, concept.title.get(lang)
        stage = self.current_stage()
        if stage is not None:
            return (ItemKind.STAGE, stage.id), stage.title.get(lang)
        return None

    def add_card(self) -> None:
        from tracker.ui.card_dialog import CardDialog

        target = self.card_target()
        if target is None:
            return
        notes = self.notes()
        cursor = notes.notes_edit.textCursor() if notes is not None else None
        selected = cursor.selectedText().replace("\u2029", "\n") if cursor is not None else ""
        dialog = CardDialog(
            self.service.review,
            target[0],
            target[1],
            self.dialogs,
            self._parent,
            front=selected.strip(),
            write=self.bridge.write,  # queued while another program writes
        )
        dialog.changed.connect(self.refresh)
        dialog.changed.connect(self.reviewed)
        self.card_dialog = dialog
        dialog.setProperty("profile_id", self.service.profile.id)
        dialog.show()

    def edit_settings(self) -> None:
        """Ask for the profile's desired retention and new cards per day (non-blocking)."""
        from tracker.ui.review_settings import ReviewSettingsDialog

        review = self.service.review
        current = attempt(
            self.dialogs, _tr("ReviewMenu", "Could not read the settings"), review.settings
        )
        if current is None:
            return
        dialog = ReviewSettingsDialog(current.desired_retention, current.new_per_day, self._parent)

        def save() -> None:
            retention, per_day = dialog.retention.value() / 100, dialog.new_per_day.value()
            attempt(
                self.dialogs,
                _tr("ReviewMenu", "Could not save the settings"),
                lambda: self.bridge.write(  # queued while another program writes
                    lambda: review.set_settings(desired_retention=retention, new_per_day=per_day),
                    later=lambda _saved: self.refresh(),
                ),
            )
            self.refresh()

        dialog.accepted.connect(save)
        self.settings_dialog = dialog
        dialog.setProperty("profile_id", self.service.profile.id)
        dialog.show()


__all__ = ["ReviewMenu"]
