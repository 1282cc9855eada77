"""The learner's own review cards through the cohort server: the text travels (added, edited,
deleted) and the last edit wins; grades of an own card reach the same card on the other computer
although its number there differs; like notes, cards go to the server only when shared."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from tests.server.conftest import CohortServer
from tests.server.helpers import CID, folder, pid, sync_folder
from tracker.storage.cards import CardStore, NewState, StoredCard
from tracker.sync import run

T0 = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)
TASK = "ai-history-three-periods"


def _share(path: Path) -> None:
    store = folder(path)
    run.set_share_notes(store.database, pid(store), True)
    store.close()


def _cards(path: Path) -> list[tuple[object, ...]]:
    """(front, back, deleted) of every own card, by global id: comparable across folders."""
    conn = sqlite3.connect(path / "learnpath.sqlite3")
    try:
        return sorted(
            conn.execute(
                "SELECT gid, item_kind, item_id, front, back, deleted_at IS NOT NULL "
                "FROM user_cards"
            )
        )
    finally:
        conn.close()


def _add(path: Path, front: str, back: str, at: datetime) -> int:
    store = folder(path)
    try:
        return CardStore(store.database).add_user_card(
            pid(store), CID, "task", TASK, front=front, back=back, now=at
        )
    finally:
        store.close()


def _number(path: Path, front: str) -> int:
    conn = sqlite3.connect(path / "learnpath.sqlite3")
    try:
        return int(
            conn.execute("SELECT id FROM user_cards WHERE front = ?", (front,)).fetchone()[0]
        )
    finally:
        conn.close()


def test_own_cards_travel_and_the_last_edit_wins(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    a, b = tmp_path / "a", tmp_path / "b"
    _share(a)
    _share(b)
    _add(b, "b's own card", "made first on b", T0)  # b's numbers differ from a's from now on
    number = _add(a, "What is a token?", "A unit of text — 词元", T0 + timedelta(minutes=1))
    sync_folder(a, url)
    sync_folder(b, url)
    sync_folder(a, url)
    assert _cards(a) == _cards(b) and len(_cards(a)) == 2
    assert _number(b, "What is a token?") != number
    # Edited on both, offline: the later edit wins on both.
    sa, sb = folder(a), folder(b)
    CardStore(sa.database).edit_user_card(pid(sa), number, "Token?", "a's", T0 + timedelta(2))
    CardStore(sb.database).edit_user_card(
        pid(sb), _number(b, "What is a token?"), "Token (b)?", "b's, later", T0 + timedelta(3)
    )
    sa.close()
    sb.close()
    sync_folder(a, url)
    sync_folder(b, url)
    sync_folder(a, url)
    assert _cards(a) == _cards(b)
    assert ("Token (b)?", "b's, later") in [(c[3], c[4]) for c in _cards(a)]
    # A deletion travels (and a restore after it).
    sa = folder(a)
    CardStore(sa.database).set_user_card_deleted(pid(sa), number, T0 + timedelta(4))
    sa.close()
    sync_folder(a, url)
    sync_folder(b, url)
    assert [c[5] for c in _cards(b) if c[3] == "Token (b)?"] == [True]
    again = sync_folder(b, url)
    assert (again.pushed, again.pulled) == (0, 0)


def test_a_grade_of_an_own_card_reaches_the_same_card(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    a, b = tmp_path / "a", tmp_path / "b"
    _share(a)
    _share(b)
    _add(b, "b's own card", "not the one graded", T0)
    number = _add(a, "graded on a", "back", T0)

    def schedule(_card: StoredCard | None) -> NewState:
        return NewState(2, None, 3.0, 5.0, T0 + timedelta(days=3), T0 + timedelta(hours=1))

    store = folder(a)
    CardStore(store.database).record_grade(
        pid(store),
        CID,
        f"u:{number}",
        schedule,
        rating=3,
        at=T0 + timedelta(hours=1),
        duration_ms=900,
    )
    store.close()
    sync_folder(a, url)
    sync_folder(b, url)
    on_b = _number(b, "graded on a")
    store = folder(b)
    states = CardStore(store.database).states(pid(store), CID)
    store.close()
    assert set(states) == {f"u:{on_b}"}  # not b's own other card, whatever its number
    assert states[f"u:{on_b}"].stability == 3.0


def test_own_cards_stay_local_unless_notes_are_shared(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    _add(tmp_path / "a", "private card", "private back", T0)
    sync_folder(tmp_path / "a", url)
    with psycopg.connect(cohort_server.admin_url) as conn:
        kinds = [r[0] for r in conn.execute("SELECT kind FROM learnpath.events")]
    assert "card" not in kinds
    sync_folder(tmp_path / "b", url)
    assert _cards(tmp_path / "b") == []
    _share(tmp_path / "a")  # from now on, and the cards made before
    sync_folder(tmp_path / "a", url)
    _share(tmp_path / "b")
    sync_folder(tmp_path / "b", url)
    assert [c[3] for c in _cards(tmp_path / "b")] == ["private card"]
    with psycopg.connect(cohort_server["maria"].url) as conn:  # shared: the mentor may read it
        texts = [r[0] for r in conn.execute("SELECT new FROM learnpath.events WHERE kind='card'")]
    assert len(texts) == 1 and "private card" in texts[0]
