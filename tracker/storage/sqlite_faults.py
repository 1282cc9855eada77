"""What kind of fault an ``sqlite3`` error is, read from its result code (never its message).

``sqlite3.Error.sqlite_errorcode`` (Python 3.11) carries SQLite's extended result code; its low
byte is the primary code this module sorts by. SQLAlchemy wraps the driver's error: pass its
``.orig``. An error raised by Python code rather than by SQLite has no code and is ``OTHER``,
unless it was made with ``sqlite_error``.
"""

from __future__ import annotations

import enum
import sqlite3


class SqliteFault(enum.Enum):
    """The learner-facing kinds of SQLite failure, each told apart by ``describe_sqlite_error``."""

    DISK_FULL = "disk_full"
    LOCKED = "locked"
    READ_ONLY = "read_only"
    CANNOT_OPEN = "cannot_open"
    DAMAGED = "damaged"
    DISK_IO = "disk_io"
    OTHER = "other"


_BY_PRIMARY_CODE = {
    sqlite3.SQLITE_FULL: SqliteFault.DISK_FULL,
    sqlite3.SQLITE_BUSY: SqliteFault.LOCKED,
    sqlite3.SQLITE_LOCKED: SqliteFault.LOCKED,
    sqlite3.SQLITE_READONLY: SqliteFault.READ_ONLY,
    sqlite3.SQLITE_CANTOPEN: SqliteFault.CANNOT_OPEN,
    sqlite3.SQLITE_CORRUPT: SqliteFault.DAMAGED,
    sqlite3.SQLITE_NOTADB: SqliteFault.DAMAGED,
    sqlite3.SQLITE_IOERR: SqliteFault.DISK_IO,
}


def sqlite_fault(error: BaseException) -> SqliteFault:
    """The kind of ``error`` by its SQLite result code; ``OTHER`` when it has none."""
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return SqliteFault.OTHER
    return _BY_PRIMARY_CODE.get(code & 0xFF, SqliteFault.OTHER)


def sqlite_error(message: str, name: str) -> sqlite3.OperationalError:
    """An ``OperationalError`` carrying the result code ``name`` (e.g. ``"SQLITE_BUSY"``) as
    SQLite's own would, for a failure that our code detects itself."""
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = getattr(sqlite3, name)
    error.sqlite_errorname = name
    return error
