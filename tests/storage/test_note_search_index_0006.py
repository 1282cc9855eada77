"""Revision 0006 indexes the notes a database already holds, and its triggers keep the index in
step with every later insert, edit and delete (a Chinese substring, a Latin prefix, accents)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from revision_rows import database_at

from tracker.progress.records import ItemKind
from tracker.storage import migrate, search_index, startup_view
from tracker.storage.database import open_database
from tracker.storage.errors import StorageError
from tracker.storage.store import ProgressStore

STAMP = "2029-01-02T03:04:05.123456+00:00"
NOW = datetime(2030, 1, 1, tzinfo=UTC)
ROWS = {
    "profiles": [(1, "default", STAMP, STAMP), (2, "学习者", STAMP, None)],
    "notes": [
        (1, "llm", "task", "attention", "自注意力机制让每个词看见整句 #include <vector>", STAMP),
        (1, "llm", "stage", "basics", "Softmax turns scores into a Café of probabilities", STAMP),
        (1, "llm", "concept", "finetune", "微调需要小学习率", STAMP),
        (2, "llm", "task", "attention", "another learner's 注意力 note", STAMP),
    ],
}


def _terms(*texts: str) -> list[tuple[str, bool]]:
    return [(t, not any(ord(c) > 0x2E80 for c in t)) for t in texts]


@pytest.fixture
def third_revision_db(tmp_path: Path) -> Path:
    return database_at(tmp_path / "learnpath.sqlite3", "0003", ROWS)


def _found(store: ProgressStore, *terms: str, profile: int = 1) -> set[str]:
    return {row[1] for row in store.find_notes(profile, "llm", _terms(*terms), 50)}


def test_upgrade_from_0003_indexes_existing_notes(third_revision_db: Path) -> None:
    before = sqlite3.connect(third_revision_db).execute("SELECT * FROM notes").fetchall()
    store = ProgressStore.open(third_revision_db)
    try:
        assert _found(store, "注意力") == {"attention"}  # inside 自注意力机制
        assert _found(store, "注意力", profile=2) == {"attention"}
        assert _found(store, "soft") == {"basics"}  # a Latin prefix
        assert _found(store, "SOFTMAX") == {"basics"}  # case
        assert _found(store, "cafe") == {"basics"}  # accents
        assert _found(store, "微调") == {"finetune"}  # two characters: below a trigram
        assert _found(store, "oftmax") == {"basics"}  # trigram substring (ranked by progress)
        assert _found(store, "vector", "注意力") == {"attention"}
        assert _found(store, "vector", "微调") == set()
        assert _found(store, '"<') == set()  # FTS5 syntax is text, not an error
    finally:
        store.close()
    connection = sqlite3.connect(third_revision_db)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.HEAD,)
        ]
        assert connection.execute("SELECT * FROM notes").fetchall() == before
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert set(startup_view.NOTE_SEARCH_TABLES) == set(search_index.TABLES) <= names
        assert set(search_index.TRIGGERS) <= names
        assert connection.execute("SELECT count(*) FROM note_search_keys").fetchone() == (4,)
    finally:
        connection.close()


def test_an_edited_note_is_found_by_its_new_text_only(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path / "learnpath.sqlite3")
    try:
        profile = store.add_profile("default", NOW, use=True)
        assert profile is not None
        pid = profile.id
        store.set_note(pid, "llm", ItemKind.TASK, "rag", "retrieval with 向量 search", now=NOW)
        assert _found(store, "retrieval", profile=pid) == {"rag"}
        store.set_note(pid, "llm", ItemKind.TASK, "rag", "reranking 微调 later", now=NOW)
        assert _found(store, "retrieval", profile=pid) == set()
        assert _found(store, "向量", profile=pid) == set()
        assert _found(store, "rerank", profile=pid) == {"rag"}
        assert _found(store, "微调", profile=pid) == {"rag"}
        store.set_note(pid, "llm", ItemKind.TASK, "rag", "", now=NOW)  # deleted
        assert _found(store, "rerank", profile=pid) == set()
        assert _found(store, "微调", profile=pid) == set()
        store.set_note(pid, "llm", ItemKind.TASK, "rag", "reranking again", now=NOW)
        assert _found(store, "rerank", profile=pid) == {"rag"}
    finally:
        store.close()


def test_removing_a_profile_drops_its_notes_from_the_index(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    store = ProgressStore.open(path)
    try:
        profile = store.add_profile("default", NOW, use=True)
        other = store.add_profile("other", NOW)
        assert profile is not None and other is not None
        store.set_note(other.id, "llm", ItemKind.TASK, "rag", "quantization notes", now=NOW)
        store.remove_profile(other.id)
    finally:
        store.close()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT count(*) FROM note_search_keys").fetchone() == (0,)
        assert connection.execute(
            "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH '\"quantization\"'"
        ).fetchone() == (0,)
    finally:
        connection.close()


def test_the_fts5_check_names_the_sqlite_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    connection = sqlite3.connect(":memory:")
    with pytest.raises(StorageError, match=r"older than 3\.34"):
        search_index.require_fts5(connection)
    connection.close()


def test_a_new_database_has_the_index(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    open_database(path).close()
    connection = sqlite3.connect(path)
    names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert set(search_index.TABLES) | set(search_index.TRIGGERS) <= names


def test_the_startup_view_and_the_store_agree_on_which_items_have_notes(
    third_revision_db: Path,
) -> None:
    from tracker.storage.startup_view import StartupView

    open_database(third_revision_db).close()  # at HEAD, so the start-up view serves it
    store = ProgressStore.open(third_revision_db)
    try:
        expected = store.noted(1, "llm", ItemKind.TASK)
        assert store.noted(1, "llm", ItemKind.STAGE) == {"basics"}
    finally:
        store.close()
    connection = sqlite3.connect(third_revision_db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")  # as the app leaves it
    connection.close()
    found = StartupView.open(third_revision_db)
    assert found is not None
    snap, _profile = found
    try:
        assert snap.noted(1, "llm", ItemKind.TASK) == expected == {"attention"}
    finally:
        snap.close()


def test_insert_or_replace_from_another_program_keeps_the_index_right(tmp_path: Path) -> None:
    """REPLACE deletes the old row without the DELETE trigger; the BEFORE INSERT one forgets it."""
    path = tmp_path / "learnpath.sqlite3"
    store = ProgressStore.open(path)
    try:
        profile = store.add_profile("default", NOW, use=True)
        assert profile is not None
        store.set_note(profile.id, "llm", ItemKind.TASK, "rag", "old words 旧笔记", now=NOW)
        connection = sqlite3.connect(path)
        with connection:
            connection.execute(
                "INSERT OR REPLACE INTO notes VALUES (?, 'llm', 'task', 'rag', ?, ?)",
                (profile.id, "new words 新笔记", STAMP),
            )
        connection.close()
        assert _found(store, "old", profile=profile.id) == set()
        assert _found(store, "旧笔记", profile=profile.id) == set()
        assert _found(store, "new", profile=profile.id) == {"rag"}
        assert _found(store, "新笔记", profile=profile.id) == {"rag"}
        other = sqlite3.connect(path)
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"), other:
            other.execute(  # a plain INSERT that fails: the BEFORE trigger's work is undone
                "INSERT INTO notes VALUES (?, 'llm', 'task', 'rag', 'other', ?)",
                (profile.id, STAMP),
            )
        other.close()
        assert _found(store, "new", profile=profile.id) == {"rag"}
    finally:
        store.close()
