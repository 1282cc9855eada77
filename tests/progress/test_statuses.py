"""Setting task statuses: timestamps, unknown ids, bad statuses, durability across reopen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.curriculum.model import Curriculum
from tracker.progress.errors import ProgressError, UnknownIdError
from tracker.progress.records import ChangeKind, ItemKind, TaskStatus
from tracker.progress.service import ProgressService


def test_set_status_returns_a_change_with_old_and_new(service: ProgressService) -> None:
    change = service.set_status("tokenize", TaskStatus.DONE)
    assert change.kind is ChangeKind.STATUS
    assert (change.item_kind, change.item_id) == (ItemKind.TASK, "tokenize")
    assert (change.old, change.new) == ("todo", "done")
    assert change.profile == "default"
    assert change.at.tzinfo is not None


def test_status_timestamps_follow_the_status(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.IN_PROGRESS)
    started = service.task_state("tokenize")
    assert started.started_at is not None and started.done_at is None
    service.set_status("tokenize", "done")
    done = service.task_state("tokenize")
    assert done.started_at == started.started_at
    assert done.done_at is not None and done.changed_at == done.done_at
    service.set_status("tokenize", TaskStatus.TODO)
    reset = service.task_state("tokenize")
    assert (reset.status, reset.started_at, reset.done_at) == (TaskStatus.TODO, None, None)


def test_untouched_tasks_are_todo(service: ProgressService) -> None:
    states = service.task_states()
    assert list(states) == [t.id for t in service.curriculum.tasks()]
    assert {s.status for s in states.values()} == {TaskStatus.TODO}


def test_unknown_task_id_suggests_close_ids(service: ProgressService) -> None:
    with pytest.raises(UnknownIdError) as caught:
        service.set_status("tokenise", TaskStatus.DONE)
    assert caught.value.suggestions[0] == "tokenize"
    assert "did you mean: tokenize" in str(caught.value)
    assert isinstance(caught.value, ProgressError)


def test_unknown_status_text_is_a_progress_error(service: ProgressService) -> None:
    with pytest.raises(ProgressError, match="unknown status 'finished'"):
        service.set_status("tokenize", "finished")


def test_setting_the_same_status_writes_no_event(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    change = service.set_status("tokenize", TaskStatus.DONE)
    assert change.old == change.new == "done"
    assert len(service.history()) == 1


def test_tick_survives_restart(tmp_path: Path, curriculum: Curriculum) -> None:
    first = ProgressService.open(tmp_path, curriculum)
    first.set_status("rerank", TaskStatus.SKIPPED)
    first.close()
    again = ProgressService.open(tmp_path, curriculum)
    try:
        assert again.task_state("rerank").status is TaskStatus.SKIPPED
    finally:
        again.close()


def test_history_records_who_what_from_to_when(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.IN_PROGRESS)
    service.set_status("tokenize", TaskStatus.DONE)
    newest, older = service.history()
    assert (newest.old, newest.new, older.old, older.new) == (
        "in_progress",
        "done",
        "todo",
        "in_progress",
    )
    assert newest.profile == "default" and newest.at >= older.at and newest.id > older.id
