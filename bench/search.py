"""Search latency per keystroke: 9,000 tasks and 10,000 notes, queries typed one key at a time.

    python bench/search.py CURRICULUM DATA_DIR CACHE_DIR [--notes 10000]

The data folder gets ``--notes`` notes (Chinese and English, about 150 characters each) on every
task, concept and stage, the rest on ids that left the curriculum, written straight into
``notes`` (the triggers index them), once. Each query
of ``QUERIES`` is then typed: every prefix is one search, as the palette runs it (curriculum and
notes, 30 results, the first stage current). Reports the median and p95 per keystroke in ms, the
time to build the in-memory curriculum index on first use, and the memory it holds (tracemalloc).
The CPU time of the searching thread is reported too (``cpu_*_ms``): on a busy shared machine the
wall time mostly measures the wait for a core.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import time
import tracemalloc
from pathlib import Path
from typing import Any

from _child import missing, peak_rss_mib, report

QUERIES = (
    "attention",
    "注意力机制",
    "softmax",
    "微调",
    "向量",
    "retrieval aug",
    "quantization",
    "蒸馏",
    "Implement eval",
    "café",
    "zzzz",
    "task-100",
)
WORDS = [
    "注意力",
    "自注意力机制",
    "微调",
    "向量",
    "检索增强",
    "量化",
    "蒸馏",
    "评测",
    "学习率",
    "模型",
    "数据",
    "我觉得",
    "需要",
    "复习",
    "attention",
    "softmax",
    "retrieval",
    "embedding",
    "quantization",
    "the",
    "of",
    "to",
    "learn",
    "remember",
    "review",
    "café",
    "naïve",
    "layer",
    "norm",
    "gradient",
    "batch",
]


def note_targets(curriculum: Any, count: int) -> list[tuple[str, str]]:
    """``count`` distinct (item kind, item id): every task, concept and stage, then ids that left
    the curriculum (kept notes, searched too)."""
    targets = [("task", task.id) for task in curriculum.tasks()]
    targets += [("concept", concept.id) for concept in curriculum.concepts]
    targets += [("stage", stage.id) for stage in curriculum.stages]
    targets += [("task", f"retired-task-{n}") for n in range(max(0, count - len(targets)))]
    return targets[:count]


def seed_notes(path: Path, curriculum_id: str, targets: list[tuple[str, str]]) -> None:
    """One note per target, written once with plain INSERTs (the triggers index each)."""
    connection = sqlite3.connect(path)
    try:
        profile = connection.execute("SELECT id FROM profiles ORDER BY id LIMIT 1").fetchone()[0]
        if connection.execute("SELECT count(*) FROM notes").fetchone()[0] >= len(targets):
            return
        rng = random.Random(13)
        stamp = "2030-01-01T00:00:00.000000+00:00"
        rows = []
        for kind, item_id in targets:
            words = [rng.choice(WORDS) for _ in range(rng.randint(12, 30))]
            rows.append((profile, curriculum_id, kind, item_id, " ".join(words), stamp))
        with connection:
            connection.execute("DELETE FROM notes")
            connection.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?)", rows)
    finally:
        connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("curriculum", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("cache_dir", type=Path)
    parser.add_argument("--notes", type=int, default=10_000)
    args = parser.parse_args()
    try:
        from tracker.curriculum.cache import load_curriculum_cached
        from tracker.progress.search import CurriculumIndex, Search
        from tracker.progress.service import ProgressService
    except ImportError as error:
        missing(error.name or str(error))
    curriculum = load_curriculum_cached(args.curriculum, args.cache_dir)
    service = ProgressService.open(args.data_dir, curriculum)
    seed_notes(service.database_path, curriculum.id, note_targets(curriculum, args.notes))
    tracemalloc.start()
    kept = CurriculumIndex(curriculum)
    index_mib = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    del kept
    search = Search(service)
    started = time.perf_counter()
    search.index  # noqa: B018 - built on first use, as in the app
    build_ms = (time.perf_counter() - started) * 1000
    current = curriculum.stages[0].id
    times, cpu = [], []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            started, cpu_started = time.perf_counter(), time.thread_time()
            search.find(query[:end], lang="en", current_stage=current, limit=30)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - cpu_started) * 1000)
    service.close()
    report(
        median_ms=statistics.median(times),
        p95_ms=percentile(times, 0.95),
        max_ms=max(times),
        cpu_median_ms=statistics.median(cpu),
        cpu_p95_ms=percentile(cpu, 0.95),
        keystrokes=len(times),
        build_ms=build_ms,
        index_mib=index_mib,
        tasks=curriculum.task_count,
        notes=args.notes,
        rss_mib=peak_rss_mib(),
    )


if __name__ == "__main__":
    main()
