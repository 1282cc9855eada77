"""Alembic migrations: an old database upgrades with its data intact; a newer one is refused."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tracker.storage import migrate
from tracker.storage.database import open_database
from tracker.storage.errors import NewerSchemaError

STAMP = "2029-01-02T03:04:05.123456+00:00"
ROWS = {
    "profiles": [(1, "default", STAMP, STAMP), (2, "学习者", STAMP, None)],
    "task_states": [
        (1, "llm-engineer", "tokenize", "done", STAMP, STAMP, STAMP),
        (1, "llm-engineer", "attention", "in_progress", STAMP, STAMP, None),
        (2, "llm-engineer", "tokenize", "skipped", STAMP, None, None),
        (1, "old-curriculum", "gone", "done", STAMP, None, STAMP),
    ],
    "notes": [
        (1, "llm-engineer", "task", "tokenize", "#include <vector>\r\na<b>c 🎉 注意力", STAMP),
        (2, "llm-engineer", "concept", "transformer", "x", STAMP),
    ],
    "stage_plans": [(1, "llm-engineer", "basics", "2030-01-31", STAMP)],
    "events": [
        (1, 1, "llm-engineer", "status", "task", "tokenize", "todo", "done", STAMP),
        (2, 1, "llm-engineer", "note", "task", "tokenize", "", "#include <vector>", STAMP),
        (3, 2, "llm-engineer", "status", "task", "tokenize", "todo", "skipped", STAMP),
        (4, 1, "llm-engineer", "plan", "stage", "basics", None, "2030-01-31", STAMP),
    ],
}
COLUMNS = {
    "profiles": "id, name, created_at, last_used_at",
    "task_states": "profile_id, curriculum_id, task_id, status, changed_at, started_at, done_at",
    "notes": "profile_id, curriculum_id, item_kind, item_id, text, updated_at",
    "stage_plans": "profile_id, curriculum_id, stage_id, target_date, updated_at",
    "events": "id, profile_id, curriculum_id, kind, item_kind, item_id, old, new, at",
}


def _snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        return {
            table: sorted(connection.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
            for table, columns in COLUMNS.items()
        }
    finally:
        connection.close()


def _revision(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def first_revision_db(tmp_path: Path) -> Path:
    """A database made at revision 0001 holding profiles, statuses, notes, plans and events."""
    path = tmp_path / "learnpath.sqlite3"
    migrate.upgrade(path, "0001")
    connection = sqlite3.connect(path)
    with connection:
        for table, rows in ROWS.items():
            marks = ", ".join("?" * len(rows[0]))
            connection.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", rows)
    connection.close()
    assert _revision(path) == "0001"
    return path


def test_revisions_constant_matches_the_shipped_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert scripts.get_heads() == [migrate.HEAD]
    chain = [s.revision for s in scripts.walk_revisions()]
    assert tuple(reversed(chain)) == migrate.REVISIONS


def test_upgrade_from_the_first_revision_keeps_every_row(first_revision_db: Path) -> None:
    before = _snapshot(first_revision_db)
    assert before == {t: sorted(rows, key=repr) for t, rows in ROWS.items()}
    database = open_database(first_revision_db)
    try:
        assert database.integrity_check() == "ok"
    finally:
        database.close()
    assert _revision(first_revision_db) == migrate.HEAD
    assert _snapshot(first_revision_db) == before
    # The copy made before the upgrade is a backup like any other, in backups/ beside the file.
    copies = list((first_revision_db.parent / "backups").glob("learnpath-*-upgrade.sqlite3"))
    assert len(copies) == 1 and _snapshot(copies[0]) == before
    assert _revision(copies[0]) == "0001"
    connection = sqlite3.connect(first_revision_db)
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # The rebuilt table now checks statuses, and old events joined the undo stack.
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(
                "INSERT INTO task_states VALUES (1, 'c', 't', 'finished', ?, NULL, NULL)", (STAMP,)
            )
        assert connection.execute("SELECT DISTINCT undo_state, origin FROM events").fetchall() == [
            (0, "user")
        ]
    finally:
        connection.close()


def test_upgraded_database_works_through_the_service(first_revision_db: Path) -> None:
    import sys

    from tracker.progress.records import ItemKind, TaskStatus
    from tracker.progress.service import ProgressService

    sys.path.insert(0, str(Path(__file__).parents[1] / "progress"))
    from sample_curriculum import make_curriculum

    curriculum = make_curriculum(curriculum_id="llm-engineer")
    service = ProgressService.open(first_revision_db.parent, curriculum, "default")
    try:
        assert service.task_state("tokenize").status is TaskStatus.DONE
        assert service.note(ItemKind.TASK, "tokenize").startswith("#include <vector>\r\n")
        assert service.can_undo()
        service.undo()  # the 0001 plan event
        assert service.target_date("basics") is None
    finally:
        service.close()


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    open_database(path).close()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(NewerSchemaError) as caught:
        open_database(path)
    message = str(caught.value)
    assert str(path) in message and "newer version" in message and "0099" in message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["learnpath.sqlite3"]


def test_failed_upgrade_leaves_the_old_revision(first_revision_db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The whole upgrade is one transaction: a failure midway rolls everything back."""
    connection = sqlite3.connect(first_revision_db)
    with connection:  # a status the 0002 CHECK rejects makes the table rebuild fail
        connection.execute("UPDATE task_states SET status = 'bogus' WHERE task_id = 'gone'")
    connection.close()
    before = _snapshot(first_revision_db)
    with pytest.raises(Exception, match="CHECK constraint failed"):
        migrate.upgrade(first_revision_db, "head")
    assert _revision(first_revision_db) == "0001"
    assert _snapshot(first_revision_db) == before
    connection = sqlite3.connect(first_revision_db)
    try:
        columns = [r[1] for r in connection.execute("PRAGMA table_info(events)")]
    finally:
        connection.close()
    assert "undo_state" not in columns
