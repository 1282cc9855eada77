"""A -wal left by a crashed run, beside a backup copy put back in place of its file, belongs to
another copy of the database: it is not replayed into the copy (which SQLite would do silently,
damaging it) but kept aside as ``NAME-wal.foreign-<time>``, with a warning naming it."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tracker.progress.records import TaskStatus
from tracker.storage.database import open_database
from tracker.storage.store import ProgressStore

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _statuses(store: ProgressStore, names: list[str], tasks: list[str]) -> None:
    for name in names:
        profile = store.add_profile(name, NOW)
        assert profile is not None
        for task in tasks:
            store.set_status(profile.id, "c", task, TaskStatus.DONE, NOW)


def _crash_with_wal(path: Path) -> None:
    """Write into ``path`` with checkpoints off, then die: the -wal keeps the frames."""
    child = (
        "import os, signal, sqlite3\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint=0')\n"
        "c.execute(\"DELETE FROM task_states WHERE task_id LIKE 'other-1%'\")\n"
        "c.execute(\"INSERT INTO profiles (name, created_at) VALUES ('late', '2026-03-02')\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", child], check=False)


def test_a_wal_written_for_another_copy_is_kept_aside_not_replayed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "learnpath.sqlite3"
    store = ProgressStore.open(path)
    _statuses(store, ["anna", "ben"], [f"task-{i}" for i in range(30)])
    store.close()
    backup = tmp_path / "copy.sqlite3"
    shutil.copyfile(path, backup)
    store = ProgressStore.open(path)  # the file moves on: many pages change after the copy
    _statuses(store, [f"p{n}" for n in range(40)], [f"other-{i}" for i in range(20)])
    store.close()
    _crash_with_wal(path)
    wal = tmp_path / "learnpath.sqlite3-wal"
    assert wal.stat().st_size > 32
    wal_bytes = wal.read_bytes()
    shutil.copyfile(backup, path)  # the learner puts the copy back

    with caplog.at_level(logging.WARNING, logger="tracker.storage"):
        open_database(path).close()

    kept = list(tmp_path.glob("learnpath.sqlite3-wal.foreign-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == wal_bytes
    assert "does not belong to learnpath.sqlite3" in caplog.text and kept[0].name in caplog.text
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = [row[0] for row in connection.execute("SELECT name FROM profiles ORDER BY id")]
        assert names == ["anna", "ben"]
        assert connection.execute("SELECT count(*) FROM task_states").fetchone() == (60,)
    finally:
        connection.close()


def test_a_wal_of_the_same_file_is_replayed(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    store = ProgressStore.open(path)
    _statuses(store, ["anna"], [f"other-{i}" for i in range(20)])
    store.close()
    _crash_with_wal(path)
    open_database(path).close()
    assert list(tmp_path.glob("*foreign*")) == []
    connection = sqlite3.connect(path)
    try:
        names = [row[0] for row in connection.execute("SELECT name FROM profiles ORDER BY id")]
        assert names == ["anna", "late"]
    finally:
        connection.close()
