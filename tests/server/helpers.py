"""Local data folders for the sync tests: a store with one profile, and a dump of what the
learner sees (states, notes, plans, events by global id)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tracker.storage.store import ProgressStore
from tracker.sync import run
from tracker.sync.run import SyncResult

CID = "llm-engineer"
PROFILE = "learner"


def folder(path: Path) -> ProgressStore:
    store = ProgressStore.open(path / "learnpath.sqlite3")
    if store.profile_by_name(PROFILE) is None:
        from datetime import UTC, datetime

        store.add_profile(PROFILE, datetime(2030, 1, 1, tzinfo=UTC), use=True)
    return store


def pid(store: ProgressStore) -> int:
    profile = store.profile_by_name(PROFILE)
    assert profile is not None
    return profile.id


def sync_folder(path: Path, url: str) -> SyncResult:
    """One sync of the data folder at ``path`` (its current profile) with the server at ``url``."""
    store = folder(path)
    try:
        return run.sync(store.database, pid(store), url)
    finally:
        store.close()


def learner_data(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """What the learner sees, comparable across data folders (no local ids, no cursors)."""
    conn = sqlite3.connect(path / "learnpath.sqlite3")
    try:
        return {
            "states": sorted(
                conn.execute(
                    # No row and a "todo" row mean the same.
                    "SELECT curriculum_id, task_id, status FROM task_states WHERE status <> 'todo'"
                ).fetchall()
            ),
            "notes": sorted(
                conn.execute("SELECT curriculum_id, item_kind, item_id, text FROM notes").fetchall()
            ),
            "plans": sorted(
                conn.execute(
                    "SELECT curriculum_id, stage_id, target_date FROM stage_plans"
                ).fetchall()
            ),
            "events": sorted(
                conn.execute(
                    "SELECT gid, curriculum_id, kind, item_kind, item_id, old, new, at FROM events"
                ).fetchall()
            ),
        }
    finally:
        conn.close()


def whole_file(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (cursors included; of profiles, all but the time of last use,
    which opening a profile from the command line updates): "untouched" means equal to this."""
    conn = sqlite3.connect(path / "learnpath.sqlite3")
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        columns = {"profiles": "id, name, created_at"}
        return {
            t: sorted(conn.execute(f"SELECT {columns.get(t, '*')} FROM {t}").fetchall(), key=repr)
            for t in tables
        }
    finally:
        conn.close()
