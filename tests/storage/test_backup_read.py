"""The backup's states and events, read with the driver's cursor, are the records the column
types give: the same values in the same order, timestamps written by another program included."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tracker.progress.records import ChangeKind, ItemKind, TaskStatus
from tracker.storage.store import ProgressStore

CID = "c"
NOW = datetime(2030, 1, 1, 9, 30, tzinfo=UTC)


def test_states_and_events_match_the_column_types(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    store = ProgressStore.open(path)
    try:
        profile = store.add_profile("default", NOW, use=True)
        assert profile is not None
        pid = profile.id
        for index, task in enumerate(["b", "a", "c", "d"]):
            at = NOW + timedelta(minutes=index)
            store.set_status(pid, CID, task, TaskStatus.IN_PROGRESS, at)
            store.set_status(pid, CID, task, TaskStatus.DONE, at)
        store.set_note(pid, CID, ItemKind.TASK, "a", "a note", now=NOW)
    finally:
        store.close()
    connection = sqlite3.connect(path)
    with connection:  # as another program might have written them
        connection.execute("UPDATE task_states SET started_at = 'yesterday' WHERE task_id = 'c'")
        connection.execute(
            "UPDATE task_states SET changed_at = '2030-01-02T10:00:00' WHERE task_id = 'd'"
        )
        connection.execute("UPDATE events SET at = '2030-01-03T10:00:00+08:00' WHERE id = 2")
    connection.close()
    store = ProgressStore.open(path)
    try:
        backup = store.backup(pid, CID)
        states = store.task_states(pid, CID)
        events = store.events(pid, CID, limit=None)
    finally:
        store.close()
    assert [s.task_id for s in backup.task_states] == ["a", "b", "c", "d"]
    assert {s.task_id: s for s in backup.task_states} == states
    assert states["c"].started_at is None
    assert states["d"].changed_at == datetime(2030, 1, 2, 10, tzinfo=UTC)
    status_events = [e for e in reversed(events) if e.kind is not ChangeKind.NOTE]
    assert [e for e in backup.events if e.kind is not ChangeKind.NOTE] == status_events
    assert backup.events[1].at == datetime(2030, 1, 3, 2, tzinfo=UTC)
