"""Brings a database file to the newest schema with Alembic, importing Alembic only when needed.

The cheap path (every normal start) reads ``alembic_version`` with the stdlib and compares it
to ``HEAD``. A new database is built under a temporary name and moved into place only when
complete, so a kill during the first start never leaves an empty or half-made file behind.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tracker.fsutil import sync_file, sync_folder
from tracker.storage.errors import DamagedDatabaseError, NewerSchemaError, StorageError
from tracker.storage.fileguard import (
    BUSY_TIMEOUT_S,
    describe_sqlite_error,
    os_details,
    read_revision,
)

log = logging.getLogger("tracker.storage")

# Every revision shipped in tracker/storage/migrations/versions, oldest first (a test keeps this
# in step with the scripts). Ids are names, not a count: 0005 to 0009 were written side by side
# and chained in the order they landed, so the chain, not the number, says which comes first.
# A new revision takes the next unused number (0011) and revises HEAD.
REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0006",
    "0008",
    "0005",
    "0009",
    "0007",
    "0010",
)
HEAD = REVISIONS[-1]
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def ensure_schema(path: Path) -> bool:
    """Create or upgrade the database at ``path``; return True if anything was written.

    Raises ``NewerSchemaError`` (file untouched) for a revision we do not know, and other
    ``StorageError``s for files that are damaged or cannot be opened.
    """
    refuse_dangling_link(path)
    if not os.path.lexists(path) and _create(path):
        return True
    revision = read_revision(path)
    if revision == HEAD:
        return False
    if revision is not None and revision not in REVISIONS:
        if not _looks_newer(revision):
            raise DamagedDatabaseError(
                f"{path} has a damaged schema version table (alembic_version holds "
                f"{revision!r}, which no version of LearnPath writes); it was left in place "
                "— restore a backup",
                path,
                code="damaged",
                reason="version_table",
                held=repr(revision),
            )
        raise NewerSchemaError(
            f"{path} was written by a newer version of LearnPath (schema {revision}, this version "
            f"knows up to {HEAD}); it was left untouched — update LearnPath to open it",
            path,
            code="newer_schema",
            revision=revision,
            head=HEAD,
        )
    if revision is not None:
        keep = _copy_before_upgrade(path, revision)
        log.info("upgrading %s from schema %s to %s (copy kept at %s)", path, revision, HEAD, keep)
    upgrade(path, "head")
    return True


def _looks_newer(revision: str) -> bool:
    """True for a revision id as later versions name them (four digits, after ``HEAD``)."""
    return len(revision) == len(HEAD) and revision.isdigit() and revision > HEAD


def refuse_dangling_link(path: Path) -> None:
    """Refuse a database that is a symbolic link to nothing (a drive not mounted) or a loop.

    Creating a database there would replace the link, or write beside the missing drive.
    """
    if not path.is_symlink() or path.exists():
        return
    try:
        target = os.path.realpath(path, strict=True)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StorageError(
                f"{path} is a symbolic link that loops back on itself ({os.readlink(path)}); "
                "nothing was changed — point it at the database",
                path,
                code="link_loop",
                target=os.readlink(path),
            ) from error
        target = os.path.realpath(path)
    raise StorageError(
        f"{path} is a symbolic link to {target}, which is missing (a drive not mounted?); "
        "nothing was changed — make it available, then start again",
        path,
        code="dangling_link",
        target=target,
    )


@contextlib.contextmanager
def creation_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the data folder while a new database is made (a no-op where
    ``fcntl`` is missing: the exclusive link below still keeps a finished database)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as error:
        log.debug("no lock on %s (%s); relying on the exclusive link", folder, error)
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as error:  # a file system without flock (some network shares)
            log.debug("no lock on %s (%s); relying on the exclusive link", folder, error)
        yield
    finally:
        os.close(fd)  # releases the lock


def _create(path: Path) -> bool:
    """Make a new database at ``path``; False if another process made one first.

    Under the folder's lock: look again, set leftover -wal/-shm aside (none can be live while
    there is no main file and we hold the lock), build the file under a temporary name and
    link it into place only if the name is still free, so a database another process made
    (and may be writing) is never replaced.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(
            f"cannot create the data folder {path.parent}: {error.strerror or error}",
            path.parent,
            code="cannot_create_folder",
            **os_details(error),
        ) from error
    try:
        with creation_lock(path.parent):
            if os.path.lexists(path):
                return False
            set_aside_orphans(path)
            return _build_and_link(path)
    except OSError as error:  # the other failures are StorageErrors already
        raise StorageError(
            f"cannot use the data folder {path.parent}: {error.strerror or error}",
            path.parent,
            code="cannot_use_folder",
            **os_details(error),
        ) from error


def _build_and_link(path: Path) -> bool:
    partial = path.with_name(f"{path.name}.creating-{os.getpid()}")
    leftovers = [
        partial.with_name(partial.name + suffix) for suffix in ("", "-journal", "-wal", "-shm")
    ]
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    try:
        upgrade(partial, "head")
        _enter_wal_mode(partial)
        sync_file(partial)
        try:
            os.link(partial, path)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links; we hold the folder's lock
            if os.path.lexists(path):
                return False
            os.replace(partial, path)
        sync_folder(path.parent)
    except StorageError as error:
        # Name the learner's file, never the temporary one (in the message and its details).
        details = {k: v for k, v in error.details.items() if k != "path"}
        raise StorageError(
            str(error).replace(str(partial), str(path)), path, code=error.code, **details
        ) from error
    except OSError as error:
        raise StorageError(
            f"cannot create {path}: {error.strerror or error}",
            path,
            code="cannot_create",
            **os_details(error),
        ) from error
    finally:
        for leftover in leftovers:
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    return True


def set_aside_orphans(path: Path) -> None:
    """Rename a -wal/-shm left without their main file to ``NAME-wal.orphaned-<UTC time>``.

    SQLite would take a leftover -wal for the new file's and replay another database's pages
    into it. They are kept (never deleted): they may be all that is left of the lost file.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for suffix in ("-wal", "-shm"):
        orphan = path.with_name(path.name + suffix)
        if not orphan.exists():
            continue
        target = orphan.with_name(f"{orphan.name}.orphaned-{stamp}")
        try:
            orphan.rename(target)
        except OSError as error:
            raise StorageError(
                f"{orphan} is left over from a database that is gone and cannot be moved aside "
                f"({error.strerror or error}); move it away, then start again",
                orphan,
                code="orphan_stuck",
                name=path.name,
                **os_details(error),
            ) from error
        log.warning("%s was left without %s; kept as %s", orphan, path.name, target)


def _enter_wal_mode(partial: Path) -> None:
    """Put the new file in WAL mode before anyone else can see it: switching a file that other
    processes have open needs an exclusive lock that they may wait on in turn."""
    try:
        connection = sqlite3.connect(partial, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise describe_sqlite_error(partial, error) from error


def _copy_before_upgrade(path: Path, revision: str) -> Path:
    """Back the database up into ``backups/`` (SQLite's backup API, never a file copy) before an
    upgrade, through the same code as every other backup."""
    from tracker.storage.backups import create_backup

    log.info("backing up %s (schema %s) before upgrading it to %s", path, revision, HEAD)
    return create_backup(path, "upgrade", datetime.now(UTC))


@contextlib.contextmanager
def _migration_connection(path: Path) -> Iterator[Any]:
    """A connection with foreign keys OFF and writes in one ``BEGIN IMMEDIATE`` transaction."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=NullPool,
        connect_args={"timeout": BUSY_TIMEOUT_S},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        # Only takes effect outside a transaction, hence here, before BEGIN.
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def alembic_config(connection: Any = None) -> Any:
    """A programmatic Alembic configuration for the scripts shipped in the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def upgrade(path: Path, revision: str = "head") -> None:
    """Run ``alembic upgrade revision`` on the file at ``path`` (tests use it for old fixtures)."""
    from alembic import command
    from sqlalchemy.exc import DBAPIError

    try:
        with _migration_connection(path) as connection:
            command.upgrade(alembic_config(connection), revision)
            connection.commit()
    except DBAPIError as error:
        if isinstance(error.orig, sqlite3.Error):
            raise describe_sqlite_error(path, error.orig) from error
        raise
