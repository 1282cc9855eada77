"""Review grades through the cohort server: a grade made on one computer reaches the other with
its card state, grades from both merge as a set, an undo travels too, and a re-run sync
duplicates nothing. History stays free of grades."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.server.conftest import CohortServer
from tests.server.helpers import CID, folder, pid, sync_folder
from tracker.storage.cards import CardStore, NewState, StoredCard

T0 = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)


def _grade(path: Path, key: str, rating: int, at: datetime, days: int) -> int:
    def schedule(_card: StoredCard | None) -> NewState:
        return NewState(2, None, float(days), 5.0, at + timedelta(days=days), at)

    store = folder(path)
    try:
        _card, log = CardStore(store.database).record_grade(
            pid(store), CID, key, schedule, rating=rating, at=at, duration_ms=1500
        )
        return log
    finally:
        store.close()


def _review(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path / "learnpath.sqlite3")
    try:
        return {
            "cards": sorted(
                conn.execute(
                    "SELECT card_key, state, stability, due, last_review FROM card_states"
                ).fetchall()
            ),
            "logs": sorted(
                conn.execute(
                    "SELECT s.card_key, l.rating, l.review_datetime, l.review_duration "
                    "FROM review_logs l JOIN card_states s ON s.id = l.card_id"
                ).fetchall()
            ),
        }
    finally:
        conn.close()


def test_review_grades_converge_and_undo_travels(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    _grade(laptop, "card-a", 3, T0, 3)
    _grade(desktop, "card-a", 4, T0 + timedelta(hours=1), 7)  # the newer grade of card-a
    _grade(desktop, "card-b", 1, T0, 1)
    sync_folder(laptop, url)
    sync_folder(desktop, url)
    sync_folder(laptop, url)
    both = _review(laptop)
    assert both == _review(desktop)
    assert len(both["logs"]) == 3
    cards = {row[0]: row for row in both["cards"]}
    assert cards["card-a"][2] == 7.0  # the state of its newest grade, on both computers
    assert cards["card-b"][2] == 1.0

    # A new grade on the laptop, taken back there: gone on the desktop too.
    log = _grade(laptop, "card-b", 3, T0 + timedelta(days=1), 4)
    sync_folder(laptop, url)
    sync_folder(desktop, url)
    assert len(_review(desktop)["logs"]) == 4
    store = folder(laptop)
    assert CardStore(store.database).undo_grade(pid(store), CID, log) == ("card-b", True)
    assert all(e.kind.value != "review" for e in store.events(pid(store), CID))
    store.close()
    sync_folder(laptop, url)
    sync_folder(desktop, url)
    assert _review(desktop) == _review(laptop)
    assert {row[0]: row[2] for row in _review(desktop)["cards"]}["card-b"] == 1.0

    again = sync_folder(desktop, url)
    assert (again.pushed, again.pulled) == (0, 0)
    sync_folder(tmp_path / "third", url)
    assert _review(tmp_path / "third") == _review(laptop)


def test_grades_logged_for_sync_stay_out_of_history_and_backups(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _grade(tmp_path, "card-a", 3, T0, 3)
    store = folder(tmp_path)
    try:
        assert store.events(pid(store), CID) == []
        backup = store.backup(pid(store), CID)
    finally:
        store.close()
    assert backup.events == ()
    assert "cannot read" not in caplog.text
