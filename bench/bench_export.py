"""Benchmark progress summaries: each format, for the bundled curriculum and a generated 9,000-task
one, as ratios to the floor F measured in the same run (the target: 9,000 tasks as Markdown, CSV
or JSON in ≤ 0.5 F).

    .venv/bin/python bench/bench_export.py [--tasks 9000] [--repeat 5]

F is ``bench/floor.py`` run as a whole process (import QtWidgets, show a window with a tree, a
text browser and a list, process events once, exit), offscreen, median of ``--repeat`` runs.
Each export figure is the median time, in this process, to build the report model from the
progress service and render it to bytes (the file write is a few milliseconds more).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from tracker.curriculum.loader import load_curriculum  # noqa: E402
from tracker.curriculum.model import Curriculum  # noqa: E402
from tracker.progress.records import (  # noqa: E402
    ChangeKind,
    Event,
    ItemKind,
    Note,
    ProfileBackup,
    StagePlan,
    TaskState,
    TaskStatus,
)
from tracker.progress.service import ProgressService  # noqa: E402
from tracker.reports.formats import FORMATS  # noqa: E402
from tracker.reports.model import build_report  # noqa: E402


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor_seconds(repeat: int) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def run() -> None:
        subprocess.run(
            [sys.executable, str(HERE / "floor.py")],
            check=True,
            capture_output=True,
            env=env,
            cwd=HERE,
        )

    run()  # warm the file cache
    return median_seconds(run, repeat)


def generated_curriculum(tasks: int, folder: Path) -> Curriculum:
    from generate import generate

    return load_curriculum(generate(tasks, folder / "curriculum"))


def seed(service: ProgressService) -> None:
    """A third of the tasks done, a sixth in progress, a note on every tenth, a plan per stage,
    and one event per state: realistic bulk, imported in one transaction."""
    start = datetime(2030, 1, 1, tzinfo=UTC)
    states, notes, events = [], [], []
    for index, task in enumerate(service.curriculum.tasks()):
        at = start + timedelta(minutes=index)
        if index % 3 == 0:
            states.append(TaskState(task.id, TaskStatus.DONE, at, at, at))
            events.append(
                Event(0, "", ChangeKind.STATUS, ItemKind.TASK, task.id, "todo", "done", at)
            )
        elif index % 6 == 1:
            states.append(TaskState(task.id, TaskStatus.IN_PROGRESS, at, at, None))
        if index % 10 == 0:
            text = f"Note {index}: read the paper | =SUM(A1) <b>bold</b>\n- point one\n- 第二点"
            notes.append(Note(ItemKind.TASK, task.id, text, at))
    plans = [
        StagePlan(stage.id, (start + timedelta(days=30 * stage.order)).date(), start)
        for stage in service.curriculum.stages
    ]
    backup = ProfileBackup(
        profile=service.profile.name,
        curriculum_id=service.curriculum.id,
        task_states=tuple(states),
        notes=tuple(notes),
        plans=tuple(plans),
        events=tuple(events),
    )
    service.import_backup(backup)


def bench(
    name: str,
    curriculum: Curriculum,
    folder: Path,
    floor: float,
    repeat: int,
    *,
    formats: list[str],
) -> None:
    service = ProgressService.open(folder / name, curriculum)
    try:
        seed(service)
        build = median_seconds(lambda: build_report(service), repeat)
        print(
            f"\n{name}: {curriculum.task_count} tasks; build the report model: "
            f"{build * 1000:.1f} ms = {build / floor:.3f} F"
        )
        report = build_report(service)
        for fmt in (FORMATS[f] for f in formats):
            render = median_seconds(lambda fmt=fmt: fmt.render(report), repeat)
            total = build + render
            size = len(fmt.render(report))
            print(
                f"  {fmt.name:5} render {render * 1000:8.1f} ms   build+render "
                f"{total * 1000:8.1f} ms = {total / floor:6.3f} F   ({size / 1024:,.0f} KiB)"
            )
    finally:
        service.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=9000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--formats", default="md,html,pdf,csv,json", help="comma-separated formats to time"
    )
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])  # PDF rendering needs one
    floor = floor_seconds(args.repeat)
    print(f"F (floor) = {floor * 1000:.0f} ms (median of {args.repeat})")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        bundled = load_curriculum(REPO / "curriculum" / "llm-engineer")
        formats = [f.strip() for f in args.formats.split(",") if f.strip()]
        bench("bundled", bundled, folder, floor, args.repeat, formats=formats)
        big = generated_curriculum(args.tasks, folder)
        bench("generated", big, folder, floor, args.repeat, formats=formats)
    del app


if __name__ == "__main__":
    main()
