"""What the main window says in its status bar after a change: a tick, a target date, a note
saved or kept for a retry."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar

from tracker.progress.records import TaskStatus
from tracker.ui.texts import status_text


class StatusLine(QObject):
    """Puts one line about the last change in ``bar`` (until the next one)."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.bar = bar

    def ticked(self, task: str, status: TaskStatus) -> None:
        self.bar.showMessage(
            self.tr("Marked “{task}” as {status}").format(
                task=task, status=status_text(status).lower()
            )
        )

    def target_set(self, stage: str, date: str | None) -> None:
        if date:
            message = self.tr("Target date for {stage}: {date}").format(stage=stage, date=date)
        else:
            message = self.tr("Cleared the target date for {stage}").format(stage=stage)
        self.bar.showMessage(message)

    def note_saved(self, item: str, when: datetime) -> None:
        self.bar.showMessage(
            self.tr("Saved note on {item} at {time}").format(item=item, time=when.strftime("%H:%M"))
        )

    def note_failed(self, message: str) -> None:
        self.bar.showMessage(
            self.tr("Could not save the note; it is kept here and will be retried: {error}").format(
                error=message
            )
        )


__all__ = ["StatusLine"]
