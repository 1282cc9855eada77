"""The ``review`` object of a ``learnpath.progress/1`` backup: written, and read back strictly.

See docs/progress-json.md. Older backups have no ``review`` key and import as before.
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from tracker.progress.review_backup import (
    CardStateRecord,
    OwnCardRecord,
    ReviewBackup,
    ReviewLogRecord,
)
from tracker.reports.backup import (
    MAX_ID_LENGTH,
    BackupError,
    _ident,
    _list,
    _moment,
    _object,
    _opt_moment,
    _text,
    timestamp,
)

_KEYS = frozenset({"settings", "own_cards", "cards", "review_logs"})
_SETTINGS_KEYS = frozenset({"desired_retention", "new_per_day"})
_OWN_KEYS = frozenset(
    {"card_id", "item_kind", "item_id", "front", "back", "created_at", "updated_at", "deleted_at"}
)
_OWN_OPTIONAL = frozenset({"gid"})
_CARD_KEYS = frozenset(
    {"card_id", "state", "step", "stability", "difficulty", "due", "last_review", "introduced_at"}
)
_LOG_KEYS = frozenset({"card_id", "rating", "review_datetime", "review_duration"})
MAX_CARD_CHARS = 4000


def review_to_dict(backup: ReviewBackup) -> dict[str, Any]:
    settings = None
    if backup.settings is not None:
        settings = {"desired_retention": backup.settings[0], "new_per_day": backup.settings[1]}
    return {
        "settings": settings,
        "own_cards": [_own_to_dict(c) for c in backup.own_cards],
        "cards": [
            {
                "card_id": c.card_id,
                "state": c.state,
                "step": c.step,
                "stability": c.stability,
                "difficulty": c.difficulty,
                "due": timestamp(c.due),
                "last_review": None if c.last_review is None else timestamp(c.last_review),
                "introduced_at": timestamp(c.introduced_at),
            }
            for c in backup.cards
        ],
        "review_logs": [
            {
                "card_id": log.card_id,
                "rating": log.rating,
                "review_datetime": timestamp(log.review_datetime),
                "review_duration": log.review_duration,
            }
            for log in backup.review_logs
        ],
    }


def _own_to_dict(card: OwnCardRecord) -> dict[str, Any]:
    written: dict[str, Any] = {
        "card_id": card.card_id,
        "item_kind": card.item_kind,
        "item_id": card.item_id,
        "front": card.front,
        "back": card.back,
        "created_at": timestamp(card.created_at),
        "updated_at": timestamp(card.updated_at),
        "deleted_at": None if card.deleted_at is None else timestamp(card.deleted_at),
    }
    if card.gid is not None:
        written["gid"] = card.gid
    return written


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BackupError(f"{where}: expected a whole number from {low} to {high}")
    return value


def _opt_int(value: Any, where: str, low: int, high: int) -> int | None:
    return None if value is None else _int(value, where, low, high)


def _opt_float(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BackupError(f"{where}: expected a number")
    if not 0 <= value <= 1e9:
        raise BackupError(f"{where}: out of range")
    return float(value)


def parse_review(value: Any) -> ReviewBackup:
    """The ``review`` object, checked field by field (``BackupError`` naming the place)."""
    top = _object(value, "review")
    unknown = sorted(set(top) - _KEYS)
    if unknown:
        raise BackupError(f"review: unexpected key {unknown[0]!r}")
    settings = None
    if top.get("settings") is not None:
        obj = _object(top["settings"], "review.settings", _SETTINGS_KEYS)
        retention = _opt_float(obj["desired_retention"], "review.settings.desired_retention")
        if retention is None or not 0.7 <= retention <= 0.99:
            raise BackupError("review.settings.desired_retention: expected 0.7 to 0.99")
        settings = (retention, _int(obj["new_per_day"], "review.settings.new_per_day", 0, 1000))
    own = tuple(
        _own(item, f"review.own_cards[{i}]") for i, item in enumerate(_list(top, "own_cards"))
    )
    cards = tuple(_card(item, f"review.cards[{i}]") for i, item in enumerate(_list(top, "cards")))
    if len({c.card_id for c in cards}) != len(cards):
        raise BackupError("review.cards: a card_id appears twice")
    logs = tuple(
        _log(item, f"review.review_logs[{i}]") for i, item in enumerate(_list(top, "review_logs"))
    )
    # An own card's state or log without the card would land on whichever card of the
    # importing profile has that number.
    own_ids = {c.card_id for c in own}
    if len(own_ids) != len(own):
        raise BackupError("review.own_cards: a card_id appears twice")
    gids = [c.gid for c in own if c.gid is not None]
    if len(set(gids)) != len(gids):
        raise BackupError("review.own_cards: a gid appears twice")
    for place, ids in (
        ("cards", [c.card_id for c in cards]),
        ("review_logs", [g.card_id for g in logs]),
    ):
        for i, card_id in enumerate(ids):
            if card_id.startswith("u:") and card_id not in own_ids:
                raise BackupError(
                    f"review.{place}[{i}].card_id: {card_id!r} is not in review.own_cards"
                )
    return ReviewBackup(settings, own, cards, logs)


def _own(item: Any, where: str) -> OwnCardRecord:
    obj = _object(item, where)
    unknown = sorted(set(obj) - _OWN_KEYS - _OWN_OPTIONAL)
    if unknown:
        raise BackupError(f"{where}: unexpected key {unknown[0]!r}")
    missing = sorted(_OWN_KEYS - set(obj))
    if missing:
        raise BackupError(f"{where}: missing key {missing[0]!r}")
    kind = _text(obj["item_kind"], f"{where}.item_kind", max_chars=16)
    if kind not in ("task", "stage", "concept"):
        raise BackupError(f"{where}.item_kind: unknown value {kind!r}")
    card_id = _ident(obj["card_id"], f"{where}.card_id")
    if not card_id.startswith("u:"):
        raise BackupError(f"{where}.card_id: an own card's id starts with 'u:'")
    return OwnCardRecord(
        card_id,
        kind,
        _ident(obj["item_id"], f"{where}.item_id"),
        _text(obj["front"], f"{where}.front", max_chars=MAX_CARD_CHARS),
        _text(obj["back"], f"{where}.back", max_chars=MAX_CARD_CHARS),
        _moment(obj["created_at"], f"{where}.created_at"),
        _moment(obj["updated_at"], f"{where}.updated_at"),
        _opt_moment(obj["deleted_at"], f"{where}.deleted_at"),
        _gid(obj["gid"], f"{where}.gid") if "gid" in obj else None,
    )


def _gid(value: Any, where: str) -> str:
    """A card's global id: a UUID in its usual form (36 characters, lowercase kept as it is
    stored)."""
    text = _text(value, where, max_chars=36)
    try:
        parsed = uuid.UUID(text)
    except ValueError:
        raise BackupError(f"{where}: expected a card's global id (a UUID)") from None
    if str(parsed) != text.lower():
        raise BackupError(f"{where}: expected a card's global id (a UUID)")
    return text.lower()


def _card(item: Any, where: str) -> CardStateRecord:
    obj = _object(item, where, _CARD_KEYS)
    return CardStateRecord(
        _text(obj["card_id"], f"{where}.card_id", max_chars=MAX_ID_LENGTH),
        _int(obj["state"], f"{where}.state", 1, 3),
        _opt_int(obj["step"], f"{where}.step", 0, 100),
        _opt_float(obj["stability"], f"{where}.stability"),
        _opt_float(obj["difficulty"], f"{where}.difficulty"),
        _moment(obj["due"], f"{where}.due"),
        _opt_moment(obj["last_review"], f"{where}.last_review"),
        _moment(obj["introduced_at"], f"{where}.introduced_at"),
    )


def _log(item: Any, where: str) -> ReviewLogRecord:
    obj = _object(item, where, _LOG_KEYS)
    return ReviewLogRecord(
        _text(obj["card_id"], f"{where}.card_id", max_chars=MAX_ID_LENGTH),
        _int(obj["rating"], f"{where}.rating", 1, 4),
        _moment(obj["review_datetime"], f"{where}.review_datetime"),
        _opt_int(obj["review_duration"], f"{where}.review_duration", 0, 10**9),
    )
