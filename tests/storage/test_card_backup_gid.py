"""A JSON backup names each own card by its global id (gid), so a card restored from it is the
card the learner's other computers already hold from an earlier sync, never a second copy.

Two data folders of one learner: the card written on one reaches the other by applying the first
one's pending sync events there (as a pull would), no server needed."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tracker.progress.review_backup import (
    CardStateRecord,
    ReviewBackup,
    ReviewLogRecord,
    own_card_records,
)
from tracker.reports.backup import BackupError
from tracker.reports.review_json import parse_review, review_to_dict
from tracker.storage import sync_local
from tracker.storage.card_records import NewState
from tracker.storage.card_sync import CARD_KIND
from tracker.storage.cards import REVIEW_KIND, CardStore
from tracker.storage.store import ProgressStore
from tracker.storage.sync_local import SyncEvent

T = datetime(2030, 3, 1, 9, tzinfo=UTC)
CID = "llm-engineer"
TASK = "tokenize"


def _folder(path: Path, name: str = "learner") -> tuple[ProgressStore, int]:
    store = ProgressStore.open(path / "learnpath.sqlite3")
    profile = store.add_profile(name, T, use=True)
    assert profile is not None
    return store, profile.id


def _pending(store: ProgressStore, pid: int) -> list[SyncEvent]:
    return sync_local.pending(store.database, pid, 0, share_notes=True, limit=100)


def _carry(events: list[SyncEvent], store: ProgressStore, pid: int) -> None:
    """``events`` as the other computer pulls them (recorded there under this device)."""
    device = str(uuid.uuid4())
    pulled = [
        SyncEvent(
            0, e.gid, device, e.curriculum_id, e.kind, e.item_kind, e.item_id, e.old, e.new, e.at
        )
        for e in events
    ]
    sync_local.apply_pulled(store.database, pid, "s", pulled, upto_seq=len(pulled), now=T)


def _cards(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(path / "learnpath.sqlite3")
    try:
        return sorted(conn.execute("SELECT gid, front, back FROM user_cards"))
    finally:
        conn.close()


def _exported(store: ProgressStore, pid: int) -> Any:
    """The ``review`` object a JSON export writes for the profile (own cards and grades)."""
    cards = CardStore(store.database)
    own = own_card_records(cards, pid, CID)
    logs = tuple(
        ReviewLogRecord(g.key, g.rating, g.review_datetime, g.review_duration)
        for g in cards.logs(pid, CID)
    )
    return review_to_dict(ReviewBackup(None, own, (), logs))


def _restore(store: ProgressStore, pid: int, written: object, **mode: Any) -> int:
    """The review object as read back from the file, applied to the profile."""
    parsed = parse_review(json.loads(json.dumps(written)))
    return CardStore(store.database).import_review(pid, CID, parsed, **mode)


def _add(store: ProgressStore, pid: int, front: str, now: datetime = T) -> int:
    return CardStore(store.database).add_user_card(
        pid, CID, "task", TASK, front=front, back="answer", now=now
    )


def test_a_card_restored_on_a_new_computer_is_the_one_the_other_already_has(
    tmp_path: Path,
) -> None:
    here, here_pid = _folder(tmp_path / "here")
    there, there_pid = _folder(tmp_path / "there")
    again, again_pid = _folder(tmp_path / "again")  # this computer, after losing its data
    try:
        _add(here, here_pid, "Q?")
        _carry(_pending(here, here_pid), there, there_pid)
        written = _exported(here, here_pid)
        gid = _cards(tmp_path / "here")[0][0]
        assert [c["gid"] for c in written["own_cards"]] == [gid]

        assert _restore(again, again_pid, written) == 1
        assert _cards(tmp_path / "again") == [(gid, "Q?", "answer")]
        events = _pending(again, again_pid)
        assert [(e.kind, e.item_id) for e in events] == [(CARD_KIND, gid)]
        _carry(events, there, there_pid)
        assert _cards(tmp_path / "there") == [(gid, "Q?", "answer")]  # one copy, not two
    finally:
        here.close()
        there.close()
        again.close()


def test_restoring_onto_the_computer_that_has_the_card_matches_it_by_gid(tmp_path: Path) -> None:
    """Found by gid even when its item and creation time do not identify it (a card pulled
    from a computer whose clock differs keeps the creation time written there)."""
    here, here_pid = _folder(tmp_path / "here")
    there, there_pid = _folder(tmp_path / "there")
    try:
        _add(here, here_pid, "Q?")
        _carry(_pending(here, here_pid), there, there_pid)
        written = _exported(here, here_pid)
        card = written["own_cards"][0]
        card["created_at"] = "2030-02-01T00:00:00.000000Z"
        assert _restore(there, there_pid, written) == 0
        assert _restore(here, here_pid, written) == 0
        assert len(_cards(tmp_path / "there")) == 1
        assert len(_cards(tmp_path / "here")) == 1
        assert len(_pending(there, there_pid)) == 0
    finally:
        here.close()
        there.close()


def test_merge_keeps_the_later_edit_and_replace_takes_the_backup(tmp_path: Path) -> None:
    here, here_pid = _folder(tmp_path / "here")
    there, there_pid = _folder(tmp_path / "there")
    try:
        number = _add(here, here_pid, "Q?")
        _carry(_pending(here, here_pid), there, there_pid)
        written = _exported(here, here_pid)  # "Q?" as of T
        cards = CardStore(here.database)
        assert cards.edit_user_card(here_pid, number, "Q, sharpened?", "answer", T + timedelta(1))
        sent = len(_pending(here, here_pid))

        # Merge: the edit made here since the backup is later, so it stays; nothing to send.
        assert _restore(here, here_pid, written) == 0
        assert [f for _g, f, _b in _cards(tmp_path / "here")] == ["Q, sharpened?"]
        assert len(_pending(here, here_pid)) == sent

        # Replace: the backup's texts, logged at the time of the import, so the other computer
        # (which has the later edit too) takes them as well.
        _carry(_pending(here, here_pid)[sent - 1 :], there, there_pid)
        assert [f for _g, f, _b in _cards(tmp_path / "there")] == ["Q, sharpened?"]
        later = T + timedelta(days=3)
        assert _restore(here, here_pid, written, replace=True, now=later) == 1
        assert [f for _g, f, _b in _cards(tmp_path / "here")] == ["Q?"]
        events = _pending(here, here_pid)[sent:]
        assert [(e.kind, e.at) for e in events] == [(CARD_KIND, later)]
        _carry(events, there, there_pid)
        assert _cards(tmp_path / "there") == _cards(tmp_path / "here")
        assert len(_cards(tmp_path / "there")) == 1
        # Replaced again: the same texts already, nothing changes.
        assert _restore(here, here_pid, written, replace=True, now=later) == 0

        # Merge, backup newer than the card here: the backup's texts at the backup's time.
        written["own_cards"][0]["front"] = "Q, from the backup?"
        written["own_cards"][0]["updated_at"] = "2030-03-09T00:00:00.000000Z"
        assert _restore(there, there_pid, written) == 1
        assert [f for _g, f, _b in _cards(tmp_path / "there")] == ["Q, from the backup?"]
    finally:
        here.close()
        there.close()


def test_an_older_backup_without_gids_still_imports(tmp_path: Path) -> None:
    here, here_pid = _folder(tmp_path / "here")
    try:
        _add(here, here_pid, "Q?")
        written = _exported(here, here_pid)
        for card in written["own_cards"]:
            del card["gid"]
        assert parse_review(written).own_cards[0].gid is None
        # Matched by item and creation time, as before: nothing added.
        assert _restore(here, here_pid, written) == 0
        elsewhere, elsewhere_pid = _folder(tmp_path / "elsewhere")
        try:
            assert _restore(elsewhere, elsewhere_pid, written) == 1
            [(gid, front, _back)] = _cards(tmp_path / "elsewhere")
            assert front == "Q?"
            assert gid != _cards(tmp_path / "here")[0][0]  # a new card there: a new gid
        finally:
            elsewhere.close()
    finally:
        here.close()


def test_a_backup_imported_under_another_name_in_the_same_folder_gets_new_gids(
    tmp_path: Path,
) -> None:
    """A gid names one card; the copy made for a second profile is another card."""
    here, here_pid = _folder(tmp_path / "here")
    try:
        _add(here, here_pid, "Q?")
        written = _exported(here, here_pid)
        copy = here.add_profile("copy", T)
        assert copy is not None
        assert _restore(here, copy.id, written) == 1
        gids = [gid for gid, _f, _b in _cards(tmp_path / "here")]
        assert len(set(gids)) == 2
    finally:
        here.close()


@pytest.mark.parametrize(
    ("gid", "message"),
    [
        ("not-a-uuid", "review.own_cards[0].gid: expected a card's global id (a UUID)"),
        (7, "review.own_cards[0].gid: expected a string"),
        ("{" + "0" * 32 + "}", "review.own_cards[0].gid: expected a card's global id (a UUID)"),
    ],
)
def test_a_gid_that_is_not_one_is_refused(tmp_path: Path, gid: object, message: str) -> None:
    here, here_pid = _folder(tmp_path / "here")
    try:
        _add(here, here_pid, "Q?")
        written = _exported(here, here_pid)
        written["own_cards"][0]["gid"] = gid
        with pytest.raises(BackupError) as raised:
            parse_review(written)
        assert str(raised.value) == message
    finally:
        here.close()


def test_a_gid_given_twice_is_refused(tmp_path: Path) -> None:
    here, here_pid = _folder(tmp_path / "here")
    try:
        _add(here, here_pid, "Q?")
        _add(here, here_pid, "Q2?", T + timedelta(hours=1))
        written = _exported(here, here_pid)
        own = written["own_cards"]
        own[1]["gid"] = own[0]["gid"]
        with pytest.raises(BackupError, match="a gid appears twice"):
            parse_review(written)
    finally:
        here.close()


def _grade(store: ProgressStore, pid: int, key: str, at: datetime) -> None:
    state = NewState(2, None, 3.0, 5.0, at + timedelta(days=3), at)
    CardStore(store.database).record_grade(
        pid, CID, key, lambda _old: state, rating=3, at=at, duration_ms=1200
    )


def test_grades_restored_from_a_backup_reach_the_other_computer(tmp_path: Path) -> None:
    here, here_pid = _folder(tmp_path / "here")
    there, there_pid = _folder(tmp_path / "there")
    again, again_pid = _folder(tmp_path / "again")
    try:
        number = _add(here, here_pid, "Q?")
        _carry(_pending(here, here_pid), there, there_pid)  # the card, not yet graded
        _grade(here, here_pid, f"u:{number}", T + timedelta(hours=1))
        _grade(here, here_pid, "attention-1", T + timedelta(hours=2))
        cards = CardStore(here.database)
        written = _exported(here, here_pid)
        states = tuple(cards.states(here_pid, CID).values())
        backup = parse_review(written)
        full = ReviewBackup(
            None,
            backup.own_cards,
            tuple(
                CardStateRecord(
                    s.key,
                    s.state,
                    s.step,
                    s.stability,
                    s.difficulty,
                    s.due,
                    s.last_review,
                    s.introduced_at,
                )
                for s in states
            ),
            backup.review_logs,
        )
        assert CardStore(again.database).import_review(again_pid, CID, full) == 5
        events = _pending(again, again_pid)
        assert sorted(e.kind for e in events) == [CARD_KIND, REVIEW_KIND, REVIEW_KIND]
        _carry(events, there, there_pid)
        there_cards = CardStore(there.database)
        there_logs = there_cards.logs(there_pid, CID)
        [there_number] = [c.number for c in there_cards.user_cards(there_pid, CID)]
        assert sorted((g.key, g.rating) for g in there_logs) == sorted(
            [(f"u:{there_number}", 3), ("attention-1", 3)]
        )
        assert there_cards.states(there_pid, CID)["attention-1"].due == T + timedelta(
            days=3, hours=2
        )
        assert len(_cards(tmp_path / "there")) == 1
        # Restored again: nothing added, nothing more to send.
        assert CardStore(again.database).import_review(again_pid, CID, full) == 0
        assert len(_pending(again, again_pid)) == len(events)
    finally:
        here.close()
        there.close()
        again.close()
