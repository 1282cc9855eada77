"""Progress kept for ids no longer in the curriculum: states, plans and notes, as ``Orphan``s.

Nothing is deleted: when the id comes back, its progress is attached to it again. A task's note
is folded into the task's orphan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tracker.curriculum.model import Curriculum
from tracker.progress.records import ItemKind, Note, Orphan, StagePlan, TaskState


def find_orphans(
    curriculum: Curriculum,
    states: Mapping[str, TaskState],
    plans: Iterable[StagePlan],
    notes: Iterable[Note],
) -> list[Orphan]:
    """The stored ``states``, ``plans`` and ``notes`` whose ids ``curriculum`` lacks, sorted by
    kind and id."""
    known = {
        ItemKind.TASK: curriculum.task_ids(),
        ItemKind.STAGE: frozenset(s.id for s in curriculum.stages),
        ItemKind.CONCEPT: frozenset(c.id for c in curriculum.concepts),
    }
    found: dict[tuple[ItemKind, str], Orphan] = {}
    for task_id, state in states.items():
        if task_id not in known[ItemKind.TASK]:
            found[ItemKind.TASK, task_id] = Orphan(
                ItemKind.TASK, task_id, state.status, None, state.changed_at
            )
    for plan in plans:
        if plan.stage_id not in known[ItemKind.STAGE]:
            found[ItemKind.STAGE, plan.stage_id] = Orphan(
                ItemKind.STAGE, plan.stage_id, None, None, plan.updated_at
            )
    for note in notes:
        if note.item_id in known[note.item_kind]:
            continue
        key = (note.item_kind, note.item_id)
        before = found.get(key)
        changed = note.updated_at
        if before is not None and before.changed_at is not None:
            changed = max(changed, before.changed_at)
        found[key] = Orphan(
            note.item_kind, note.item_id, before.status if before else None, note.text, changed
        )
    return [found[key] for key in sorted(found)]
