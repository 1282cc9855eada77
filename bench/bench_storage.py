"""Benchmark of the progress store: tick latency and storage start-up, as ratios to the floor F.

Run by hand: ``.venv/bin/python bench/bench_storage.py [--ticks 2000] [--runs 7]``.

* tick: ``ProgressService.set_status`` (select + update + event insert + commit, WAL,
  ``synchronous=FULL``) on a temporary database; median and p99 in ms.
* tick + repaint: the tick, then the reads the main window makes to repaint after it (the task's
  state, its stage's roll-up, the overall counts twice, can undo / can redo), on a curriculum of
  9,000 tasks (9 stages of 1,000) with a stored state for every task.
* sqlite3 floor: the same disk's floor for a tick, through the bare ``sqlite3`` module: one
  ``BEGIN IMMEDIATE; UPDATE; INSERT; COMMIT`` in WAL mode with ``synchronous=FULL``.
* start-up: a whole process that opens an existing, up-to-date database (file checks, the
  migration check without Alembic, engine and pragmas) and exits; median wall time.
* F: a process that imports PySide6.QtWidgets, shows a QMainWindow holding a QTreeView, a
  QTextBrowser and a QListView (offscreen), processes events once and exits.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

FLOOR = """
from PySide6.QtWidgets import (
    QApplication, QListView, QMainWindow, QSplitter, QTextBrowser, QTreeView,
)
app = QApplication([])
window = QMainWindow()
splitter = QSplitter()
for widget in (QTreeView(), QTextBrowser(), QListView()):
    splitter.addWidget(widget)
window.setCentralWidget(splitter)
window.show()
app.processEvents()
"""

STARTUP = """
import sys
from pathlib import Path
from tracker.storage.database import open_database
open_database(Path(sys.argv[1])).close()
"""


def _process_time(code: str, *args: str, runs: int) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], check=True, env=env, cwd=REPO)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _curriculum(stages: int, per_stage: int) -> Any:
    from tracker.curriculum.model import Curriculum, Module, Stage, Task, Text

    return Curriculum(
        id="bench",
        version="1",
        title=Text.both("Bench"),
        stages=tuple(
            Stage(
                id=f"s{s}",
                order=s + 1,
                title=Text.both(f"S{s}"),
                goal=Text.both("g"),
                modules=(
                    Module(
                        id=f"m{s}",
                        title=Text.both(f"M{s}"),
                        tasks=tuple(
                            Task(id=f"task-{s}-{i}", title=Text.both(f"Task {i}"))
                            for i in range(per_stage)
                        ),
                    ),
                ),
            )
            for s in range(stages)
        ),
    )


def _ticks(data_dir: Path, count: int) -> list[float]:
    from tracker.progress.records import TaskStatus
    from tracker.progress.service import ProgressService

    curriculum = _curriculum(1, 200)
    tasks = tuple(curriculum.tasks())
    service = ProgressService.open(data_dir, curriculum)
    statuses = cycle((TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.SKIPPED, TaskStatus.TODO))
    samples = []
    try:
        for i in range(count):
            task = tasks[i % len(tasks)].id
            status = next(statuses) if i % len(tasks) == 0 else service.task_state(task).status
            wanted = TaskStatus.DONE if status is not TaskStatus.DONE else TaskStatus.TODO
            start = time.perf_counter()
            service.set_status(task, wanted)
            samples.append(time.perf_counter() - start)
    finally:
        service.close()
    return samples


def _ticks_and_repaints(data_dir: Path, count: int) -> list[float]:
    from tracker.progress.records import TaskStatus
    from tracker.progress.service import ProgressService

    curriculum = _curriculum(9, 1000)
    tasks = tuple(curriculum.tasks())
    service = ProgressService.open(data_dir, curriculum)
    samples = []
    try:
        for task in tasks:  # a stored state for every task
            service.set_status(task.id, TaskStatus.IN_PROGRESS)
        for i in range(count):
            task = tasks[(i * 7919) % len(tasks)]
            wanted = TaskStatus.DONE if i % 2 == 0 else TaskStatus.IN_PROGRESS
            start = time.perf_counter()
            service.set_status(task.id, wanted)
            service.task_state(task.id)
            stage = curriculum.stage_of(task.id)
            assert stage is not None
            service.stage_progress(stage.id)
            service.overall()
            service.overall()
            service.can_undo()
            service.can_redo()
            samples.append(time.perf_counter() - start)
    finally:
        service.close()
    return samples


def _sqlite_floor(data_dir: Path, count: int) -> list[float]:
    connection = sqlite3.connect(data_dir / "floor.sqlite3", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE states (task_id TEXT PRIMARY KEY, status TEXT, at TEXT)")
    connection.execute(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, task_id TEXT, old TEXT, new TEXT, at TEXT)"
    )
    connection.executemany(
        "INSERT INTO states VALUES (?, 'todo', '')", [(f"task-{i}",) for i in range(200)]
    )
    samples = []
    for i in range(count):
        task, at = f"task-{i % 200}", f"2024-01-01T00:00:{i % 60:02d}.000000+00:00"
        start = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "UPDATE states SET status = ?, at = ? WHERE task_id = ?", ("done", at, task)
        )
        connection.execute(
            "INSERT INTO events (task_id, old, new, at) VALUES (?, 'todo', 'done', ?)", (task, at)
        )
        connection.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    connection.close()
    return samples


def _line(label: str, samples: list[float], floor: float) -> str:
    samples = sorted(samples)
    median = statistics.median(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return (
        f"{label:<32} {median * 1000:6.2f} / {p99 * 1000:6.2f} ms"
        f"  ({median / floor:.4f} F / {p99 / floor:.4f} F)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()

    floor = _process_time(FLOOR, runs=options.runs)
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        samples = _ticks(data_dir, options.ticks)
        database = data_dir / "learnpath.sqlite3"
        startup = _process_time(STARTUP, str(database), runs=options.runs)
        bare = _process_time("pass", runs=options.runs)
    with tempfile.TemporaryDirectory() as folder:
        repaints = _ticks_and_repaints(Path(folder), max(1, options.ticks // 4))
    with tempfile.TemporaryDirectory() as folder:
        raw = _sqlite_floor(Path(folder), options.ticks)
    ms = 1000.0
    print(f"floor F (bare PySide6 window):   {floor * ms:8.1f} ms")
    print(f"bare python process:             {bare * ms:8.1f} ms  ({bare / floor:.2f} F)")
    print(_line(f"tick median / p99 ({options.ticks}):", samples, floor))
    print(_line(f"tick + repaint, 9k tasks ({len(repaints)}):", repaints, floor))
    print(_line(f"sqlite3 floor ({options.ticks}):", raw, floor))
    print(f"storage start-up (whole process): {startup * ms:8.1f} ms  ({startup / floor:.2f} F)")
    print(
        f"storage start-up minus bare python: {(startup - bare) * ms:6.1f} ms  "
        f"({(startup - bare) / floor:.2f} F)"
    )


if __name__ == "__main__":
    main()
