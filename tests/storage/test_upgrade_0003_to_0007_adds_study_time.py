"""Revision 0007 adds study sessions and profile settings: every row of a 0003 database survives
the upgrade, and the upgraded file takes study time, settings and their undo at once."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from revision_rows import database_at, dump_rows

from tracker.storage import migrate
from tracker.storage.database import open_database
from tracker.storage.sessions import StudyStore
from tracker.storage.store import ProgressStore

STAMP = "2029-01-02T03:04:05.123456+00:00"
NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)
ROWS = {
    "profiles": [(1, "default", STAMP, STAMP), (3, "学习者", STAMP, None)],
    "task_states": [
        (1, "llm-engineer", "tokenize", "done", STAMP, STAMP, STAMP),
        (3, "llm-engineer", "attention", "in_progress", STAMP, STAMP, None),
    ],
    "notes": [(3, "llm-engineer", "task", "tokenize", "#include <vector>\r\n🎉", STAMP)],
    "stage_plans": [(1, "llm-engineer", "basics", "2030-01-31", STAMP)],
    "events": [
        (1, 1, "llm-engineer", "status", "task", "tokenize", "todo", "done", STAMP, 0, "user"),
        (2, 1, "llm-engineer", "plan", "stage", "basics", None, "2030-01-31", STAMP, 0, "user"),
    ],
    "meta": [("written_by", "test")],
}


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    return dump_rows(path, ROWS)


@pytest.fixture
def third_revision_db(tmp_path: Path) -> Path:
    return database_at(tmp_path / "learnpath.sqlite3", "0003", ROWS)


def test_upgrade_from_0003_keeps_every_row_and_adds_the_study_tables(
    third_revision_db: Path,
) -> None:
    before = _dump(third_revision_db)
    assert before == {t: sorted(rows, key=repr) for t, rows in ROWS.items()}
    open_database(third_revision_db).close()
    connection = sqlite3.connect(third_revision_db)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.HEAD,)
        ]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("SELECT count(*) FROM study_sessions").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM profile_settings").fetchone() == (0,)
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT at FROM events WHERE profile_id = 1 AND "
            "curriculum_id = 'c' AND kind = 'status' AND new = 'done' AND undo_state != 1"
        ).fetchall()
        assert "COVERING INDEX ix_events_done" in str(plan)
        with pytest.raises(sqlite3.IntegrityError):  # the item kind is checked
            connection.execute(
                "INSERT INTO study_sessions (profile_id, curriculum_id, item_kind, item_id, "
                "started_at, last_seen_at) VALUES (1, 'c', 'concept', 'x', ?, ?)",
                (STAMP, STAMP),
            )
    finally:
        connection.close()
    assert _dump(third_revision_db) == before


def test_upgraded_database_takes_study_time_settings_and_their_undo(
    third_revision_db: Path,
) -> None:
    store = ProgressStore.open(third_revision_db)
    try:
        studies = StudyStore(store)
        entry = studies.add_entry(
            3,
            "llm-engineer",
            "task",
            "attention",
            on_date=NOW.date(),
            seconds=1800,
            note="notes",
            now=NOW,
        )
        studies.set_setting(3, "hours_per_week", "6.5")
        assert studies.settings(3) == {"hours_per_week": "6.5"}
        assert studies.settings(1) == {}
        assert [s.id for s in studies.sessions(3, "llm-engineer")] == [entry.id]
        assert store.undo(3, "llm-engineer", NOW) is not None
        assert studies.sessions(3, "llm-engineer") == []
        # The old events are still undoable where they were (profile 1's plan, then its tick).
        event = store.undo(1, "llm-engineer", NOW)
        assert event is not None and event.kind.value == "plan"
        # Removing a profile removes its study time and settings with it.
        store.redo(3, "llm-engineer", NOW)
        store.remove_profile(3)
        assert studies.sessions(3, "llm-engineer") == []
        assert studies.settings(3) == {}
    finally:
        store.close()
