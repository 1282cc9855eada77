"""A killed export leaves its hidden ``.<name>.<random>.tmp``; the next export into the folder
removes those older than a few minutes, and nothing else."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tracker.reports.formats import STALE_TEMPORARY_S, write_atomic


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_killed_write_leaves_a_temporary_that_the_next_export_removes(tmp_path: Path) -> None:
    # A real kill, in the middle of the write (the process stops itself before the rename).
    child = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "import tracker.reports.formats as f\n"
        "f.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"f.write_atomic(Path({str(tmp_path / 'progress.json')!r}), b'x' * 100000)\n"
    )
    result = subprocess.run([sys.executable, "-c", child], check=False)
    assert result.returncode == -signal.SIGKILL
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and left[0].name.startswith(".progress.json.")
    _age(left[0], STALE_TEMPORARY_S + 60)
    young = tmp_path / ".progress.md.abcd1234.tmp"
    young.write_bytes(b"another export, still writing")
    others = [tmp_path / ".bashrc.tmp", tmp_path / ".notes.txt.abcd1234.tmp", tmp_path / "a.tmp"]
    for other in others:
        other.write_bytes(b"not ours")
        _age(other, STALE_TEMPORARY_S + 60)

    write_atomic(tmp_path / "summary.csv", b"a,b\n")

    assert not left[0].exists()
    assert young.exists()
    assert all(other.exists() for other in others)
    assert (tmp_path / "summary.csv").read_bytes() == b"a,b\n"
