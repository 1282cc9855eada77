"""The JSON backup of a profile (``learnpath.progress/1``): writing it, and reading it back safely.

Reading validates everything (size, depth, duplicate keys, NaN, schema version, types, ids,
timestamps, curriculum id) before anything is written; ``import_backup`` then hands one
``ProfileBackup`` to the progress service, which applies it in one transaction.
"""

from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tracker.progress.errors import ProfileNameError
from tracker.progress.limits import MAX_NOTE_CHARS
from tracker.progress.profiles import clean_name
from tracker.progress.records import (
    Change,
    ChangeKind,
    Event,
    ItemKind,
    Note,
    ProfileBackup,
    StagePlan,
    TaskState,
    TaskStatus,
)
from tracker.reports.model import as_utc

if TYPE_CHECKING:
    from tracker.progress.service import ProgressService

SCHEMA = "learnpath.progress/1"
SCHEMA_PREFIX = "learnpath.progress/"
MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 12
MAX_ID_LENGTH = 200
MAX_DIGITS = 40
MAX_VALUE_CHARS = 1_000_000

_ID = re.compile(r"[^\x00-\x1f\x7f]+")
_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")

T = TypeVar("T")


class BackupError(Exception):
    """A backup file that cannot be imported; the message says what is wrong and where."""


# ---------------------------------------------------------------- writing


def timestamp(moment: datetime) -> str:
    """A UTC timestamp as ISO 8601 with a ``Z`` (microseconds kept, so events de-duplicate)."""
    return as_utc(moment).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _opt_timestamp(moment: datetime | None) -> str | None:
    return None if moment is None else timestamp(moment)


def stamper() -> Callable[[datetime | None], str | None]:
    """``timestamp`` (None for None) remembering each UTC moment's text: a moment often comes
    back (a task's change is its start or its end, and an event's time)."""
    written: dict[datetime, str] = {}
    utc = UTC

    def stamp(moment: datetime | None) -> str | None:
        if moment is None:
            return None
        text = written.get(moment)
        if text is None or moment.tzinfo is not utc:
            text = timestamp(moment)
            if moment.tzinfo is utc:
                written[moment] = text
        return text

    return stamp


def event_key(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """An event record's place in the backup, from its values in record order (at, kind, item
    kind, item id, old, new): those values, None as "" (each value text as ``str`` gives it)."""
    at, kind, item_kind, item_id, old, new = values
    return (
        at,
        kind,
        "" if item_kind is None else item_kind,
        "" if item_id is None else str(item_id),
        "" if old is None else str(old),
        "" if new is None else str(new),
    )


def backup_to_dict(backup: ProfileBackup) -> dict[str, Any]:
    """The backup part of the JSON document, every list in a stable order."""
    # Some 20,000 timestamps and 5,000 events for 9,000 tasks: enum values are read directly
    # (``member.value`` goes through a Python-level descriptor), each moment written once.
    stamp = stamper()
    states = sorted(backup.task_states, key=lambda s: s.task_id)
    keyed = []
    for e in backup.events:
        at = stamp(e.at)
        kind = e.kind._value_
        item_kind = None if e.item_kind is None else e.item_kind._value_
        item_id, old, new = e.item_id, e.old, e.new
        record = {
            "at": at,
            "kind": kind,
            "item_kind": item_kind,
            "item_id": item_id,
            "old": old,
            "new": new,
        }
        keyed.append((event_key((at, kind, item_kind, item_id, old, new)), record))
    keyed.sort(key=_first)
    return {
        "task_states": [
            {
                "task_id": s.task_id,
                "status": s.status._value_,
                "changed_at": stamp(s.changed_at),
                "started_at": stamp(s.started_at),
                "done_at": stamp(s.done_at),
            }
            for s in states
        ],
        "events": [record for _, record in keyed],
        **small_parts_to_dict(backup),
    }


def small_parts_to_dict(backup: ProfileBackup) -> dict[str, Any]:
    """The backup's notes, plans, study time and settings (everything but its two long lists,
    the task states and the events)."""
    notes = sorted(backup.notes, key=lambda n: (n.item_kind.value, n.item_id))
    plans = sorted(backup.plans, key=lambda p: p.stage_id)
    return {
        "notes": [
            {
                "item_kind": n.item_kind.value,
                "item_id": n.item_id,
                "text": n.text,
                "updated_at": timestamp(n.updated_at),
            }
            for n in notes
        ],
        "plans": [
            {
                "stage_id": p.stage_id,
                "target_date": p.target_date.isoformat(),
                "updated_at": timestamp(p.updated_at),
            }
            for p in plans
        ],
        **_study_to_dict(backup),
    }


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _study_to_dict(backup: ProfileBackup) -> dict[str, Any]:
    from tracker.reports.study_backup import study_to_dict

    return study_to_dict(backup)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class ParsedBackup:
    """A validated backup file: the data to restore and what the file said about itself."""

    backup: ProfileBackup
    generated_at: datetime | None
    review: Any = None
    """The ``review`` object (``tracker.progress.review_backup.ReviewBackup``), if any."""


def read_backup_file(path: Path, curriculum_id: str) -> ParsedBackup:
    """Read and validate a backup file (see ``parse_backup``), checking its size first.

    Only a regular file is read (a device or FIFO reports no size and may never end), and never
    more than ``MAX_BYTES`` + 1 bytes of it, so a file that grows while read cannot exhaust memory.
    """
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise BackupError(f"{path}: not a regular file")
            if info.st_size > MAX_BYTES:
                raise BackupError(
                    f"{path}: file is too large ({info.st_size} bytes; at most {MAX_BYTES})"
                )
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise BackupError(f"{path}: file is too large (more than {MAX_BYTES} bytes)")
    except OSError as error:
        raise BackupError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        return parse_backup(data, curriculum_id)
    except BackupError as error:
        raise BackupError(f"{path}: {error}") from None


def parse_backup(data: bytes | str, curriculum_id: str) -> ParsedBackup:
    """Validate a ``learnpath.progress/1`` document completely and return what it holds.

    Raises ``BackupError`` with a one-line message on anything unexpected; nothing is written.
    """
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise BackupError(f"file is too large ({len(data)} bytes; at most {MAX_BYTES})")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise BackupError(f"not UTF-8 text (byte {error.start})") from None
    else:
        text = data
        if len(text) > MAX_BYTES:
            raise BackupError(f"file is too large (at most {MAX_BYTES} bytes)")
    _check_depth(text)
    try:
        document = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_no_constant,
            parse_int=_bounded_int,
        )
    except json.JSONDecodeError as error:
        raise BackupError(f"not valid JSON: {error.msg} at line {error.lineno}") from None
    except (ValueError, RecursionError) as error:
        raise BackupError(str(error) or "not valid JSON") from None
    return _document(document, curriculum_id)


def _check_depth(text: str) -> None:
    """Refuse deep nesting before parsing (the parser would recurse) without walking in Python."""
    depth = 0
    for match in _BRACKETS.finditer(_STRINGS.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            raise BackupError(f"nested too deeply (more than {MAX_DEPTH} levels)")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _bounded_int(digits: str) -> int:
    # Checked before int() so Python's own limit (and its advice to call
    # sys.set_int_max_str_digits) never reaches the message.
    if len(digits) > MAX_DIGITS:
        raise ValueError(f"a number has {len(digits)} digits (at most {MAX_DIGITS} are read)")
    return int(digits)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed (numbers must be finite)")


_TOP_KEYS = frozenset(
    {
        "schema",
        "generator",
        "generated_at",
        "profile",
        "curriculum",
        "summary",
        "task_states",
        "notes",
        "plans",
        "events",
        "review",
        "sessions",  # study time and settings: optional, see study_backup
        "settings",
    }
)


def _document(document: Any, curriculum_id: str) -> ParsedBackup:
    top = _object(document, "the document")
    schema = top.get("schema")
    if not isinstance(schema, str) or not schema.startswith(SCHEMA_PREFIX):
        raise BackupError(f'not a LearnPath progress file (no "schema": "{SCHEMA}")')
    if schema != SCHEMA:
        raise BackupError(
            f"schema {schema!r} is not supported (this version reads {SCHEMA!r}); "
            "it may come from a newer LearnPath"
        )
    unknown = sorted(set(top) - _TOP_KEYS)
    if unknown:
        raise BackupError(
            f"unexpected top-level key {_shown(unknown[0])} "
            f"(expected only: {', '.join(sorted(_TOP_KEYS))})"
        )
    profile = _text(top.get("profile"), "profile", max_chars=MAX_ID_LENGTH)
    try:
        clean_name(profile)
    except ProfileNameError as error:
        raise BackupError(f"profile: {_shown(profile)} is not a usable name ({error})") from None
    curriculum = _object(top.get("curriculum"), "curriculum")
    their_id = _text(curriculum.get("id"), "curriculum.id", max_chars=MAX_ID_LENGTH)
    if their_id != curriculum_id:
        raise BackupError(
            f"the file is progress for curriculum {their_id!r}, not {curriculum_id!r}"
        )
    generated = top.get("generated_at")
    generated_at = None if generated is None else _moment(generated, "generated_at")
    states = _records(top, "task_states", _task_state, lambda s: s.task_id)
    notes = _records(top, "notes", _note, lambda n: (n.item_kind, n.item_id))
    plans = _records(top, "plans", _plan, lambda p: p.stage_id)
    events = tuple(
        _event(item, f"events[{i}]", profile) for i, item in enumerate(_list(top, "events"))
    )
    from tracker.reports.study_backup import parse_study

    sessions, settings = parse_study(top)
    backup = ProfileBackup(
        profile=profile,
        curriculum_id=their_id,
        task_states=states,
        notes=notes,
        plans=plans,
        events=events,
        sessions=sessions,
        settings=settings,
    )
    review = None
    if top.get("review") is not None:
        from tracker.reports.review_json import parse_review

        review = parse_review(top["review"])
    return ParsedBackup(backup=backup, generated_at=generated_at, review=review)


def _records(
    top: dict[str, Any],
    key: str,
    make: Callable[[Any, str], T],
    identity: Callable[[T], object],
) -> tuple[T, ...]:
    seen: set[object] = set()
    result: list[T] = []
    for index, item in enumerate(_list(top, key)):
        record = make(item, f"{key}[{index}]")
        ident = identity(record)
        if ident in seen:
            raise BackupError(f"{key}[{index}]: duplicate entry for {ident!r}")
        seen.add(ident)
        result.append(record)
    return tuple(result)


def _list(top: dict[str, Any], key: str) -> list[Any]:
    value = top.get(key, [])
    if not isinstance(value, list):
        raise BackupError(f"{key}: expected a list")
    return value


def _object(value: Any, where: str, keys: frozenset[str] | None = None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BackupError(f"{where}: expected an object")
    if keys is not None:
        unknown = sorted(set(value) - keys)
        if unknown:
            raise BackupError(f"{where}: unexpected key {unknown[0]!r}")
        missing = sorted(keys - set(value))
        if missing:
            raise BackupError(f"{where}: missing key {missing[0]!r}")
    return value


def _shown(text: str) -> str:
    """``text`` quoted for a message, lone surrogates escaped so the message can be printed."""
    return repr(text.encode("utf-8", "backslashreplace").decode("utf-8"))


def _text(value: Any, where: str, *, max_chars: int = MAX_VALUE_CHARS) -> str:
    if not isinstance(value, str):
        raise BackupError(f"{where}: expected a string")
    if len(value) > max_chars:
        raise BackupError(f"{where}: longer than {max_chars} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise BackupError(
            f"{where}: not valid Unicode text (a lone surrogate \\u{ord(value[error.start]):04x} "
            f"at character {error.start})"
        ) from None
    return value


def _opt_text(value: Any, where: str) -> str | None:
    return None if value is None else _text(value, where)


def _ident(value: Any, where: str) -> str:
    text = _text(value, where, max_chars=MAX_ID_LENGTH)
    if not _ID.fullmatch(text) or text != text.strip():
        raise BackupError(f"{where}: {_shown(text)} is not a valid id")
    for char in text:
        # Format characters (U+202E RIGHT-TO-LEFT OVERRIDE, zero-width joiners...) would make an
        # id display as another one in every export: refused, as in profile names.
        if unicodedata.category(char)[0] == "C" or unicodedata.category(char) in ("Zl", "Zp"):
            raise BackupError(
                f"{where}: {_shown(text)} is not a valid id (it contains U+{ord(char):04X}, "
                "a control or formatting character)"
            )
    return text


def _moment(value: Any, where: str) -> datetime:
    text = _text(value, where, max_chars=40)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BackupError(f"{where}: {text!r} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        raise BackupError(f"{where}: {text!r} has no time zone (expected UTC, ending in Z)")
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise BackupError(f"{where}: {text!r} is out of range in UTC") from None


def _opt_moment(value: Any, where: str) -> datetime | None:
    return None if value is None else _moment(value, where)


def _enum(kind: type[T], value: Any, where: str) -> T:
    text = _text(value, where, max_chars=40)
    try:
        return kind(text)  # type: ignore[call-arg]
    except ValueError:
        raise BackupError(f"{where}: unknown value {text!r}") from None


_STATE_KEYS = frozenset({"task_id", "status", "changed_at", "started_at", "done_at"})
_NOTE_KEYS = frozenset({"item_kind", "item_id", "text", "updated_at"})
_PLAN_KEYS = frozenset({"stage_id", "target_date", "updated_at"})
_EVENT_KEYS = frozenset({"at", "kind", "item_kind", "item_id", "old", "new"})


def _task_state(item: Any, where: str) -> TaskState:
    obj = _object(item, where, _STATE_KEYS)
    return TaskState(
        task_id=_ident(obj["task_id"], f"{where}.task_id"),
        status=_enum(TaskStatus, obj["status"], f"{where}.status"),
        changed_at=_opt_moment(obj["changed_at"], f"{where}.changed_at"),
        started_at=_opt_moment(obj["started_at"], f"{where}.started_at"),
        done_at=_opt_moment(obj["done_at"], f"{where}.done_at"),
    )


def _note(item: Any, where: str) -> Note:
    obj = _object(item, where, _NOTE_KEYS)
    return Note(
        item_kind=_enum(ItemKind, obj["item_kind"], f"{where}.item_kind"),
        item_id=_ident(obj["item_id"], f"{where}.item_id"),
        text=_note_text(obj["text"], f"{where}.text"),
        updated_at=_moment(obj["updated_at"], f"{where}.updated_at"),
    )


def _note_text(value: Any, where: str) -> str:
    if isinstance(value, str) and len(value) > MAX_NOTE_CHARS:
        raise BackupError(
            f"{where}: a note can have at most {MAX_NOTE_CHARS:,} characters; "
            f"this one has {len(value):,}"
        )
    return _text(value, where, max_chars=MAX_NOTE_CHARS)


def _plan(item: Any, where: str) -> StagePlan:
    obj = _object(item, where, _PLAN_KEYS)
    raw = _text(obj["target_date"], f"{where}.target_date", max_chars=10)
    try:
        target = date.fromisoformat(raw)
    except ValueError:
        raise BackupError(f"{where}.target_date: {raw!r} is not a date (YYYY-MM-DD)") from None
    return StagePlan(
        stage_id=_ident(obj["stage_id"], f"{where}.stage_id"),
        target_date=target,
        updated_at=_moment(obj["updated_at"], f"{where}.updated_at"),
    )


def _event(item: Any, where: str, profile: str) -> Event:
    obj = _object(item, where, _EVENT_KEYS)
    item_kind = obj["item_kind"]
    item_id = obj["item_id"]
    return Event(
        id=0,
        profile=profile,
        kind=_enum(ChangeKind, obj["kind"], f"{where}.kind"),
        item_kind=None if item_kind is None else _enum(ItemKind, item_kind, f"{where}.item_kind"),
        item_id=None if item_id is None else _ident(item_id, f"{where}.item_id"),
        old=_opt_text(obj["old"], f"{where}.old"),
        new=_opt_text(obj["new"], f"{where}.new"),
        at=_moment(obj["at"], f"{where}.at"),
    )


# ---------------------------------------------------------------- applying


def import_backup(
    service: ProgressService, parsed: ParsedBackup, as_name: str | None = None
) -> Change:
    """Restore a validated backup into ``as_name`` (default: the name it was saved under), then
    its review cards, states and logs (a second transaction)."""
    change = service.import_backup(parsed.backup, as_name)
    if parsed.review is not None:
        from tracker.progress.review_backup import import_review_backup

        import_review_backup(service, parsed.review, change.profile)
    return change
