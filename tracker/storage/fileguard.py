"""Checks a database file before SQLAlchemy sees it, with the stdlib ``sqlite3`` only.

A zero-byte, truncated, corrupt or not-a-database file is reported with its path and left exactly
where it is; nothing here writes to the file. The same pass reads the schema revision so that a
database already at the newest revision never needs Alembic imported.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from tracker.safe_read import kind_of, non_regular
from tracker.storage.errors import DamagedDatabaseError, StorageError
from tracker.storage.sqlite_faults import SqliteFault, sqlite_fault

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
BUSY_TIMEOUT_S = 10.0

log = logging.getLogger("tracker.storage")


def describe_sqlite_error(path: Path, error: sqlite3.Error) -> StorageError:
    """A user-readable ``StorageError`` for an sqlite3 failure on ``path`` (told apart by its
    SQLite result code)."""
    fault = sqlite_fault(error)
    if fault is SqliteFault.DISK_FULL:
        return StorageError(f"cannot save to {path}: the disk is full", path, code="disk_full")
    if fault is SqliteFault.LOCKED:
        return StorageError(
            f"{path} is locked by another program (waited {BUSY_TIMEOUT_S:.0f} s); try again",
            path,
            code="locked",
            seconds=f"{BUSY_TIMEOUT_S:.0f}",
        )
    if fault is SqliteFault.READ_ONLY:
        return StorageError(
            f"cannot write to {path}: the file or its folder is read-only", path, code="read_only"
        )
    if fault is SqliteFault.CANNOT_OPEN:
        return StorageError(
            f"cannot open {path}: the folder is missing, read-only or not accessible",
            path,
            code="cannot_open",
        )
    if fault is SqliteFault.DAMAGED:
        return DamagedDatabaseError(
            f"{path} is damaged ({error}); it was left in place — restore a backup",
            path,
            code="damaged",
            reason="corrupt",
            detail=str(error),
        )
    if fault is SqliteFault.DISK_IO:
        if _nearly_full(path.parent):  # SQLite reports some writes on a full disk so
            return StorageError(f"cannot save to {path}: the disk is full", path, code="disk_full")
        return StorageError(f"cannot read or write {path}: disk I/O error", path, code="disk_io")
    return StorageError(f"{path}: {error}", path)


NEARLY_FULL_BYTES = 1024 * 1024
"""Free space under which a "disk I/O error" is taken for a full disk (growing the -shm on a
disk with a few KB left fails as an I/O error, not as SQLITE_FULL)."""


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _damaged(path: Path, why: str, reason: str, **details: object) -> DamagedDatabaseError:
    """``why`` in English; ``reason`` (with ``details``) says it for a window in another
    language: empty, not_sqlite, short, bad_header, partial_page, truncated, corrupt,
    version_table."""
    return DamagedDatabaseError(
        f"{path} {why}; it is not a usable LearnPath database and was left in place "
        "(move it aside or restore a backup)",
        path,
        code="damaged",
        reason=reason,
        **details,
    )


def os_details(error: OSError) -> dict[str, object]:
    """An ``OSError`` as details of a ``StorageError``: its text and its errno's name (which a
    window translates)."""
    return {
        "error": error.strerror or str(error),
        "errno": errno.errorcode.get(error.errno or 0, ""),
    }


def check_header(path: Path) -> None:
    """Reject an empty, truncated or non-SQLite file from its first bytes and its size."""
    check_companions(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO: no wait
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise StorageError(
                    f"{path} is {kind_of(status.st_mode)}, not a database file; nothing was "
                    "changed — move it away",
                    path,
                    code="not_a_file",
                    file_kind=kind_of(status.st_mode),
                )
            size = status.st_size
            header = os.read(fd, HEADER_SIZE)
        finally:
            os.close(fd)
    except OSError as error:
        raise StorageError(
            f"cannot read {path}: {error.strerror or error}",
            path,
            code="cannot_read",
            **os_details(error),
        ) from error
    if size == 0:
        raise _damaged(path, "is empty (zero bytes)", "empty")
    if not header.startswith(SQLITE_HEADER[: min(len(header), len(SQLITE_HEADER))]):
        raise _damaged(path, "is not an SQLite database", "not_sqlite")
    if len(header) < HEADER_SIZE:
        raise _damaged(path, f"is truncated ({size} bytes)", "short", size=size)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise _damaged(path, "has a damaged header", "bad_header")
    if size % page_size:
        raise _damaged(
            path,
            f"is truncated ({size} bytes is not a whole number of pages)",
            "partial_page",
            size=size,
        )
    change_counter = int.from_bytes(header[24:28], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    pages = int.from_bytes(header[28:32], "big")
    wal = path.with_name(path.name + "-wal")
    try:  # another process closing as the last one may remove it meanwhile
        wal_pending = wal.stat().st_size > 0
    except OSError:
        wal_pending = False
    # With a pending WAL the main file may legitimately lag behind; quick_check judges then.
    if change_counter == valid_for and not wal_pending and size < pages * page_size:
        raise _damaged(
            path,
            f"is truncated ({size} of {pages * page_size} bytes)",
            "truncated",
            size=size,
            expected=pages * page_size,
        )


def check_companions(path: Path) -> None:
    """Refuse a -wal, -shm or -journal that is a folder, FIFO or device: SQLite would fail on
    it with a misleading message, or wait forever."""
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        kind = non_regular(companion)
        if kind is not None:
            raise StorageError(
                f"{companion} is {kind}, not a file; SQLite cannot use {path.name} beside it — "
                "move it away, then start again",
                companion,
                code="companion_not_a_file",
                file_kind=kind,
                name=path.name,
            )


WAL_HEADER_SIZE = 32


def keep_foreign_wal_aside(path: Path) -> Path | None:
    """Move a -wal (and its -shm) that does not belong to ``path`` to ``NAME-wal.foreign-<time>``.

    A -wal with frames whose pages, laid over the file, fail ``integrity_check`` while the file
    alone passes it was written for another file (a backup copy put back while a crashed run's
    -wal was still there): SQLite would replay it silently and damage the copy. It is kept,
    never deleted, and a warning names it. A -wal that fits, or a file damaged either way, is
    left for the usual checks. Returns where the -wal was moved, if it was.
    """
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.stat().st_size <= WAL_HEADER_SIZE:
            return None
    except OSError:
        return None
    uri = path.absolute().as_uri()
    shm_exists = path.with_name(path.name + "-shm").exists()
    readonly = "mode=ro&readonly_shm=1" if shm_exists else "mode=ro"  # as _connect
    if _integrity_ok(f"{uri}?{readonly}") is not False:
        return None
    if not _integrity_ok(f"{uri}?mode=ro&immutable=1"):  # immutable: the file alone
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = wal.with_name(f"{wal.name}.foreign-{stamp}")
    try:
        wal.rename(target)
        shm = path.with_name(path.name + "-shm")
        if shm.exists():
            shm.rename(shm.with_name(f"{shm.name}.foreign-{stamp}"))
    except OSError as error:
        raise StorageError(
            f"{wal} does not belong to {path.name} and cannot be moved aside "
            f"({error.strerror or error}); move it away, then start again",
            wal,
            code="foreign_wal_stuck",
            name=path.name,
            **os_details(error),
        ) from error
    log.warning(
        "%s does not belong to %s (written for another copy of the database); it was not "
        "applied and is kept as %s",
        wal,
        path.name,
        target,
    )
    return target


def _integrity_ok(uri: str) -> bool | None:
    """``PRAGMA integrity_check`` of the database at ``uri``; None if it cannot be read."""
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return [tuple(row) for row in rows] == [("ok",)]


def _stamp(path: Path) -> tuple[int, int, int, bool, bool]:
    status = path.stat()
    return (
        status.st_ino,
        status.st_size,
        status.st_mtime_ns,
        path.with_name(path.name + "-wal").exists(),
        path.with_name(path.name + "-shm").exists(),
    )


@contextlib.contextmanager
def _connect(path: Path, *, immutable_ok: bool = True) -> Iterator[sqlite3.Connection]:
    """A read-only connection that writes nothing, deletes nothing and leaves -wal/-shm as found.

    A read-write connection would checkpoint the WAL into the file and delete -wal/-shm when it
    closes as the last one, so a file that is then refused (damaged, newer schema) would have
    been changed by the check. ``mode=ro`` never checkpoints; ``readonly_shm`` keeps the check
    from rebuilding or marking an existing wal-index; with neither -wal nor -shm there is nothing
    pending, and ``immutable`` keeps SQLite from creating them (the caller re-checks the file did
    not change meanwhile). Only a -wal without its -shm needs SQLite to create the -shm.
    """
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    if shm.exists():
        options = "mode=ro&readonly_shm=1"
    elif not wal.exists() and immutable_ok:
        options = "mode=ro&immutable=1"
    else:
        options = "mode=ro"
    connection = sqlite3.connect(
        f"{path.absolute().as_uri()}?{options}",
        uri=True,
        timeout=BUSY_TIMEOUT_S,
        isolation_level=None,
    )
    try:
        yield connection
    finally:
        connection.close()


def read_revision(path: Path) -> str | None:
    """Check an existing file and return its schema revision (None for an empty SQLite file).

    Raises ``DamagedDatabaseError`` for a bad file, ``StorageError`` for one that is not ours
    or cannot be opened. Only reads: the file, its -wal and its -shm are left as they were.
    """
    check_header(path)
    keep_foreign_wal_aside(path)
    try:
        before = _stamp(path)
        result = _read_revision(path, immutable_ok=True)
        if _stamp(path) != before:  # another program wrote meanwhile: read again, with locks
            result = _read_revision(path, immutable_ok=False)
    except OSError as error:
        raise StorageError(
            f"cannot read {path}: {error.strerror or error}",
            path,
            code="cannot_read",
            **os_details(error),
        ) from error
    return result


def _read_revision(path: Path, *, immutable_ok: bool) -> str | None:
    attempts = 0
    helper = False
    while True:
        attempts += 1
        try:
            return _read_revision_once(path, immutable_ok=immutable_ok, helper=helper)
        except sqlite3.Error as error:
            code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary result code
            if attempts < _OPEN_ATTEMPTS and not helper and code in _NEEDS_A_WRITER:
                # A -wal left by a killed writer, or a wal-index another process is setting up
                # (READONLY_CANTINIT/RECOVERY): read with a writer's help.
                helper = True
                continue
            if attempts < _OPEN_ATTEMPTS and code == sqlite3.SQLITE_CANTOPEN and path.is_file():
                # Another process closing as the last one removed the -wal/-shm between the
                # look at them and the open: look again.
                immutable_ok = False
                continue
            raise describe_sqlite_error(path, error) from error


_OPEN_ATTEMPTS = 5
_NEEDS_A_WRITER = (sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_READONLY)


@contextlib.contextmanager
def _wal_helper(path: Path, connection: sqlite3.Connection) -> Iterator[None]:
    """Keep a read-write connection open beside the read-only ``connection`` while it reads.

    A writer killed just after it started a new -wal (its header written, no frame yet) leaves
    a wal-index that a read-only connection cannot use ("locking protocol") and cannot rebuild;
    a read-write connection rebuilds it as it first reads, and the read-only one can read
    while that connection is open. It is closed first, while the read-only connection still
    holds its lock, so it neither checkpoints into the file nor deletes the -wal: the check
    still changes nothing in the database file. The store's own open recovers the -wal.
    """
    helper = sqlite3.connect(
        f"{path.absolute().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_S
    )
    try:
        helper.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        log.info("%s: read beside a write-ahead log left by an interrupted run", path)
        yield
    finally:
        helper.close()


def _read_revision_once(path: Path, *, immutable_ok: bool, helper: bool) -> str | None:
    with contextlib.ExitStack() as stack:
        connection = stack.enter_context(_connect(path, immutable_ok=immutable_ok and not helper))
        if helper:
            stack.enter_context(_wal_helper(path, connection))
        rows = connection.execute("PRAGMA quick_check").fetchall()
        if [tuple(row) for row in rows] != [("ok",)]:
            detail = "; ".join(str(row[0]) for row in rows[:3])
            raise _damaged(path, f"is corrupt ({detail})", "corrupt", detail=detail)
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if "alembic_version" not in tables:
            if tables:
                raise StorageError(
                    f"{path} is an SQLite database but not a LearnPath one; it was left in place",
                    path,
                    code="not_learnpath",
                )
            return None
        versions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    if len(versions) == 1 and isinstance(versions[0], str) and versions[0]:
        return versions[0]
    if not versions and tables == {"alembic_version"}:
        return None  # a creation interrupted before the first revision: set up as new
    held = ", ".join(repr(version) for version in versions) or "nothing"
    raise _damaged(
        path,
        f"has a damaged schema version table (alembic_version holds {held})",
        "version_table",
        held=held,
    )


def broken_name(path: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.broken-{stamp}")


def set_aside(path: Path) -> Path:
    """Move a damaged database (and its -wal/-shm, which belong with it) to ``NAME.broken-<time>``.

    Called only when the learner chooses to start afresh; never deletes anything.
    """
    target = broken_name(path)
    try:
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.rename(target.with_name(target.name + suffix))
        path.rename(target)
    except OSError as error:
        raise StorageError(
            f"cannot move {path} aside: {error.strerror or error}",
            path,
            code="cannot_move_aside",
            **os_details(error),
        ) from error
    return target
