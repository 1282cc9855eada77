"""A grade reported as committed survives SIGKILL of the process at any moment."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("child_reviewer.py")
KILLS = 12
RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}


@pytest.mark.slow
def test_committed_grades_survive_sigkill_during_reviews(tmp_path: Path) -> None:
    rng = random.Random(20301130)
    reported: list[str] = []
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert child.stdout is not None
        lines: list[str] = []
        reader = threading.Thread(
            target=lambda c=child, out=lines: out.extend(c.stdout), daemon=True
        )  # type: ignore[misc]
        reader.start()
        deadline = time.monotonic() + 20
        while not any(line.startswith("G\t") for line in lines) and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.2))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        reader.join(timeout=10)
        assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()
        reported.extend(line.rstrip("\n") for line in lines if line.startswith("G\t"))
    connection = sqlite3.connect(tmp_path / "learnpath.sqlite3")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = set(
            connection.execute(
                "SELECT s.card_key, l.rating, l.review_datetime FROM review_logs l "
                "JOIN card_states s ON s.id = l.card_id"
            ).fetchall()
        )
    finally:
        connection.close()
    missing = []
    for line in reported:
        _, card, rating, at = line.split("\t")
        stamp = datetime.fromisoformat(at).isoformat(timespec="microseconds")
        if (card, RATINGS[rating], stamp) not in stored:
            missing.append(line)
    assert missing == []
    assert len(reported) >= KILLS
