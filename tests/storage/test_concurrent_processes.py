"""Several ``learnpath`` processes at once: on a new, empty data folder (they race to create the
database) and on an existing one (they race each other's opens and closes). Every acknowledged
tick must be there afterwards, nothing set aside, no false "folder is missing" failure.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CURRICULUM = REPO / "curriculum" / "llm-engineer"
WORKER = Path(__file__).with_name("cli_worker.py")
DB = "learnpath.sqlite3"
TASKS = (
    "ai-history-three-periods",
    "large-model-basic-concepts",
    "ml-loss-and-gradient-descent",
    "practice-logistic-regression-from-scratch",
    "agent-classic-cases",
)


class Worker:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=REPO,
        )
        assert json.loads(self._line()) == {"ready": True}

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the worker died"
        return line

    def send(self, folder: Path, *args: str, repeat: int = 1) -> None:
        argv = ["--data-dir", str(folder), "--curriculum", str(CURRICULUM), *args]
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"argv": argv, "repeat": repeat}) + "\n")

    def flush(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.flush()

    def results(self) -> list[tuple[object, str, str]]:
        return [tuple(result) for result in json.loads(self._line())["results"]]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)
        assert self.process.stdout is not None
        self.process.stdout.close()


@pytest.fixture
def workers(request: pytest.FixtureRequest) -> Iterator[list[Worker]]:
    started = [Worker() for _ in range(request.param)]
    yield started
    for worker in started:
        worker.close()


def _go(workers: list[Worker], commands: list[tuple[Path, tuple[str, ...], int]]) -> list:
    """Send each worker its command, release them together, gather every result."""
    for worker, (folder, args, repeat) in zip(workers, commands, strict=True):
        worker.send(folder, *args, repeat=repeat)
    for worker in workers:
        worker.flush()
    return [worker.results() for worker in workers]


def _statuses(path: Path) -> dict[str, str]:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return dict(connection.execute("SELECT task_id, status FROM task_states").fetchall())
    finally:
        connection.close()


def _set_aside(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if re.search(r"orphaned|broken|creating", p.name)]


@pytest.mark.slow
@pytest.mark.parametrize("workers", [4], indirect=True)
def test_processes_starting_on_a_new_folder_keep_every_acknowledged_tick(
    workers: list[Worker], tmp_path: Path
) -> None:
    lost, failed = [], []
    for trial in range(12):
        folder = tmp_path / f"trial-{trial}"
        commands = [(folder, ("tick", TASKS[i]), 1) for i in range(len(workers))]
        results = _go(workers, commands)
        acknowledged = []
        for i, [(code, out, err)] in enumerate(results):
            if code == 0 and "todo -> done" in out:
                acknowledged.append(TASKS[i])
            else:
                failed.append(f"trial {trial}, {TASKS[i]}: {code} {err.strip()}")
        statuses = _statuses(folder / DB)
        lost += [f"trial {trial}: {task}" for task in acknowledged if statuses.get(task) != "done"]
        assert _set_aside(folder) == [], f"trial {trial}"
    assert lost == []
    assert failed == []


@pytest.mark.slow
@pytest.mark.parametrize("workers", [8], indirect=True)
def test_eight_processes_ticking_an_existing_folder_never_fail(
    workers: list[Worker], tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    _go(workers[:1], [(folder, ("status",), 1)])
    ticks = 50
    commands = []
    for i in range(len(workers)):
        commands.append((folder, ("tick", TASKS[i % len(TASKS)]), ticks))
    results = _go(workers, commands)
    failures = [
        f"worker {i}: {code} {err.strip()}"
        for i, worker_results in enumerate(results)
        for code, _out, err in worker_results
        if code != 0
    ]
    assert len(failures) == 0, "\n".join(failures[:10])
    assert sum(len(r) for r in results) == len(workers) * ticks
    assert _set_aside(folder) == []
    assert _statuses(folder / DB)
