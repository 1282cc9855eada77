"""A window (or process) still showing a removed profile never writes into another profile: its
writes raise a readable RemovedProfileError and save nothing, eager or lazy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sample_curriculum import FakeClock

from tracker.curriculum.model import Curriculum
from tracker.progress.errors import RemovedProfileError
from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService

WRITES: list[Callable[[ProgressService], object]] = [
    lambda s: s.set_status("tokenize", "done"),
    lambda s: s.set_note(ItemKind.TASK, "tokenize", "my note"),
    lambda s: s.set_target_date("basics", None),
    lambda s: s.undo(),
    lambda s: s.redo(),
]


def _carol_untouched(folder: Path, curriculum: Curriculum, clock: FakeClock) -> None:
    carol = ProgressService.open(folder, curriculum, "carol", clock=clock)
    try:
        assert carol.task_state("tokenize").status is TaskStatus.TODO
        assert carol.note(ItemKind.TASK, "tokenize") == ""
        assert carol.history() == []
    finally:
        carol.close()


@pytest.mark.parametrize("write", WRITES)
def test_write_after_removal_and_new_profile_is_refused(
    tmp_path: Path, curriculum: Curriculum, clock: FakeClock, write: Callable[..., object]
) -> None:
    alice = ProgressService.open(tmp_path, curriculum, "alice", clock=clock)
    alice.add_profile("bob")
    bob = ProgressService.open(tmp_path, curriculum, "bob", clock=clock)
    bob.set_status("softmax", "done")
    alice.remove_profile("bob")
    alice.add_profile("carol")  # the newest was removed: its id must not come back
    try:
        with pytest.raises(RemovedProfileError, match="the profile 'bob' was removed"):
            write(bob)
        assert bob.profile.name == "bob"
    finally:
        bob.close()
        alice.close()
    _carol_untouched(tmp_path, curriculum, clock)


def test_lazy_window_does_not_switch_to_another_profile_on_a_write(
    tmp_path: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    alice = ProgressService.open(tmp_path, curriculum, "alice", clock=clock)
    alice.add_profile("bob")
    alice.close()
    bob = ProgressService.open(tmp_path, curriculum, "bob", clock=clock)
    bob.set_status("softmax", "done")
    bob.close()
    lazy = ProgressService.open(tmp_path, curriculum, clock=clock, lazy=True)
    try:
        assert lazy.profile.name == "bob" and not lazy.store_open
        other = ProgressService.open(tmp_path, curriculum, "alice", clock=clock)
        other.remove_profile("bob")
        other.add_profile("carol")
        other.close()
        with pytest.raises(RemovedProfileError, match="'bob'"):
            lazy.set_status("tokenize", "done")
        assert lazy.profile.name == "bob"
        with pytest.raises(RemovedProfileError):
            lazy.set_status("tokenize", "done")
    finally:
        lazy.close()
    _carol_untouched(tmp_path, curriculum, clock)
