"""Merge over a profile with progress: only a value strictly newer in the file comes from it (not
one changed at the same moment, nor a note or plan removed here since); replace takes the
file's."""

from __future__ import annotations

import dataclasses
from datetime import date

from sample_curriculum import FakeClock

from tracker.progress.import_plan import ImportMode, import_backup, preview
from tracker.progress.records import ItemKind, Note, ProfileBackup, TaskStatus
from tracker.progress.service import ProgressService


def _same_moment_other_text(service: ProgressService, task: str) -> ProfileBackup:
    here = service.backup()
    (note,) = here.notes
    theirs = dataclasses.replace(note, text="written elsewhere at the same moment")
    return dataclasses.replace(here, notes=(theirs,), task_states=(), plans=(), events=())


def test_merge_keeps_the_note_here_when_both_changed_at_the_same_moment(
    service: ProgressService, clock: FakeClock
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    service.set_note(ItemKind.TASK, task, "mine")
    incoming = _same_moment_other_text(service, task)

    found = preview(service, incoming)
    assert (found.notes.newer_here, found.notes.updated) == (1, 0)
    clock.advance(minutes=1)
    import_backup(service, incoming, None, ImportMode.MERGE, clock())
    assert service.note(ItemKind.TASK, task) == "mine"


def test_replace_takes_the_file_when_both_changed_at_the_same_moment(
    service: ProgressService, clock: FakeClock
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    service.set_note(ItemKind.TASK, task, "mine")
    incoming = _same_moment_other_text(service, task)
    clock.advance(minutes=1)
    import_backup(service, incoming, None, ImportMode.REPLACE, clock())
    assert service.note(ItemKind.TASK, task) == "written elsewhere at the same moment"


def test_merge_does_not_bring_back_a_note_or_plan_removed_here_after_the_export(
    service: ProgressService, clock: FakeClock
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    stage = service.curriculum.stages[0].id
    service.set_note(ItemKind.TASK, task, "an old thought")
    service.set_target_date(stage, date(2030, 6, 1))
    exported = service.backup()
    clock.advance(days=1)
    service.set_note(ItemKind.TASK, task, "")  # cleared: no row is left
    service.set_target_date(stage, None)

    found = preview(service, exported)
    assert (found.notes.added, found.notes.newer_here) == (0, 1)
    assert (found.plans.added, found.plans.newer_here) == (0, 1)
    clock.advance(minutes=1)
    import_backup(service, exported, None, ImportMode.MERGE, clock())
    assert service.note(ItemKind.TASK, task) == ""
    assert service.backup().plans == ()

    # Replace takes the file's value for every item it holds.
    import_backup(service, exported, None, ImportMode.REPLACE, clock())
    assert service.note(ItemKind.TASK, task) == "an old thought"
    assert [p.target_date for p in service.backup().plans] == [date(2030, 6, 1)]


def test_merge_brings_back_a_note_written_in_the_file_after_it_was_removed_here(
    service: ProgressService, clock: FakeClock
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    service.set_note(ItemKind.TASK, task, "first")
    service.set_note(ItemKind.TASK, task, "")
    clock.advance(days=1)
    here = service.backup()
    later = Note(ItemKind.TASK, task, "written later on another computer", clock())
    incoming = dataclasses.replace(here, notes=(later,), events=())
    service.set_status(task, TaskStatus.DONE)  # so that the profile has progress
    import_backup(service, incoming, None, ImportMode.MERGE, clock())
    assert service.note(ItemKind.TASK, task) == "written later on another computer"
