"""Applying pulled events locally (no server needed): each event once, the last writer by (time,
device id) wins whatever the order of arrival, and new event kinds plug in through APPLIERS."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tracker.progress.records import TaskStatus
from tracker.storage import sync_local
from tracker.storage.store import ProgressStore
from tracker.storage.sync_local import SyncEvent

T = datetime(2030, 1, 1, 12, tzinfo=UTC)
CID = "llm-engineer"


def _event(kind: str, new: str, device: str, at: datetime = T, item: str = "t1") -> SyncEvent:
    return SyncEvent(0, str(uuid.uuid4()), device, CID, kind, "task", item, None, new, at)


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    opened = ProgressStore.open(tmp_path / "learnpath.sqlite3")
    opened.add_profile("p", T, use=True)
    return opened


def test_same_time_the_greater_device_id_wins_in_any_order(tmp_path: Path) -> None:
    low = _event("status", "done", "00000000-0000-4000-8000-000000000001")
    high = _event("status", "skipped", "ffffffff-0000-4000-8000-000000000001")
    results = []
    for order, name in (((low, high), "a"), ((high, low), "b")):
        store = ProgressStore.open(tmp_path / name / "learnpath.sqlite3")
        profile = store.add_profile("p", T, use=True)
        assert profile is not None
        for seq, event in enumerate(order, 1):
            sync_local.apply_pulled(store.database, profile.id, "s", [event], upto_seq=seq, now=T)
        state = store.task_state(profile.id, CID, "t1")
        store.close()
        assert state is not None
        results.append(state.status)
    assert results == [TaskStatus.SKIPPED, TaskStatus.SKIPPED]


def test_an_event_pulled_twice_is_recorded_and_applied_once(store: ProgressStore) -> None:
    pid = store.profiles()[0].id
    event = _event("session", "25", "d1")
    first = sync_local.apply_pulled(store.database, pid, "s", [event], upto_seq=1, now=T)
    again = sync_local.apply_pulled(store.database, pid, "s", [event], upto_seq=1, now=T)
    assert (first.events, again.events) == (1, 0)
    assert sync_local.local_event_count(store.database, pid) == 1
    assert sync_local.cursor(store.database, pid, "s") == (0, 1)
    store.close()


def test_a_new_kind_plugs_in_through_appliers(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str | None] = []
    monkeypatch.setitem(sync_local.APPLIERS, "session", lambda _conn, w: seen.append(w.new))
    pid = store.profiles()[0].id
    event = _event("session", "25", "d1")
    sync_local.apply_pulled(store.database, pid, "s", [event, event], upto_seq=2, now=T)
    store.close()
    assert seen == ["25"]
