"""File → Export… (a progress summary in any format) and File → Import… (a JSON backup).

The report model is built on the UI thread (one snapshot of plain data); rendering and writing
run on a ``QThreadPool`` worker, so a 9,000-task PDF never freezes the window. Dialog seams
(``ask_export_target``, ``offer_open``, ``show_error``) are small methods tests replace.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QSettings,
    QStandardPaths,
    QThreadPool,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker.paths import APP_AUTHOR, APP_NAME
from tracker.reports.formats import FORMATS, suggested_filename, write_atomic
from tracker.reports.model import Report, build_report
from tracker.ui.i18n import fill

if TYPE_CHECKING:
    from collections.abc import Callable

    from tracker.curriculum.model import Lang
    from tracker.progress.import_plan import ImportOutcome
    from tracker.progress.records import Change
    from tracker.progress.service import ProgressService

log = logging.getLogger("tracker.ui")

_KEYS = {
    "format": ("export/format", "md"),
    "scope": ("export/scope", "all"),
    "include_notes": ("export/include_notes", True),
    "short": ("export/short", False),
    "lang": ("export/lang", ""),
    "dir": ("export/dir", ""),
}


class _Memory:
    """The dialog's last choices, kept in the app's ``Settings`` (its UI state), a ``QSettings``,
    or, with neither given, the default ``QSettings`` of the app."""

    def __init__(self, settings: Any | None) -> None:
        state = getattr(settings, "state", None)
        if state is not None and hasattr(state, "set_value"):
            self._read = state.value
            self._write = state.set_value
        else:
            store = settings if settings is not None else QSettings(APP_AUTHOR, APP_NAME)
            self._read = store.value
            self._write = store.setValue

    def get(self, name: str) -> Any:
        key, default = _KEYS[name]
        value = self._read(key, default)
        if isinstance(default, bool) and not isinstance(value, bool):
            return str(value).lower() in ("true", "1", "yes")
        return value if value is not None else default

    def set(self, name: str, value: object) -> None:
        self._write(_KEYS[name][0], value)


class _JobSignals(QObject):
    done = Signal(object)  # Path
    failed = Signal(str)


class _ExportJob(QRunnable):
    """Render a report and write it in place, off the UI thread."""

    def __init__(self, report: Report, format_name: str, target: Path) -> None:
        super().__init__()
        self.report = report
        self.format_name = format_name
        self.target = target
        self.signals = _JobSignals()

    def run(self) -> None:
        try:
            data = FORMATS[self.format_name].render(self.report)
            written = write_atomic(self.target, data)
        except OSError as error:
            self.signals.failed.emit(f"{self.target}: {error.strerror or error}")
        except Exception as error:  # a bug, but the window must hear about it
            log.exception("export failed")
            self.signals.failed.emit(f"{self.target}: {error}")
        else:
            self.signals.done.emit(written)


class ExportDialog(QDialog):
    """Choose format, scope, notes, language and destination, then export in the background.

    Signals: ``exported(Path)`` when the file is in place; ``failed(str)`` with a readable message.
    """

    exported = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        service: ProgressService,
        parent: QWidget | None = None,
        settings: Any | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.memory = _Memory(settings)
        self._ui_lang = _ui_language(settings)
        self._jobs: list[_ExportJob] = []
        self.setWindowTitle(self.tr("Export Progress"))
        self._build()
        self._restore()
        self.exported.connect(self._on_exported)
        self.failed.connect(self._on_failed)

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        lang = self._ui_lang
        self.format_combo = QComboBox()
        for name, text in (
            ("md", self.tr("Markdown (.md)")),
            ("html", self.tr("Web page (.html)")),
            ("pdf", self.tr("PDF (.pdf)")),
            ("csv", self.tr("Spreadsheet (.csv)")),
            ("json", self.tr("JSON backup (.json)")),
        ):
            self.format_combo.addItem(text, name)
        self.scope_combo = QComboBox()
        self.scope_combo.addItem(self.tr("All stages"), "all")
        for stage in self.service.curriculum.stages:
            self.scope_combo.addItem(stage.title.get(lang), stage.id)
        self.notes_check = QCheckBox(self.tr("Include notes"))
        self.short_check = QCheckBox(self.tr("Short summary for a mentor"))
        self.short_check.setToolTip(
            self.tr("One page: stages in progress and the last two weeks, no tasks still to do")
        )
        self.format_combo.currentIndexChanged.connect(self._update_short)
        self.lang_combo = QComboBox()
        self.lang_combo.addItem("中文", "zh")
        self.lang_combo.addItem("English", "en")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Format:"), self.format_combo)
        form.addRow(self.tr("Stages:"), self.scope_combo)
        form.addRow("", self.notes_check)
        form.addRow("", self.short_check)
        form.addRow(self.tr("Language:"), self.lang_combo)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button: QPushButton = self.buttons.addButton(
            self.tr("Export…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        # Enter exports: Cancel must not become the default by taking the focus first.
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)
        self.export_button.clicked.connect(self.choose_and_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)

    def _restore(self) -> None:
        _select(self.format_combo, str(self.memory.get("format")))
        _select(self.scope_combo, str(self.memory.get("scope")))
        self.notes_check.setChecked(bool(self.memory.get("include_notes")))
        self.short_check.setChecked(bool(self.memory.get("short")))
        self._update_short()
        # the language in use, not the one chosen last time: a summary for this window's reader
        _select(self.lang_combo, self._ui_lang)

    def remember(self) -> None:
        """Keep the current choices for next time."""
        self.memory.set("format", self.format_name())
        self.memory.set("scope", self.scope_combo.currentData())
        self.memory.set("include_notes", self.notes_check.isChecked())
        self.memory.set("short", self.short_check.isChecked())
        self.memory.set("lang", self.lang_combo.currentData())

    # -- choices -------------------------------------------------------------------------

    def format_name(self) -> str:
        return str(self.format_combo.currentData())

    def _update_short(self) -> None:
        from tracker.reports.short_summary import SHORT_FORMATS

        self.short_check.setEnabled(self.format_name() in SHORT_FORMATS)

    def is_short(self) -> bool:
        """The short summary for a mentor is chosen (and the format can carry it)."""
        return self.short_check.isEnabled() and self.short_check.isChecked()

    def stage_id(self) -> str | None:
        scope = self.scope_combo.currentData()
        return None if scope in (None, "all") else str(scope)

    def build_report(self) -> Report:
        """The report for the current choices (built here, on the UI thread)."""
        lang: Lang = "zh" if self.lang_combo.currentData() == "zh" else "en"
        return build_report(
            self.service,
            stage_id=self.stage_id(),
            lang=lang,
            include_notes=self.notes_check.isChecked(),
            short=self.is_short(),
            event_log=FORMATS[self.format_name()].event_log,
            task_lines=FORMATS[self.format_name()].task_lines,
        )

    # -- seams ---------------------------------------------------------------------------

    def ask_export_target(self, suggested: Path) -> Path | None:
        """Where to write the file; None if the learner cancels."""
        fmt = FORMATS[self.format_name()]
        name_filter = fill(self.tr("%1 files (*%2)"), fmt.name.upper(), fmt.suffix)
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export Progress"), str(suggested), name_filter
        )
        return Path(chosen) if chosen else None

    def offer_open(self, path: Path) -> None:
        """Say where the file went and offer to open it or its folder."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Export Progress"))
        box.setText(self.tr("The summary was saved."))
        box.setInformativeText(str(path))
        open_file = box.addButton(self.tr("Open File"), QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton(self.tr("Show Folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Export Progress"), message)

    # -- running -------------------------------------------------------------------------

    def choose_and_export(self) -> None:
        """Ask where to save, then export there (the Export… button)."""
        try:
            report = self.build_report()
        except Exception as error:  # a storage fault, shown rather than crashing the window
            self.show_error(str(error))
            return
        fmt = FORMATS[self.format_name()]
        target = self.ask_export_target(self.export_folder() / suggested_filename(report, fmt))
        if target is None:
            return
        if not target.suffix:
            target = target.with_suffix(fmt.suffix)
        self.start_export(report, target)

    def export_folder(self) -> Path:
        """The folder the file dialog opens in: the last one used, else the documents folder
        (else home: never the working directory the app happened to start in)."""
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        for folder in (str(self.memory.get("dir") or ""), documents):
            if folder and Path(folder).is_dir():
                return Path(folder)
        return Path.home()

    def export_to(self, target: Path) -> None:
        """Export with the current choices to ``target`` without asking (tests, scripting)."""
        self.start_export(self.build_report(), target)

    def start_export(self, report: Report, target: Path) -> None:
        self.remember()
        self.memory.set("dir", str(target.parent))
        self.export_button.setEnabled(False)
        self.status_label.setText(self.tr("Exporting…"))
        job = _ExportJob(report, self.format_name(), target)
        job.signals.done.connect(self.exported)
        job.signals.failed.connect(self.failed)
        job.setAutoDelete(False)
        # Earlier jobs have emitted and returned by now (the button was disabled meanwhile);
        # the newest is kept referenced until it is done, so Python never frees it mid-run.
        self._jobs = [job]
        QThreadPool.globalInstance().start(job)

    def _on_exported(self, path: Path) -> None:
        self.export_button.setEnabled(True)
        self.status_label.setText(fill(self.tr("Saved to %1"), path))
        self.offer_open(path)
        self.accept()

    def _on_failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.status_label.setText(message)
        self.show_error(fill(self.tr("The summary could not be saved:\n%1"), message))


def _select(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


def _ui_language(settings: Any | None) -> Lang:
    """The language the app shows now; the saved preference or the system's before start-up."""
    from tracker.ui import i18n

    if i18n.is_set():
        return i18n.current_lang()
    preferences = getattr(settings, "preferences", None)
    language = getattr(preferences, "language", None)
    if language in ("zh", "en"):
        return "zh" if language == "zh" else "en"
    from PySide6.QtCore import QLocale

    return "zh" if QLocale().name().startswith("zh") else "en"


# ---------------------------------------------------------------- import


class ImportDialogs(Protocol):
    """What ``run_import`` asks of the app's dialogs (``tracker.ui.dialogs.Dialogs`` fits)."""

    def ask_text(self, title: str, label: str, text: str = "") -> str | None: ...
    def show_error(self, title: str, message: str) -> None: ...
    def show_info(self, title: str, message: str) -> None: ...


def _tr(context: str, text: str) -> str:
    # Two arguments, like QCoreApplication.translate, so lupdate's ``translate+=_tr`` alias
    # files these strings under their context.
    return QCoreApplication.translate(context, text)


def ask_backup_file(parent: QWidget | None) -> Path | None:
    """Pick a JSON backup to import; None if cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent,
        _tr("ImportProgress", "Import Progress"),
        "",
        _tr("ImportProgress", "LearnPath backups (*.json);;All files (*)"),
    )
    return Path(chosen) if chosen else None


def run_import(
    parent: QWidget | None,
    service: ProgressService,
    dialogs: ImportDialogs,
    path: Path | None = None,
    *,
    write: Callable[..., Any] | None = None,
    later: Callable[[Change], None] | None = None,
) -> Change | None:
    """File → Import…: choose a backup, check it completely, ask which profile to restore into,
    then apply it in one transaction. Returns the change to broadcast, or None if nothing was done.

    ``dialogs.ask_open_backup(parent)`` is used to choose the file when the dialogs offer it, else
    a file chooser; pass ``path`` to skip choosing. ``write``: the window's write queue
    (``ProgressBridge.write``); an import waiting there for another program's lock returns None
    and, once it is in, shows its summary and hands its change to ``later``.
    """
    try:
        return _run_import(parent, service, dialogs, path, write=write, later=later)
    except Exception as error:  # a bug must not take the window down with the learner's work
        log.exception("Import failed unexpectedly")
        dialogs.show_error(
            _tr("ImportProgress", "Import Progress"),
            fill(
                _tr("ImportProgress", "The import failed unexpectedly:\n%1"),
                f"{type(error).__name__}: {error}",
            ),
        )
        return None


def _run_import(
    parent: QWidget | None,
    service: ProgressService,
    dialogs: ImportDialogs,
    path: Path | None,
    *,
    write: Callable[..., Any] | None = None,
    later: Callable[[Change], None] | None = None,
) -> Change | None:
    from tracker.reports.backup import BackupError, read_backup_file
    from tracker.ui.import_flow import import_summary, import_with_choice

    title = _tr("ImportProgress", "Import Progress")
    if path is None:
        chooser = getattr(dialogs, "ask_open_backup", None)
        path = chooser(parent) if callable(chooser) else ask_backup_file(parent)
        if path is None:
            return None
    try:
        parsed = read_backup_file(path, service.curriculum.id)
    except BackupError as error:
        dialogs.show_error(
            title,
            fill(_tr("ImportProgress", "This file cannot be imported:\n%1"), error),
        )
        return None
    name = dialogs.ask_text(
        title, _tr("ImportProgress", "Restore into the profile named:"), parsed.backup.profile
    )
    if not name:
        return None

    def landed(outcome: ImportOutcome) -> None:
        dialogs.show_info(title, import_summary(outcome))
        if later is not None:
            later(outcome.change)

    outcome = import_with_choice(
        parent,
        service,
        dialogs,
        parsed.backup,
        name,
        title=title,
        write=write,
        later=landed,
        review=parsed.review,
    )
    if outcome is None:
        return None
    dialogs.show_info(title, import_summary(outcome))
    return outcome.change
