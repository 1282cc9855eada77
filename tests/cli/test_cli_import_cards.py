"""``learnpath import`` restores the review part of a JSON backup (own cards, card states,
grades), naming each own card by its global id: the learner's other computer, which holds the
card from an earlier sync, ends with one copy, not two. ``--merge`` keeps the later edit of a card,
``--replace`` takes the file's texts.

The other computer is a second data folder; sync between them is played by applying one folder's
pending events to the other (as a pull would), no server needed."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from test_cli_progress import run

from tracker.storage import sync_local
from tracker.storage.cards import CardStore
from tracker.storage.store import ProgressStore
from tracker.storage.sync_local import SyncEvent

TASK = "large-model-basic-concepts"
CID = "llm-engineer"


def _sync(source: Path, target: Path) -> None:
    """What ``source`` has to send, applied to ``target`` (profile "default" on both)."""
    here = ProgressStore.open(source / "learnpath.sqlite3")
    there = ProgressStore.open(target / "learnpath.sqlite3")
    try:
        here_profile, there_profile = (
            here.profile_by_name("default"),
            there.profile_by_name("default"),
        )
        assert here_profile is not None and there_profile is not None
        events = sync_local.pending(here.database, here_profile.id, 0, share_notes=True, limit=100)
        device = str(uuid.uuid4())
        pulled = [
            SyncEvent(
                0,
                e.gid,
                device,
                e.curriculum_id,
                e.kind,
                e.item_kind,
                e.item_id,
                e.old,
                e.new,
                e.at,
            )
            for e in events
        ]
        sync_local.apply_pulled(
            there.database,
            there_profile.id,
            "s",
            pulled,
            upto_seq=len(pulled),
            now=datetime.now(UTC),
        )
    finally:
        here.close()
        there.close()


def _cards(folder: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(folder / "learnpath.sqlite3")
    try:
        return sorted(conn.execute("SELECT gid, front FROM user_cards"))
    finally:
        conn.close()


def _logs(folder: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(folder / "learnpath.sqlite3")
    try:
        return sorted(
            conn.execute(
                "SELECT s.card_key, l.rating FROM review_logs l JOIN card_states s "
                "ON s.id = l.card_id"
            )
        )
    finally:
        conn.close()


def test_a_backup_restored_on_a_new_computer_leaves_one_copy_on_the_other(
    tmp_path: Path,
) -> None:
    here, there, again = tmp_path / "here", tmp_path / "there", tmp_path / "again"
    assert run(here, "tick", TASK).returncode == 0
    added = run(here, "cards", "add", TASK, "--front", "Q?", "--back", "A")
    assert added.returncode == 0, added.stderr
    assert run(here, "review", "grade", "u:1", "good").returncode == 0
    assert run(there, "status").returncode == 0
    _sync(here, there)
    [(gid, _front)] = _cards(here)
    assert _cards(there) == [(gid, "Q?")]

    backup = tmp_path / "backup.json"
    assert run(here, "export", "--format", "json", "-o", str(backup)).returncode == 0
    [own] = json.loads(backup.read_text(encoding="utf-8"))["review"]["own_cards"]
    assert own["gid"] == gid

    imported = run(again, "import", str(backup))
    assert imported.returncode == 0, imported.stderr
    assert _cards(again) == [(gid, "Q?")]  # the same card: its gid kept
    assert _logs(again) == [("u:1", 3)]
    _sync(again, there)
    assert _cards(there) == [(gid, "Q?")]  # one copy, not two
    assert _logs(there) == [("u:1", 3)]  # the grade found the same card

    # An export from the restored folder carries the same gid (round trip).
    again_backup = tmp_path / "again.json"
    assert run(again, "export", "--format", "json", "-o", str(again_backup)).returncode == 0
    review = json.loads(again_backup.read_text(encoding="utf-8"))["review"]
    assert [c["gid"] for c in review["own_cards"]] == [gid]


def test_merge_keeps_the_later_edit_and_replace_takes_the_file(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    assert run(here, "cards", "add", TASK, "--front", "Q?", "--back", "A").returncode == 0
    assert run(there, "status").returncode == 0
    _sync(here, there)
    backup = tmp_path / "backup.json"
    assert run(here, "export", "--format", "json", "-o", str(backup)).returncode == 0

    store = ProgressStore.open(there / "learnpath.sqlite3")
    try:
        profile = store.profile_by_name("default")
        assert profile is not None
        cards = CardStore(store.database)
        [card] = cards.user_cards(profile.id, CID)
        later = datetime.now(UTC) + timedelta(minutes=1)
        assert cards.edit_user_card(profile.id, card.number, "Q, sharpened?", "A", later)
    finally:
        store.close()

    merged = run(there, "import", str(backup), "--merge")
    assert merged.returncode == 0, merged.stderr
    assert [front for _gid, front in _cards(there)] == ["Q, sharpened?"]
    replaced = run(there, "import", str(backup), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert "(1 row changed)" in replaced.stdout
    assert [front for _gid, front in _cards(there)] == ["Q?"]
    assert len(_cards(there)) == 1
    # The replace is logged after the edit it overrides (that edit's clock was ahead), so the
    # first computer, given both, ends with the file's texts too.
    _sync(there, here)
    assert _cards(here) == _cards(there)


def test_a_backup_without_gids_still_imports(tmp_path: Path) -> None:
    here, again = tmp_path / "here", tmp_path / "again"
    assert run(here, "cards", "add", TASK, "--front", "Q?", "--back", "A").returncode == 0
    backup = tmp_path / "backup.json"
    assert run(here, "export", "--format", "json", "-o", str(backup)).returncode == 0
    document = json.loads(backup.read_text(encoding="utf-8"))
    for card in document["review"]["own_cards"]:
        del card["gid"]
    backup.write_text(json.dumps(document), encoding="utf-8")
    imported = run(again, "import", str(backup))
    assert imported.returncode == 0, imported.stderr
    [(gid, front)] = _cards(again)
    assert front == "Q?"
    assert gid != _cards(here)[0][0]
