"""The mentor's ``behind`` flag through ``cohort status --json``: by the learner's own plan when
they have target dates (remaining estimated hours against their hours per week, as the app's
pace judges), else by the cohort's median."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.server.conftest import CohortServer
from tests.server.helpers import CID, folder, pid
from tracker.cli import main
from tracker.curriculum.loader import load_curriculum
from tracker.paths import bundled_curriculum_path
from tracker.progress.records import TaskStatus
from tracker.storage.sessions import StudyStore
from tracker.storage.store import ProgressStore
from tracker.sync import run


def _behind(capsys: pytest.CaptureFixture[str], server: CohortServer) -> set[str]:
    code = main(["cohort", "status", "c1", "--server", server["maria"].url, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    names = {server[n].name: n for n in ("alice", "bob")}
    return {names[x["name"]] for x in json.loads(out)["learners"] if "behind" in x["flags"]}


def _change(path: Path, url: str, change: Callable[[ProgressStore, int], object]) -> None:
    store = folder(path)
    try:
        change(store, pid(store))
        run.sync(store.database, pid(store), url)
    finally:
        store.close()


def test_behind_by_own_plan_else_by_the_median(
    tmp_path: Path, cohort_server: CohortServer, capsys: pytest.CaptureFixture[str]
) -> None:
    curriculum = load_curriculum(bundled_curriculum_path())
    first = curriculum.stages[0]
    tasks = [task.id for stage in curriculum.stages for task in stage.tasks()]
    now = datetime.now(UTC)
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    alice_url, bob_url = cohort_server["alice"].url, cohort_server["bob"].url

    def tick_many(store: ProgressStore, p: int) -> None:
        for task in tasks[-25:]:  # the last stages: the first one stays unfinished
            store.set_status(p, CID, task, TaskStatus.DONE, now)

    _change(alice, alice_url, tick_many)
    _change(bob, bob_url, lambda store, p: None)
    # No plans: the median rule. Alice is well ahead, Bob (nothing done) far below the median.
    assert _behind(capsys, cohort_server) == {"bob"}

    # Alice: the first stage due in three days at 2 hours a week — behind by her own plan, though
    # ahead of the cohort. Bob: the first stage due in a year at 20 hours a week — on track by
    # his plan, though nothing is done yet.
    def alice_plan(store: ProgressStore, p: int) -> None:
        StudyStore(store).set_setting(p, "hours_per_week", "2")
        store.set_target_date(p, CID, first.id, (now + timedelta(days=3)).date(), now)

    def bob_plan(store: ProgressStore, p: int) -> None:
        StudyStore(store).set_setting(p, "hours_per_week", "20")
        store.set_target_date(p, CID, first.id, (now + timedelta(days=365)).date(), now)

    _change(alice, alice_url, alice_plan)
    _change(bob, bob_url, bob_plan)
    assert _behind(capsys, cohort_server) == {"alice"}

    # Alice now plans 500 hours a week: the same target is within reach.
    _change(
        alice,
        alice_url,
        lambda store, p: StudyStore(store).set_setting(p, "hours_per_week", "500"),
    )
    assert _behind(capsys, cohort_server) == set()
    # A target date that has passed is behind whatever the hours.
    _change(
        alice,
        alice_url,
        lambda store, p: store.set_target_date(
            p, CID, first.id, (now - timedelta(days=1)).date(), now + timedelta(seconds=1)
        ),
    )
    assert _behind(capsys, cohort_server) == {"alice"}
    # Bob drops his plan (an undo of it, synced): the median rule judges him again.
    _change(bob, bob_url, lambda store, p: store.undo(p, CID, now + timedelta(seconds=2)))
    assert _behind(capsys, cohort_server) == {"alice", "bob"}
