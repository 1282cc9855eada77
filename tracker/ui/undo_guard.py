"""Undo and redo that act on what this window did, and say what they did.

The undo history is kept in the database, shared by every program on it: the newest change may
have been made by the CLI or a second window, or be on a task that has left the curriculum
(its kept progress would change where the learner cannot see it). Before acting, the guard looks
at the change undo (or redo) would take: one made in this window is undone at once; any other
is described and undone only if the learner agrees. The window then says what was undone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from tracker.progress.records import Change, ChangeKind, Event, ItemKind, TaskStatus
from tracker.ui.bridge import QUEUED
from tracker.ui.texts import stage_label, status_text

_Key = tuple[str, str | None, str | None, str | None, str]


def _key(
    kind: ChangeKind, item_id: str | None, old: str | None, new: str | None, at: datetime
) -> _Key:
    when = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return (kind.value, item_id, old, new, when.astimezone(UTC).isoformat())


class UndoGuard(QObject):
    """Undo/redo for one window over its ``ProgressBridge``.

    ``dialogs.confirm`` asks before touching a change made elsewhere or on an item no longer in
    the curriculum; ``title_of(kind, id)`` names an item, ``None`` when it has left the
    curriculum.

    Signals:
        said(str): what an undo or redo that had to wait for another program's lock did, once
            it has committed (``move`` returned the waiting message meanwhile).
    """

    said = Signal(str)

    def __init__(
        self,
        bridge: Any,
        dialogs: Any,
        title_of: Callable[[ItemKind, str], str | None],
        kept_title: Callable[[ItemKind, str], str | None] = lambda _k, _i: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._dialogs = dialogs
        self._title_of = title_of
        self._kept_title = kept_title
        self._mine: set[_Key] = set()
        bridge.progress_changed.connect(self._remember)

    def _remember(self, change: Change) -> None:
        if change.kind in (ChangeKind.STATUS, ChangeKind.PLAN) and change.old != change.new:
            self._mine.add(_key(change.kind, change.item_id, change.old, change.new, change.at))

    def made_here(self, event: Event) -> bool:
        return _key(event.kind, event.item_id, event.old, event.new, event.at) in self._mine

    def describe(self, event: Event, *, redo: bool) -> str:
        """What undoing (``redo``: redoing) ``event`` does, in the learner's words."""
        kind = event.item_kind or ItemKind.TASK
        item_id = event.item_id or ""
        title = self._title_of(kind, item_id) or self._kept_title(kind, item_id) or item_id
        value = event.new if redo else event.old
        if event.kind is ChangeKind.STATUS:
            status = status_text(TaskStatus(value or TaskStatus.TODO.value)).lower()
            return self.tr("“{task}” back to {status}").format(task=title, status=status)
        if value:
            return self.tr("target date of “{stage}” back to {date}").format(
                stage=title, date=value
            )
        return self.tr("target date of “{stage}” cleared again").format(stage=title)

    def move(self, *, redo: bool) -> str:
        """Undo (or redo) the next change; returns the message for the status bar."""
        writes = getattr(self._bridge, "writes", None)
        if writes is not None and writes.pending:
            # What undo would take back is not known until the waiting change is in.
            return self.tr(
                "Your last change is waiting for another program to finish; undo or redo once "
                "it is saved"
            )
        service = self._bridge.service
        event = service.next_move(redo=redo)
        if event is None:
            return self.tr("Nothing to redo") if redo else self.tr("Nothing to undo")
        what = self.describe(event, redo=redo)
        kind = event.item_kind or ItemKind.TASK
        gone = self._title_of(kind, event.item_id or "") is None
        if gone or not self.made_here(event):
            if gone:
                question = self.tr(
                    "The last change is on an item that is no longer in the curriculum: {what}. "
                    "Its kept progress would change where you cannot see it. Do it anyway?"
                )
            else:
                question = self.tr(
                    "The last change was not made in this window (another program or an earlier "
                    "session made it): {what}. Do it anyway?"
                )
            title = (
                self.tr("Redo a change made elsewhere?")
                if redo
                else self.tr("Undo a change made elsewhere?")
            )
            if not self._dialogs.confirm(title, question.format(what=what)):
                return self.tr("Nothing was redone") if redo else self.tr("Nothing was undone")

        def outcome(change: Change | None) -> str:
            if change is None:
                return self.tr(
                    "That change was replaced meanwhile by another program; nothing was done"
                )
            return (self.tr("Redid: {what}") if redo else self.tr("Undid: {what}")).format(
                what=what
            )

        move = self._bridge.redo if redo else self._bridge.undo
        moved = move(only=event.id, later=lambda change: self.said.emit(outcome(change)))
        if moved is QUEUED:
            return self.tr("Waiting for another program…")
        return outcome(moved)


def item_title(curriculum: Any, lang: Any) -> Callable[[ItemKind, str], str | None]:
    """Names a task or stage of ``curriculum()`` in ``lang()``; None when it is not there."""

    def title_of(kind: ItemKind, item_id: str) -> str | None:
        current = curriculum()
        if kind is ItemKind.STAGE:
            stage = current.stage(item_id)
            return stage_label(stage, lang()) if stage is not None else None
        task = current.task(item_id)
        return task.title.get(lang()) if task is not None else None

    return title_of


def kept_title(service: Any, lang: Any) -> Callable[[ItemKind, str], str | None]:
    """Names an item no longer in the curriculum by its title as last seen (None: unknown)."""

    def title_of(kind: ItemKind, item_id: str) -> str | None:
        try:
            title = service().kept_titles().get((kind, item_id))
        except Exception:  # a name is a nicety: the id is shown instead
            return None
        return title.get(lang()) if title is not None else None

    return title_of
