"""Load one curriculum through the cache and report how long the call took.

    python bench/load.py CURRICULUM CACHE_DIR            # through the cache
    python bench/load.py CURRICULUM CACHE_DIR --no-cache # straight from the YAML

An empty ``CACHE_DIR`` measures the first load (parse, validate, write the cache); a warm one
measures a start with unchanged files. A cache hit reads each stage's modules, the concepts and
the resources on first use: ``all_parts_seconds`` is the time to read all of them after the call
(what a caller that walks every task pays on top of the hit), ``cpu_seconds`` the call's CPU time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from _child import missing, peak_rss_mib, report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("curriculum", type=Path)
    parser.add_argument("cache_dir", type=Path)
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args()
    try:
        if args.no_cache:
            from tracker.curriculum.loader import load_curriculum as load
        else:
            from tracker.curriculum.cache import load_curriculum_cached

            def load(path: Path) -> object:
                return load_curriculum_cached(path, args.cache_dir)
    except ImportError as error:
        missing(error.name or str(error))
    started, cpu = time.perf_counter(), time.process_time()
    curriculum: Any = load(args.curriculum)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    for stage in curriculum.stages:
        for module in stage.modules:
            len(module.tasks)
    len(curriculum.concepts), len(curriculum.resources)
    all_parts = time.perf_counter() - started
    report(
        seconds=elapsed,
        cpu_seconds=cpu,
        all_parts_seconds=all_parts,
        tasks=curriculum.task_count,
        rss_mib=peak_rss_mib(),
        yaml_imported="yaml" in sys.modules,
    )


if __name__ == "__main__":
    main()
