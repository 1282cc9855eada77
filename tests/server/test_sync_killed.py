"""A sync killed with SIGKILL at random moments, then run again, loses no event and duplicates
none — pushing (the server commits a batch, then the local cursor moves) and pulling (a batch
and its cursor in one local transaction) alike."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from tests.server.conftest import CohortServer
from tests.server.helpers import CID, PROFILE, folder, learner_data, pid

PER_ROUND = 600
KILLS = 10  # per direction: 20 in all
STATUSES = ("todo", "in_progress", "done", "skipped")


def _add_events(path: Path, first: int, count: int) -> None:
    """``count`` status changes over 300 tasks, numbered from ``first``, with each task's state
    following its newest change: written as the store writes them, in bulk for speed."""
    store = folder(path)
    profile_id = pid(store)
    store.close()
    t0 = datetime(2030, 1, 1, tzinfo=UTC)
    conn = sqlite3.connect(path / "learnpath.sqlite3")
    with conn:
        for i in range(first, first + count):
            at = (t0 + timedelta(seconds=i)).isoformat(timespec="microseconds")
            task, new = f"task-{i % 300}", STATUSES[(i + 1) % 4]
            conn.execute(
                "INSERT INTO events (profile_id, curriculum_id, kind, item_kind, item_id, old, "
                "new, at, undo_state, origin) VALUES (?, ?, 'status', 'task', ?, ?, ?, ?, 2, "
                "'user')",
                (profile_id, CID, task, STATUSES[i % 4], new, at),
            )
            conn.execute(
                "INSERT OR REPLACE INTO task_states (profile_id, curriculum_id, task_id, status, "
                "changed_at) VALUES (?, ?, ?, ?, ?)",
                (profile_id, CID, task, new, at),
            )
    conn.close()


def _command(path: Path, url: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "tracker",
        "--data-dir",
        str(path),
        "--user",
        PROFILE,
        "sync",
        "--server",
        url,
        "--batch",
        "50",
    ]


def _run_and_kill(path: Path, url: str, delay: float) -> bool:
    """Start a sync, SIGKILL it after ``delay`` seconds; True if it was still running."""
    child = subprocess.Popen(
        _command(path, url),
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    running = child.poll() is None
    if running:
        child.send_signal(signal.SIGKILL)
    child.wait()
    return running


def _finish(path: Path, url: str) -> float:
    """Run a sync to the end; the seconds its last run took. SQLite may answer the first open
    after a SIGKILL with SQLITE_PROTOCOL ("locking protocol"), a transient WAL-recovery race that
    its documentation says to retry: that, and only that, is retried (at most twice) — a sync
    error never is."""
    for _attempt in range(3):
        started = time.monotonic()
        done = subprocess.run(_command(path, url), capture_output=True, text=True, check=False)
        took = time.monotonic() - started
        if done.returncode == 0 or "locking protocol" not in done.stderr:
            break
    assert done.returncode == 0, done.stderr
    return took


@pytest.mark.slow
def test_killed_syncs_lose_and_duplicate_nothing(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    """Each round adds work (new events on the source), then kills a push of the source and a
    pull of the target at random moments, until each was killed mid-run KILLS times."""
    url = cohort_server["alice"].url
    source, target = tmp_path / "source", tmp_path / "target"
    folder(target).close()
    rng = random.Random(2030)
    written = 0
    kills = {"push": 0, "pull": 0}
    # The kill falls anywhere in the time a whole sync of a round's work takes on this machine
    # (measured by each run to the end), so a fast machine does not finish every run first.
    whole = 1.6
    for _round in range(80):
        if min(kills.values()) >= KILLS:
            break
        _add_events(source, written, PER_ROUND)
        written += PER_ROUND
        if kills["push"] < KILLS:
            kills["push"] += _run_and_kill(source, url, rng.uniform(0.1, whole))
        whole = max(_finish(source, url), 0.3)
        if kills["pull"] < KILLS:
            kills["pull"] += _run_and_kill(target, url, rng.uniform(0.1, whole))
    _finish(source, url)
    _finish(target, url)
    assert min(kills.values()) >= KILLS, kills
    with psycopg.connect(cohort_server.admin_url) as conn:
        server = [r[0] for r in conn.execute("SELECT gid::text FROM learnpath.events")]
    local = [row[0] for row in learner_data(source)["events"]]
    assert len(server) == len(set(server)) == written
    assert sorted(server) == sorted(local)
    pulled = learner_data(target)
    assert len(pulled["events"]) == written
    assert pulled["events"] == learner_data(source)["events"]
    assert pulled["states"] == learner_data(source)["states"]
