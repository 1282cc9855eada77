"""The whole upgrade is one transaction, foreign keys checked before its COMMIT: rows pointing
to missing rows make it fail with a readable StorageError, at the old revision, file usable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tracker.storage import migrate
from tracker.storage.database import open_database
from tracker.storage.errors import StorageError

STAMP = "2030-01-01T00:00:00+00:00"


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.fixture
def orphaned(tmp_path: Path) -> Path:
    """A 0001 database with a note and a status of a profile that does not exist."""
    path = tmp_path / "progress.sqlite3"
    migrate.upgrade(path, "0001")
    connection = sqlite3.connect(path)  # foreign keys are off in a plain stdlib connection
    with connection:
        connection.execute(
            "INSERT INTO profiles (id, name, created_at) VALUES (1, 'a', ?)", (STAMP,)
        )
        connection.execute(
            "INSERT INTO task_states VALUES (1, 'sample', 't1', 'done', ?, NULL, NULL)", (STAMP,)
        )
        connection.execute(
            "INSERT INTO notes VALUES (99, 'sample', 'task', 't2', 'orphan', ?)", (STAMP,)
        )
    connection.close()
    return path


def _dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_upgrade_refuses_broken_references_and_keeps_the_old_revision(orphaned: Path) -> None:
    before = _dump(orphaned)
    with pytest.raises(StorageError) as caught:
        migrate.upgrade(orphaned, "head")
    message = str(caught.value)
    assert str(orphaned) in message
    assert "notes -> profiles" in message
    assert caught.value.__class__ is StorageError
    assert _query(orphaned, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert _dump(orphaned) == before  # no revision was committed on its own
    assert _query(orphaned, "PRAGMA integrity_check") == [("ok",)]


def test_open_reports_the_broken_references_and_the_file_stays_usable(orphaned: Path) -> None:
    with pytest.raises(StorageError, match="point to rows that do not exist"):
        open_database(orphaned)
    assert _query(orphaned, "SELECT version_num FROM alembic_version") == [("0001",)]
    # Still a usable file: once the orphan is gone the upgrade goes through.
    connection = sqlite3.connect(orphaned)
    with connection:
        connection.execute("DELETE FROM notes WHERE profile_id = 99")
    connection.close()
    open_database(orphaned).close()
    assert _query(orphaned, "SELECT version_num FROM alembic_version") == [(migrate.HEAD,)]
    assert _query(orphaned, "SELECT profile_id, task_id, status FROM task_states") == [
        (1, "t1", "done")
    ]
