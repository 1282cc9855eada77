"""Undo and redo on one computer reach the learner's other computers like any other change."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.server.conftest import CohortServer
from tests.server.helpers import CID, folder, learner_data, pid, sync_folder
from tracker.progress.records import TaskStatus
from tracker.storage.sessions import StudyStore

T0 = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)
TASK = "ai-history-three-periods"
STAGE = "nlp-foundations"


def _both(a: Path, b: Path, url: str) -> None:
    sync_folder(a, url)
    sync_folder(b, url)


def _move(path: Path, at: datetime, *, redo: bool = False) -> None:
    store = folder(path)
    try:
        move = store.redo if redo else store.undo
        assert move(pid(store), CID, at) is not None
    finally:
        store.close()


def _sessions(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path / "learnpath.sqlite3")
    try:
        return sorted(
            conn.execute("SELECT item_id, started_at, on_date, seconds FROM study_sessions")
        )
    finally:
        conn.close()


def test_undo_and_redo_of_a_tick_reach_the_other_computer(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    a, b = tmp_path / "a", tmp_path / "b"
    sa = folder(a)
    sa.set_status(pid(sa), CID, TASK, TaskStatus.DONE, T0)
    sa.close()
    _both(a, b, url)
    assert learner_data(b)["states"] == [(CID, TASK, "done")]
    _move(a, T0 + timedelta(minutes=1))
    _both(a, b, url)
    assert learner_data(b)["states"] == []
    assert learner_data(a) == learner_data(b)
    _move(a, T0 + timedelta(minutes=2), redo=True)
    _both(a, b, url)
    assert learner_data(b)["states"] == [(CID, TASK, "done")]


def test_undo_of_a_plan_change_reaches_the_other_computer(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    a, b = tmp_path / "a", tmp_path / "b"
    sa = folder(a)
    sa.set_target_date(pid(sa), CID, STAGE, date(2030, 6, 1), T0)
    sa.set_target_date(pid(sa), CID, STAGE, date(2030, 7, 1), T0 + timedelta(minutes=1))
    sa.close()
    _both(a, b, url)
    assert learner_data(b)["plans"] == [(CID, STAGE, "2030-07-01")]
    _move(a, T0 + timedelta(minutes=2))
    _both(a, b, url)
    assert learner_data(b)["plans"] == [(CID, STAGE, "2030-06-01")]


def test_undo_of_a_replan_reaches_the_other_computer(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    a, b = tmp_path / "a", tmp_path / "b"
    sa = folder(a)
    StudyStore(sa).replan(
        pid(sa), CID, {STAGE: None, "x": None}, {STAGE: date(2030, 8, 1), "x": date(2030, 9, 1)}, T0
    )
    sa.close()
    _both(a, b, url)
    assert learner_data(b)["plans"] == [(CID, STAGE, "2030-08-01"), (CID, "x", "2030-09-01")]
    _move(a, T0 + timedelta(minutes=2))
    _both(a, b, url)
    assert learner_data(b)["plans"] == []


def test_undo_of_study_time_reaches_the_other_computer(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    a, b = tmp_path / "a", tmp_path / "b"
    sa = folder(a)
    study = StudyStore(sa)
    entry = study.add_entry(
        pid(sa), CID, "task", TASK, on_date=T0.date(), seconds=1200, note=None, now=T0
    )
    study.delete_entry(pid(sa), CID, entry.id, T0 + timedelta(minutes=1))
    sa.close()
    _both(a, b, url)
    assert _sessions(b) == []
    _move(a, T0 + timedelta(minutes=2))  # the deletion taken back
    _both(a, b, url)
    assert len(_sessions(b)) == 1 and _sessions(a) == _sessions(b)
    _move(a, T0 + timedelta(minutes=3))  # and the entry itself
    _both(a, b, url)
    assert _sessions(b) == [] and _sessions(a) == []


def test_a_later_plan_change_beats_an_earlier_replan_in_either_order(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    a, b = tmp_path / "a", tmp_path / "b"
    sa, sb = folder(a), folder(b)
    StudyStore(sa).replan(
        pid(sa), CID, {STAGE: None}, {STAGE: date(2030, 8, 1)}, T0 + timedelta(minutes=5)
    )
    sb.set_target_date(pid(sb), CID, STAGE, date(2030, 10, 1), T0 + timedelta(minutes=10))
    sb.set_target_date(pid(sb), CID, "other-stage", date(2030, 11, 1), T0)
    sa.close()
    sb.close()
    sync_folder(a, url)
    sync_folder(b, url)
    sync_folder(a, url)
    assert learner_data(a)["plans"] == learner_data(b)["plans"]
    assert learner_data(a)["plans"] == [
        (CID, STAGE, "2030-10-01"),
        (CID, "other-stage", "2030-11-01"),
    ]
