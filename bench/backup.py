"""Back up, check and restore a database holding a 9,000-task curriculum's progress, in one process.

    python bench/backup.py CURRICULUM DATA_DIR CACHE_DIR

Seeds like ``export.py`` (a third done, a sixth in progress, notes, plans), then times: a backup
with SQLite's backup API plus rotation (``backup_s``), the database check (``check_s``), and a
restore of that backup, which first backs up the current database (``restore_s``).
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
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
        from tracker.progress import backups
        from tracker.progress.service import ProgressService
    except ImportError as error:
        missing(error.name or str(error))
    curriculum = load_curriculum_cached(args.curriculum, args.cache_dir)
    service = ProgressService.open(args.data_dir, curriculum)
    bench_export.seed(service)
    database = service.database_path
    service.close()
    figures = {"database_mib": database.stat().st_size / (1024 * 1024)}
    started = time.perf_counter()
    written = backups.take_backup(database, "manual", datetime.now(UTC))
    figures["backup_s"] = time.perf_counter() - started
    started = time.perf_counter()
    result = backups.check(database, curriculum)
    figures["check_s"] = time.perf_counter() - started
    started = time.perf_counter()
    backups.restore(database, written, datetime.now(UTC))
    figures["restore_s"] = time.perf_counter() - started
    figures["healthy"] = result.healthy
    report(**figures)
    leave()


if __name__ == "__main__":
    main()
