"""A -wal/-shm whose main file is gone are renamed to NAME-wal.orphaned-<time> (kept, logged)
before a new database is made, so their pages are never replayed into the new file."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.storage import migrate
from tracker.storage.database import open_database


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_orphan_wal_and_shm_are_kept_aside_and_not_replayed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "learnpath.sqlite3"
    open_database(path).close()
    child = (
        "import os, signal, sqlite3\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint=0')\n"
        "for i in range(50): c.execute(\"INSERT INTO meta VALUES (?, 'v')\", (f'k{i}',))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", child], check=False)
    wal, shm = (path.with_name(path.name + s) for s in ("-wal", "-shm"))
    kept = {"-wal": _digest(wal), "-shm": _digest(shm)}
    path.unlink()  # the main file is lost; its -wal/-shm remain
    with caplog.at_level(logging.WARNING, logger="tracker.storage"):
        assert migrate.ensure_schema(path)
    for suffix, digest in kept.items():
        aside = list(tmp_path.glob(f"learnpath.sqlite3{suffix}.orphaned-*"))
        assert len(aside) == 1 and _digest(aside[0]) == digest
    assert "orphaned" in caplog.text
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT count(*) FROM meta WHERE key LIKE 'k%'").fetchone() == (
            0,
        )
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.HEAD,)
        ]
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()
