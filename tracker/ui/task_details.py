"""The details of the selected task: kind, hours, status, what to do, and its concepts."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QWidget

from tracker.curriculum.model import Curriculum, Lang, Task
from tracker.progress.records import TaskStatus
from tracker.ui.models import hours_text, kind_text, status_text


def task_html(
    task: Task, status: TaskStatus, curriculum: Curriculum, lang: Lang, *, concepts: str
) -> str:
    """A task as rich text; ``concepts`` is the translated heading of its concept links."""
    facts = (kind_text(task.kind), hours_text(task.estimate_hours), status_text(status))
    parts = [
        f"<b>{html.escape(task.title.get(lang))}</b>",
        html.escape(" · ".join(filter(None, facts))),
    ]
    if task.details is not None:
        parts.append(html.escape(task.details.get(lang)))
    links = [
        f'<a href="concept:{html.escape(cid)}">{html.escape(concept.title.get(lang))}</a>'
        for cid in task.concepts
        if (concept := curriculum.concept(cid)) is not None
    ]
    if links:
        parts.append(html.escape(concepts) + " " + ", ".join(links))
    return "<br>".join(parts)


class TaskDetails(QTextBrowser):
    """A short read-only view under the checklist; concept links come out as ``anchorClicked``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setMaximumHeight(120)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Task details"))

    def show_task(
        self, task: Task | None, status: TaskStatus, curriculum: Curriculum, lang: Lang
    ) -> None:
        if task is None:
            self.setHtml(html.escape(self.tr("Select a task to see its details and concepts.")))
            return
        heading = self.tr("Concepts:")
        self.setHtml(task_html(task, status, curriculum, lang, concepts=heading))
