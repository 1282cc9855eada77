"""Revision 0003 rebuilds ``profiles`` with AUTOINCREMENT: every row (ids included) survives the
upgrade from 0002, and the id of a removed profile is never handed to a new one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from revision_rows import database_at, dump_rows

from tracker.storage import migrate
from tracker.storage.store import ProgressStore

STAMP = "2029-01-02T03:04:05.123456+00:00"
ROWS = {
    "profiles": [
        (1, "default", STAMP, STAMP),
        (2, "学习者", STAMP, None),
        (5, "newest", STAMP, None),
    ],
    "task_states": [
        (1, "llm-engineer", "tokenize", "done", STAMP, STAMP, STAMP),
        (2, "llm-engineer", "tokenize", "skipped", STAMP, None, None),
        (5, "llm-engineer", "attention", "in_progress", STAMP, STAMP, None),
    ],
    "notes": [(5, "llm-engineer", "task", "tokenize", "#include <vector>\r\n🎉", STAMP)],
    "stage_plans": [(2, "llm-engineer", "basics", "2030-01-31", STAMP)],
    "events": [
        (1, 1, "llm-engineer", "status", "task", "tokenize", "todo", "done", STAMP, 0, "user"),
        (
            2,
            5,
            "llm-engineer",
            "status",
            "task",
            "attention",
            "todo",
            "in_progress",
            STAMP,
            1,
            "redo",
        ),
    ],
    "meta": [("written_by", "test")],
}


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    return dump_rows(path, ROWS)


@pytest.fixture
def second_revision_db(tmp_path: Path) -> Path:
    return database_at(tmp_path / "learnpath.sqlite3", "0002", ROWS)


def test_upgrade_from_0002_to_0003_keeps_every_row_identical(second_revision_db: Path) -> None:
    before = _dump(second_revision_db)
    assert before == {t: sorted(rows, key=repr) for t, rows in ROWS.items()}
    migrate.upgrade(second_revision_db, "0003")
    connection = sqlite3.connect(second_revision_db)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0003",)
        ]
        sql = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'profiles'"
        ).fetchone()[0]
        assert "AUTOINCREMENT" in sql
        assert connection.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'profiles'"
        ).fetchall() == [(5,)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()
    assert _dump(second_revision_db) == before


def test_removed_newest_profile_id_is_not_reused(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    now = datetime(2030, 1, 1, tzinfo=UTC)
    store = ProgressStore.open(tmp_path / "learnpath.sqlite3")
    try:
        store.add_profile("alice", now)
        bob = store.add_profile("bob", now)
        assert bob is not None
        store.remove_profile(bob.id)
        carol = store.add_profile("carol", now)
        assert carol is not None and carol.id > bob.id
    finally:
        store.close()


def test_a_failure_in_0003_leaves_the_database_at_0001(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """0002 and 0003 are one transaction: a failure in the last one undoes the first one too."""
    from alembic.operations import Operations

    path = tmp_path / "learnpath.sqlite3"
    migrate.upgrade(path, "0001")
    calls = {"n": 0}
    original = Operations.batch_alter_table

    def failing_on_profiles(self, table_name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if table_name == "profiles":
            raise RuntimeError("injected failure in 0003")
        calls["n"] += 1
        return original(self, table_name, *args, **kwargs)

    monkeypatch.setattr(Operations, "batch_alter_table", failing_on_profiles)
    with pytest.raises(RuntimeError, match="injected"):
        migrate.upgrade(path, "head")
    assert calls["n"] >= 2  # 0002 ran
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0001",)
        ]
        columns = [r[1] for r in connection.execute("PRAGMA table_info(events)")]
    finally:
        connection.close()
    assert "undo_state" not in columns
