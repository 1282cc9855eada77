"""Export a summary of a curriculum's progress in every format, timed per format, in one process.

    python bench/export.py CURRICULUM DATA_DIR CACHE_DIR

Uses the seeding of ``bench_export.py`` (a third done, a sixth in progress, notes, plans) on a
fresh data folder; each figure is building the report model plus rendering it to bytes, the
first time in this process (as a learner's one export from the app or the command line would).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _child import leave, missing, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("curriculum", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("cache_dir", type=Path)
    args = parser.parse_args()
    try:
        import bench_export

        from tracker.curriculum.cache import load_curriculum_cached
        from tracker.progress.service import ProgressService
        from tracker.reports.formats import FORMATS
        from tracker.reports.model import build_report
    except ImportError as error:
        missing(error.name or str(error))
    curriculum = load_curriculum_cached(args.curriculum, args.cache_dir)
    service = ProgressService.open(args.data_dir, curriculum)
    bench_export.seed(service)
    figures = {}
    for name in ("md", "csv", "json"):
        started = time.perf_counter()
        fmt = FORMATS[name]
        fmt.render(build_report(service, event_log=fmt.event_log, task_lines=fmt.task_lines))
        figures[f"{name}_s"] = time.perf_counter() - started
    service.close()
    report(**figures)
    leave()


if __name__ == "__main__":
    main()
