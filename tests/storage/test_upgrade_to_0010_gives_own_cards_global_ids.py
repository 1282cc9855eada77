"""Revision 0010 gives each of the learner's own cards a global id and logs each once for sync:
the cards of a 0007 database keep every column, get distinct ids derived from the device id and
their number, and new cards (through the store or a bare INSERT) get random ones; their grades
and the rest of the file are untouched; 0010 goes back down to 0007."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

from revision_rows import database_at, dump_rows

from tracker.storage import migrate

STAMP = "2029-01-02T03:04:05.123456+00:00"
LATER = "2029-02-03T04:05:06.000001+00:00"
ROWS: dict[str, list[tuple[object, ...]]] = {
    "profiles": [(1, "default", STAMP, None), (2, "学习者", STAMP, None)],
    "user_cards": [
        (1, 1, "llm-engineer", "task", "tokenize", "What is a token?", "词元", STAMP, LATER, None),
        (4, 2, "llm-engineer", "stage", "basics", "front", "back", STAMP, STAMP, LATER),
    ],
    "card_states": [
        (1, 1, "llm-engineer", "u:1", 2, None, 3.0, 5.0, LATER, STAMP, STAMP),
    ],
    "review_logs": [(1, 1, 3, STAMP, 1500, "")],
}
NAMESPACE = uuid.UUID("0b6f3c52-5f0e-4c1e-9a57-2f6f1b7d4e10")


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_upgrade_from_0007_keeps_cards_and_gives_them_derived_ids(tmp_path: Path) -> None:
    path = database_at(tmp_path / "learnpath.sqlite3", "0007", ROWS)
    before = dump_rows(path, ROWS)
    migrate.upgrade(path, "head")
    assert _query(path, "SELECT version_num FROM alembic_version") == [("0010",)]
    assert dump_rows(path, ROWS) == before
    ((device,),) = _query(path, "SELECT value FROM meta WHERE key = 'device_id'")
    gids = _query(path, "SELECT id, gid FROM user_cards ORDER BY id")
    assert gids == [(n, str(uuid.uuid5(NAMESPACE, f"{device}:card:{n}"))) for n in (1, 4)]
    events = _query(
        path,
        "SELECT profile_id, kind, item_id, old, new, at, undo_state, device FROM events "
        "WHERE kind = 'card' ORDER BY profile_id",
    )
    assert [e[:4] for e in events] == [(1, "card", gids[0][1], None), (2, "card", gids[1][1], None)]
    assert [e[5:] for e in events] == [(LATER, 2, None), (STAMP, 2, None)]
    assert json.loads(str(events[0][4])) == {
        "item_kind": "task",
        "item_id": "tokenize",
        "front": "What is a token?",
        "back": "词元",
        "created_at": STAMP,
        "deleted_at": None,
    }
    assert json.loads(str(events[1][4]))["deleted_at"] == LATER
    assert _query(path, "PRAGMA integrity_check") == [("ok",)]
    # A bare INSERT that names no gid still gets a unique, UUID-shaped one from SQLite.
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO user_cards (profile_id, curriculum_id, item_kind, item_id, front, back, "
            "created_at, updated_at) VALUES (1, 'c', 'task', 't', 'f', 'b', ?, ?)",
            (STAMP, STAMP),
        )
    connection.close()
    ((fresh,),) = _query(path, "SELECT gid FROM user_cards WHERE id = 5")
    assert uuid.UUID(str(fresh)).version == 4


def test_downgrade_to_0007_drops_the_ids_and_the_card_events(tmp_path: Path) -> None:
    from alembic import command

    path = database_at(tmp_path / "learnpath.sqlite3", "0007", ROWS)
    before = dump_rows(path, ROWS)
    migrate.upgrade(path, "head")
    with migrate._migration_connection(path) as connection:
        command.downgrade(migrate.alembic_config(connection), "0007")
        connection.commit()
    assert dump_rows(path, ROWS) == before
    columns = [row[1] for row in _query(path, "PRAGMA table_info(user_cards)")]
    assert "gid" not in columns
    assert _query(path, "SELECT count(*) FROM events WHERE kind = 'card'") == [(0,)]
