"""The window's import after the file is checked: compare with the profile, ask merge or
replace when it has progress, back the database up, apply, and say what happened."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from tracker.progress.import_plan import ImportOutcome
    from tracker.progress.records import ProfileBackup
    from tracker.progress.service import ProgressService


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportProgress", text)


def import_with_choice(
    parent: QWidget | None,
    service: ProgressService,
    dialogs: Any,
    backup: ProfileBackup,
    name: str,
    title: str,
) -> ImportOutcome | None:
    """Import ``backup`` into ``name``; None when cancelled or refused (the error was shown).

    ``dialogs.ask_import_choice(preview)`` is asked when the dialogs offer it (tests), else the
    ``ImportChoiceDialog``.
    """
    from tracker.progress.backups import StorageError
    from tracker.progress.errors import ProgressError
    from tracker.progress.import_plan import import_backup, preview

    try:
        found = preview(service, backup, name)
    except ProgressError as error:
        dialogs.show_error(title, str(error))
        return None
    mode = None
    if found.has_progress:
        ask = getattr(dialogs, "ask_import_choice", None)
        if callable(ask):
            mode = ask(found)
        else:
            from tracker.ui.import_choice import ask_import_choice

            mode = ask_import_choice(found, parent)
        if mode is None:
            return None
    try:
        return import_backup(service, backup, name, mode, datetime.now(UTC))
    except (ProgressError, StorageError) as error:
        dialogs.show_error(title, str(error))
        return None


def _count(count: int, one: str, many: str) -> str:
    return (_tr(one) if count == 1 else _tr(many)).replace("%1", str(count))


def import_summary(outcome: ImportOutcome) -> str:
    """What the import did, counted in the right grammatical number, and the way back."""
    tally = outcome.preview
    states, notes, plans = (outcome.taken(t) for t in (tally.states, tally.notes, tally.plans))
    if outcome.change.new == "0":
        text = _tr("Nothing changed in “%1”: it already held everything in the file.")
    else:
        text = (
            _tr("Restored %1, %2 and %3 into “%4”.")
            .replace("%1", _count(states, "1 task state", "%1 task states"))
            .replace("%2", _count(notes, "1 note", "%1 notes"))
            .replace("%3", _count(plans, "1 plan", "%1 plans"))
        )
    text = text.replace("%4", outcome.change.profile).replace("%1", outcome.change.profile)
    if outcome.backup_before is not None:
        text += "\n\n" + _tr(
            "A backup of the database was taken first (%1). To undo the import, choose it in "
            "File → Restore from Backup…"
        ).replace("%1", outcome.backup_before.name)
    return text
