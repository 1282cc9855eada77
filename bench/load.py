"""Load one curriculum through the cache and report how long the call took.

    python bench/load.py CURRICULUM CACHE_DIR            # through the cache
    python bench/load.py CURRICULUM CACHE_DIR --no-cache # straight from the YAML

An empty ``CACHE_DIR`` measures the first load (parse, validate, write the cache); a warm one
measures a start with unchanged files.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

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
    started = time.perf_counter()
    curriculum = load(args.curriculum)
    elapsed = time.perf_counter() - started
    report(
        seconds=elapsed,
        tasks=curriculum.task_count,  # type: ignore[attr-defined]
        rss_mib=peak_rss_mib(),
        yaml_imported="yaml" in sys.modules,
    )


if __name__ == "__main__":
    main()
