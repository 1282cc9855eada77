"""Revision 0005 adds ``kept_titles``: an upgrade from 0003 keeps every row as it was, and the
titles of items with progress are then kept, so progress that leaves the curriculum keeps a name."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tracker.storage import kept, migrate
from tracker.storage.database import open_database

STAMP = "2029-01-02T03:04:05.123456+00:00"
NOW = datetime(2030, 1, 1, tzinfo=UTC)
ROWS = {
    "profiles": [(1, "default", STAMP, STAMP), (4, "学习者", STAMP, None)],
    "task_states": [
        (1, "llm-engineer", "tokenize", "done", STAMP, STAMP, STAMP),
        (4, "llm-engineer", "gone-task", "skipped", STAMP, None, None),
    ],
    "notes": [(4, "llm-engineer", "concept", "attention", "#include <vector>\r\n🎉", STAMP)],
    "stage_plans": [(1, "llm-engineer", "basics", "2030-01-31", STAMP)],
    "events": [
        (1, 1, "llm-engineer", "status", "task", "tokenize", "todo", "done", STAMP, 0, "user"),
    ],
    "meta": [("written_by", "test")],
}


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row the 0003 database held, in the columns it had: later revisions add columns of
    their own at the end (the events' global id and device) and a meta key (the device id)."""
    connection = sqlite3.connect(path)
    try:
        dump = {}
        for table, rows in ROWS.items():
            width = len(rows[0])
            found = [tuple(row[:width]) for row in connection.execute(f"SELECT * FROM {table}")]
            if table == "meta":
                found = [row for row in found if row[0] != "device_id"]
            dump[table] = sorted(found, key=repr)
        return dump
    finally:
        connection.close()


@pytest.fixture
def third_revision_db(tmp_path: Path) -> Path:
    path = tmp_path / "learnpath.sqlite3"
    migrate.upgrade(path, "0003")
    connection = sqlite3.connect(path)
    with connection:
        for table, rows in ROWS.items():
            marks = ", ".join("?" * len(rows[0]))
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    connection.close()
    return path


def test_upgrade_from_0003_keeps_every_row_and_adds_kept_titles(third_revision_db: Path) -> None:
    before = _dump(third_revision_db)
    database = open_database(third_revision_db)
    try:
        assert _dump(third_revision_db) == before
        assert kept.kept_titles(database, "llm-engineer") == {}
        assert kept.items_with_progress(database, "llm-engineer") == {
            ("task", "tokenize"),
            ("task", "gone-task"),
            ("concept", "attention"),
            ("stage", "basics"),
        }
        in_curriculum = {
            ("task", "tokenize"): ("Tokenize text", "分词"),
            ("stage", "basics"): ("Foundations", "基础"),
            ("concept", "attention"): ("Attention", "注意力"),
        }
        assert kept.keep_titles(database, "llm-engineer", lambda *i: in_curriculum.get(i), NOW) == 3
        assert kept.keep_titles(database, "llm-engineer", lambda *i: in_curriculum.get(i), NOW) == 0
        assert kept.kept_titles(database, "llm-engineer") == in_curriculum
    finally:
        database.close()
    connection = sqlite3.connect(third_revision_db)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.HEAD,)
        ]
    finally:
        connection.close()
    backups = third_revision_db.parent / "backups"
    assert list(backups.glob("learnpath-*-upgrade.sqlite3")), "a copy was kept"
