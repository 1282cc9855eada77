"""Sync for the app: each call opens the data folder on its own connection (so it can run on a
worker thread while the window keeps its own), does one thing, and closes it. The window sees
what a sync applied the way it sees any other program's commits.

The cohort server's URL is kept per profile in the data folder, without any password; a password
the learner types stays in the app's memory and is passed to each call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.storage.server import connect
from tracker.storage.server.connect import PasswordRefused, ServerError, without_password


def password_in(url: str) -> str | None:
    """The password written in the server URL, if any (the app keeps it in memory only)."""
    return connect.password_in(url)


if TYPE_CHECKING:
    from tracker.sync.run import SyncResult

SERVER_KEY = "cohort.server.{profile_id}"

# What the UI catches: every server failure is a ServerError with a one-line message.
SyncError = ServerError
PasswordNeeded = PasswordRefused


@contextlib.contextmanager
def _profile(database_path: Path, profile: str) -> Iterator[tuple[Any, int]]:
    from tracker.storage.store import ProgressStore

    store = ProgressStore.open(database_path)
    try:
        found = store.profile_by_name(profile)
        if found is None:
            raise ServerError(f"{database_path}: no profile named {profile!r}")
        yield store, found.id
    finally:
        store.close()


def joined_server(database_path: Path, profile: str) -> str | None:
    with _profile(database_path, profile) as (store, profile_id):
        value: str | None = store.meta(SERVER_KEY.format(profile_id=profile_id))
        return value or None


def joined_server_quick(database_path: Path, profile: str) -> str | None:
    """As ``joined_server``, read with the stdlib only (no SQLAlchemy): cheap enough for the
    window to ask while it opens. None when not joined or the file cannot be read now."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{database_path}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute(
            "SELECT m.value FROM meta m JOIN profiles p ON m.key = 'cohort.server.' || p.id "
            "WHERE p.name = ?",
            (profile,),
        ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return str(row[0]) if row and row[0] else None


def test_connection(url: str, password: str | None) -> str:
    """Log in once; returns the role name. ``ServerError`` with one line otherwise."""
    from tracker.storage.server import admin

    return admin.check(url, password=password)


def join(database_path: Path, profile: str, url: str, password: str | None) -> str:
    """Test the connection, then remember the server (without the password) for the profile."""
    role = test_connection(url, password)
    with _profile(database_path, profile) as (store, profile_id):
        store.set_meta(SERVER_KEY.format(profile_id=profile_id), without_password(url))
    return role


def sync_now(database_path: Path, profile: str, password: str | None) -> SyncResult:
    from tracker.sync import run

    with _profile(database_path, profile) as (store, profile_id):
        url = store.meta(SERVER_KEY.format(profile_id=profile_id))
        if not url:
            raise ServerError("this profile has not joined a cohort")
        return run.sync(store.database, profile_id, url, password=password)


def waiting(database_path: Path, profile: str) -> int:
    """Local events not yet on the joined server (0 when none joined)."""
    from tracker.sync import run

    with _profile(database_path, profile) as (store, profile_id):
        url = store.meta(SERVER_KEY.format(profile_id=profile_id))
        if not url:
            return 0
        from tracker.storage import sync_local

        after = sync_local.last_pushed(store.database, profile_id)
        return sync_local.count_pending(
            store.database,
            profile_id,
            after,
            share_notes=run.share_notes(store.database, profile_id),
        )


def cohort_status(url: str, cohort: str, password: str | None, curriculum: Any, lang: str) -> Any:
    from tracker.sync.cohort import cohort_status as status

    return status(url, cohort, curriculum, password=password, lang=lang)
