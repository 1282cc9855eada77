"""Progress that left the curriculum keeps the title the learner last saw, and is discarded only
on request (items still in the curriculum are never discarded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_curriculum import LAYOUT, FakeClock, make_curriculum

from tracker.progress.errors import ProgressError
from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService


def _without(task_id: str) -> dict[str, dict[str, list[str]]]:
    return {
        stage: {module: [t for t in tasks if t != task_id] for module, tasks in modules.items()}
        for stage, modules in LAYOUT.items()
    }


def test_a_task_that_left_keeps_its_last_title_status_and_note(service: ProgressService) -> None:
    title = service.curriculum.task("rerank").title
    service.set_status("rerank", TaskStatus.DONE)
    service.set_note(ItemKind.TASK, "rerank", "cross-encoder notes")
    service.set_curriculum(make_curriculum(_without("rerank")))

    (item,) = service.kept_progress()
    assert (item.item_kind, item.item_id) == (ItemKind.TASK, "rerank")
    assert item.title == title
    assert item.status is TaskStatus.DONE and item.note == "cross-encoder notes"


def test_titles_are_kept_across_a_restart_with_a_changed_curriculum(
    tmp_path: Path, clock: FakeClock
) -> None:
    first = ProgressService.open(tmp_path, make_curriculum(), clock=clock)
    title = first.curriculum.task("rerank").title
    first.set_status("rerank", TaskStatus.SKIPPED)
    first.close()  # the titles of what has progress are recorded here
    later = ProgressService.open(tmp_path, make_curriculum(_without("rerank")), clock=clock)
    try:
        (item,) = later.kept_progress()
        assert item.title == title and item.status is TaskStatus.SKIPPED
    finally:
        later.close()


def test_discarding_kept_progress_removes_only_what_was_chosen(service: ProgressService) -> None:
    service.set_status("rerank", TaskStatus.DONE)
    service.set_status("attention", TaskStatus.DONE)
    service.set_curriculum(make_curriculum(_without("rerank")))

    with pytest.raises(ProgressError):
        service.discard_kept([(ItemKind.TASK, "attention")])  # still in the curriculum
    assert service.task_state("attention").status is TaskStatus.DONE

    assert service.discard_kept([(ItemKind.TASK, "rerank")]) == 1
    assert service.kept_progress() == []
    assert service.task_state("attention").status is TaskStatus.DONE
    service.set_curriculum(make_curriculum())
    assert service.task_state("rerank").status is TaskStatus.TODO  # gone for good
