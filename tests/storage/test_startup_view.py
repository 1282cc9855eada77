"""The stdlib start-up view, read before the first paint, answers exactly as the store does."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from test_migrations import COLUMNS, ROWS

from tracker.progress.records import ItemKind, TaskStatus
from tracker.storage import migrate, startup_view
from tracker.storage.database import open_database
from tracker.storage.errors import DamagedDatabaseError, StorageError
from tracker.storage.startup_view import StaleStartupView, StartupView
from tracker.storage.store import ProgressStore

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_names_match_the_models() -> None:
    from tracker.storage import models, store

    tables = models.Base.metadata.tables
    for name, columns in startup_view.TABLES.items():
        assert name in tables
        assert tuple(tables[name].columns.keys()) == columns
    assert models.ProfileRow.__tablename__ == startup_view.PROFILES
    assert models.TaskStateRow.__tablename__ == startup_view.TASK_STATES
    assert models.NoteRow.__tablename__ == startup_view.NOTES
    assert models.StagePlanRow.__tablename__ == startup_view.STAGE_PLANS
    assert models.EventRow.__tablename__ == startup_view.EVENTS
    assert models.StudySessionRow.__tablename__ == startup_view.STUDY_SESSIONS
    assert models.ProfileSettingRow.__tablename__ == startup_view.PROFILE_SETTINGS
    assert models.KeptTitleRow.__tablename__ == startup_view.KEPT_TITLES
    assert set(startup_view.TABLES) | set(startup_view.UNREAD_TABLES) == set(tables) - {"meta"}
    undo_states = (startup_view.UNDO_ACTIVE, startup_view.UNDO_UNDONE)
    assert undo_states == (models.UNDO_ACTIVE, models.UNDO_UNDONE)
    assert startup_view.UNDOABLE_KINDS == store.UNDOABLE_KINDS


def _scopes(store: ProgressStore) -> list[tuple[int, str]]:
    with store.database.connection(write=False) as conn:
        rows = conn.exec_driver_sql(
            "SELECT profile_id, curriculum_id FROM task_states UNION "
            "SELECT profile_id, curriculum_id FROM stage_plans UNION "
            "SELECT profile_id, curriculum_id FROM events UNION "
            "SELECT profile_id, curriculum_id FROM notes"
        ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows] + [(1, "never-used")]


def assert_same_answers(path: Path) -> None:
    """Every read the start-up view serves, compared with the store's on the same file."""
    store = ProgressStore.open(path)
    try:
        expected_last = store.last_used_profile()
        expected_profiles = store.profiles()
        scopes = _scopes(store)
        expected = {}
        for scope in scopes:
            view = store.progress_view(*scope)
            notes = {(n.item_kind, n.item_id): n.text for n in store.notes(*scope)}
            expected[scope] = (
                store.task_states(*scope),
                dict(view.statuses),
                dict(view.plans),
                {p.stage_id: p.target_date for p in store.plans(*scope)},
                notes,
                {key: store.note(*scope, *key) for key in [*notes, (ItemKind.TASK, "none")]},
                store.can_undo(*scope),
                store.can_redo(*scope),
            )
    finally:
        store.close()
    found = StartupView.open(path)
    assert found is not None
    snap, profile = found
    try:
        assert profile == expected_last
        assert snap.profiles() == expected_profiles
        for profile_row in expected_profiles:
            assert snap.profile_by_name(profile_row.name) == profile_row
        for scope in scopes:
            states, statuses, plans, plan_list, notes, note_reads, undo, redo = expected[scope]
            assert snap.task_states(*scope) == states
            assert snap.statuses(*scope) == statuses
            assert snap.plans(*scope) == plans == plan_list
            assert {key: snap.note(*scope, *key) for key in note_reads} == note_reads
            assert (snap.can_undo(*scope), snap.can_redo(*scope)) == (undo, redo)
    finally:
        snap.close()
    # The statuses alone, before any state is read: their own two-column query.
    found = StartupView.open(path)
    assert found is not None
    snap = found[0]
    try:
        for scope in scopes:
            assert snap.statuses(*scope) == expected[scope][1]
    finally:
        snap.close()


def _with_progress(path: Path) -> None:
    store = ProgressStore.open(path)
    try:
        first = store.add_profile("default", NOW, use=True)
        second = store.add_profile("学习者", NOW)
        assert first is not None and second is not None
        for n, (task, status) in enumerate(
            [
                ("tokenize", TaskStatus.DONE),
                ("attention", TaskStatus.IN_PROGRESS),
                ("softmax", TaskStatus.SKIPPED),
                ("rerank", TaskStatus.DONE),
                ("rerank", TaskStatus.TODO),  # a stored todo row
                ("gone", TaskStatus.DONE),  # an orphan
            ]
        ):
            store.set_status(first.id, "sample", task, status, NOW.replace(second=n))
        store.set_status(second.id, "sample", "tokenize", TaskStatus.SKIPPED, NOW)
        store.set_status(first.id, "other", "x", TaskStatus.DONE, NOW)
        store.set_target_date(first.id, "sample", "basics", date(2030, 5, 1), NOW)
        store.set_target_date(first.id, "sample", "practice", date(2030, 6, 1), NOW)
        store.set_note(first.id, "sample", ItemKind.TASK, "tokenize", "#include <vector>", now=NOW)
        store.set_note(first.id, "sample", ItemKind.STAGE, "basics", "a<b>c 🎉 注意", now=NOW)
        store.undo(first.id, "sample", NOW)  # something to redo as well
        store.touch_profile(second.id, NOW.replace(hour=13))
    finally:
        store.close()


def test_startup_view_answers_as_the_store(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    _with_progress(path)

    assert_same_answers(path)


def test_startup_view_answers_as_the_store_after_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    migrate.upgrade(path, migrate.REVISIONS[0])
    connection = sqlite3.connect(path)
    with connection:
        for table, rows in ROWS.items():
            marks = ", ".join("?" * len(rows[0]))
            connection.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", rows)
    connection.close()
    assert StartupView.open(path) is None  # below HEAD: the store must open (and upgrade) first
    open_database(path).close()

    assert_same_answers(path)


def test_startup_view_answers_as_the_store_with_review_cards_stored(tmp_path: Path) -> None:
    """Review tables (revision 0008) are not read by the start-up view and change none of its
    answers."""
    path = tmp_path / "learnpath.sqlite3"
    _with_progress(path)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO card_states (profile_id, curriculum_id, card_key, state, due, "
            "introduced_at) VALUES (1, 'llm-engineer', 'c', 1, ?, ?)",
            (NOW.isoformat(), NOW.isoformat()),
        )
    connection.close()

    assert_same_answers(path)


def test_a_new_or_old_or_newer_database_is_left_to_the_store(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    assert StartupView.open(path) is None and not path.exists()
    migrate.upgrade(path, migrate.REVISIONS[0])
    assert StartupView.open(path) is None
    open_database(path).close()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = _digest(path)
    assert StartupView.open(path) is None  # the store refuses it, with its message
    assert _digest(path) == before


def test_no_profile_yet_or_another_user_is_left_to_the_store(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    open_database(path).close()
    assert StartupView.open(path) is None  # the store creates the first profile
    _with_progress(tmp_path / "other.sqlite3")
    found = StartupView.open(tmp_path / "other.sqlite3", "学习者")  # the last used one
    assert found is not None and found[1].name == "学习者"
    found[0].close()
    assert StartupView.open(tmp_path / "other.sqlite3", "default") is None  # a switch: a write


def test_a_database_not_in_wal_mode_is_left_to_the_store(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    _with_progress(path)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    assert StartupView.open(path) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(b"id: llm-engineer\nstages: []\n" * 20),
        lambda p: p.write_bytes(p.read_bytes()[:4096]),
    ],
)
def test_a_damaged_file_gives_the_stores_message(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "learnpath.sqlite3"
    _with_progress(path)
    damage(path)
    with pytest.raises(DamagedDatabaseError) as by_store:
        open_database(path)
    with pytest.raises(DamagedDatabaseError) as by_startup_view:
        StartupView.open(path)
    assert str(by_startup_view.value) == str(by_store.value)
    assert str(path) in str(by_startup_view.value) and path.exists()


def test_a_commit_from_elsewhere_makes_the_startup_view_stale(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    _with_progress(path)
    found = StartupView.open(path)
    assert found is not None
    snap, profile = found
    try:
        assert profile.name == "学习者"  # the last used
        assert snap.statuses(profile.id, "sample") == {"tokenize": TaskStatus.SKIPPED}
        assert snap.current() and snap.at_head()
        store = ProgressStore.open(path)
        try:
            store.set_status(profile.id, "sample", "tokenize", TaskStatus.DONE, NOW)
        finally:
            store.close()
        assert not snap.current()
        with pytest.raises(StaleStartupView):
            snap.statuses(profile.id, "sample")
        with pytest.raises(StaleStartupView):
            snap.profiles()
        assert snap.at_head()  # still the same file at the same schema
    finally:
        snap.close()
    with pytest.raises(StaleStartupView):
        snap.profiles()


def test_the_startup_view_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    _with_progress(path)
    before = _digest(path)
    found = StartupView.open(path)
    assert found is not None
    snap, profile = found
    try:
        snap.task_states(profile.id, "sample")
        snap.note(profile.id, "sample", ItemKind.TASK, "tokenize")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            snap._connection.execute("DELETE FROM profiles")  # type: ignore[union-attr]
    finally:
        snap.close()
    assert _digest(path) == before


def test_a_locked_file_is_still_readable_and_the_store_reports_the_lock(tmp_path: Path) -> None:
    """A writer holding the lock does not stop the first paint; the store, when it opens,
    gives its usual message."""
    path = tmp_path / "learnpath.sqlite3"
    _with_progress(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        found = StartupView.open(path)
        assert found is not None
        snap, profile = found
        assert snap.task_states(profile.id, "sample")
        with pytest.raises(StorageError, match="locked") as caught:
            open_database(path, busy_timeout_s=0.05, checked=snap.at_head())
        assert str(path) in str(caught.value)
        snap.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
