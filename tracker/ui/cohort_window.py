"""The mentor's Cohort window: a sortable table of learners x stages, filters (behind, inactive
for 7 days or more), and a learner's read-only summary on a click.

The status is read from the cohort server on a pool thread (``tracker.sync.background``), with
the mentor's own login: the server's row-level security decides what the table can show.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tracker.curriculum.model import Curriculum, Lang
from tracker.reports.html_page import esc
from tracker.ui.cohort_sync import Job, start

_Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FIXED = 2  # learner, overall; then one column per stage, then last activity, minutes, flags


class CohortModel(QAbstractTableModel):
    """Rows: learners; columns: name, overall %, each stage's done/total, last activity,
    minutes in 7 days, flags. ``SORT_ROLE`` gives numbers and times for sorting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: Any = None

    def set_status(self, status: Any) -> None:
        self.beginResetModel()
        self.status = status
        self.endResetModel()

    def learner(self, row: int) -> Any:
        return self.status.learners[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.status is None:
            return 0
        return len(self.status.learners)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        stages = len(self.status.stage_titles) if self.status is not None else 0
        return FIXED + stages + 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        titles = [title for _id, title in self.status.stage_titles] if self.status else []
        stage = section - FIXED
        if role == Qt.ItemDataRole.ToolTipRole:
            return titles[stage] if 0 <= stage < len(titles) else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        # Stage titles are long: the column shows the part before a colon ("Stage 1"), or the
        # stage's number; the whole title is the tooltip.
        short = [_short(title, i) for i, title in enumerate(titles)]
        names = [self.tr("Learner"), self.tr("Overall"), *short]
        names += [self.tr("Last Activity"), self.tr("Minutes (7 days)"), self.tr("Flags")]
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.status is None:
            return None
        learner = self.learner(index.row())
        column = index.column()
        stages = len(learner.stages)
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < column < self.columnCount() - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return None
        sort = role == SORT_ROLE
        if column == 0:
            return learner.name.casefold() if sort else learner.name
        if column == 1:
            p = learner.overall
            return p.percent if sort else f"{p.percent:.0f}% ({p.done}/{p.total})"
        if column < FIXED + stages:
            p = learner.stages[column - FIXED][1]
            return p.percent if sort else f"{p.done}/{p.total}"
        extra = column - FIXED - stages
        if extra == 0:
            last = learner.last_activity
            if sort:
                return last.timestamp() if last else 0.0
            return last.strftime("%Y-%m-%d") if last else self.tr("never")
        if extra == 1:
            return learner.minutes_7d
        return self.flag_text(learner.flags)

    def flag_text(self, flags: tuple[str, ...]) -> str:
        labels = {"behind": self.tr("behind"), "inactive": self.tr("inactive")}
        return ", ".join(labels.get(f, f) for f in flags)


def _short(title: str, index: int) -> str:
    head = re.split("[:：]", title, maxsplit=1)[0]
    return head if len(head) < len(title) and len(head) <= 16 else str(index + 1)


class CohortFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wanted: set[str] = set()
        self.setSortRole(SORT_ROLE)

    def set_flag(self, flag: str, on: bool) -> None:
        self.beginFilterChange()
        if on:
            self.wanted.add(flag)
        else:
            self.wanted.discard(flag)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self.wanted:
            return True
        model = self.sourceModel()
        assert isinstance(model, CohortModel)
        return self.wanted <= set(model.learner(source_row).flags)


class CohortWindow(QMainWindow):
    loaded = Signal()
    failed = Signal(str)

    def __init__(
        self,
        url: str,
        cohort: str,
        password: str | None,
        *,
        curriculum: Any,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.url, self.cohort, self.password = url, cohort, password
        self.curriculum, self.lang = curriculum, lang
        self.model = CohortModel(self)
        self.proxy = CohortFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QTextBrowser(self)
        self.summary.setOpenLinks(False)
        self.behind_box = QCheckBox(self.tr("Behind"), self)
        self.inactive_box = QCheckBox(self.tr("Inactive 7 days or more"), self)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.count_label = QLabel(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show only:"), self))
        bar.addWidget(self.behind_box)
        bar.addWidget(self.inactive_box)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.refresh_button)
        splitter = QSplitter(self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.summary)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addLayout(bar)
        layout.addWidget(splitter)
        self.setCentralWidget(body)
        self.setWindowTitle(self.tr("Cohort {name}").format(name=cohort))
        self.behind_box.toggled.connect(lambda on: self._filter("behind", on))
        self.inactive_box.toggled.connect(lambda on: self._filter("inactive", on))
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._show_learner)
        self.resize(1100, 600)
        self._job: Job | None = None
        self.refresh()

    def refresh(self) -> None:
        from tracker.sync import background

        url, cohort, password = self.url, self.cohort, self.password
        curriculum, lang = self.curriculum, self.lang
        self.refresh_button.setEnabled(False)
        self.statusBar().showMessage(self.tr("Loading…"))
        self._job = start(
            Job(lambda: background.cohort_status(url, cohort, password, curriculum, lang)),
            self._loaded,
            self._failed,
        )

    def _loaded(self, status: Any) -> None:
        self.model.set_status(status)
        self.table.resizeColumnsToContents()
        self.refresh_button.setEnabled(True)
        self.statusBar().showMessage(
            self.tr("As of {time} UTC").format(time=status.at.strftime("%Y-%m-%d %H:%M"))
        )
        self._count()
        self.loaded.emit()

    def _failed(self, error: object) -> None:
        self.refresh_button.setEnabled(True)
        self.statusBar().showMessage(str(error))
        self.failed.emit(str(error))

    def _filter(self, flag: str, on: bool) -> None:
        self.proxy.set_flag(flag, on)
        self._count()

    def _count(self) -> None:
        self.count_label.setText(
            self.tr("{shown} of {total} learners").format(
                shown=self.proxy.rowCount(), total=self.model.rowCount()
            )
        )

    def _show_learner(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.summary.clear()
            return
        learner = self.model.learner(self.proxy.mapToSource(current).row())
        titles = dict(self.model.status.stage_titles)
        rows = "".join(
            f"<tr><td>{esc(titles.get(stage, stage))}</td>"
            f"<td align='right'>{p.done}/{p.total}</td></tr>"
            for stage, p in learner.stages
        )
        last = learner.last_activity.strftime("%Y-%m-%d %H:%M") if learner.last_activity else "—"
        flags = self.model.flag_text(learner.flags) or "—"
        overall = self.tr("Overall: {percent}% ({done}/{total})").format(
            percent=f"{learner.overall.percent:.1f}",
            done=learner.overall.done,
            total=learner.overall.total,
        )
        lines = [
            overall,
            self.tr("Last activity: {time}").format(time=last),
            self.tr("Minutes in the last 7 days: {minutes}").format(minutes=learner.minutes_7d),
            self.tr("Flags: {flags}").format(flags=flags),
        ]
        self.summary.setHtml(
            f"<h3>{esc(learner.name)}</h3><p>{'<br>'.join(esc(line) for line in lines)}</p>"
            f"<table>{rows}</table>"
        )


class OpenCohortDialog(QDialog):
    """A mentor's URL, the cohort's name and the password (kept in memory only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cohort_window: CohortWindow | None = None
        self.setWindowTitle(self.tr("Open a Cohort"))
        self.url_edit = QLineEdit(self)
        self.cohort_edit = QLineEdit(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Mentor URL:"), self.url_edit)
        form.addRow(self.tr("Cohort:"), self.cohort_edit)
        form.addRow(self.tr("Password:"), self.password_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())


def open_cohort(parent: QWidget, curriculum: Curriculum, lang: Lang) -> OpenCohortDialog:
    """File → Open a Cohort (Mentor)…: the dialog opens window-modal without blocking; OK opens
    the Cohort window (the dialog's ``cohort_window``), which connects and loads on a worker."""
    dialog = OpenCohortDialog(parent)

    def accepted() -> None:
        url, cohort = dialog.url_edit.text().strip(), dialog.cohort_edit.text().strip()
        if not url or not cohort:
            return
        dialog.cohort_window = CohortWindow(
            url,
            cohort,
            dialog.password_edit.text() or None,
            curriculum=curriculum,
            lang=lang,
            parent=parent,
        )
        dialog.cohort_window.show()

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog
