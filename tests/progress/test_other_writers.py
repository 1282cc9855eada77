"""What the window builds on to live with other writers: a version that changes only for others'
commits, notes saved only over the text they were based on, and undo aimed at one known change."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_curriculum import FakeClock

from tracker.curriculum.model import Curriculum
from tracker.progress.errors import NoteConflictError
from tracker.progress.records import ChangeKind, ItemKind, TaskStatus
from tracker.progress.service import ProgressService


@pytest.fixture
def other(tmp_path: Path, curriculum: Curriculum, clock: FakeClock, service: ProgressService):
    second = ProgressService.open(tmp_path, curriculum, clock=clock)
    yield second
    second.close()


def test_the_outside_version_changes_only_for_other_connections(
    service: ProgressService, other: ProgressService
) -> None:
    seen = service.outside_version()
    service.set_status("tokenize", TaskStatus.DONE)
    service.set_note(ItemKind.TASK, "tokenize", "mine")
    service.undo()
    assert service.outside_version() == seen
    other.set_status("attention", TaskStatus.DONE)
    assert service.outside_version() != seen


def test_a_note_is_saved_only_over_the_text_it_was_based_on(
    service: ProgressService, other: ProgressService
) -> None:
    service.set_note(ItemKind.TASK, "tokenize", "base")
    other.set_note(ItemKind.TASK, "tokenize", "theirs")
    with pytest.raises(NoteConflictError) as raised:
        service.set_note(ItemKind.TASK, "tokenize", "mine", expected="base")
    assert raised.value.theirs == "theirs"
    assert service.note(ItemKind.TASK, "tokenize") == "theirs"
    change = service.set_note(ItemKind.TASK, "tokenize", "mine", expected="theirs")
    assert change is not None and service.note(ItemKind.TASK, "tokenize") == "mine"


def test_undo_only_acts_on_the_change_it_was_aimed_at(
    service: ProgressService, other: ProgressService
) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    aimed = service.next_move()
    assert aimed is not None and aimed.item_id == "tokenize" and aimed.kind is ChangeKind.STATUS
    other.set_status("attention", TaskStatus.DONE)  # newer, from elsewhere
    assert service.undo(only=aimed.id) is None  # not the newest any more: nothing undone
    assert service.task_state("attention").status is TaskStatus.DONE
    newest = service.next_move()
    assert newest is not None and newest.item_id == "attention"
    undone = service.undo(only=newest.id)
    assert undone is not None and service.task_state("attention").status is TaskStatus.TODO
