"""A KeyboardInterrupt (or any exception) after COMMIT but before the kept roll-up inputs are
updated forgets them, so the same service's roll-ups equal a fresh service's afterwards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sample_curriculum import FakeClock

from tracker.curriculum.model import Curriculum
from tracker.progress.service import ProgressService
from tracker.storage import progress_view


def _interrupt(*_args: object) -> None:
    raise KeyboardInterrupt


def _tick(service: ProgressService) -> None:
    service.set_status("tokenize", "done")


def _plan(service: ProgressService) -> None:
    service.set_target_date("basics", date(2030, 6, 1))


def _undo(service: ProgressService) -> None:
    service.set_status("tokenize", "done")
    service.undo()


def _redo(service: ProgressService) -> None:
    service.set_status("tokenize", "done")
    service.undo()
    service.redo()


@pytest.mark.parametrize(
    "case",
    [
        (_tick, "status_changed"),
        (_plan, "plan_changed"),
        (_undo, "status_changed"),
        (_redo, "status_changed"),
    ],
)
def test_interrupt_after_commit_leaves_no_stale_rollups(
    tmp_path: Path,
    curriculum: Curriculum,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[Callable[[ProgressService], None], str],
) -> None:
    write, hook = case
    service = ProgressService.open(tmp_path, curriculum, clock=clock)
    try:
        service.overall()
        service.stages_progress()  # the inputs are kept from here on
        steps = {_tick: 1, _plan: 1, _undo: 2, _redo: 3}[write]
        calls = {"n": 0}
        original = getattr(progress_view.RollupCache, hook)

        def last_one_interrupted(self: object, *args: object) -> None:
            calls["n"] += 1
            if calls["n"] == steps:
                _interrupt()
            original(self, *args)

        monkeypatch.setattr(progress_view.RollupCache, hook, last_one_interrupted)
        with pytest.raises(KeyboardInterrupt):
            write(service)
        monkeypatch.undo()
        # Read before another service opens the file (its writes would invalidate the inputs).
        kept = (service.overall(), service.stages_progress())
        fresh = ProgressService.open(tmp_path, curriculum, clock=clock)
        try:
            assert kept == (fresh.overall(), fresh.stages_progress())
        finally:
            fresh.close()
    finally:
        service.close()
