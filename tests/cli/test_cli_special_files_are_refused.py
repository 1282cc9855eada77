"""Special files named on the command line are refused at once with one line: ``note --file``
of a device, a FIFO or a huge file, and a curriculum that is a FIFO or a device (the window's
curriculum cache hashes the files before the loader sees them)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tracker.curriculum.cache import load_curriculum_cached
from tracker.curriculum.errors import CurriculumError

REPO = Path(__file__).resolve().parents[2]
CURRICULUM = REPO / "curriculum" / "llm-engineer"


def run(data_dir: Path, *args: str, curriculum: Path = CURRICULUM) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "tracker", "--data-dir", str(data_dir)]
    result = subprocess.run(
        [*command, "--curriculum", str(curriculum), *args],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=REPO,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def test_note_from_dev_zero_is_refused_in_one_line(tmp_path: Path) -> None:
    result = run(tmp_path, "note", "agent-classic-cases", "--file", "/dev/zero")
    assert result.returncode == 1
    assert result.stderr == "learnpath: /dev/zero is a device, not a file; nothing saved\n"


def test_note_from_a_fifo_is_refused_without_waiting(tmp_path: Path, fifo: Path) -> None:
    result = run(tmp_path, "note", "agent-classic-cases", "--file", str(fifo))
    assert result.returncode == 1
    assert "is a FIFO (named pipe), not a file" in result.stderr


def test_note_from_a_huge_file_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as stream:
        stream.truncate(64 * 1024 * 1024)  # sparse: costs no disk
    result = run(tmp_path / "data", "note", "agent-classic-cases", "--file", str(huge))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "larger than" in result.stderr


@pytest.mark.parametrize("name", ["fifo", "/dev/zero"])
def test_a_curriculum_that_is_a_fifo_or_a_device_is_refused(
    tmp_path: Path, fifo: Path, name: str
) -> None:
    source = fifo if name == "fifo" else Path(name)
    result = run(tmp_path, "status", curriculum=source)
    assert result.returncode == 1
    assert f"{source}:1:1: not a regular file" in result.stderr
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_curriculum_cached(source, tmp_path / "cache")
        except CurriculumError as error:
            outcome.append(error)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(20)
    assert outcome, "the window's loader blocked or did not refuse"
    assert "not a regular file" in str(outcome[0].problems[0])
