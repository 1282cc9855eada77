"""The window's import after the file is checked: compare with the profile, ask merge or
replace when it has progress, back the database up, apply, and say what happened."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from tracker.ui.i18n import fill

if TYPE_CHECKING:
    from tracker.progress.import_plan import ImportOutcome
    from tracker.progress.records import ProfileBackup
    from tracker.progress.service import ProgressService


def import_with_choice(
    parent: QWidget | None,
    service: ProgressService,
    dialogs: Any,
    backup: ProfileBackup,
    name: str,
    *,
    title: str,
    review: Any = None,
) -> ImportOutcome | None:
    """Import ``backup`` into ``name``; None when cancelled or refused (the error was shown).

    ``dialogs.ask_import_choice(preview)`` is asked when the dialogs offer it (tests), else the
    ``ImportChoiceDialog``.
    """
    from tracker.progress.backups import StorageError
    from tracker.progress.errors import ProgressError
    from tracker.progress.import_plan import import_backup, preview
    from tracker.ui.error_text import error_text

    try:
        found = preview(service, backup, name)
    except ProgressError as error:
        dialogs.show_error(title, error_text(error))
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
        return import_backup(service, backup, name, mode, datetime.now(UTC), review=review)
    except (ProgressError, StorageError) as error:
        dialogs.show_error(title, error_text(error))
        return None


# Two arguments, like QCoreApplication.translate, so lupdate's ``translate+=_tr`` alias files
# these strings under their context.
_tr = QCoreApplication.translate


def _counted(count: int, one: str, many: str) -> str:
    return fill(one if count == 1 else many, count)


def import_summary(outcome: ImportOutcome) -> str:
    """What the import did, counted in the right grammatical number, and the way back."""
    tally = outcome.preview
    states, notes, plans = (outcome.taken(t) for t in (tally.states, tally.notes, tally.plans))
    profile = outcome.change.profile
    if outcome.change.new == "0":
        text = fill(
            _tr(
                "ImportProgress",
                "Nothing changed in “%1”: it already held everything in the file.",
            ),
            profile,
        )
    else:
        counts = (
            _counted(
                states,
                _tr("ImportProgress", "1 task state"),
                _tr("ImportProgress", "%1 task states"),
            ),
            _counted(notes, _tr("ImportProgress", "1 note"), _tr("ImportProgress", "%1 notes")),
            _counted(plans, _tr("ImportProgress", "1 plan"), _tr("ImportProgress", "%1 plans")),
        )
        text = fill(_tr("ImportProgress", "Restored %1, %2 and %3 into “%4”."), *counts, profile)
    if outcome.backup_before is not None:
        text += "\n\n" + fill(
            _tr(
                "ImportProgress",
                "A backup of the database was taken first (%1). To undo the import, choose it in "
                "File → Restore from Backup…",
            ),
            outcome.backup_before.name,
        )
    return text
