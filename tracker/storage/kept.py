"""The last known titles of items with progress, and the deliberate discarding of kept progress.

Progress, notes and plans of an item that left the curriculum are kept (and re-attached if it
comes back). ``keep_titles`` records the titles of every item that has progress while it is still
in the curriculum, so such progress can be shown by name later; ``discard`` removes the kept
progress of chosen items, when the learner asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import delete, select, update

from tracker.storage.database import Database
from tracker.storage.models import (
    UNDO_CLOSED,
    EventRow,
    KeptTitleRow,
    NoteRow,
    StagePlanRow,
    TaskStateRow,
)

Item = tuple[str, str]  # (item kind value, item id)
Titles = tuple[str, str]  # (English, Chinese)


def items_with_progress(database: Database, curriculum_id: str) -> set[Item]:
    """Every item of the curriculum id that has a state, note or plan, in any profile."""
    with database.reading() as session:
        tasks = session.execute(
            select(TaskStateRow.task_id).where(TaskStateRow.curriculum_id == curriculum_id)
        )
        found = {("task", task_id) for (task_id,) in tasks}
        plans = session.execute(
            select(StagePlanRow.stage_id).where(StagePlanRow.curriculum_id == curriculum_id)
        )
        found.update(("stage", stage_id) for (stage_id,) in plans)
        notes = session.execute(
            select(NoteRow.item_kind, NoteRow.item_id).where(NoteRow.curriculum_id == curriculum_id)
        )
        found.update((kind, item_id) for kind, item_id in notes)
    return found


def kept_titles(database: Database, curriculum_id: str) -> dict[Item, Titles]:
    with database.reading() as session:
        rows = session.execute(
            select(
                KeptTitleRow.item_kind,
                KeptTitleRow.item_id,
                KeptTitleRow.title_en,
                KeptTitleRow.title_zh,
            ).where(KeptTitleRow.curriculum_id == curriculum_id)
        )
        return {(kind, item_id): (en, zh) for kind, item_id, en, zh in rows}


def keep_titles(
    database: Database,
    curriculum_id: str,
    title_of: Callable[[str, str], Titles | None],
    now: datetime,
) -> int:
    """Record the current title of every item with progress that ``title_of`` knows (None: not
    in the curriculum, its kept title stays). Writes only what changed; returns how many."""
    known = kept_titles(database, curriculum_id)
    changed: dict[Item, Titles] = {}
    for item in items_with_progress(database, curriculum_id):
        titles = title_of(*item)
        if titles is not None and known.get(item) != titles:
            changed[item] = titles
    if not changed:
        return 0
    with database.writing() as session:
        for (kind, item_id), (en, zh) in changed.items():
            session.merge(
                KeptTitleRow(
                    curriculum_id=curriculum_id,
                    item_kind=kind,
                    item_id=item_id,
                    title_en=en,
                    title_zh=zh,
                    seen_at=now,
                )
            )
    return len(changed)


def discard(database: Database, profile_id: int, curriculum_id: str, items: Iterable[Item]) -> int:
    """Delete the profile's state, note and plan of each item, in one transaction; their changes
    can no longer be undone or redone (the log keeps them as history). Returns rows deleted."""
    deleted = 0
    with database.writing() as session:
        for kind, item_id in items:
            scope = (
                TaskStateRow.profile_id == profile_id,
                TaskStateRow.curriculum_id == curriculum_id,
            )
            if kind == "task":
                result = session.execute(
                    delete(TaskStateRow).where(*scope, TaskStateRow.task_id == item_id)
                )
                deleted += result.rowcount or 0  # type: ignore[attr-defined]
            if kind == "stage":
                result = session.execute(
                    delete(StagePlanRow).where(
                        StagePlanRow.profile_id == profile_id,
                        StagePlanRow.curriculum_id == curriculum_id,
                        StagePlanRow.stage_id == item_id,
                    )
                )
                deleted += result.rowcount or 0  # type: ignore[attr-defined]
            result = session.execute(
                delete(NoteRow).where(
                    NoteRow.profile_id == profile_id,
                    NoteRow.curriculum_id == curriculum_id,
                    NoteRow.item_kind == kind,
                    NoteRow.item_id == item_id,
                )
            )
            deleted += result.rowcount or 0  # type: ignore[attr-defined]
            session.execute(
                update(EventRow)
                .where(
                    EventRow.profile_id == profile_id,
                    EventRow.curriculum_id == curriculum_id,
                    EventRow.item_kind == kind,
                    EventRow.item_id == item_id,
                )
                .values(undo_state=UNDO_CLOSED)
            )
    return deleted
