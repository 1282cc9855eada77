"""write_atomic replaces regular files only: a symlink is followed (the link stays), a FIFO,
device or folder is refused, an empty name is an error, and the old permission bits are kept."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.reports.formats import write_atomic

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_a_symlink_is_kept_and_its_target_replaced(tmp_path: Path) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = real_dir / "summary.md"
    real.write_bytes(b"old")
    link = tmp_path / "summary.md"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in real_dir.iterdir()) == ["summary.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real", "summary.md"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_and_left_alone(tmp_path: Path) -> None:
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file") as caught:
        write_atomic(fifo, b"new")
    assert caught.value.strerror and "not replaced" in caught.value.strerror
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_symlink_to_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "out.md"
    link.symlink_to(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        write_atomic(link, b"new")
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "out.md"
    folder.mkdir()
    with pytest.raises(OSError, match="not a regular file"):
        write_atomic(folder, b"new")
    assert folder.is_dir()


@pytest.mark.parametrize("name", ["", ".", ".."])
def test_no_file_name_is_an_error(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OSError, match="no file name"):
        write_atomic(Path(name), b"new")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_the_old_permission_bits_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == b"new"


def test_cli_empty_output_is_a_clear_error(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    work = tmp_path / "cwd"
    work.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker",
            "--data-dir",
            str(tmp_path / "data"),
            "--curriculum",
            str(REPO / "curriculum" / "llm-engineer"),
            "export",
            "--format",
            "md",
            "-o",
            "",
        ],
        capture_output=True,
        check=False,
        env=env,
        cwd=work,
        timeout=120,
    )
    assert result.returncode == 2
    assert b"needs a file name" in result.stderr and b"Traceback" not in result.stderr
    assert list(work.iterdir()) == []
