"""Revision 0005 adds ``kept_titles``: an upgrade from 0003 keeps every row as it was, and the
titles of items with progress are then kept, so progress that leaves the curriculum keeps a name."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from revision_rows import database_at, dump_rows

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
    return dump_rows(path, ROWS)


@pytest.fixture
def third_revision_db(tmp_path: Path) -> Path:
    return database_at(tmp_path / "learnpath.sqlite3", "0003", ROWS)


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
