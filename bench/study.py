"""Today and stats over two years of daily use: ≈ 3,000 study sessions and 20,000 events.

    python bench/study.py CURRICULUM DATA_DIR CACHE_DIR

The first run seeds DATA_DIR (bulk inserts with the stdlib ``sqlite3`` into a database made by
the app) and marks it complete; every run then opens the service and times the first
``today_summary()`` and ``stats()`` calls, each reading every session and the done events, and
``stats()`` once more after ``today_summary()`` (nothing written in between: the inputs are kept).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _child import missing, peak_rss_mib, report

DAYS = 730
SESSIONS = 3_000
EVENTS = 20_000


def seed(curriculum: object, data_dir: Path) -> None:
    from tracker.progress.service import ProgressService

    service = ProgressService.open(data_dir, curriculum)  # type: ignore[arg-type]
    profile, curriculum_id = service.profile.id, service.curriculum.id
    tasks = [task.id for task in service.curriculum.tasks()]
    service.close()
    rnd = random.Random(12)
    now = datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=DAYS)
    sessions = []
    for n in range(SESSIONS):
        begun = start + timedelta(minutes=rnd.randrange(DAYS * 24 * 60))
        length = rnd.choice([15, 20, 30, 45, 60, 90]) * 60
        task = rnd.choice(tasks)
        if n % 3 == 0:  # a manual entry
            sessions.append(
                (
                    profile,
                    curriculum_id,
                    "task",
                    task,
                    begun.isoformat(),
                    begun.isoformat(),
                    begun.isoformat(),
                    begun.date().isoformat(),
                    length,
                    "notes",
                )
            )
        else:
            ended = begun + timedelta(seconds=length)
            sessions.append(
                (
                    profile,
                    curriculum_id,
                    "task",
                    task,
                    begun.isoformat(),
                    ended.isoformat(),
                    ended.isoformat(),
                    None,
                    length,
                    None,
                )
            )
    statuses = ["in_progress", "done", "todo"]
    events = []
    for n in range(EVENTS):
        at = start + timedelta(seconds=n * DAYS * 86400 // EVENTS)
        new = statuses[n % 3]
        events.append(
            (
                profile,
                curriculum_id,
                "status",
                "task",
                tasks[n % len(tasks)],
                statuses[(n - 1) % 3],
                new,
                at.isoformat(timespec="microseconds"),
                2,
                "user",
            )
        )
    connection = sqlite3.connect(data_dir / "learnpath.sqlite3")
    with connection:
        connection.executemany(
            "INSERT INTO study_sessions (profile_id, curriculum_id, item_kind, item_id, "
            "started_at, ended_at, last_seen_at, on_date, seconds, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            sessions,
        )
        connection.executemany(
            "INSERT INTO events (profile_id, curriculum_id, kind, item_kind, item_id, old, new, "
            "at, undo_state, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
    connection.close()
    (data_dir / ".complete").touch()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("curriculum", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("cache_dir", type=Path)
    args = parser.parse_args()
    try:
        from tracker.curriculum.cache import load_curriculum_cached
        from tracker.progress.service import ProgressService
        from tracker.progress.study import StudyTime
    except ImportError as error:
        missing(error.name or str(error))
    curriculum = load_curriculum_cached(args.curriculum, args.cache_dir)
    if not (args.data_dir / ".complete").exists():
        seed(curriculum, args.data_dir)
    service = ProgressService.open(args.data_dir, curriculum)
    study = StudyTime(service)
    started = time.perf_counter()
    today = study.today_summary()
    today_s = time.perf_counter() - started
    started = time.perf_counter()
    again = study.stats(12)  # the History page after Today: nothing written in between
    stats_after_today_s = time.perf_counter() - started
    started = time.perf_counter()
    stats = StudyTime(service).stats(12)  # read afresh, as `learnpath stats` does
    stats_s = time.perf_counter() - started
    assert again == stats
    sessions = len(study.sessions())
    service.close()
    report(
        today_s=today_s,
        stats_s=stats_s,
        stats_after_today_s=stats_after_today_s,
        sessions=sessions,
        streak=today.streak.longest,
        weeks=len(stats.weeks),
        rss_mib=peak_rss_mib(),
    )


if __name__ == "__main__":
    main()
