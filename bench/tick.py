"""Tick latency: tick tasks one by one and report the median and p99 in milliseconds.

    python bench/tick.py CURRICULUM DATA_DIR CACHE_DIR [--ticks N] [--layer ui|progress]

CURRICULUM is a folder (the bundled one, or a big one from ``generate.py``: a curriculum loaded
off the UI thread is waited for until the checklist holds its rows).

Through the UI (the default when the main window is there): the checklist's check box is set
through the model, as a click does, and the time runs until the change is committed and the
row has been repainted. As with a click, the row is on screen: the checklist is scrolled to it
before the clock starts (a big stage's rows below the fold would otherwise skip their repaint,
which made a 9,000-task tick look cheaper than a tick of the bundled curriculum). The window's
changes go through a write queue (``bridge.writes``) that commits at once unless another
program holds the lock; a tick counts as done only once that queue is empty again, so a change
still waiting would be timed until it is in. Through the progress layer: until ``set_status``
has committed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _child import leave, missing, peak_rss_mib, report


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def tick_through_progress(args: argparse.Namespace) -> tuple[list[float], str]:
    try:
        from tracker.curriculum.cache import load_curriculum_cached
        from tracker.progress.records import TaskStatus
        from tracker.progress.service import ProgressService
    except ImportError as error:
        missing(error.name or str(error))
    curriculum = load_curriculum_cached(args.curriculum, args.cache_dir)
    service = ProgressService.open(args.data_dir, curriculum)
    tasks = [task.id for task in curriculum.tasks()][: args.ticks]
    times: list[float] = []
    for task_id in tasks:
        started = time.perf_counter()
        service.set_status(task_id, TaskStatus.DONE)
        times.append(time.perf_counter() - started)
    service.close()
    return times, "progress"


def tick_through_ui(args: argparse.Namespace) -> tuple[list[float], str] | None:
    """Tick through the main window's checklist model; None when the UI can't do that yet."""
    from window import open_main_window

    app, window = open_main_window(args.curriculum, args.data_dir, args.cache_dir)
    daily = getattr(window, "daily", None)
    if daily is not None:  # the checklist sits on the Stages page, beside Today
        from tracker.ui.daily import STAGES_PAGE

        daily.tabs.setCurrentIndex(STAGES_PAGE)
    app.processEvents()
    wait_for_rows(app, window)
    ticker = find_ticker(window)
    if ticker is None:
        return None
    tick, rows, show = ticker
    writes = getattr(getattr(window, "bridge", None), "writes", None)  # the write queue
    times: list[float] = []
    checked = True
    while len(times) < args.ticks:  # tick every row, then untick them all, and again
        for row in rows[: args.ticks - len(times)]:
            show(row)  # on screen, as a row is when it is clicked
            app.processEvents()
            started, cpu = time.perf_counter(), time.thread_time()
            tick(row, checked)
            app.processEvents()  # the repaint of the row
            while writes is not None and writes.pending:  # not committed yet: wait for it
                app.processEvents()
            times.append(time.perf_counter() - started)
            CPU_TIMES.append(time.thread_time() - cpu)
        checked = not checked
    return times, "ui"


CPU_TIMES: list[float] = []
"""The UI thread's CPU time per tick (no wait for the disk or for a core on a busy machine)."""


def wait_for_rows(app: Any, window: Any, timeout_s: float = 120.0) -> None:
    """Let a big curriculum, loaded off the UI thread after start-up, reach the checklist."""
    from window import checklist_rows

    deadline = time.perf_counter() + timeout_s
    while not checklist_rows(window) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def find_ticker(
    window: Any,
) -> tuple[Callable[[Any, bool], None], list[Any], Callable[[Any], None]] | None:
    """A function that ticks one checklist row the way a click does, the rows to tick, and a
    function that scrolls a row into view."""
    from PySide6.QtCore import QModelIndex, Qt

    view = getattr(window, "checklist", None) or getattr(window, "checklist_view", None)
    view = getattr(view, "view", view)
    model = view.model() if view is not None and hasattr(view, "model") else None
    if model is None:
        return None
    rows = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable:
                rows.append(index)
            if model.hasChildren(index):
                walk(index)
            if len(rows) >= 5000:
                return

    walk(QModelIndex())
    if not rows:
        return None

    def tick(index: Any, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        model.setData(index, state.value, Qt.ItemDataRole.CheckStateRole)

    def show(index: Any) -> None:
        scroll = getattr(view, "scrollTo", None)
        if scroll is not None:
            scroll(index)

    return tick, rows, show


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("curriculum", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("cache_dir", type=Path)
    parser.add_argument("--ticks", type=int, default=300)
    parser.add_argument("--layer", choices=("ui", "progress"), default="ui")
    args = parser.parse_args()
    measured = tick_through_ui(args) if args.layer == "ui" else None
    if measured is None:
        measured = tick_through_progress(args)
    times, layer = measured
    report(
        median_ms=statistics.median(times) * 1000,
        p99_ms=percentile(times, 0.99) * 1000,
        ticks=len(times),
        layer=layer,
        cpu_median_ms=statistics.median(CPU_TIMES) * 1000 if CPU_TIMES else None,
        cpu_p99_ms=percentile(CPU_TIMES, 0.99) * 1000 if CPU_TIMES else None,
        rss_mib=peak_rss_mib(),
    )
    leave()


if __name__ == "__main__":
    main()
