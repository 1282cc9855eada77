"""Study time through the cohort server: sessions merge as a set between a learner's data
folders (added, edited, deleted), a re-run sync duplicates nothing, and the mentor's
``minutes_7d`` counts them."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.server.conftest import CohortServer
from tests.server.helpers import CID, folder, pid, sync_folder
from tracker.cli import main
from tracker.storage.sessions import StudyStore

TASK = "ai-history-three-periods"


def _sessions(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path / "learnpath.sqlite3")
    try:
        return sorted(
            conn.execute(
                "SELECT item_kind, item_id, started_at, ended_at, on_date, seconds, note "
                "FROM study_sessions"
            ).fetchall()
        )
    finally:
        conn.close()


def test_study_time_converges_and_counts_for_the_mentor(
    tmp_path: Path, cohort_server: CohortServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = cohort_server["alice"].url
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    now = datetime.now(UTC).replace(microsecond=123456)
    today = now.date()
    store = folder(laptop)
    study = StudyStore(store)
    timer = study.start(pid(store), CID, "task", TASK, now - timedelta(hours=1))
    study.finish(pid(store), CID, timer.id, now - timedelta(minutes=30), now)  # 30 min
    entry = study.add_entry(
        pid(store), CID, "task", TASK, on_date=today, seconds=20 * 60, note="book", now=now
    )
    store.close()
    store = folder(desktop)
    study = StudyStore(store)
    later = now + timedelta(seconds=1)
    study.add_entry(  # 10 min on the desktop, offline, a little later
        pid(store), CID, "task", TASK, on_date=today, seconds=10 * 60, note=None, now=later
    )
    store.close()
    sync_folder(laptop, url)
    sync_folder(desktop, url)
    sync_folder(laptop, url)
    assert len(_sessions(laptop)) == 3
    assert _sessions(laptop) == _sessions(desktop)

    # An edit and a delete on the desktop reach the laptop.
    store = folder(desktop)
    study = StudyStore(store)
    by_note = {s.note: s for s in study.sessions(pid(store), CID)}
    study.edit_entry(
        pid(store), CID, by_note["book"].id, on_date=today, seconds=25 * 60, note="book", now=now
    )
    study.delete_entry(pid(store), CID, by_note[None].id, now)
    store.close()
    sync_folder(desktop, url)
    sync_folder(laptop, url)
    assert _sessions(laptop) == _sessions(desktop)
    seconds = sorted(row[5] for row in _sessions(laptop))
    assert len(seconds) == 2 and 25 * 60 in seconds
    # A re-run sync, and a third folder pulling everything, duplicate nothing.
    again = sync_folder(laptop, url)
    assert (again.pushed, again.pulled) == (0, 0)
    sync_folder(tmp_path / "third", url)
    assert _sessions(tmp_path / "third") == _sessions(laptop)
    assert entry.note == "book"

    code = main(["cohort", "status", "c1", "--server", cohort_server["maria"].url, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    learners = {x["name"]: x for x in json.loads(out)["learners"]}
    total = sum(row[5] for row in _sessions(laptop)) // 60
    assert learners[cohort_server["alice"].name]["minutes_7d"] == total
    assert learners[cohort_server["bob"].name]["minutes_7d"] == 0
