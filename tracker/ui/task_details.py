"""The details of the selected task: kind, hours, status, what to do, its concepts and reading.

Also the rich text of a curriculum resource (a paper, book, site…), which the concept panel's
study guide uses too. Every curriculum string is escaped; only ``http``/``https`` URLs become
links, and those open in the system's browser.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from tracker.curriculum.model import Curriculum, Lang, Resource, ResourceKind, Task
from tracker.progress.records import TaskStatus
from tracker.ui.inert_text import InertTextBrowser
from tracker.ui.texts import hours_text, kind_text, status_text

WEB_SCHEMES = ("http", "https")
DETAILS_LINES = 8
"""The task details pane is at least this many lines of text tall."""
SHOWN_AUTHORS = 3
"""More authors than this are cut to the first few and "et al."."""


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def resource_kind_text(kind: ResourceKind) -> str:
    names = {
        ResourceKind.PAPER: _tr("Resources", "Paper"),
        ResourceKind.BOOK: _tr("Resources", "Book"),
        ResourceKind.REPORT: _tr("Resources", "Report"),
        ResourceKind.CASE: _tr("Resources", "Case study"),
        ResourceKind.SOFTWARE: _tr("Resources", "Software"),
        ResourceKind.WEBSITE: _tr("Resources", "Website"),
    }
    return names[kind]


def authors_text(authors: tuple[str, ...]) -> str:
    """``A, B, C`` — or the first few and "et al." for a long list."""
    if len(authors) <= SHOWN_AUTHORS:
        return ", ".join(authors)
    return _tr("Resources", "{authors} et al.").format(authors=", ".join(authors[:SHOWN_AUTHORS]))


def is_web_url(url: QUrl | str | None) -> bool:
    """True for an ``http``/``https`` URL with a host: the only links LearnPath opens."""
    if url is None:
        return False
    parsed = QUrl(url) if isinstance(url, str) else url
    return parsed.isValid() and parsed.scheme().lower() in WEB_SCHEMES and bool(parsed.host())


def open_web_link(url: QUrl) -> bool:
    """Open an ``http``/``https`` link in the browser; anything else is refused."""
    return is_web_url(url) and QDesktopServices.openUrl(url)


def resource_html(resource: Resource, lang: Lang, *, with_note: bool = False) -> str:
    """One resource on a line: title, authors, year and kind, then its link (web URLs only)."""
    facts = [
        authors_text(resource.authors),
        str(resource.year) if resource.year is not None else "",
        resource_kind_text(resource.kind),
    ]
    out = f"<b>{html.escape(resource.title.get(lang))}</b>"
    shown = [fact for fact in facts if fact]
    if shown:
        out += " — " + html.escape(" · ".join(shown))
    if resource.url and is_web_url(resource.url):
        url = html.escape(resource.url, quote=True)
        out += f' <a href="{url}">{html.escape(resource.url)}</a>'
    elif resource.url:
        out += " " + html.escape(resource.url)
    if with_note and resource.note is not None:
        out += f"<br><i>{html.escape(resource.note.get(lang))}</i>"
    return out


def resources_html(ids: tuple[str, ...], curriculum: Curriculum, lang: Lang, **kw: bool) -> str:
    """A bulleted list of the resources ``ids`` name (unknown ids are left out); "" if none."""
    items = [
        f"<li>{resource_html(resource, lang, **kw)}</li>"
        for rid in ids
        if (resource := curriculum.resource(rid)) is not None
    ]
    return f"<ul>{''.join(items)}</ul>" if items else ""


def task_html(
    task: Task,
    status: TaskStatus,
    curriculum: Curriculum,
    lang: Lang,
    *,
    concepts: str,
    reading: str = "",
) -> str:
    """A task as rich text; ``concepts`` and ``reading`` are the translated headings of its
    concept links and of its resources."""
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
    out = "<br>".join(parts)
    listed = resources_html(task.resources, curriculum, lang)
    if listed:
        out += f"<p>{html.escape(reading)}</p>{listed}"
    return out


class TaskDetails(InertTextBrowser):
    """A short read-only view under the checklist; concept links come out as ``anchorClicked``,
    web links (a resource's URL) open in the browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # room for the title, its facts and a short reading list; it grows with the window
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * DETAILS_LINES)
        self.anchorClicked.connect(open_web_link)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Task details"))

    def show_task(
        self, task: Task | None, status: TaskStatus, curriculum: Curriculum, lang: Lang
    ) -> None:
        if task is None:
            self.setHtml(html.escape(self.tr("Select a task to see its details and concepts.")))
            return
        heading = self.tr("Concepts:")
        reading = self.tr("Reading:")
        self.setHtml(task_html(task, status, curriculum, lang, concepts=heading, reading=reading))
