"""Real ``sqlite3`` errors, raised by SQLite itself (with their result codes), for tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def _raised(connection: sqlite3.Connection, *statements: str) -> sqlite3.Error:
    try:
        for statement in statements:
            connection.execute(statement)
    except sqlite3.Error as error:
        return error
    finally:
        connection.close()
    raise AssertionError(f"SQLite raised nothing for {statements}")


def disk_full() -> sqlite3.Error:
    """SQLITE_FULL: the database may not grow by another page (as on a full disk)."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (x)")
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    return _raised(
        connection,
        f"PRAGMA max_page_count = {pages}",
        "INSERT INTO t VALUES (zeroblob(100000))",
    )


def locked(folder: Path) -> sqlite3.Error:
    """SQLITE_BUSY: another connection holds the write lock."""
    path = folder / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE IF NOT EXISTS t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        return _raised(sqlite3.connect(path, timeout=0), "INSERT INTO t VALUES (1)")
    finally:
        holder.close()


def read_only(folder: Path) -> sqlite3.Error:
    """SQLITE_READONLY: a write through a read-only connection."""
    path = folder / "read-only.sqlite3"
    sqlite3.connect(path).close()
    uri = f"{path.absolute().as_uri()}?mode=ro"
    return _raised(sqlite3.connect(uri, uri=True), "CREATE TABLE t (x)")


def cannot_open(folder: Path) -> sqlite3.Error:
    """SQLITE_CANTOPEN: the database's folder does not exist."""
    try:
        sqlite3.connect(folder / "missing" / "db.sqlite3")
    except sqlite3.Error as error:
        return error
    raise AssertionError("SQLite opened a file in a missing folder")


def not_a_database(folder: Path) -> sqlite3.Error:
    """SQLITE_NOTADB: a file that is not a database."""
    path = folder / "text.sqlite3"
    path.write_bytes(b"just some text, long enough to be read as a header " * 4)
    return _raised(sqlite3.connect(path), "SELECT * FROM sqlite_master")


def no_such_table(name: str) -> sqlite3.Error:
    """SQLITE_ERROR: an ordinary SQL error whose message holds ``name``."""
    return _raised(sqlite3.connect(":memory:"), f"SELECT * FROM {name}")
