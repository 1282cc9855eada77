"""The backup use cases of the progress service: a profile's whole progress read (what every
export and the JSON backup are built from) and a backup restored into a profile.

``ProfileBackups`` is a base class of ``ProgressService`` (``tracker.progress.service``); it
uses only what the service declares below.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from tracker.progress.profiles import clean_name
from tracker.progress.records import Change, ChangeKind, ProfileBackup

if TYPE_CHECKING:
    from tracker.curriculum.model import Curriculum
    from tracker.progress.records import Profile
    from tracker.progress.tally import KeptTally
    from tracker.storage.store import ProgressStore


class ProfileBackups:
    """``backup`` and ``import_backup`` of ``ProgressService``."""

    if TYPE_CHECKING:  # provided by ProgressService
        _profile: Profile
        _curriculum: Curriculum
        _clock: Callable[[], datetime]
        _tally: KeptTally

        @property
        def _store(self) -> ProgressStore: ...

        def _find_profile(self, name: str) -> Profile: ...

    def backup(self, profile: str | None = None, *, event_log: bool = True) -> ProfileBackup:
        """Every state, note, plan and event of a profile (the current one by default).

        ``event_log=False`` is for a summary that prints no event log: the events are left out
        unless the profile has study time (its streak counts the days a task was ticked done).
        """
        chosen = self._profile if profile is None else self._find_profile(profile)
        return self._store.backup(chosen.id, self._curriculum.id, event_log=event_log)

    def import_backup(self, backup: ProfileBackup, as_name: str | None = None) -> Change:
        """Restore a backup into ``as_name`` (default: the backup's profile) in one transaction.

        Creates the profile if needed; idempotent (a second import changes nothing: events are
        de-duplicated by kind, item, old, new and time); ids not in the curriculum are kept.
        ``Change.new`` is the number of rows that changed, as text.
        """
        name = clean_name(as_name if as_name is not None else backup.profile)
        now = self._clock()
        try:
            changed = self._store.import_backup(backup, name, now)
        finally:
            self._tally.forget()
        return Change(ChangeKind.IMPORT, name, None, None, None, str(changed), now)
