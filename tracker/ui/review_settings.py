"""The Review Settings dialog: the profile's desired retention and daily limit of new cards.

Loaded with the first use of Review → Review Settings…, not before the window's first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class ReviewSettingsDialog(QDialog):
    """The profile's desired retention and daily limit of new cards."""

    def __init__(self, retention: float, new_per_day: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("ReviewMenu", "Review Settings"))
        self.retention = QDoubleSpinBox(self)
        self.retention.setRange(70, 99)
        self.retention.setDecimals(0)
        self.retention.setSuffix(" %")
        self.retention.setValue(round(retention * 100))
        self.new_per_day = QSpinBox(self)
        self.new_per_day.setRange(0, 1000)
        self.new_per_day.setValue(new_per_day)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_tr("ReviewMenu", "&Desired retention:"), self.retention)
        form.addRow(_tr("ReviewMenu", "&New cards per day:"), self.new_per_day)
        form.addRow(buttons)


__all__ = ["ReviewSettingsDialog"]
