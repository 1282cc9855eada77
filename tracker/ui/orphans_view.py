"""Progress "no longer in the curriculum": an entry under the stages and a window listing it.

When a task, stage or concept leaves the curriculum its status, note and target date are kept
(and re-attached if it returns). This module shows them: each with its title as last seen, its
status and when it last changed, its note readable and copyable, and a way to discard chosen
items deliberately (after a confirmation, with a copy written to ``discarded/`` first).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.progress.records import ItemKind
from tracker.ui.texts import status_text

BACKUP_FOLDER = "discarded"


def _kind_text(kind: ItemKind) -> str:
    from PySide6.QtCore import QCoreApplication

    names = {
        ItemKind.TASK: QCoreApplication.translate("KeptProgress", "Task"),
        ItemKind.STAGE: QCoreApplication.translate("KeptProgress", "Stage"),
        ItemKind.CONCEPT: QCoreApplication.translate("KeptProgress", "Concept"),
    }
    return names[kind]


class KeptProgressDialog(QDialog):
    """Lists the progress kept for items no longer in the curriculum.

    ``write``: the window's write queue (``ProgressBridge.write``): a discard asked for while
    another program holds the database's lock waits there without freezing the window, and
    lands once the lock goes (closing this list does not cancel it) or is reported, nothing
    discarded. Without it the discard runs at once.

    Signals:
        discarded(int): kept progress was discarded (rows deleted); views refresh.
    """

    discarded = Signal(int)

    def __init__(
        self,
        service: Callable[[], Any],
        dialogs: Any,
        data_folder: Path,
        lang: Callable[[], str],
        parent: QWidget | None = None,
        *,
        write: Callable[..., Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kept_progress")
        self._service = service
        self._write = write
        self._discarding = False  # a discard waits for another program's lock
        self._dialogs = dialogs
        self._folder = data_folder
        self._lang = lang
        self._items: list[Any] = []
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTreeWidget(self)
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(4)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.currentItemChanged.connect(self._show_note)
        self.note = QPlainTextEdit(self)
        self.note.setReadOnly(True)  # readable and copyable (select, Ctrl+C), never edited here
        self.copy_button = QPushButton(self)
        self.discard_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self.copy_button.clicked.connect(self.copy_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self.note_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note, 2)
        layout.addLayout(buttons)
        self.resize(760, 520)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("No longer in the curriculum"))
        self.intro.setText(
            self.tr(
                "These items have left the curriculum. Their progress and notes are kept, and come "
                "back if the items return. Titles are shown as you last saw them."
            )
        )
        self.table.setHeaderLabels(
            [
                self.tr("Title (as last seen)"),
                self.tr("Kind"),
                self.tr("Status"),
                self.tr("Changed"),
            ]
        )
        self.note_label.setText(self.tr("Note"))
        self.copy_button.setText(self.tr("&Copy"))
        self.discard_button.setText(self.tr("&Discard…"))
        self.close_button.setText(self.tr("Close"))

    def reload(self) -> None:
        """Read the kept progress again and list it."""
        self._items = list(self._service().kept_progress())
        lang = self._lang()
        self.table.clear()
        for kept in self._items:
            title = kept.title.get(lang) if kept.title is not None else kept.item_id
            changed = kept.changed_at.astimezone().strftime("%Y-%m-%d") if kept.changed_at else ""
            status = status_text(kept.status) if kept.status is not None else ""
            row = QTreeWidgetItem([title, _kind_text(kept.item_kind), status, changed])
            row.setToolTip(0, f"{title}\n{kept.item_kind.value}: {kept.item_id}")
            self.table.addTopLevelItem(row)
        for column in range(4):
            self.table.resizeColumnToContents(column)
        first = self.table.topLevelItem(0)
        if first is not None:
            self.table.setCurrentItem(first)
        else:
            self.note.setPlainText("")
        self.discard_button.setEnabled(bool(self._items) and not self._discarding)
        self.copy_button.setEnabled(bool(self._items))

    def _kept_at(self, row: QTreeWidgetItem | None) -> Any:
        if row is None:
            return None
        index = self.table.indexOfTopLevelItem(row)
        return self._items[index] if 0 <= index < len(self._items) else None

    def _selected(self) -> list[Any]:
        rows: list[QTreeWidgetItem | None] = [*self.table.selectedItems()]
        if not rows:
            rows.append(self.table.currentItem())
        return [kept for kept in map(self._kept_at, rows) if kept is not None]

    def _show_note(self, current: QTreeWidgetItem | None, _previous: object = None) -> None:
        kept = self._kept_at(current)
        self.note.setPlainText(kept.note or "" if kept is not None else "")

    def _describe(self, kept: Any) -> str:
        lang = self._lang()
        title = kept.title.get(lang) if kept.title is not None else kept.item_id
        lines = [f"{title} ({kept.item_kind.value}: {kept.item_id})"]
        if kept.status is not None:
            lines.append(status_text(kept.status))
        if kept.note:
            lines += ["", kept.note]
        return "\n".join(lines)

    def copy_selected(self) -> str:
        """Copy the chosen items (title, status, note) as plain text; returns the text."""
        text = "\n\n".join(self._describe(kept) for kept in self._selected())
        QGuiApplication.clipboard().setText(text)
        return text

    def discard_selected(self) -> Path | None:
        """Discard the chosen items after a confirmation; a copy is written first."""
        chosen = self._selected()
        if not chosen:
            return None
        backup = (
            self._folder
            / BACKUP_FOLDER
            / (f"discarded-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.json")
        )
        question = self.tr(
            "Discard the kept progress and notes of {count} item(s) no longer in the curriculum? "
            "A copy is written to {path} first."
        ).format(count=len(chosen), path=str(backup))
        if not self._dialogs.confirm(self.tr("Discard kept progress"), question):
            return None
        from tracker.reports.formats import write_atomic

        try:
            backup.parent.mkdir(parents=True, exist_ok=True)
            written = write_atomic(backup, _backup_json(chosen))
        except OSError as error:
            self._dialogs.show_error(self.tr("Nothing was discarded"), str(error))
            return None
        from tracker.ui.bridge import QUEUED, user_error_types

        keys = [(k.item_kind, k.item_id) for k in chosen]

        def run() -> int:
            return int(self._service().discard_kept(keys))

        def failed(error: BaseException) -> None:
            self._set_discarding(False)
            self._dialogs.show_error(self.tr("Nothing was discarded"), str(error))

        self._set_discarding(True)
        try:
            count = (
                run()
                if self._write is None
                else self._write(run, later=self._landed, failed_later=failed)
            )
        except user_error_types() as error:
            failed(error)
            return None
        except BaseException:  # a bug: reported as one, the dialog usable again
            self._set_discarding(False)
            raise
        if count is not QUEUED:
            self._landed(count)
        return written

    def _set_discarding(self, discarding: bool) -> None:
        self._discarding = discarding
        self.discard_button.setEnabled(bool(self._items) and not discarding)

    def _landed(self, count: int) -> None:
        self._set_discarding(False)
        self.reload()
        self.discarded.emit(count)


def _backup_json(chosen: list[Any]) -> bytes:
    return json.dumps(
        [
            {
                "item_kind": kept.item_kind.value,
                "item_id": kept.item_id,
                "title": {"en": kept.title.en, "zh": kept.title.zh} if kept.title else None,
                "status": kept.status.value if kept.status is not None else None,
                "note": kept.note,
                "changed_at": kept.changed_at.isoformat() if kept.changed_at else None,
            }
            for kept in chosen
        ],
        ensure_ascii=False,
        indent=2,
    ).encode()


class KeptProgressEntry(QPushButton):
    """ "No longer in the curriculum (N)" under the stages; hidden while there is nothing kept.

    Signals:
        opened(): the learner asked to see the kept progress.
    """

    opened = Signal()

    def __init__(self, service: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kept_progress_entry")
        self.setFlat(True)
        self._service = service
        self._count = 0
        self._counted = False
        self.clicked.connect(self.opened)
        self.hide()

    @property
    def count(self) -> int:
        return self._count

    @property
    def counted(self) -> bool:
        """True once counted (a lazy service's store was open)."""
        return self._counted

    def refresh(self) -> None:
        """Count the kept items again (only once the store is open: never before first paint)."""
        service = self._service()
        if not getattr(service, "store_open", True):
            return
        from tracker.ui.bridge import user_error_types

        try:
            self._count = len(service.kept_progress())
        except user_error_types():
            return
        self._counted = True
        self.retranslate()
        self.setVisible(self._count > 0)

    def retranslate(self) -> None:
        self.setText(self.tr("No longer in the curriculum ({count})").format(count=self._count))


class KeptProgress(QObject):
    """The window's way to kept progress: the entry under the stages (once ``attach`` is given
    the stage navigator, which may come later), a View menu action, and the dialog they open.
    ``refresh()`` after anything that may change what is kept."""

    def __init__(
        self,
        service: Callable[[], Any],
        dialogs: Any,
        data_folder: Callable[[], Path],
        lang: Callable[[], str],
        *,
        view_menu: QMenu,
        on_discarded: Callable[[], None],
        navigator: QWidget | None = None,
        write: Callable[..., Any] | None = None,
    ) -> None:
        super().__init__(view_menu)
        self._service, self._dialogs, self._folder, self._lang = service, dialogs, data_folder, lang
        self._on_discarded = on_discarded
        self._write = write
        self._view_menu = view_menu
        self.entry: KeptProgressEntry | None = None
        self.action = view_menu.addAction("")
        self.action.triggered.connect(self.show)
        self.dialog: KeptProgressDialog | None = None
        if navigator is not None:
            self.attach(navigator)
        self.retranslate()

    def attach(self, navigator: QWidget) -> None:
        """Put the entry under the stage list of ``navigator`` (counted as ``refresh`` says)."""
        self.entry = KeptProgressEntry(self._service, navigator)
        layout = navigator.layout()
        if layout is not None:
            layout.addWidget(self.entry)
        self.entry.opened.connect(self.show)
        self.entry.retranslate()
        self.entry.refresh()

    def refresh(self, *, count: bool = True) -> None:
        """Count the kept items again (``count``: it reads every state) and reload the dialog
        if it is open."""
        entry = self.entry
        if entry is not None and (count or not entry.counted):  # the store opens first
            entry.refresh()
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reload()

    def show(self) -> KeptProgressDialog | None:
        """Open (or bring forward) the list of kept progress (None: it could not be read, e.g.
        the store is not open yet and another program holds the lock; the learner was told)."""
        if self.dialog is None:
            from tracker.ui.bridge import user_error_types

            menu_bar = self._view_menu.parentWidget()
            parent = (self.entry or menu_bar or self._view_menu).window()
            try:
                self.dialog = KeptProgressDialog(
                    self._service,
                    self._dialogs,
                    self._folder(),
                    self._lang,
                    parent,
                    write=self._write,
                )
            except user_error_types() as error:
                from tracker.ui.error_text import error_text

                self._dialogs.show_error(self.tr("No longer in the curriculum"), error_text(error))
                return None
            self.dialog.discarded.connect(self._discarded)
        else:
            self.dialog.reload()
        self.dialog.show()
        self.dialog.activateWindow()
        return self.dialog

    def _discarded(self, _count: int) -> None:
        self._on_discarded()
        if self.entry is not None:
            self.entry.refresh()

    def retranslate(self) -> None:
        self.action.setText(self.tr("No Longer in the Curriculum…"))
        if self.entry is not None:
            self.entry.retranslate()
        if self.dialog is not None:
            self.dialog.retranslate()
