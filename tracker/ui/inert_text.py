"""Rich text that never loads a resource, and tooltips that are always plain text.

Notes and curriculum texts may name files (``![x](/dev/zero)``, ``<img src="a FIFO">``) or
web addresses. Qt's text documents read whatever an image names: from the widget's
``loadResource``, failing that from the disk, and when that gives no image the image handler
loads the file named itself. An :class:`InertDocument` answers every image request with a small
placeholder of its own (and any other resource with nothing), so Qt never goes to the file:
a view built on it reads no file and opens no connection, whatever its text says.

Tooltips are rich text whenever their first line looks like HTML; :func:`plain_tip` makes such
a text show as the text it is.
"""

from __future__ import annotations

import functools
import html
from typing import Any

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QColor, QImage, Qt, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

PLACEHOLDER_SIZE = 12
"""Side in pixels of the faint square shown where a text names an image."""


@functools.cache
def placeholder_image() -> QImage:
    """The faint square drawn in place of every image (a real image, so Qt asks no further)."""
    image = QImage(PLACEHOLDER_SIZE, PLACEHOLDER_SIZE, QImage.Format.Format_ARGB32)
    image.fill(QColor(128, 128, 128, 60))
    return image


class InertDocument(QTextDocument):
    """A text document whose images and style sheets named by its text are never loaded."""

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        if type == QTextDocument.ResourceType.ImageResource.value:
            image = placeholder_image()
            # kept as the document's own resource: Qt asks this method once per name
            self.addResource(type, name, image)
            return image
        return b""


class InertTextBrowser(QTextBrowser):
    """A read-only rich-text view on an :class:`InertDocument`; links open nothing by itself.

    Qt colours links from the palette when the text is set, so the text is set again when the
    palette changes (a theme switch): links never keep the other theme's colour.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setDocument(InertDocument(self))
        self._shown: tuple[str, str] | None = None  # ("html" or "markdown", text)
        self._features: Any = None

    def setHtml(self, text: str) -> None:
        self._shown = ("html", text)
        super().setHtml(text)

    def show_markdown(self, text: str, features: Any) -> None:
        """Show ``text`` as Markdown with ``features`` (QTextDocument.MarkdownFeature flags)."""
        self._shown = ("markdown", text)
        self._features = features
        self.document().setMarkdown(text, features)

    def clear(self) -> None:
        self._shown = None
        super().clear()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._shown is not None:
            kind, text = self._shown
            position = self.verticalScrollBar().value()
            if kind == "html":
                super().setHtml(text)
            else:
                self.document().setMarkdown(text, self._features)
            self.verticalScrollBar().setValue(position)

    def setSource(self, name: QUrl | str, type: Any = None) -> None:
        """Never navigate to, and so never read, what a link names."""


def plain_tip(text: str | None) -> str | None:
    """``text`` as a tooltip that shows it as written: HTML-like text is escaped.

    Qt shows a tooltip as rich text when its first line looks like HTML; then an ``<img>`` in it
    would be loaded. Such a text is escaped and wrapped so Qt shows the characters themselves.
    """
    if not text or not Qt.mightBeRichText(text):
        return text
    body = html.escape(text).replace("\n", "<br>")
    return f"<qt>{body}</qt>"


def tip_text(tip: str | None) -> str:
    """The text a tooltip made by :func:`plain_tip` shows (to build a longer tip from it)."""
    if not tip:
        return ""
    if tip.startswith("<qt>") and tip.endswith("</qt>"):
        return html.unescape(tip[4:-5].replace("<br>", "\n"))
    return tip
