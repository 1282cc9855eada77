"""The questions of the daily loop: hours per week, a session left running, a time entry, a
re-plan. Each sits behind one method, so tests answer them without a modal ``exec()``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.progress.days import parse_duration
from tracker.progress.errors import ProgressError


@dataclass(frozen=True)
class TimeEntry:
    """What the learner typed in the time-entry dialog."""

    minutes: int
    item_kind: str
    item_id: str
    on: date
    note: str


class TimeEntryDialog(QDialog):
    """Minutes (or ``1h30m``) on a task or stage, on a day, with a note."""

    def __init__(
        self,
        parent: QWidget | None,
        items: list[tuple[str, str, str]],
        today: date,
        entry: TimeEntry | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log study time"))
        self._items = items
        self.duration_edit = QLineEdit(self)
        self.duration_edit.setPlaceholderText(self.tr("45m, 1h30m, 1.5h or minutes"))
        self.item_combo = QComboBox(self)
        for _kind, _id, label in items:
            self.item_combo.addItem(label)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.note_edit = QLineEdit(self)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error_label")
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Time:"), self.duration_edit)
        form.addRow(self.tr("On:"), self.item_combo)
        form.addRow(self.tr("Day:"), self.date_edit)
        form.addRow(self.tr("Note:"), self.note_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        if entry is not None:
            self.duration_edit.setText(str(entry.minutes))
            self.date_edit.setDate(QDate(entry.on.year, entry.on.month, entry.on.day))
            self.note_edit.setText(entry.note)
            self.item_combo.setEnabled(False)
        self.entry: TimeEntry | None = None

    def accept(self) -> None:
        try:
            minutes = parse_duration(self.duration_edit.text())
        except ProgressError as error:
            self.error_label.setText(str(error))
            return
        kind, item_id, _label = self._items[max(0, self.item_combo.currentIndex())]
        day = self.date_edit.date()
        self.entry = TimeEntry(
            minutes, kind, item_id, date(day.year(), day.month(), day.day()), self.note_edit.text()
        )
        super().accept()


class ReplanDialog(QDialog):
    """The proposed target dates beside the current ones; OK applies them all."""

    def __init__(self, parent: QWidget | None, rows: list[tuple[str, str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Re-plan from today"))
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Stage"), self.tr("Current target"), self.tr("Proposed")]
        )
        for row, values in enumerate(rows):
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Apply"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("New target dates from your hours per week (one undo takes them back):"))
        )
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 320)


class StudySettingsDialog(QDialog):
    """Hours per week, the daily goal and the streak's minimum, for the current profile."""

    def __init__(self, parent: QWidget | None, hours: float, goal: int, minimum: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Study settings"))
        self.hours_spin = QDoubleSpinBox(self)
        self.hours_spin.setRange(0.5, 100.0)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setDecimals(1)
        self.hours_spin.setValue(hours)
        self.goal_spin = QSpinBox(self)
        self.goal_spin.setRange(1, 1440)
        self.goal_spin.setValue(goal)
        self.minimum_spin = QSpinBox(self)
        self.minimum_spin.setRange(1, 1440)
        self.minimum_spin.setValue(minimum)
        form = QFormLayout()
        form.addRow(self.tr("Hours per week:"), self.hours_spin)
        form.addRow(self.tr("Daily goal (minutes):"), self.goal_spin)
        form.addRow(self.tr("A day counts for the streak from (minutes):"), self.minimum_spin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class StudyDialogs(QObject):
    """The daily loop's questions, modal to ``parent``."""

    KEEP, TRIM, DISCARD = "keep", "trim", "discard"

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent

    def ask_left_running(self, what: str, started: str, last_seen: str) -> str:
        """keep, trim or discard a session left running by a crash; trim if cancelled."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("A study session was left running"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            self.tr("The timer on “{what}” was still running when LearnPath last closed.").format(
                what=what
            )
        )
        box.setInformativeText(
            self.tr(
                "Started {started}; last seen {seen}. Keep it up to now, trim it to when it was "
                "last seen, or discard it?"
            ).format(started=started, seen=last_seen)
        )
        keep = box.addButton(self.tr("Keep up to now"), QMessageBox.ButtonRole.AcceptRole)
        trim = box.addButton(self.tr("Trim to last seen"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(trim)
        box.exec()
        clicked = box.clickedButton()
        if clicked is keep:
            return self.KEEP
        if clicked is discard:
            return self.DISCARD
        return self.TRIM

    def ask_time_entry(
        self, items: list[tuple[str, str, str]], today: date, entry: TimeEntry | None = None
    ) -> TimeEntry | None:
        dialog = TimeEntryDialog(self._parent, items, today, entry)
        return dialog.entry if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_study_settings(
        self, hours: float, goal: int, minimum: int
    ) -> tuple[float, int, int] | None:
        dialog = StudySettingsDialog(self._parent, hours, goal, minimum)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.hours_spin.value(), dialog.goal_spin.value(), dialog.minimum_spin.value()

    def ask_replan(self, rows: list[tuple[str, str, str]]) -> bool:
        return ReplanDialog(self._parent, rows).exec() == QDialog.DialogCode.Accepted
