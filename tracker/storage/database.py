"""Opens the learner's database: file checks, migrations, then one engine for the process.

Every connection runs in WAL mode with ``synchronous=FULL``, foreign keys on and a busy timeout
of several seconds. SQLite's own transaction handling is switched off and we emit ``BEGIN``
ourselves: ``BEGIN IMMEDIATE`` for writes (a deferred transaction that later writes can fail at
once with SQLITE_BUSY_SNAPSHOT whatever the timeout), plain ``BEGIN`` for reads.

Besides the ORM sessions (pooled connections), the database keeps one Core connection of its own
for the frequent small operations (a tick, a note, a plan, undo, and the reads that repaint a row):
no session, identity map or pool checkout per call. It is used by one thread at a time (``lock``).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from tracker.storage.errors import StorageError
from tracker.storage.fileguard import BUSY_TIMEOUT_S, describe_sqlite_error
from tracker.storage.migrate import ensure_schema

_READ_OPTION = "learnpath_read_only"


def _pragmas(busy_timeout_s: float) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=FULL")
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    return on_connect


def _on_begin(connection: Any) -> None:
    if connection.get_execution_options().get(_READ_OPTION):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """The engine and session factories for one database file (one per process)."""

    def __init__(self, path: Path, *, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.path = path
        self.engine: Engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": busy_timeout_s, "check_same_thread": False},
        )
        event.listen(self.engine, "connect", _pragmas(busy_timeout_s))
        event.listen(self.engine, "begin", _on_begin)
        event.listen(self.engine, "checkout", self._on_checkout)
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(
            self.engine.execution_options(**{_READ_OPTION: True}), expire_on_commit=False
        )
        self.busy_timeout_s = busy_timeout_s
        self.lock = threading.RLock()
        """Held while the own connection is in use; hold it longer to keep a cache in step."""
        self._own: Connection | None = None
        self._patient = threading.local()  # ``patience`` seconds on this thread, if inside
        self.own_serial = 0
        """Counts the own connections opened: a ``data_version`` is only comparable within one."""

    @contextlib.contextmanager
    def connection(self, *, write: bool) -> Iterator[Connection]:
        """The database's own Core connection in one transaction, committed on exit.

        ``write``: ``BEGIN IMMEDIATE``; else a deferred ``BEGIN`` (a consistent snapshot). Commits
        made here leave this connection's ``PRAGMA data_version`` unchanged; every commit from
        elsewhere (another process, the ORM sessions) changes it.
        """
        with self.lock, self._translate_errors():
            own = self._own_connection()
            own.execution_options(**{_READ_OPTION: not write})
            with own.begin():
                yield own

    def _own_connection(self) -> Connection:
        """The own connection, (re)opened if needed; call with ``lock`` held."""
        own = self._own
        if own is None or own.closed or own.invalidated:
            if own is not None:
                own.close()
            own = self._own = self.engine.connect()
            self.own_serial += 1
        return own

    @contextlib.contextmanager
    def patience(self, seconds: float) -> Iterator[None]:
        """Inside, the own connection waits at most ``seconds`` (not the busy timeout) for
        another program's lock: a refused write raises the usual "locked" ``StorageError`` at
        once, so a caller on the UI thread can try again later instead of freezing. Holds
        ``lock`` throughout."""
        with self.lock:
            with self._translate_errors():
                raw = self._own_connection().connection.dbapi_connection
            assert raw is not None
            raw.execute(f"PRAGMA busy_timeout={max(0, int(seconds * 1000))}")
            self._patient.seconds = seconds  # the sessions' writes (profiles) wait as little
            try:
                yield
            finally:
                self._patient.seconds = None
                own = self._own
                if own is not None and not own.closed and not own.invalidated:
                    driver = own.connection.dbapi_connection
                    if driver is not None:
                        driver.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_s * 1000)}")

    def _on_checkout(self, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        """A pooled connection taken inside ``patience`` waits as little for the lock; one
        that did, taken again outside, waits the busy timeout again."""
        seconds = getattr(self._patient, "seconds", None)
        if seconds is None and not record.info.get("patient"):
            return
        record.info["patient"] = seconds is not None
        wait_s = self.busy_timeout_s if seconds is None else seconds
        dbapi_connection.execute(f"PRAGMA busy_timeout={max(0, int(wait_s * 1000))}")

    def outside_version(self) -> tuple[int, int] | None:
        """The own connection's serial and ``PRAGMA data_version``: it changes only when
        something other than the own connection committed. None when the connection is busy
        (another thread holds it): ask again later rather than wait on the UI thread."""
        if not self.lock.acquire(blocking=False):
            return None
        try:
            with self.connection(write=False) as conn:
                version = conn.exec_driver_sql("PRAGMA data_version").scalar_one()
            return self.own_serial, int(version)
        finally:
            self.lock.release()

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """One short ``BEGIN IMMEDIATE`` transaction: committed on exit, rolled back on error."""
        with self._translate_errors(), self._writer.begin() as session:
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """One deferred read transaction (a consistent snapshot in WAL mode)."""
        with self._translate_errors(), self._reader.begin() as session:
            yield session

    @contextlib.contextmanager
    def _translate_errors(self) -> Iterator[None]:
        try:
            yield
        except (exc.IntegrityError, exc.ProgrammingError, exc.InterfaceError):
            raise  # our bugs, not the learner's
        except exc.DBAPIError as error:
            if isinstance(error.orig, sqlite3.Error):
                raise describe_sqlite_error(self.path, error.orig) from error
            raise

    def integrity_check(self) -> str:
        with self.reading() as session:
            rows = session.connection().exec_driver_sql("PRAGMA integrity_check").fetchall()
        return "; ".join(str(row[0]) for row in rows)

    def close(self) -> None:
        with self.lock:
            if self._own is not None:
                self._own.close()
                self._own = None
        self.engine.dispose()


def open_database(
    path: Path,
    *,
    busy_timeout_s: float = BUSY_TIMEOUT_S,
    checked: bool = False,
    probe_wait_s: float | None = None,
) -> Database:
    """Check, create or upgrade the file at ``path``, then open it.

    Raises ``StorageError`` (or a subclass) naming the path for every fault of the file or its
    folder; the file is never replaced or deleted. ``checked``: the caller has just run the
    file checks and seen the schema at ``HEAD`` (``startup_view.StartupView.at_head``), so they are
    not repeated; the write probe below still runs. ``probe_wait_s``: the probe waits at most
    that long for another program's lock (``Database.patience``), not the busy timeout.
    """
    if not checked:
        ensure_schema(path)
    database = Database(path, busy_timeout_s=busy_timeout_s)
    waiting = database.patience(probe_wait_s) if probe_wait_s is not None else None
    try:
        with waiting or contextlib.nullcontext(), database.writing() as session:
            # Switches the file to WAL (persistent) and proves the folder is writable.
            session.connection().exec_driver_sql("PRAGMA user_version")
    except StorageError:
        database.close()
        raise
    return database


__all__ = ["Database", "StorageError", "open_database"]
