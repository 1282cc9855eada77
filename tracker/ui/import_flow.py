"""The window's import after the file is checked: compare with the profile, ask merge or
replace when it has progress, back the database up, apply, and say what happened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from tracker.ui.bridge import QUEUED
from tracker.ui.i18n import fill

if TYPE_CHECKING:
    from tracker.progress.import_plan import ImportOutcome
    from tracker.progress.records import ProfileBackup
    from tracker.progress.service import ProgressService

Writer = Callable[..., Any]
"""``ProgressBridge.write``: ``write(run, later=…, failed_later=…, any_profile=…)``."""


def import_with_choice(
    parent: QWidget | None,
    service: ProgressService,
    dialogs: Any,
    backup: ProfileBackup,
    name: str,
    *,
    title: str,
    write: Writer | None = None,
    later: Callable[[ImportOutcome], None] | None = None,
    review: Any = None,
) -> ImportOutcome | None:
    """Import ``backup`` into ``name``; None when cancelled or refused (the error was shown), or
    while it waits for another program's lock.

    ``dialogs.ask_import_choice(preview)`` is asked when the dialogs offer it (tests), else the
    ``ImportChoiceDialog``. The database backup is taken at once (it only reads); the import's
    write goes through ``write`` (the window's ``ProgressBridge.write``: it never waits on the
    UI thread for another program's lock). Committed within the call, the outcome is returned;
    else ``later(outcome)`` runs once it is in, and a final failure (the lock held past the busy
    timeout: nothing imported) is shown like any refused import.
    """
    from tracker.progress.backups import StorageError
    from tracker.progress.errors import ProgressError
    from tracker.progress.import_plan import apply_import, backup_before_import, preview
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

    def failed(error: BaseException) -> None:
        dialogs.show_error(title, error_text(error))

    try:
        before = backup_before_import(service, datetime.now(UTC))
        run = partial(apply_import, service, backup, name, mode, before, review=review)
        if write is None:
            return run()
        result = write(run, later=later, failed_later=failed, any_profile=True)
    except (ProgressError, StorageError) as error:
        failed(error)
        return None
    return None if result is QUEUED else result  # type: ignore[return-value]


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
