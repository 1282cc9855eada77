"""The kept-progress use cases of the progress service: progress, notes and plans kept for ids
no longer in the curriculum (orphans), with their titles as last seen, and discarding them.

``KeptProgressUses`` is a base class of ``ProgressService`` (``tracker.progress.service``); it
uses only what the service declares below.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.progress import kept
from tracker.progress.orphans import find_orphans

if TYPE_CHECKING:
    from tracker.curriculum.model import Curriculum, Text
    from tracker.progress.records import ItemKind, Orphan, Profile
    from tracker.progress.tally import KeptTally
    from tracker.storage.store import ProgressStore


class KeptProgressUses:
    """``orphans``, ``kept_progress``, ``kept_titles`` and ``discard_kept`` of
    ``ProgressService``."""

    if TYPE_CHECKING:  # provided by ProgressService
        _profile: Profile
        _curriculum: Curriculum
        _tally: KeptTally

        @property
        def _store(self) -> ProgressStore: ...

        @property
        def _scope(self) -> tuple[int, str]: ...

    def orphans(self) -> list[Orphan]:
        """Progress, notes and plans kept for ids no longer in the curriculum, sorted by id.

        Nothing is deleted: when the id comes back, the progress is attached to it again.
        """
        store, scope = self._store, self._scope
        return find_orphans(
            self._curriculum, store.task_states(*scope), store.plans(*scope), store.notes(*scope)
        )

    def kept_progress(self) -> list[kept.KeptItem]:
        """The orphans with their titles as last seen (see ``tracker.progress.kept``)."""
        return kept.named(self.orphans(), self.kept_titles())

    def kept_titles(self) -> dict[tuple[ItemKind, str], Text]:
        return kept.titles(self._store.database, self._curriculum.id)

    def discard_kept(self, items: Iterable[tuple[ItemKind, str]]) -> int:
        """Delete the kept progress of items no longer in the curriculum; rows deleted."""
        try:
            return kept.discard(self._store.database, self._profile.id, self._curriculum, items)
        finally:
            self._tally.forget()
