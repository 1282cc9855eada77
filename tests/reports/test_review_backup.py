"""The JSON backup carries own cards, card states and review logs; they come back in another
data folder, a second import changes nothing, and backups without them still import."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "progress"))
from card_curriculum import make_card_curriculum
from sample_curriculum import FakeClock

from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService
from tracker.reports.backup import BackupError, import_backup, parse_backup
from tracker.reports.json_backup import render_json
from tracker.reports.model import build_report
from tracker.reports.review_json import parse_review


def _open(folder: Path) -> ProgressService:
    clock = FakeClock(datetime(2030, 3, 1, 12, tzinfo=UTC))
    return ProgressService.open(folder, make_card_curriculum(), clock=clock)


def _exported(folder: Path) -> str:
    service = _open(folder)
    try:
        service.set_status("tokenize", TaskStatus.DONE)
        service.review.set_settings(new_per_day=4)
        own = service.review.add_card(ItemKind.TASK, "tokenize", "Own question", "Own answer")
        service.review.grade("attention-1", "good")
        service.review.grade("attention-1", "again")
        service.review.grade(own, "easy")
        return render_json(build_report(service))
    finally:
        service.close()


def test_cards_states_and_logs_survive_export_and_import(tmp_path: Path) -> None:
    exported = _exported(tmp_path / "first")
    document = json.loads(exported)
    review = document["review"]
    assert review["settings"] == {"desired_retention": 0.9, "new_per_day": 4}
    assert [c["front"] for c in review["own_cards"]] == ["Own question"]
    assert [log["rating"] for log in review["review_logs"]] == [3, 1, 4]
    assert set(review["review_logs"][0]) == {
        "card_id",
        "rating",
        "review_datetime",
        "review_duration",
    }
    fresh = _open(tmp_path / "second")
    try:
        fresh.add_profile("someone-else")
        fresh.switch_profile("someone-else")
        fresh.review.add_card(ItemKind.STAGE, "basics", "Not mine", "x")  # takes number 1
        parsed = parse_backup(exported, "cards")
        import_backup(fresh, parsed, "restored")
        fresh.switch_profile("restored")
        assert fresh.review.settings().new_per_day == 4
        own = fresh.review.own_cards()
        assert [(c.front.en, c.state.value) for c in own] == [("Own question", "review")]
        assert own[0].card_id != "u:1"  # a new number here, its history moved with it
        logs = fresh.review.review_logs()
        assert [int(log.rating) for log in logs] == [3, 1, 4]
        assert fresh.review.card("attention-1").due == datetime.fromisoformat(
            review["cards"][0]["due"].replace("Z", "+00:00")
        )
        assert fresh.review.undo_last_grade() is None  # imported grades cannot be undone
        import_backup(fresh, parse_backup(exported, "cards"), "restored")
        assert len(fresh.review.review_logs()) == 3
        assert len(fresh.review.own_cards()) == 1
    finally:
        fresh.close()


def test_a_backup_without_review_still_imports(tmp_path: Path) -> None:
    exported = json.loads(_exported(tmp_path / "first"))
    del exported["review"]
    fresh = _open(tmp_path / "second")
    try:
        import_backup(fresh, parse_backup(json.dumps(exported), "cards"), "old-file")
        fresh.switch_profile("old-file")
        assert fresh.task_state("tokenize").status is TaskStatus.DONE
        assert fresh.review.review_logs() == []
    finally:
        fresh.close()


_OWN = {
    "card_id": "u:1",
    "item_kind": "stage",
    "item_id": "basics",
    "front": "Q",
    "back": "A",
    "created_at": "2030-01-01T00:00:00Z",
    "updated_at": "2030-01-01T00:00:00Z",
    "deleted_at": None,
}
_STATE = {
    "card_id": "u:1",
    "state": 2,
    "step": None,
    "stability": 3.0,
    "difficulty": 5.0,
    "due": "2030-01-04T00:00:00Z",
    "last_review": "2030-01-01T00:00:00Z",
    "introduced_at": "2030-01-01T00:00:00Z",
}
_LOG = {
    "card_id": "u:1",
    "rating": 3,
    "review_datetime": "2030-01-01T00:00:00Z",
    "review_duration": None,
}


@pytest.mark.parametrize(
    ("review", "message"),
    [
        ({"cards": "x"}, "cards: expected a list"),
        ({"colour": 1}, "review: unexpected key 'colour'"),
        (
            {
                "review_logs": [
                    {
                        "card_id": "a",
                        "rating": 7,
                        "review_datetime": "2030-01-01T00:00:00Z",
                        "review_duration": None,
                    }
                ]
            },
            "review.review_logs[0].rating",
        ),
        ({"settings": {"desired_retention": 2, "new_per_day": 1}}, "desired_retention"),
        (
            {"cards": [_STATE]},  # an own card's state without the card
            "review.cards[0].card_id: 'u:1' is not in review.own_cards",
        ),
        (
            {"own_cards": [_OWN, _OWN]},
            "review.own_cards: a card_id appears twice",
        ),
        (
            {"own_cards": [_OWN], "review_logs": [{**_LOG, "card_id": "u:2"}]},
            "review.review_logs[0].card_id: 'u:2' is not in review.own_cards",
        ),
    ],
)
def test_a_bad_review_object_is_refused_with_its_place(review: object, message: str) -> None:
    with pytest.raises(BackupError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_review(review)


def test_an_own_card_edited_since_the_backup_is_not_duplicated_by_importing_it(
    tmp_path: Path,
) -> None:
    exported = _exported(tmp_path)
    service = _open(tmp_path)
    try:
        service._clock.advance(days=1)  # type: ignore[attr-defined]
        (own,) = service.review.own_cards()
        service.review.edit_card(own.card_id, "Own question, sharpened", "Own answer")
        import_backup(service, parse_backup(exported, "cards"), "default")
        cards = service.review.own_cards()
        assert [(c.card_id, c.front.en) for c in cards] == [
            (own.card_id, "Own question, sharpened")
        ]
        assert len(service.review.review_logs()) == 3
    finally:
        service.close()
