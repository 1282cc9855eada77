"""Connections to a cohort server (PostgreSQL through psycopg 3), with one-line error messages.

The server URL is handed to libpq exactly as given, so every libpq means of passing a password
works (the URL, ``PGPASSWORD``, ``~/.pgpass``, a service file) and TLS follows the URL's
``sslmode``. A password typed by the user is passed as a keyword, held only in memory, and never
written or logged; messages show the URL without it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from tracker.storage.errors import StorageError

CONNECT_TIMEOUT_S = 10


class ServerError(StorageError):
    """The cohort server could not be reached, refused us, or dropped the connection."""


class PasswordRefused(ServerError):  # noqa: N818 - a kind of ServerError
    """The server refused the password, or asked for one and none was given."""

    def __init__(self, message: str, *, missing: bool) -> None:
        super().__init__(message)
        self.missing = missing


def describe(url: str) -> str:
    """``user@host:port/dbname`` of a libpq URL or conninfo, never its password."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except Exception:  # a malformed URL: show nothing of it that could hold a secret
        return "(unreadable server URL)"
    user = parts.get("user") or ""
    host = str(parts.get("host") or "localhost")
    port = parts.get("port")
    where = f"{host}:{port}" if port else host
    return f"{user}@{where}/{parts.get('dbname') or ''}".lstrip("@")


def without_password(url: str) -> str:
    """The URL as kept on disk: the same connection parameters, never the password."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    parts = conninfo_to_dict(url)
    parts.pop("password", None)
    return make_conninfo("", **parts)


def password_in(url: str) -> str | None:
    """The password written in the URL, if any (to keep in memory once the URL is stored
    without it)."""
    from psycopg.conninfo import conninfo_to_dict

    value = conninfo_to_dict(url).get("password")
    return str(value) if value else None


@contextlib.contextmanager
def server_errors(url: str) -> Iterator[None]:
    """Turn a driver failure inside the block (a dropped connection, a refused statement) into
    a one-line ``ServerError`` naming the server."""
    import psycopg

    try:
        yield
    except psycopg.Error as error:
        raise translate(error, url, connecting=False) from None


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    for noise in ("connection failed: ", "connection to server "):
        text = text.replace(noise, "")
    return text[:300]


def translate(error: BaseException, url: str, *, connecting: bool) -> ServerError:
    """A ``ServerError`` naming the server (never the password) for a psycopg failure."""
    text = _one_line(error)
    where = describe(url)
    lowered = text.lower()
    if "password authentication failed" in lowered or "authentication failed" in lowered:
        return PasswordRefused(f"the cohort server {where} refused the password", missing=False)
    if "no password supplied" in lowered:
        return PasswordRefused(f"the cohort server {where} asks for a password", missing=True)
    if connecting:
        return ServerError(f"cannot reach the cohort server {where}: {text}")
    import psycopg

    if isinstance(error, psycopg.errors.UndefinedTable | psycopg.errors.InvalidSchemaName):
        return ServerError(
            f"{where} is not a LearnPath cohort server yet (run 'learnpath server init'): {text}"
        )
    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        return ServerError(f"the cohort server {where} refused this login the request: {text}")
    if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        return ServerError(f"lost the connection to the cohort server {where}: {text}")
    return ServerError(f"the cohort server {where} refused the request: {text}")


def connect(url: str, *, password: str | None = None, autocommit: bool = False) -> Any:
    """A psycopg connection, or ``ServerError`` with a one-line message."""
    import psycopg

    extra: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "learnpath"}
    if password is not None:
        extra["password"] = password
    try:
        return psycopg.connect(url, autocommit=autocommit, **extra)
    except psycopg.Error as error:
        raise translate(error, url, connecting=True) from None
    except Exception as error:  # a malformed URL is psycopg.ProgrammingError, others are ours
        raise ServerError(
            f"cannot use the server URL {describe(url)}: {_one_line(error)}"
        ) from None


@contextlib.contextmanager
def session(url: str, *, password: str | None = None) -> Iterator[Any]:
    """A connection for a unit of work: errors after connecting are ``ServerError`` too."""
    import psycopg

    conn = connect(url, password=password)
    try:
        yield conn
        conn.commit()
    except psycopg.Error as error:
        raise translate(error, url, connecting=False) from None
    finally:
        with contextlib.suppress(Exception):
            conn.close()


def engine(url: str, *, password: str | None = None) -> Any:
    """A SQLAlchemy engine whose connections are made by libpq from ``url`` as given."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(
        "postgresql+psycopg://",
        creator=lambda: connect(url, password=password),
        poolclass=NullPool,
    )
