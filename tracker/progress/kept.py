"""Progress no longer in the curriculum, by name: last known titles, and discarding it on request.

The service keeps the titles of every item with progress (``remember``: when the curriculum is
replaced and when the service closes), so progress kept for an item that has since left the
curriculum can be listed with the title the learner last saw (``KeptItem``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tracker.curriculum.model import Curriculum, Text
from tracker.progress.errors import ProgressError
from tracker.progress.records import ItemKind, Orphan, TaskStatus

if TYPE_CHECKING:
    from tracker.storage.database import Database


@dataclass(frozen=True, slots=True)
class KeptItem:
    """Progress kept for an item no longer in the curriculum, with its title as last seen
    (None if it was never recorded: progress older than the titles, or imported)."""

    item_kind: ItemKind
    item_id: str
    title: Text | None
    status: TaskStatus | None
    note: str | None
    changed_at: datetime | None


def _title_of(curriculum: Curriculum) -> Callable[[str, str], tuple[str, str] | None]:
    def title_of(kind: str, item_id: str) -> tuple[str, str] | None:
        item = (
            curriculum.task(item_id)
            if kind == ItemKind.TASK.value
            else curriculum.stage(item_id)
            if kind == ItemKind.STAGE.value
            else curriculum.concept(item_id)
        )
        return (item.title.en, item.title.zh) if item is not None else None

    return title_of


def remember(database: Database, curriculum: Curriculum, now: datetime) -> int:
    """Record the titles of the curriculum's items that have progress (only what changed)."""
    from tracker.storage import kept

    return kept.keep_titles(database, curriculum.id, _title_of(curriculum), now)


def titles(database: Database, curriculum_id: str) -> dict[tuple[ItemKind, str], Text]:
    from tracker.storage import kept

    return {
        (ItemKind(kind), item_id): Text(zh=zh, en=en)
        for (kind, item_id), (en, zh) in kept.kept_titles(database, curriculum_id).items()
    }


def named(orphans: Iterable[Orphan], known: dict[tuple[ItemKind, str], Text]) -> list[KeptItem]:
    return [
        KeptItem(
            o.item_kind,
            o.item_id,
            known.get((o.item_kind, o.item_id)),
            o.status,
            o.note,
            o.changed_at,
        )
        for o in orphans
    ]


def discard(
    database: Database,
    profile_id: int,
    curriculum: Curriculum,
    items: Iterable[tuple[ItemKind, str]],
) -> int:
    """Delete the kept progress of ``items`` (each must be out of the curriculum)."""
    from tracker.storage import kept

    chosen = [(ItemKind(kind), item_id) for kind, item_id in items]
    title_of = _title_of(curriculum)
    for kind, item_id in chosen:
        if title_of(kind.value, item_id) is not None:
            raise ProgressError(f"{kind.value} {item_id!r} is in the curriculum; nothing discarded")
    return kept.discard(
        database, profile_id, curriculum.id, [(k.value, item_id) for k, item_id in chosen]
    )
