"""A database behind a dangling symbolic link or a loop, a database or -shm that is a FIFO, a
-wal that is a folder: each is refused at once with a one-line message naming what is wrong, and
nothing is replaced or created."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.storage.database import open_database
from tracker.storage.errors import StorageError
from tracker.storage.startup_view import StartupView

DB = "learnpath.sqlite3"


def _within(seconds: float, action: Callable[[], object]) -> BaseException | None:
    """Run ``action`` in a daemon thread; the exception it raised (a hang fails the test)."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            action()
        except BaseException as error:  # the outcome under test
            outcome.append(error)
        else:
            outcome.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still blocked after {seconds} s"
    return outcome[0]


def test_a_dangling_symlink_is_refused_naming_its_target_and_kept(tmp_path: Path) -> None:
    path = tmp_path / DB
    target = tmp_path / "unmounted" / "learnpath.sqlite3"
    path.symlink_to(target)
    with pytest.raises(StorageError) as caught:
        open_database(path)
    assert str(target) in str(caught.value) and "missing" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert path.is_symlink() and os.readlink(path) == str(target)
    assert not target.parent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB]


def test_a_symlink_loop_is_refused(tmp_path: Path) -> None:
    path = tmp_path / DB
    path.symlink_to(path.name)
    with pytest.raises(StorageError, match="loops back on itself"):
        open_database(path)
    assert path.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB]


def test_a_symlink_to_a_database_still_works(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.sqlite3"
    open_database(real).close()
    path = tmp_path / DB
    path.symlink_to(real)
    open_database(path).close()
    assert path.is_symlink()


def test_a_database_that_is_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / DB
    os.mkfifo(path)
    error = _within(10, lambda: open_database(path))
    assert isinstance(error, StorageError)
    assert "FIFO" in str(error) and str(path) in str(error)
    error = _within(10, lambda: StartupView.open(path))
    assert isinstance(error, StorageError)


@pytest.mark.parametrize(
    ("suffix", "make", "words"),
    [
        ("-shm", os.mkfifo, "is a FIFO (named pipe), not a file"),
        ("-wal", os.mkfifo, "is a FIFO (named pipe), not a file"),
        ("-wal", os.mkdir, "is a folder, not a file"),
        ("-shm", os.mkdir, "is a folder, not a file"),
    ],
)
def test_a_companion_that_is_not_a_file_is_named(
    tmp_path: Path, suffix: str, make: Callable[[Path], None], words: str
) -> None:
    path = tmp_path / DB
    open_database(path).close()
    companion = tmp_path / f"{DB}{suffix}"
    make(companion)
    error = _within(10, lambda: open_database(path))
    assert isinstance(error, StorageError)
    assert f"{companion} {words}" in str(error)
    assert "missing, read-only" not in str(error)
