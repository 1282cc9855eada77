"""Cohort server figures on one PostgreSQL (a throw-away cluster, fsync on), for docs/scaling.md.

    python bench/cohort.py [--learners 2000] [--events 200] [--sync-events 10000] [--crowd 50]

1. One learner's sync of N local events: push into an empty server, then a pull of them into a
   second data folder (the learner's other computer).
2. ``cohort status`` (as the mentor, row-level security on) for L learners x E events each,
   seeded straight into the events table (the trigger keeps the summaries, as on ingest); also
   the pull query with and without its index.
3. C learners syncing at once (C threads, one connection each), each pushing 200 events and
   pulling 200 from their other device.

Times are medians of a few repeats, in milliseconds; the machine's floor F (bench/run.py) gives
them a scale. Needs initdb/pg_ctl (Debian: postgresql).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "bench"))

import psycopg  # noqa: E402

from tests.server.conftest import add_member, start_cluster  # noqa: E402
from tracker.curriculum.loader import load_curriculum  # noqa: E402
from tracker.paths import bundled_curriculum_path  # noqa: E402
from tracker.storage.server import admin  # noqa: E402
from tracker.storage.store import ProgressStore  # noqa: E402
from tracker.sync import run  # noqa: E402
from tracker.sync.cohort import cohort_status  # noqa: E402

CID = "llm-engineer"
T0 = datetime(2030, 1, 1, tzinfo=UTC)


def _folder(path: Path, events: int, tasks: list[str]) -> tuple[ProgressStore, int]:
    import sqlite3

    store = ProgressStore.open(path / "learnpath.sqlite3")
    profile = store.add_profile("learner", T0, use=True)
    assert profile is not None
    if events:
        conn = sqlite3.connect(path / "learnpath.sqlite3")
        with conn:
            conn.executemany(
                "INSERT INTO events (profile_id, curriculum_id, kind, item_kind, item_id, old, "
                "new, at, undo_state, origin) VALUES (?, ?, 'status', 'task', ?, 'todo', 'done', "
                "?, 2, 'user')",
                [
                    (
                        profile.id,
                        CID,
                        tasks[i % len(tasks)],
                        (T0 + timedelta(seconds=i)).isoformat(),
                    )
                    for i in range(events)
                ],
            )
        conn.close()
    return store, profile.id


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def bench_one_learner(
    admin_url: str, work: Path, events: int, tasks: list[str]
) -> dict[str, float]:
    admin.create_cohort(admin_url, "solo")
    member = add_member(admin_url, "solo", "solo learner", "learner")
    laptop, lid = _folder(work / "laptop", events, tasks)
    started = time.perf_counter()
    pushed = run.sync(laptop.database, lid, member.url)
    push_s = time.perf_counter() - started
    desktop, did = _folder(work / "desktop", 0, tasks)
    started = time.perf_counter()
    pulled = run.sync(desktop.database, did, member.url)
    pull_s = time.perf_counter() - started
    started = time.perf_counter()
    nothing = run.sync(laptop.database, lid, member.url)
    idle_s = time.perf_counter() - started
    laptop.close()
    desktop.close()
    assert pushed.pushed == events and pulled.pulled == events and nothing.pushed == 0
    return {
        "events": events,
        "push_ms": _ms(push_s),
        "push_events_per_s": round(events / push_s),
        "pull_and_apply_ms": _ms(pull_s),
        "nothing_to_do_ms": _ms(idle_s),
    }


def seed_cohort(
    admin_url: str, learners: int, events: int, tasks: list[str], stage_of: dict[str, str]
) -> str:
    """L learners (members rows; their events written as the admin) and one real mentor; every
    other learner has target dates for every stage and an hours-per-week setting."""
    admin.create_cohort(admin_url, "big")
    mentor = add_member(admin_url, "big", "big mentor", "mentor")
    now = datetime.now(UTC)
    with psycopg.connect(admin_url) as conn:
        cohort = conn.execute("SELECT id FROM learnpath.cohorts WHERE name = 'big'").fetchone()
        assert cohort is not None
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO learnpath.members (cohort_id, name, kind, role) "
                "VALUES (%s, %s, 'learner', %s)",
                [(cohort[0], f"learner {i}", f"lp_bench_{i}") for i in range(learners)],
            )
        started = time.perf_counter()
        with conn.cursor().copy(
            "COPY learnpath.events (gid, owner, device, curriculum_id, kind, item_kind, item_id, "
            "old, new, at) FROM STDIN"
        ) as copy:
            for i in range(learners):
                device = uuid.uuid4()
                # Learner i is (i % 10) tenths of the way through; the last tenth is idle.
                for j in range(events):
                    task = tasks[(j * 7 + i) % len(tasks)]
                    status = "done" if j % 10 < (i % 10) else "in_progress"
                    at = now - timedelta(days=(30 if i % 10 == 9 else 0), minutes=events - j)
                    copy.write_row(
                        (
                            uuid.uuid4(),
                            f"lp_bench_{i}",
                            device,
                            CID,
                            "status",
                            "task",
                            task,
                            "todo",
                            status,
                            at,
                        )
                    )
                if i % 2:  # half of them plan: a target date per stage (the "behind" by plan)
                    stages = sorted({stage_of[t] for t in tasks})
                    dates = {
                        s: (now + timedelta(days=30 * (k + 1))).date().isoformat()
                        for k, s in enumerate(stages)
                    }
                    copy.write_row(
                        (
                            uuid.uuid4(),
                            f"lp_bench_{i}",
                            device,
                            CID,
                            "replan",
                            "stage",
                            ",".join(stages),
                            "{}",
                            json.dumps(dates),
                            now,
                        )
                    )
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO learnpath.learner_settings (owner, key, value) "
                "VALUES (%s, 'hours_per_week', %s)",
                [(f"lp_bench_{i}", str(5 + i % 10)) for i in range(1, learners, 2)],
            )
        conn.commit()
        seed_s = time.perf_counter() - started
        conn.execute("ANALYZE")
        conn.commit()
    return mentor.url + f" seeded_in={seed_s:.1f}"


def bench_status(admin_url: str, mentor_url: str, repeat: int) -> dict[str, float]:
    curriculum = load_curriculum(bundled_curriculum_path())
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        status = cohort_status(mentor_url, "big", curriculum)
        times.append(time.perf_counter() - started)
    admin_times = []
    for _ in range(repeat):
        started = time.perf_counter()
        cohort_status(admin_url, "big", curriculum)
        admin_times.append(time.perf_counter() - started)
    return {
        "learners": len(status.learners),
        "mentor_status_ms": _ms(statistics.median(times)),
        "superuser_status_ms_no_rls": _ms(statistics.median(admin_times)),
        "flagged_behind": sum("behind" in x.flags for x in status.learners),
        "flagged_inactive": sum("inactive" in x.flags for x in status.learners),
    }


def bench_pull_index(admin_url: str, repeat: int) -> dict[str, float]:
    query = (
        "SELECT seq, gid FROM learnpath.events WHERE owner = 'lp_bench_7' AND seq > 0 "
        "AND device <> '00000000-0000-0000-0000-000000000000' ORDER BY seq LIMIT 1000"
    )

    def timed(conn: psycopg.Connection) -> float:
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            conn.execute(query).fetchall()
            runs.append(time.perf_counter() - started)
        return _ms(statistics.median(runs))

    with psycopg.connect(admin_url) as conn:
        rows = conn.execute("SELECT count(*) FROM learnpath.events").fetchone()
        with_index = timed(conn)
        conn.execute("DROP INDEX learnpath.events_owner_seq")
        without = timed(conn)
        conn.rollback()
    return {
        "events_in_table": rows[0] if rows else 0,
        "pull_query_ms": with_index,
        "pull_query_ms_without_owner_seq_index": without,
    }


def bench_crowd(admin_url: str, work: Path, crowd: int, tasks: list[str]) -> dict[str, float]:
    admin.create_cohort(admin_url, "crowd")
    members = [add_member(admin_url, "crowd", f"crowd {i}", "learner") for i in range(crowd)]
    # Each learner's other computer has already pushed 200 events to pull.
    for i, member in enumerate(members):
        other, oid = _folder(work / f"other{i}", 200, tasks)
        run.sync(other.database, oid, member.url)
        other.close()
    folders = [_folder(work / f"crowd{i}", 200, tasks) for i in range(crowd)]
    barrier = threading.Barrier(crowd)
    durations: list[float] = [0.0] * crowd
    errors: list[str] = []

    def one(i: int) -> None:
        store, pid = folders[i]
        barrier.wait()
        started = time.perf_counter()
        try:
            result = run.sync(store.database, pid, members[i].url)
            assert result.pushed == 200 and result.pulled == 200, result
        except Exception as error:  # reported below
            errors.append(repr(error))
        durations[i] = time.perf_counter() - started

    threads = [threading.Thread(target=one, args=(i,)) for i in range(crowd)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    for store, _pid in folders:
        store.close()
    ordered = sorted(durations)
    return {
        "learners": crowd,
        "errors": len(errors),
        "wall_ms": _ms(wall),
        "per_sync_p50_ms": _ms(ordered[len(ordered) // 2]),
        "per_sync_p95_ms": _ms(ordered[int(len(ordered) * 0.95) - 1]),
        "events_per_s": round(crowd * 400 / wall),
    }


def floor_ms(repeat: int) -> float:
    """F: the bare PySide6 window of bench/floor.py, start to exit, median of ``repeat`` runs."""
    import os

    from run import run_child

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return _ms(statistics.median(run_child("floor.py", [], env).wall_s for _ in range(repeat)))


def in_f(results: dict[str, object], f_ms: float) -> dict[str, float]:
    """Every ``*_ms`` figure as a multiple of F."""
    ratios: dict[str, float] = {}
    for group, values in results.items():
        if isinstance(values, dict):
            for key, value in values.items():
                if key.endswith("_ms"):
                    ratios[f"{group}.{key}"] = round(float(value) / f_ms, 2)
    return ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--sync-events", type=int, default=10_000)
    parser.add_argument("--crowd", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    curriculum = load_curriculum(bundled_curriculum_path())
    tasks = [task.id for stage in curriculum.stages for task in stage.tasks()]
    cluster = start_cluster(fsync=True)
    work = Path(tempfile.mkdtemp(prefix="learnpath-bench-"))
    results: dict[str, object] = {}
    try:
        cluster.admin_sql("CREATE DATABASE bench")
        url = cluster.url("bench")
        admin.upgrade(url)
        results["one_learner_sync"] = bench_one_learner(url, work, args.sync_events, tasks)
        print(json.dumps(results), flush=True)
        results["crowd_sync"] = bench_crowd(url, work, args.crowd, tasks)
        print(json.dumps(results), flush=True)
        stage_of = {task.id: stage.id for stage in curriculum.stages for task in stage.tasks()}
        mentor = seed_cohort(url, args.learners, args.events, tasks, stage_of)
        mentor_url, seeded = mentor.split(" seeded_in=")
        results["seed_seconds_copy_with_trigger"] = float(seeded)
        results["cohort_status"] = bench_status(url, mentor_url, args.repeat)
        results["pull_index"] = bench_pull_index(url, args.repeat)
        results["F_ms"] = floor_ms(args.repeat)
        results["in_F"] = in_f(results, float(results["F_ms"]))  # type: ignore[arg-type]
    finally:
        cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
