"""Bad files are reported with their path and left in place; a new database is set up safely."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.storage.database import open_database
from tracker.storage.errors import DamagedDatabaseError, StorageError
from tracker.storage.fileguard import set_aside


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _valid_database(path: Path) -> None:
    database = open_database(path)
    database.close()


def _damage_zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _damage_garbage(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _damage_yaml(path: Path) -> None:
    path.write_text("id: llm-engineer\nstages:\n  - id: basics\n    title: Basics\n")


def _damage_truncated(path: Path) -> None:
    _valid_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _damage_truncated_to_whole_pages(path: Path) -> None:
    _valid_database(path)
    data = path.read_bytes()
    path.write_bytes(data[:4096])


def _damage_header_only(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00")


def _damage_pages(path: Path) -> None:
    _valid_database(path)
    data = bytearray(path.read_bytes())
    data[4096 + 16 : 4096 * 3] = os.urandom(4096 * 2 - 16)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (_damage_zero_bytes, "empty (zero bytes)"),
        (_damage_garbage, "not an SQLite database"),
        (_damage_yaml, "not an SQLite database"),
        (_damage_truncated, "truncated"),
        (_damage_truncated_to_whole_pages, "truncated"),
        (_damage_header_only, "truncated"),
        (_damage_pages, ""),
    ],
)
def test_bad_file_is_reported_with_its_path_and_kept(
    tmp_path: Path,
    damage,
    words: str,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "learnpath.sqlite3"
    damage(path)
    before = _digest(path)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(path)
    message = str(caught.value)
    assert str(path) in message and words in message
    assert caught.value.path == path
    assert path.exists() and _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learnpath.sqlite3"]


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    with pytest.raises(StorageError, match="not a LearnPath one"):
        open_database(path)


def test_empty_sqlite_file_with_no_tables_is_set_up(tmp_path: Path) -> None:
    path = tmp_path / "blank.sqlite3"
    sqlite3.connect(path).execute("PRAGMA user_version = 0").connection.close()
    _valid_database(path)
    assert "alembic_version" in _tables(path)


def _tables(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    finally:
        connection.close()


def test_new_database_uses_wal_full_sync_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    database = open_database(tmp_path / "new" / "learnpath.sqlite3")
    try:
        with database.reading() as session:
            connection = session.connection()

            def pragma(name: str) -> object:
                return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("foreign_keys") == 1
            assert int(str(pragma("busy_timeout"))) >= 5000
        assert database.integrity_check() == "ok"
    finally:
        database.close()
    leftovers = [p.name for p in (tmp_path / "new").iterdir() if "creating" in p.name]
    assert leftovers == []


def test_writes_begin_immediate_so_a_second_writer_waits(tmp_path: Path) -> None:
    """A write transaction takes the write lock at BEGIN, before it has written anything."""
    path = tmp_path / "learnpath.sqlite3"
    database = open_database(path)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with database.writing() as session:
            session.connection()  # BEGIN IMMEDIATE emitted here
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with database.reading() as session:
            session.connection()
            other.execute("BEGIN IMMEDIATE")  # a read does not hold the write lock
            other.execute("ROLLBACK")
    finally:
        other.close()
        database.close()


def test_locked_database_is_a_storage_error_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    _valid_database(path)
    database = open_database(path, busy_timeout_s=0.05)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageError, match="locked") as caught, database.writing() as session:
            session.connection()
        assert str(path) in str(caught.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        database.close()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_read_only_folder_is_a_storage_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError) as caught:
            open_database(folder / "learnpath.sqlite3")
        assert str(folder) in str(caught.value)
    finally:
        folder.chmod(0o700)


def test_unwritable_data_folder_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot create the data folder"):
        open_database(blocker / "sub" / "learnpath.sqlite3")


def test_set_aside_moves_a_damaged_file_and_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    path.write_bytes(b"")
    moved = set_aside(path)
    assert not path.exists() and moved.exists() and ".broken-" in moved.name
    _valid_database(path)  # the learner chose to start afresh


def test_an_up_to_date_database_opens_without_importing_alembic(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    _valid_database(path)
    script = (
        "import sys; from pathlib import Path; from tracker.storage.database import open_database;"
        f"open_database(Path({str(path)!r})).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
