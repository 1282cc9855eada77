"""The window's watch for other programs' commits: what a look costs, and what a refresh costs.

    python bench/watch.py CURRICULUM DATA_DIR CACHE_DIR [--looks N] [--refreshes N]

Opens the main window as the app does, lets the store open, then times ``watcher.check()`` when
nothing changed (what the UI thread pays every 500 ms: one ``PRAGMA data_version``) and, after a
tick committed by another connection, the refresh it triggers (counts, checklist, notes).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from _child import missing, report
from tick import percentile, wait_for_rows
from window import open_main_window


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("curriculum", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("cache_dir", type=Path)
    parser.add_argument("--looks", type=int, default=2000)
    parser.add_argument("--refreshes", type=int, default=30)
    args = parser.parse_args()
    app, window = open_main_window(args.curriculum, args.data_dir, args.cache_dir)
    app.processEvents()
    wait_for_rows(app, window)
    watcher = getattr(window, "watcher", None)
    if watcher is None:
        missing("MainWindow.watcher")
    watcher.stop()  # looks are made here, by hand
    service = window.service
    service.finish_opening()
    watcher.check()  # the store's own version, seen once
    looks = []
    for _ in range(args.looks):
        started = time.perf_counter()
        watcher.check()
        looks.append(time.perf_counter() - started)

    from tracker.progress.records import TaskStatus
    from tracker.progress.service import ProgressService

    other = ProgressService.open(args.data_dir, service.curriculum)  # another connection
    tasks = [task.id for task in service.curriculum.tasks()]
    refreshes = []
    for i in range(args.refreshes):
        task = tasks[i % len(tasks)]
        skipped = other.task_state(task).status is TaskStatus.SKIPPED
        other.set_status(task, TaskStatus.TODO if skipped else TaskStatus.SKIPPED)
        started = time.perf_counter()
        assert watcher.check()
        app.processEvents()
        refreshes.append(time.perf_counter() - started)
    other.close()
    report(
        look_median_ms=statistics.median(looks) * 1000,
        look_p99_ms=percentile(looks, 0.99) * 1000,
        refresh_median_ms=statistics.median(refreshes) * 1000,
        refresh_p99_ms=percentile(refreshes, 0.99) * 1000,
    )


if __name__ == "__main__":
    main()
