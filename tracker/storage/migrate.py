"""Brings a database file to the newest schema with Alembic, importing Alembic only when needed.

The cheap path (every normal start) reads ``alembic_version`` with the stdlib and compares it
to ``HEAD``. A new database is built under a temporary name and moved into place only when
complete, so a kill during the first start never leaves an empty or half-made file behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tracker.storage.errors import NewerSchemaError, StorageError
from tracker.storage.fileguard import BUSY_TIMEOUT_S, describe_sqlite_error, read_revision

log = logging.getLogger("tracker.storage")

# Every revision shipped in tracker/storage/migrations/versions, oldest first (a test keeps this
# in step with the scripts).
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0007")
HEAD = REVISIONS[-1]
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def ensure_schema(path: Path) -> bool:
    """Create or upgrade the database at ``path``; return True if anything was written.

    Raises ``NewerSchemaError`` (file untouched) for a revision we do not know, and other
    ``StorageError``s for files that are damaged or cannot be opened.
    """
    if not path.exists():
        _create(path)
        return True
    revision = read_revision(path)
    if revision == HEAD:
        return False
    if revision is not None and revision not in REVISIONS:
        raise NewerSchemaError(
            f"{path} was written by a newer version of LearnPath (schema {revision}, this version "
            f"knows up to {HEAD}); it was left untouched — update LearnPath to open it",
            path,
        )
    if revision is not None:
        keep = _copy_before_upgrade(path, revision)
        log.info("upgrading %s from schema %s to %s (copy kept at %s)", path, revision, HEAD, keep)
    upgrade(path, "head")
    return True


def _create(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(
            f"cannot create the data folder {path.parent}: {error.strerror or error}", path.parent
        ) from error
    _set_aside_orphans(path)
    partial = path.with_name(f"{path.name}.creating-{os.getpid()}")
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        leftover.unlink(missing_ok=True)
    upgrade(partial, "head")
    try:
        _fsync(partial)
        os.replace(partial, path)
        _fsync(path.parent)
    except OSError as error:
        raise StorageError(f"cannot create {path}: {error.strerror or error}", path) from error


def _set_aside_orphans(path: Path) -> None:
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
            ) from error
        log.warning("%s was left without %s; kept as %s", orphan, path.name, target)


def _fsync(target: Path) -> None:
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_before_upgrade(path: Path, revision: str) -> Path:
    """Copy the database with SQLite's backup API (never by copying files) before an upgrade."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.before-{HEAD}-from-{revision}-{stamp}")
    try:
        source = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
        try:
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
    except sqlite3.Error as error:
        raise describe_sqlite_error(path, error) from error
    return target


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
