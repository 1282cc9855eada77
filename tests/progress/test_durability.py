"""Nothing lost: commits survive SIGKILL at any moment, and two writers at once lose nothing."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("child_writer.py")
KILLS = 32


def _spawn(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _events(path: Path) -> tuple[set[tuple[str, str, str]], set[tuple[str, str]]]:
    connection = sqlite3.connect(path)
    try:
        statuses = {
            (task, new, at)
            for task, new, at in connection.execute(
                "SELECT item_id, new, at FROM events WHERE kind = 'status'"
            )
        }
        notes = {
            (task, new)
            for task, new in connection.execute(
                "SELECT item_id, new FROM events WHERE kind = 'note'"
            )
        }
    finally:
        connection.close()
    return statuses, notes


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return "; ".join(r[0] for r in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


@pytest.mark.slow
def test_commits_survive_sigkill_at_random_moments(tmp_path: Path) -> None:
    from datetime import datetime

    rng = random.Random(20300301)
    reported: list[str] = []
    killed_while_writing = 0
    for round_number in range(KILLS):
        child = _spawn(tmp_path, "kill")
        assert child.stdout is not None
        lines: list[str] = []
        reader = threading.Thread(
            target=lambda c=child, out=lines: out.extend(c.stdout), daemon=True
        )  # type: ignore[misc]
        reader.start()
        if round_number % 4 == 0:
            time.sleep(rng.uniform(0.0, 0.4))  # anywhere, start-up and migration check included
        else:
            deadline = time.monotonic() + 10
            while not lines and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.15))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        reader.join(timeout=10)
        assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()
        commits = [line.rstrip("\n") for line in lines if line[:2] in ("S\t", "N\t")]
        killed_while_writing += bool(commits)
        reported.extend(commits)
    database = tmp_path / "learnpath.sqlite3"
    assert _integrity(database) == "ok"
    statuses, notes = _events(database)
    missing = []
    for line in reported:
        kind, task, value, *rest = line.split("\t")
        if kind == "S":
            at = datetime.fromisoformat(rest[0]).isoformat(timespec="microseconds")
            if (task, value, at) not in statuses:
                missing.append(line)
        elif (task, value) not in notes:
            missing.append(line)
    assert missing == []
    assert killed_while_writing >= KILLS // 2
    assert len(reported) > KILLS


@pytest.mark.slow
def test_two_processes_setting_statuses_at_once_lose_nothing(tmp_path: Path) -> None:
    from tracker.progress.records import TaskStatus
    from tracker.progress.service import ProgressService

    sys.path.insert(0, str(CHILD.parent))
    from sample_curriculum import make_curriculum

    curriculum = make_curriculum()
    ProgressService.open(tmp_path, curriculum).close()  # both children find the database made
    count = 300
    children = [_spawn(tmp_path, "race", str(count), str(start)) for start in (0, 1)]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert err == ""
    reported = [
        line.split("\t") for out, _ in outputs for line in out.splitlines() if line[:2] == "S\t"
    ]
    assert len(reported) == 2 * count
    statuses, _notes = _events(tmp_path / "learnpath.sqlite3")
    assert len(statuses) == 2 * count
    last: dict[str, str] = {}
    for _kind, task, status, _at in reported:
        last[task] = status
    service = ProgressService.open(tmp_path, curriculum)
    try:
        states = service.task_states()
        assert {task: states[task].status for task in last} == {
            task: TaskStatus(status) for task, status in last.items()
        }
    finally:
        service.close()
