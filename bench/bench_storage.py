"""Benchmark of the progress store: tick latency and storage start-up, as ratios to the floor F.

Run by hand: ``.venv/bin/python bench/bench_storage.py [--ticks 2000] [--runs 7]``.

* tick: ``ProgressService.set_status`` (select + update + event insert + commit, WAL,
  ``synchronous=FULL``) on a temporary database; median and p99 in ms.
* start-up: a whole process that opens an existing, up-to-date database (file checks, the
  migration check without Alembic, engine and pragmas) and exits; median wall time.
* F: a process that imports PySide6.QtWidgets, shows a QMainWindow holding a QTreeView, a
  QTextBrowser and a QListView (offscreen), processes events once and exits.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

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


def _ticks(data_dir: Path, count: int) -> list[float]:
    from tracker.curriculum.model import Curriculum, Module, Stage, Task, Text
    from tracker.progress.records import TaskStatus
    from tracker.progress.service import ProgressService

    tasks = tuple(Task(id=f"task-{i}", title=Text.both(f"Task {i}")) for i in range(200))
    curriculum = Curriculum(
        id="bench",
        version="1",
        title=Text.both("Bench"),
        stages=(
            Stage(
                id="s",
                order=1,
                title=Text.both("S"),
                goal=Text.both("g"),
                modules=(Module(id="m", title=Text.both("M"), tasks=tasks),),
            ),
        ),
    )
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()

    floor = _process_time(FLOOR, runs=options.runs)
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        samples = sorted(_ticks(data_dir, options.ticks))
        database = data_dir / "learnpath.sqlite3"
        startup = _process_time(STARTUP, str(database), runs=options.runs)
        bare = _process_time("pass", runs=options.runs)
    median = statistics.median(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    ms = 1000.0
    print(f"floor F (bare PySide6 window):   {floor * ms:8.1f} ms")
    print(f"bare python process:             {bare * ms:8.1f} ms  ({bare / floor:.2f} F)")
    print(
        f"tick median / p99 ({options.ticks}):       {median * ms:6.2f} / {p99 * ms:6.2f} ms"
        f"  ({median / floor:.4f} F / {p99 / floor:.4f} F)"
    )
    print(f"storage start-up (whole process): {startup * ms:8.1f} ms  ({startup / floor:.2f} F)")
    print(
        f"storage start-up minus bare python: {(startup - bare) * ms:6.1f} ms  "
        f"({(startup - bare) / floor:.2f} F)"
    )


if __name__ == "__main__":
    main()
