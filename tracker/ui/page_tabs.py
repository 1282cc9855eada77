"""Pages under a tab bar: the Today, Stages and History pages of the main window.

A ``QTabBar`` over a ``QStackedWidget`` rather than a ``QTabWidget``: the latter answers every
layout request from inside a page (a label of the checklist page changing its text on a tick)
by repainting the whole page, which tripled the cost of a tick's repaint.

Signals:
    page_changed(int): another page is shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QTabBar, QVBoxLayout, QWidget


class PageTabs(QWidget):
    """The few ``QTabWidget`` methods the daily loop uses, over a tab bar and a stack."""

    page_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QTabBar(self)
        self.bar.setDocumentMode(True)
        self.bar.setExpanding(False)
        self.bar.setDrawBase(True)
        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addWidget(self.stack, 1)
        self.bar.currentChanged.connect(self._show)

    def _show(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.page_changed.emit(index)

    def addTab(self, page: QWidget, text: str) -> int:
        self.stack.addWidget(page)
        return self.bar.addTab(text)

    def insertTab(self, index: int, page: QWidget, text: str) -> int:
        self.stack.insertWidget(index, page)
        return self.bar.insertTab(index, text)

    def removeTab(self, index: int) -> None:
        page = self.stack.widget(index)
        if page is not None:
            self.stack.removeWidget(page)
        self.bar.removeTab(index)

    def replace_page(self, index: int, page: QWidget) -> None:
        """Put ``page`` in the place of the page at ``index`` (a placeholder, deleted), keeping
        the page shown; no ``page_changed``."""
        old = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)  # before the old one, which moves to index + 1
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.stack.setCurrentIndex(current)

    def widget(self, index: int) -> QWidget | None:
        return self.stack.widget(index)

    def currentIndex(self) -> int:
        return self.bar.currentIndex()

    def setCurrentIndex(self, index: int) -> None:
        self.bar.setCurrentIndex(index)
        self.stack.setCurrentIndex(self.bar.currentIndex())

    def currentWidget(self) -> QWidget | None:
        return self.stack.currentWidget()

    def setTabText(self, index: int, text: str) -> None:
        self.bar.setTabText(index, text)
