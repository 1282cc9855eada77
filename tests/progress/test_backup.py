"""Backups carry every state, note, plan and event; importing is one transaction, idempotent."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tracker.progress.records import ChangeKind, ItemKind, TaskStatus
from tracker.progress.service import ProgressService


def _fill(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    service.set_status("softmax", TaskStatus.SKIPPED)
    service.set_note(ItemKind.TASK, "tokenize", "#include <vector>\r\n注意")
    service.set_note(ItemKind.CONCEPT, "transformer", "attention!")
    service.set_target_date("basics", date(2030, 4, 1))


def test_backup_holds_everything(service: ProgressService) -> None:
    _fill(service)
    backup = service.backup()
    assert backup.profile == "default" and backup.curriculum_id == "sample"
    assert {s.task_id: s.status for s in backup.task_states} == {
        "tokenize": TaskStatus.DONE,
        "softmax": TaskStatus.SKIPPED,
    }
    assert {n.item_id: n.text for n in backup.notes}["tokenize"] == "#include <vector>\r\n注意"
    assert [(p.stage_id, p.target_date) for p in backup.plans] == [("basics", date(2030, 4, 1))]
    assert len(backup.events) == 5


def test_import_into_a_new_profile_restores_it(service: ProgressService) -> None:
    _fill(service)
    backup = service.backup()
    change = service.import_backup(backup, as_name="restored")
    assert change.kind is ChangeKind.IMPORT and change.profile == "restored"
    restored = service.backup("restored")
    assert restored.task_states == backup.task_states
    assert restored.notes == backup.notes
    assert restored.plans == backup.plans
    assert [(e.kind, e.item_id, e.old, e.new, e.at) for e in restored.events] == [
        (e.kind, e.item_id, e.old, e.new, e.at) for e in backup.events
    ]


def test_importing_twice_changes_nothing(service: ProgressService) -> None:
    _fill(service)
    backup = service.backup()
    assert service.import_backup(backup, as_name="copy").new != "0"
    assert service.import_backup(backup, as_name="copy").new == "0"
    assert service.import_backup(backup).new == "0"  # onto itself
    assert len(service.backup("copy").events) == len(backup.events)


def test_imported_history_is_not_undoable(service: ProgressService) -> None:
    _fill(service)
    backup = service.backup()
    service.import_backup(backup, as_name="copy")
    service.switch_profile("copy")
    assert not service.can_undo()


def test_import_keeps_ids_not_in_the_curriculum(service: ProgressService) -> None:
    from dataclasses import replace

    from tracker.progress.records import TaskState

    backup = replace(service.backup(), task_states=(TaskState("gone-task", TaskStatus.DONE),))
    service.import_backup(backup, as_name="old")
    service.switch_profile("old")
    assert [o.item_id for o in service.orphans()] == ["gone-task"]


def test_an_import_that_replaces_states_closes_undo_and_redo(service: ProgressService) -> None:
    """Undo after an import must not take back a value the import already replaced."""
    service.set_status("tokenize", TaskStatus.DONE)
    service.set_status("softmax", TaskStatus.DONE)
    service.undo()  # softmax back to todo: redo is now possible
    assert service.can_undo() and service.can_redo()
    backup = service.backup()
    service.import_backup(
        replace(
            backup,
            task_states=tuple(
                replace(state, status=TaskStatus.SKIPPED) for state in backup.task_states
            ),
        )
    )
    assert service.task_state("tokenize").status is TaskStatus.SKIPPED
    assert not service.can_undo() and not service.can_redo()
    assert service.undo() is None
    assert service.task_state("tokenize").status is TaskStatus.SKIPPED


def test_an_import_that_changes_no_state_keeps_undo(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    service.import_backup(service.backup())  # onto itself: nothing replaced
    assert service.can_undo()
