"""The floor F: a bare PySide6 window with a tree, a text browser and a list, shown once.

Every other figure is a ratio to this one, measured in the same run of the suite.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QTreeView,
)


def main() -> None:
    app = QApplication(sys.argv)
    window = QMainWindow()
    splitter = QSplitter()
    for widget in (QTreeView(), QTextBrowser(), QListView()):
        splitter.addWidget(widget)
    window.setCentralWidget(splitter)
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    from _child import peak_rss_mib, report

    report(rss_mib=peak_rss_mib())


if __name__ == "__main__":
    main()
