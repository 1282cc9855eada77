"""A refused open (damaged file, newer schema) writes nothing: not the file, not its -wal/-shm.

The checks read through a read-only connection; a read-write one would checkpoint the WAL into
the file and delete -wal/-shm when it closed as the last connection.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.storage.database import open_database
from tracker.storage.errors import DamagedDatabaseError, NewerSchemaError
from tracker.storage.fileguard import read_revision
from tracker.storage.migrate import ensure_schema
from tracker.storage.startup_view import StartupView


def _kill_after_wal_writes(path: Path, statements: list[str]) -> None:
    """Commit ``statements`` into the WAL only, then die, as a crashed program leaves a file."""
    child = (
        "import os, signal, sqlite3\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA wal_autocheckpoint=0')\n"
        f"for s in {statements!r}: c.execute(s)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    subprocess.run([sys.executable, "-c", child], check=False)
    assert path.with_name(path.name + "-wal").exists()
    assert path.with_name(path.name + "-shm").exists()


def _files(folder: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(folder.iterdir())}


def _corrupt_events_index(path: Path) -> None:
    """Overwrite the root page of an index the pending WAL does not touch."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_events_undo'"
        ).fetchone()[0]
    finally:
        connection.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))


@pytest.fixture
def newer(tmp_path: Path) -> Path:
    path = tmp_path / "progress.sqlite3"
    ensure_schema(path)
    _kill_after_wal_writes(
        path,
        [
            "UPDATE alembic_version SET version_num = '0099'",
            "INSERT INTO meta VALUES ('written_by', 'v99')",
        ],
    )
    return path


@pytest.fixture
def corrupt(tmp_path: Path) -> Path:
    path = tmp_path / "progress.sqlite3"
    ensure_schema(path)
    _kill_after_wal_writes(
        path,
        [
            "INSERT INTO profiles(name, created_at) VALUES ('x', '2030-01-01T00:00:00+00:00')",
            "INSERT INTO meta VALUES ('k', 'v')",
        ],
    )
    _corrupt_events_index(path)
    return path


@pytest.mark.parametrize("opener", [read_revision, ensure_schema, open_database, StartupView.open])
def test_newer_schema_refusal_leaves_file_wal_and_shm_byte_identical(newer: Path, opener) -> None:  # type: ignore[no-untyped-def]
    before = _files(newer.parent)
    if opener is read_revision:
        assert opener(newer) == "0099"
    elif opener == StartupView.open:
        assert opener(newer) is None
    else:
        with pytest.raises(NewerSchemaError):
            opener(newer)
    assert _files(newer.parent) == before


@pytest.mark.parametrize("opener", [read_revision, ensure_schema, open_database, StartupView.open])
def test_corrupt_file_refusal_leaves_file_wal_and_shm_byte_identical(corrupt: Path, opener) -> None:  # type: ignore[no-untyped-def]
    before = _files(corrupt.parent)
    with pytest.raises(DamagedDatabaseError):
        opener(corrupt)
    assert _files(corrupt.parent) == before


def test_check_of_a_closed_clean_file_creates_no_wal_or_shm(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    open_database(path).close()
    before = _files(tmp_path)
    assert read_revision(path) is not None
    assert _files(tmp_path) == before


def test_normal_open_still_applies_a_pending_wal(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    ensure_schema(path)
    _kill_after_wal_writes(path, ["INSERT INTO meta VALUES ('from_wal', 'yes')"])
    database = open_database(path)
    try:
        with database.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT value FROM meta WHERE key = 'from_wal'"
            ).fetchall()
    finally:
        database.close()
    assert rows == [("yes",)]
