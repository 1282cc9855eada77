"""Tick every other task of a curriculum in a data folder, for "half its tasks ticked" runs.

python bench/seed_progress.py CURRICULUM DATA_DIR CACHE_DIR
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _child import missing, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("curriculum", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("cache_dir", type=Path)
    args = parser.parse_args()
    try:
        from tracker.curriculum.cache import load_curriculum_cached
        from tracker.progress.records import TaskStatus
        from tracker.progress.service import ProgressService
    except ImportError as error:
        missing(error.name or str(error))
    curriculum = load_curriculum_cached(args.curriculum, args.cache_dir)
    service = ProgressService.open(args.data_dir, curriculum)
    ticked = 0
    try:
        for n, task in enumerate(curriculum.tasks()):
            if n % 2 == 0:
                service.set_status(task.id, TaskStatus.DONE)
                ticked += 1
    finally:
        service.close()
    report(ticked=ticked, tasks=curriculum.task_count)


if __name__ == "__main__":
    main()
