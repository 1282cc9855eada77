"""Reading a backup takes only a regular file, and never more than MAX_BYTES + 1 bytes of it:
a FIFO or device (no size, maybe endless) is refused at once instead of hanging."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.reports import backup as backup_module
from tracker.reports.backup import BackupError, read_backup_file

REPO = Path(__file__).resolve().parents[2]

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


@needs_fifo
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "backup.json"
    os.mkfifo(fifo)
    with pytest.raises(BackupError, match="not a regular file"):
        read_backup_file(fifo, "sample")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BackupError) as caught:
        read_backup_file(tmp_path, "sample")
    assert str(tmp_path) in str(caught.value)


def test_at_most_max_bytes_plus_one_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 5000)
    monkeypatch.setattr(backup_module, "MAX_BYTES", 100)
    with pytest.raises(BackupError, match="too large"):
        read_backup_file(big, "sample")


def test_a_file_that_grows_past_its_size_is_cut_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """st_size said it was small, but reading finds more: still refused, read only in part."""
    grows = tmp_path / "grows.json"
    grows.write_bytes(b" " * 5000)
    monkeypatch.setattr(backup_module, "MAX_BYTES", 100)
    real_fstat = os.fstat

    class Small:
        def __init__(self, info: os.stat_result) -> None:
            self._info = info

        def __getattr__(self, name: str) -> object:
            return 10 if name == "st_size" else getattr(self._info, name)

    monkeypatch.setattr(backup_module.os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(BackupError, match="too large"):
        read_backup_file(grows, "sample")


@needs_fifo
def test_cli_import_of_a_fifo_fails_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker",
            "--data-dir",
            str(tmp_path / "data"),
            "--curriculum",
            str(REPO / "curriculum" / "llm-engineer"),
            "import",
            str(fifo),
        ],
        capture_output=True,
        check=False,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 1
    assert b"not a regular file" in result.stderr and b"Traceback" not in result.stderr
