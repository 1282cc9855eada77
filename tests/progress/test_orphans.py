"""Curriculum changes never drop progress: orphans are kept, reported and re-attached."""

from __future__ import annotations

from sample_curriculum import LAYOUT, make_curriculum

from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService


def _without(task_id: str) -> dict[str, dict[str, list[str]]]:
    return {
        stage: {module: [t for t in tasks if t != task_id] for module, tasks in modules.items()}
        for stage, modules in LAYOUT.items()
    }


def test_removed_task_is_an_orphan_and_comes_back(service: ProgressService) -> None:
    service.set_status("rerank", TaskStatus.DONE)
    service.set_note(ItemKind.TASK, "rerank", "cross-encoder notes")
    service.set_status("attention", TaskStatus.IN_PROGRESS)

    changed = make_curriculum(_without("rerank"), titles={"attention": "Self-attention, renamed"})
    service.set_curriculum(changed)

    (orphan,) = service.orphans()
    assert (orphan.item_kind, orphan.item_id) == (ItemKind.TASK, "rerank")
    assert orphan.status is TaskStatus.DONE
    assert orphan.note == "cross-encoder notes"
    # A renamed title keeps its progress; the orphan is left out of the roll-ups.
    assert service.task_state("attention").status is TaskStatus.IN_PROGRESS
    assert "rerank" not in service.task_states()
    assert service.overall().done == 0 and service.overall().total == 5
    # Nothing was deleted.
    assert service.task_state("rerank").status is TaskStatus.DONE

    service.set_curriculum(make_curriculum())
    assert service.orphans() == []
    assert service.task_states()["rerank"].status is TaskStatus.DONE
    assert service.note(ItemKind.TASK, "rerank") == "cross-encoder notes"
    assert service.overall().done == 1


def test_removed_stage_keeps_its_plan_and_note(service: ProgressService) -> None:
    from datetime import date

    service.set_target_date("practice", date(2030, 6, 1))
    service.set_note(ItemKind.STAGE, "practice", "stage thoughts")
    service.set_curriculum(make_curriculum({"basics": LAYOUT["basics"]}))
    (orphan,) = service.orphans()
    assert (orphan.item_kind, orphan.item_id, orphan.note) == (
        ItemKind.STAGE,
        "practice",
        "stage thoughts",
    )
    service.set_curriculum(make_curriculum())
    assert service.target_date("practice") == date(2030, 6, 1)


def test_orphaned_note_without_status(service: ProgressService) -> None:
    service.set_note(ItemKind.TASK, "softmax", "just a note")
    service.set_curriculum(make_curriculum(_without("softmax")))
    (orphan,) = service.orphans()
    assert orphan.status is None and orphan.note == "just a note"


def test_survives_reopen_with_a_smaller_curriculum(service: ProgressService, tmp_path) -> None:  # type: ignore[no-untyped-def]
    service.set_status("rerank", TaskStatus.SKIPPED)
    service.close()
    smaller = ProgressService.open(tmp_path, make_curriculum(_without("rerank")))
    try:
        assert [o.item_id for o in smaller.orphans()] == ["rerank"]
        assert smaller.backup().task_states[0].task_id == "rerank"
    finally:
        smaller.close()
