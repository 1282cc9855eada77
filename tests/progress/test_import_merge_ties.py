"""Merge over a profile with progress when the file and the database changed an item at the same
moment: merge keeps what is here (only a strictly newer value comes from the file), replace
takes the file's."""

from __future__ import annotations

import dataclasses

from sample_curriculum import FakeClock

from tracker.progress.import_plan import ImportMode, import_backup, preview
from tracker.progress.records import ItemKind, ProfileBackup
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
