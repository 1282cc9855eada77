"""Revision 0009 gives every event a global id and the data folder a device id: the events of a
0003 database keep every column, get distinct ids derived from the device id and their own id,
and new events (through the store or a bare INSERT) get random ones."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

from tracker.progress.records import TaskStatus
from tracker.storage import migrate
from tracker.storage.store import ProgressStore

STAMP = "2029-01-02T03:04:05.123456+00:00"
EVENTS = [
    (1, 1, "llm-engineer", "status", "task", "tokenize", "todo", "done", STAMP, 0, "user"),
    (2, 1, "llm-engineer", "note", "task", "tokenize", "", "#include <vector>", STAMP, 2, "user"),
    (7, 2, "llm-engineer", "plan", "stage", "basics", None, "2030-01-31", STAMP, 1, "undo"),
]
NAMESPACE = uuid.UUID("0b6f3c52-5f0e-4c1e-9a57-2f6f1b7d4e10")


def _db_at_0003(tmp_path: Path) -> Path:
    path = tmp_path / "learnpath.sqlite3"
    migrate.upgrade(path, "0003")
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(
            "INSERT INTO profiles VALUES (?, ?, ?, NULL)",
            [(1, "default", STAMP), (2, "学习者", STAMP)],
        )
        connection.executemany(f"INSERT INTO events VALUES ({', '.join('?' * 11)})", EVENTS)
    connection.close()
    return path


def test_upgrade_from_0003_keeps_events_and_gives_them_derived_ids(tmp_path: Path) -> None:
    path = _db_at_0003(tmp_path)
    migrate.upgrade(path, "head")
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.HEAD,)
        ]
        (device,) = connection.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
        assert uuid.UUID(device).version == 4
        rows = connection.execute(
            "SELECT id, profile_id, curriculum_id, kind, item_kind, item_id, old, new, at, "
            "undo_state, origin, gid, device FROM events ORDER BY id"
        ).fetchall()
        assert [row[:11] for row in rows] == EVENTS
        assert [row[11] for row in rows] == [
            str(uuid.uuid5(NAMESPACE, f"{device}:{event[0]}")) for event in EVENTS
        ]
        assert [row[12] for row in rows] == [None, None, None]
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # A bare INSERT that names no gid still gets a unique, UUID-shaped one from SQLite.
        with connection:
            connection.execute(
                "INSERT INTO events (profile_id, curriculum_id, kind, at) "
                "VALUES (1, 'c', 'status', ?)",
                (STAMP,),
            )
        (made,) = connection.execute("SELECT gid FROM events WHERE id = 8").fetchone()
        assert uuid.UUID(made).version == 4 and len(made) == 36
    finally:
        connection.close()


def test_events_written_after_the_upgrade_get_distinct_ids(tmp_path: Path) -> None:
    path = _db_at_0003(tmp_path)
    store = ProgressStore.open(path)
    try:
        now = datetime(2030, 1, 1, tzinfo=UTC)
        store.set_status(1, "llm-engineer", "attention", TaskStatus.DONE, now=now)
        store.set_status(1, "llm-engineer", "attention", TaskStatus.TODO, now=now)
    finally:
        store.close()
    connection = sqlite3.connect(path)
    try:
        gids = [row[0] for row in connection.execute("SELECT gid FROM events")]
    finally:
        connection.close()
    assert len(gids) == 5 and len(set(gids)) == 5
    assert all(uuid.UUID(gid) for gid in gids)


def test_a_new_database_has_a_device_id_and_a_sync_cursor_table(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path / "learnpath.sqlite3")
    try:
        device = store.meta("device_id")
    finally:
        store.close()
    assert device is not None and uuid.UUID(device).version == 4
