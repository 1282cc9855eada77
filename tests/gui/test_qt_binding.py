"""Guards against a Qt for Python release that miscounts references through virtual calls.

PySide6 6.12.0 dropped one reference to ``None`` every time C++ called a Python ``data()`` that
returned it (any model behind a proxy or a view does this constantly); after a few thousand
paints the interpreter aborts at exit with "deallocating None". pyproject.toml keeps that release
out; this test fails if a release with the same fault is ever installed.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QAbstractListModel, QIdentityProxyModel, QModelIndex, Qt


class _OneRowModel(QAbstractListModel):
    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return "row" if role == Qt.ItemDataRole.DisplayRole else None

    def setData(self, index: Any, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        return role == Qt.ItemDataRole.EditRole


def test_python_overrides_called_from_cpp_keep_reference_counts(qapp: Any) -> None:
    model = _OneRowModel()
    proxy = QIdentityProxyModel()
    proxy.setSourceModel(model)
    index = proxy.index(0, 0)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        proxy.data(index, Qt.ItemDataRole.ToolTipRole)  # the override returns None
        proxy.setData(index, "x", Qt.ItemDataRole.EditRole)  # the override returns True
    # A few references may be held by caches; a fault loses one per call (thousands).
    assert sys.getrefcount(None) - none_before > -50
    assert sys.getrefcount(True) - true_before > -50
