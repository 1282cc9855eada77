"""Undo and redo of status and plan changes, built on the activity log."""

from __future__ import annotations

from datetime import date

from tracker.progress.records import ChangeKind, ItemKind, TaskStatus
from tracker.progress.service import ProgressService


def test_nothing_to_undo_or_redo_at_first(service: ProgressService) -> None:
    assert not service.can_undo() and not service.can_redo()
    assert service.undo() is None and service.redo() is None


def test_undo_then_redo_a_status_change(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.IN_PROGRESS)
    service.set_status("tokenize", TaskStatus.DONE)
    undone = service.undo()
    assert undone is not None
    assert (undone.kind, undone.item_id, undone.old, undone.new) == (
        ChangeKind.STATUS,
        "tokenize",
        "done",
        "in_progress",
    )
    assert service.task_state("tokenize").status is TaskStatus.IN_PROGRESS
    assert service.can_redo()
    redone = service.redo()
    assert redone is not None and (redone.old, redone.new) == ("in_progress", "done")
    assert service.task_state("tokenize").status is TaskStatus.DONE
    assert not service.can_redo()


def test_undo_walks_back_several_changes_in_order(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    service.set_status("softmax", TaskStatus.SKIPPED)
    service.set_target_date("basics", date(2030, 5, 1))
    service.undo()
    assert service.target_date("basics") is None
    service.undo()
    assert service.task_state("softmax").status is TaskStatus.TODO
    service.undo()
    assert service.task_state("tokenize").status is TaskStatus.TODO
    assert not service.can_undo()
    service.redo()
    service.redo()
    assert service.task_state("tokenize").status is TaskStatus.DONE
    assert service.task_state("softmax").status is TaskStatus.SKIPPED
    assert service.target_date("basics") is None
    service.redo()
    assert service.target_date("basics") == date(2030, 5, 1)


def test_new_change_after_undo_clears_redo(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    service.undo()
    assert service.can_redo()
    service.set_status("softmax", TaskStatus.DONE)
    assert not service.can_redo()
    assert service.redo() is None
    assert service.task_state("tokenize").status is TaskStatus.TODO


def test_notes_are_logged_but_not_undone(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    service.set_note(ItemKind.TASK, "tokenize", "keep me")
    service.undo()
    assert service.note(ItemKind.TASK, "tokenize") == "keep me"
    assert service.task_state("tokenize").status is TaskStatus.TODO


def test_undo_and_redo_are_logged(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    service.undo()
    service.redo()
    kinds = [(e.old, e.new) for e in service.history()]
    assert kinds == [("todo", "done"), ("done", "todo"), ("todo", "done")]


def test_undo_survives_a_restart(service: ProgressService, tmp_path, curriculum) -> None:  # type: ignore[no-untyped-def]
    service.set_status("tokenize", TaskStatus.DONE)
    again = ProgressService.open(tmp_path, curriculum)
    try:
        assert again.can_undo()
        again.undo()
        assert again.task_state("tokenize").status is TaskStatus.TODO
    finally:
        again.close()


def test_undo_is_per_profile(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    service.add_profile("ana")
    service.switch_profile("ana")
    assert not service.can_undo()
    service.switch_profile("default")
    assert service.can_undo()
