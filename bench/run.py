"""Run every benchmark as repeated whole-process runs and print medians as ratios to the floor F.

    python bench/run.py [--repeat N] [--quick] [--only WORD] [--workdir DIR] [--json FILE]

Each benchmark is a small child script in this folder, started with this Python,
``QT_QPA_PLATFORM=offscreen`` and compiled bytecode kept in ``<workdir>/pycache`` (as an installed
app has it, whatever ``PYTHONDONTWRITEBYTECODE`` says); runs are interleaved (every benchmark
once, then again) so drift on a shared machine spreads evenly. Wall times run from just before
the child is started until it has exited; peak memory is the child's ``ru_maxrss``. F, the
floor, is a bare PySide6 window (``floor.py``) measured in the same run; see
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPOSITORY = BENCH.parent
TIMEOUT_S = 600


@dataclass
class Run:
    """One whole-process run of a child script."""

    wall_s: float
    rss_mib: float
    metrics: dict[str, Any]
    error: str | None = None


def run_child(script: str, args: Sequence[str | Path], env: dict[str, str]) -> Run:
    """Start ``script`` in a fresh Python process; time it and read its peak memory and report."""
    command = [sys.executable, str(BENCH / script), *map(str, args)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPOSITORY
    )
    out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in out.decode(errors="replace").splitlines() if line.startswith("{")]
    metrics: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    error = metrics.pop("error", None)
    if process.returncode != 0 and error is None:
        tail = err.decode(errors="replace").strip().splitlines()[-3:]
        error = f"exit {process.returncode}: {' | '.join(tail)}"
    return Run(wall, usage.ru_maxrss / 1024, metrics, error)


@dataclass
class Bench:
    """A benchmark: the child to run, its arguments for each run, and what to read from it."""

    name: str
    script: str
    args: Callable[[], Sequence[str | Path]]
    metrics: Sequence[tuple[str, str, float | None]]
    """(label, metric, target) rows; metric is "wall", "rss" or a key the child reports.
    Targets are ratios to F (time and memory) or milliseconds (``*_ms`` metrics)."""
    runs: list[Run] = field(default_factory=list)


class Workdir:
    """Generated curricula, warm caches and seeded data folders, reused between runs."""

    def __init__(self, root: Path, env: dict[str, str], quick: bool) -> None:
        self.root = root
        self.env = env
        root.mkdir(parents=True, exist_ok=True)
        self.bundled = REPOSITORY / "curriculum" / "llm-engineer"
        self.c9k = self.generated(9_000)
        self.c100k = None if quick else self.generated(100_000)
        self.warm = root / "cache-warm"

    def generated(self, tasks: int) -> Path:
        folder = self.root / f"curriculum-{tasks}"
        if not (folder / ".complete").exists():
            print(f"generating a {tasks:,}-task curriculum in {folder} ...", file=sys.stderr)
            subprocess.run(
                [sys.executable, BENCH / "generate.py", "--tasks", str(tasks), "--out", folder],
                check=True,
            )
            (folder / ".complete").touch()
        return folder

    def fresh(self, name: str) -> Path:
        """A new, empty folder for one run (a first load, a first database)."""
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.scratch()))

    def scratch(self) -> Path:
        folder = self.root / "scratch"
        folder.mkdir(exist_ok=True)
        return folder

    def data(self, name: str) -> Path:
        folder = self.root / f"data-{name}"
        folder.mkdir(exist_ok=True)
        return folder

    def half_ticked(self) -> Path:
        """A data folder in which every other task of the 9,000-task curriculum is done."""
        folder = self.root / "data-9k-half"
        if not (folder / ".complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            seeded = run_child("seed_progress.py", [self.c9k, folder, self.warm], self.env)
            if seeded.error or "missing" in seeded.metrics:
                return folder  # the window benchmark says what is missing
            (folder / ".complete").touch()
        return folder


def build_benches(work: Workdir, ticks: int) -> list[Bench]:
    load_rows: list[tuple[str, Path, float | None, float | None]] = [
        ("bundled curriculum", work.bundled, None, None),
        ("9,000 tasks", work.c9k, 2.0, 0.2),
    ]
    if work.c100k is not None:
        load_rows.append(("100,000 tasks", work.c100k, 15.0, None))
    benches = [
        Bench("floor F", "floor.py", lambda: [], [("F: bare window, start→exit", "wall", None)])
    ]
    for label, path, first_target, warm_target in load_rows:
        benches += [
            Bench(
                f"load {label}",
                "load.py",
                lambda p=path: [p, work.fresh("cache")],
                [(f"load {label}, first time (parse + write cache)", "seconds", first_target)],
            ),
            Bench(
                f"load {label} cached",
                "load.py",
                lambda p=path: [p, work.warm],
                [
                    (f"load {label}, unchanged (cache hit)", "seconds", warm_target),
                    ("… then every stage, concept and resource read", "all_parts_seconds", None),
                ],
            ),
        ]
    benches += [
        Bench(
            "start bundled",
            "window.py",
            lambda: [work.bundled, work.data("bundled"), work.warm],
            [
                ("cold start → painted window (Today first), bundled curriculum", "wall", 2.0),
                ("peak memory at that point", "rss", 2.0),
            ],
        ),
        Bench(
            "start 9k",
            "window.py",
            lambda: [work.c9k, work.half_ticked(), work.warm],
            [
                ("cold start → painted window, 9,000 tasks, half ticked", "wall", None),
                ("peak memory at that point", "rss", None),
            ],
        ),
        Bench(
            "tick",
            "tick.py",
            lambda: [work.bundled, work.fresh("data"), work.warm, "--ticks", str(ticks)],
            [
                ("tick → committed + repainted, median", "median_ms", 2.0),
                ("tick, p99", "p99_ms", 10.0),
                ("tick, CPU time of the UI thread, median", "cpu_median_ms", None),
            ],
        ),
        Bench(
            "tick 9k",
            "tick.py",
            lambda: [work.c9k, work.fresh("data"), work.warm, "--ticks", str(ticks)],
            [
                ("tick → committed + repainted, 9,000 tasks, median", "median_ms", 2.0),
                ("tick, 9,000 tasks, p99", "p99_ms", 10.0),
                ("tick, 9,000 tasks, CPU time of the UI thread, median", "cpu_median_ms", None),
            ],
        ),
        Bench(
            "watch 9k",
            "watch.py",
            lambda: [work.c9k, work.half_ticked(), work.warm],
            [
                ("look for other programs' commits (every 500 ms), median", "look_median_ms", None),
                ("look, p99", "look_p99_ms", None),
                (
                    "refresh after another program's tick, 9,000 tasks, median",
                    "refresh_median_ms",
                    None,
                ),
                ("refresh, p99", "refresh_p99_ms", None),
            ],
        ),
        Bench(
            "tick progress",
            "tick.py",
            lambda: [work.bundled, work.fresh("data"), work.warm, "--layer", "progress"],
            [
                ("tick through the progress layer only, median", "median_ms", None),
                ("tick through the progress layer only, p99", "p99_ms", None),
            ],
        ),
    ]
    benches.append(
        Bench(
            "search 9k",
            "search.py",
            lambda: [work.c9k, work.data("search-9k"), work.warm],
            [
                ("search per keystroke, 9,000 tasks + 10,000 notes, median", "median_ms", None),
                ("search per keystroke, p95", "p95_ms", 15.0),
            ],
        )
    )
    if work.c100k is not None:
        benches.append(
            Bench(
                "start 100k",
                "window.py",
                lambda: [work.c100k, work.data("100k"), work.warm],
                [("window with 100,000 tasks (cache hit)", "wall", 3.0)],
            )
        )
    return benches


def export_bench(work: Workdir) -> Bench:
    """Export per format, through ``export.py`` (which reuses ``bench_export.py``'s seeding)."""
    names = {"md": "Markdown", "csv": "CSV", "json": "JSON"}
    return Bench(
        "export",
        "export.py",
        lambda: [work.c9k, work.fresh("data"), work.warm],
        [(f"export 9,000 tasks, {label}", f"{fmt}_s", 0.5) for fmt, label in names.items()],
    )


def backup_bench(work: Workdir) -> Bench:
    """Back up, check and restore a 9,000-task database, through ``backup.py``."""
    return Bench(
        "backup",
        "backup.py",
        lambda: [work.c9k, work.fresh("data"), work.warm],
        [
            ("backup of a 9,000-task database (backup API + rotation)", "backup_s", None),
            ("check database, 9,000 tasks", "check_s", None),
            ("restore, 9,000 tasks (a backup of the current data first)", "restore_s", None),
        ],
    )


def study_bench(work: Workdir) -> Bench:
    """Today and stats over two years of daily use (``study.py`` seeds its folder once)."""
    return Bench(
        "study",
        "study.py",
        lambda: [work.bundled, work.data("two-years"), work.warm],
        [
            ("Today, two years of daily use (3,000 sessions, 20,000 events)", "today_s", 0.3),
            ("stats, two years of daily use", "stats_s", 0.3),
            ("stats right after Today (inputs kept)", "stats_after_today_s", None),
        ],
    )


def review_benches(work: Workdir) -> list[Bench]:
    """Spaced review over 10,000 cards and 100,000 review logs (``review.py`` seeds them once)."""
    return [
        Bench(
            "review due count",
            "review.py",
            lambda: [work.data("review"), "due"],
            [
                ("due count, 10,000 cards + 100,000 review logs, median", "due_ms", 20.0),
                ("due count, first call (catalogue built)", "first_ms", None),
            ],
        ),
        Bench(
            "review window",
            "review.py",
            lambda: [work.data("review"), "window"],
            [("open the review window → its first card painted", "seconds", 0.5)],
        ),
    ]


def summarise(bench: Bench, metric: str) -> list[float]:
    values = []
    for run in bench.runs:
        if run.error or "missing" in run.metrics:
            continue
        if metric == "wall":
            values.append(run.wall_s)
        elif metric == "rss":
            values.append(run.rss_mib)
        elif isinstance(run.metrics.get(metric), int | float):
            values.append(float(run.metrics[metric]))
    return values


def unit(metric: str) -> str:
    return "ms" if metric.endswith("_ms") else "MiB" if metric == "rss" else "s"


def shown(value: float, metric: str) -> str:
    if unit(metric) == "s":
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} ms" if unit(metric) == "ms" else f"{value:.0f} MiB"


def table(benches: list[Bench], floor: Bench) -> list[str]:
    f_time = statistics.median(summarise(floor, "wall"))
    f_rss = statistics.median(summarise(floor, "rss"))
    lines = [
        "| what | median | min–max | median ÷ F | target | |",
        "|---|---|---|---|---|---|",
    ]
    for bench in benches:
        for label, metric, target in bench.metrics:
            values = summarise(bench, metric)
            problems = [r for r in bench.runs if r.error or "missing" in r.metrics]
            if not values:
                why = (
                    f"missing: {problems[0].metrics['missing']}"
                    if problems and "missing" in problems[0].metrics
                    else problems[0].error
                    if problems
                    else f"missing: bench/{bench.script}"
                )
                lines.append(f"| {label} | n/a ({why}) | | | {target_text(target, metric)} | |")
                continue
            median = statistics.median(values)
            spread = f"{shown(min(values), metric)}–{shown(max(values), metric)}"
            if unit(metric) == "ms":
                ratio, score = "", median
            else:
                ratio_value = median / (f_rss if metric == "rss" else f_time)
                ratio, score = f"{ratio_value:.2f} F", ratio_value
            verdict = "" if target is None else ("met" if score <= target else "**missed**")
            lines.append(
                f"| {label} | {shown(median, metric)} | {spread} | {ratio} "
                f"| {target_text(target, metric)} | {verdict} |"
            )
    lines.append("")
    lines.append(f"F = {f_time * 1000:.0f} ms, {f_rss:.0f} MiB (medians of {len(floor.runs)} runs)")
    return lines


def target_text(target: float | None, metric: str) -> str:
    if target is None:
        return ""
    return f"≤ {target:g} ms" if unit(metric) == "ms" else f"≤ {target:g} F"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=None, help="runs per benchmark (default 5)")
    parser.add_argument("--quick", action="store_true", help="2 runs, no 100,000-task benchmarks")
    parser.add_argument("--only", help="run only benchmarks whose name contains this (F always)")
    parser.add_argument("--ticks", type=int, default=400, help="ticks per UI tick run")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "learnpath-bench"
    )
    parser.add_argument("--json", type=Path, help="also write every run's raw figures here")
    args = parser.parse_args()
    repeat = args.repeat or (2 if args.quick else 5)
    # Bytecode as an installed app has it (pip compiles on install): written by the warm-up runs
    # to a folder of the work dir (the source tree stays clean), read by the measured runs. With
    # PYTHONDONTWRITEBYTECODE inherited, every start compiled the app's modules (≈ 0.35 F).
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONUNBUFFERED="1",
        PYTHONPYCACHEPREFIX=str(args.workdir.resolve() / "pycache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("LEARNPATH_DATA_DIR", None)
    env.pop("LEARNPATH_CACHE_DIR", None)
    work = Workdir(args.workdir, env, args.quick)
    shutil.rmtree(work.scratch(), ignore_errors=True)
    benches = [
        *build_benches(work, args.ticks),
        export_bench(work),
        backup_bench(work),
        *review_benches(work),
        study_bench(work),
    ]
    floor = benches[0]
    if args.only:
        benches = [floor] + [b for b in benches[1:] if args.only in b.name]
    runnable = [b for b in benches if (BENCH / b.script).exists()]
    print(f"warming up ({len(runnable)} benchmarks) ...", file=sys.stderr)
    for bench in runnable:  # fills the warm cache, creates databases, loads the page cache
        run_child(bench.script, bench.args(), env)
    for n in range(repeat):
        print(f"run {n + 1}/{repeat} ...", file=sys.stderr)
        for bench in runnable:
            bench.runs.append(run_child(bench.script, bench.args(), env))
            shutil.rmtree(work.scratch(), ignore_errors=True)
    print(
        f"{repeat} whole-process runs each; Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, QT_QPA_PLATFORM=offscreen\n"
    )
    print("\n".join(table(benches, floor)))
    if args.json:
        raw = {b.name: [vars(r) for r in b.runs] for b in benches}
        args.json.write_text(json.dumps(raw, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
