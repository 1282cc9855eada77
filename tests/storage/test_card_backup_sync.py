"""Own review cards restored from a JSON backup travel to the learner's other computers like cards
written here: each card the backup adds, or gives newer texts, is logged for sync; applying the
same backup again logs nothing."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tracker.progress.review_backup import OwnCardRecord, ReviewBackup
from tracker.storage import sync_local
from tracker.storage.card_sync import CARD_KIND
from tracker.storage.cards import CardStore
from tracker.storage.store import ProgressStore
from tracker.storage.sync_local import SyncEvent

T = datetime(2030, 3, 1, 9, tzinfo=UTC)
CID = "llm-engineer"
TASK = "tokenize"


def _folder(path: Path) -> tuple[ProgressStore, int]:
    store = ProgressStore.open(path / "learnpath.sqlite3")
    profile = store.add_profile("learner", T, use=True)
    assert profile is not None
    return store, profile.id


def _backup(*cards: OwnCardRecord) -> ReviewBackup:
    return ReviewBackup(settings=None, own_cards=cards, cards=(), review_logs=())


def _card(front: str, *, updated: datetime = T, card_id: str = "u:7") -> OwnCardRecord:
    return OwnCardRecord(card_id, "task", TASK, front, "answer", T, updated, None)


def _pending(store: ProgressStore, pid: int) -> list[SyncEvent]:
    return sync_local.pending(store.database, pid, 0, share_notes=True, limit=100)


def _fronts(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path / "learnpath.sqlite3")
    try:
        return sorted(conn.execute("SELECT gid, front FROM user_cards"))
    finally:
        conn.close()


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


def test_a_card_restored_from_a_backup_reaches_the_other_computer(tmp_path: Path) -> None:
    here, here_pid = _folder(tmp_path / "here")
    there, there_pid = _folder(tmp_path / "there")
    try:
        assert CardStore(here.database).import_review(here_pid, CID, _backup(_card("Q?"))) == 1
        events = _pending(here, here_pid)
        assert [e.kind for e in events] == [CARD_KIND]
        assert events[0].at == T  # the card's own time: the last writer rule stays fair
        _carry(events, there, there_pid)
        assert _fronts(tmp_path / "there") == _fronts(tmp_path / "here")
        assert [front for _gid, front in _fronts(tmp_path / "there")] == ["Q?"]

        # Applied again: nothing changes, nothing more to send.
        assert CardStore(here.database).import_review(here_pid, CID, _backup(_card("Q?"))) == 0
        assert len(_pending(here, here_pid)) == 1
    finally:
        here.close()
        there.close()


def test_newer_texts_from_a_backup_reach_the_other_computer(tmp_path: Path) -> None:
    here, here_pid = _folder(tmp_path / "here")
    there, there_pid = _folder(tmp_path / "there")
    try:
        CardStore(here.database).add_user_card(
            here_pid, CID, "task", TASK, front="Q?", back="answer", now=T
        )
        _carry(_pending(here, here_pid), there, there_pid)
        later = T + timedelta(days=2)
        newer = _backup(_card("Q, sharpened?", updated=later, card_id="u:1"))
        assert CardStore(here.database).import_review(here_pid, CID, newer) == 1
        events = _pending(here, here_pid)
        assert [(e.kind, e.at) for e in events] == [(CARD_KIND, T), (CARD_KIND, later)]
        _carry(events[1:], there, there_pid)
        assert [front for _gid, front in _fronts(tmp_path / "there")] == ["Q, sharpened?"]
    finally:
        here.close()
        there.close()
