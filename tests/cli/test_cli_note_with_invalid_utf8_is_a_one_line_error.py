"""``learnpath note TASK $'bad\\xffbyte'``: a one-line error, no traceback, nothing saved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CURRICULUM = REPO / "curriculum" / "llm-engineer"
TASK = "agent-classic-cases"


def _run(data_dir: Path, *args: bytes) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable.encode(), b"-m", b"tracker", b"--data-dir", os.fsencode(data_dir)]
    command += [b"--curriculum", os.fsencode(CURRICULUM)]
    return subprocess.run(
        [*command, *args],
        check=False,
        capture_output=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"},
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX command lines carry raw bytes")
def test_note_text_that_is_not_utf8_is_a_one_line_error(tmp_path: Path) -> None:
    result = _run(tmp_path, b"note", TASK.encode(), b"bad\xffbyte")
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode != 0
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "not valid UTF-8" in stderr
    shown = _run(tmp_path, b"note", TASK.encode())
    assert b"bad" not in shown.stdout
