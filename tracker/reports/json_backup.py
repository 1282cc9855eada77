"""A progress summary as JSON (``learnpath.progress/1``), which is also a full backup of a profile.

The layout is documented in ``docs/progress-json.md``. Keys are sorted and lists are in a stable
order, so the same progress always gives the same bytes apart from ``generated_at``.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from tracker.progress.records import Event, TaskState
from tracker.reports.backup import (
    MAX_BYTES,
    SCHEMA,
    backup_to_dict,
    event_key,
    small_parts_to_dict,
    stamper,
    timestamp,
)
from tracker.reports.model import Report, ReportError


def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole JSON document as plain Python data."""
    document = _summary(report)
    document.update(backup_to_dict(report.backup))
    _add_review(document, report)
    return document


def _summary(report: Report) -> dict[str, Any]:
    """The document's keys before the backup: what it is and the summary of the progress."""
    if not report.event_log:
        raise ReportError("a JSON backup needs a report built with its event log")
    stages = [
        {
            "id": stage.stage_id,
            "title": stage.title,
            **stage.counts.as_json(),
            "target_date": stage.target_date.isoformat() if stage.target_date else None,
            "pace": stage.pace.value,
            "remaining_hours": round(stage.remaining_hours, 2),
        }
        for stage in report.stages
    ]
    return {
        "schema": SCHEMA,
        "generator": report.generator,
        "generated_at": timestamp(report.generated_at),
        "profile": report.profile,
        "curriculum": {
            "id": report.curriculum_id,
            "version": report.curriculum_version,
            "title": report.curriculum_title,
        },
        "summary": {
            "lang": report.lang,
            "scope": report.stage_id,
            "overall": report.overall.as_json(),
            "stages": stages,
            "orphans": [
                {"item_kind": o.item_kind.value, "item_id": o.item_id} for o in report.orphans
            ],
        },
    }


def _add_review(document: dict[str, Any], report: Report) -> None:
    if report.review_backup is not None:
        from tracker.reports.review_json import review_to_dict

        document["review"] = review_to_dict(report.review_backup)


class _Lines(list[str]):
    """A list of records already written as JSON text, one record per item."""


def render_json(report: Report) -> str:
    """The JSON document as text: keys sorted, one record per line, no ``\\u`` escapes.

    Records go one to a line (rather than ``indent=``, which makes ``json`` fall back to its
    pure-Python encoder) so a 9,000-task backup is written in milliseconds and still diffs well.
    The two long lists, task states and events, are written record by record as text (the same
    text ``report_to_dict`` gives through the encoder, checked by ``test_json_lines``), without
    a dict made and its keys sorted for each record.
    """
    encode = _encoder()
    lines = ["{"]
    document = _summary(report)
    document.update(small_parts_to_dict(report.backup))
    _add_review(document, report)
    stamp, value = stamper(), _value_writer(encode)
    document["task_states"] = _state_lines(report.backup.task_states, stamp, value)
    document["events"] = _event_lines(report.backup.events, stamp, value)
    keys = sorted(document)
    for position, key in enumerate(keys):
        value_of_key = document[key]
        comma = "," if position < len(keys) - 1 else ""
        if isinstance(value_of_key, list) and value_of_key:
            lines.append(f"  {encode(key)}: [")
            if isinstance(value_of_key, _Lines):
                lines.append(",\n".join(["    " + item for item in value_of_key]))
            else:
                lines.append(",\n".join(f"    {encode(item)}" for item in value_of_key))
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {encode(key)}: {encode(value_of_key)}{comma}")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    _check_importable(text)
    return text


def _value_writer(encode: Callable[[Any], str]) -> Callable[[Any], str]:
    """A record's value as the encoder writes it: text through the C string encoder, None as
    ``null``, anything else (a hand-edited row's number) through ``encode``."""

    def value(item: Any) -> str:
        if item.__class__ is str:
            return _quote(item)
        return "null" if item is None else encode(item)

    return value


_quote = json.encoder.encode_basestring
"""Text as the encoder quotes it (``ensure_ascii=False``)."""


def _state_lines(
    states: tuple[TaskState, ...],
    stamp: Callable[[Any], str | None],
    value: Callable[[Any], str],
) -> _Lines:
    """The task states by task id, each as its record's JSON text (keys sorted)."""
    written: dict[Any, str] = {None: "null"}  # each moment's text, quoted
    get, quote = written.get, _quote
    statuses: dict[str, str] = {}
    lines = _Lines()
    add = lines.append
    for state in sorted(states, key=_TASK_ID):
        status = state.status._value_
        status_text = statuses.get(status)
        if status_text is None:
            status_text = statuses[status] = value(status)
        changed, done, started = state.changed_at, state.done_at, state.started_at
        changed_text = get(changed)
        if changed_text is None:
            changed_text = written[changed] = value(stamp(changed))
        done_text = get(done)
        if done_text is None:
            done_text = written[done] = value(stamp(done))
        started_text = get(started)
        if started_text is None:
            started_text = written[started] = value(stamp(started))
        task_id = state.task_id
        id_text = quote(task_id) if task_id.__class__ is str else value(task_id)
        add(
            f'{{"changed_at": {changed_text}, "done_at": {done_text}, '
            f'"started_at": {started_text}, "status": {status_text}, "task_id": {id_text}}}'
        )
    return lines


_TASK_ID = attrgetter("task_id")


def _event_lines(
    events: tuple[Event, ...],
    stamp: Callable[[Any], str | None],
    value: Callable[[Any], str],
) -> _Lines:
    """The events in the backup's order (``event_key``), each as its record's JSON text."""
    keyed: list[tuple[tuple[Any, ...], str]] = []
    add = keyed.append
    quote = _quote
    kinds: dict[Any, str] = {None: "null"}  # an enum value's text, quoted
    for event in events:
        at = stamp(event.at)
        kind = event.kind._value_
        item_kind = None if event.item_kind is None else event.item_kind._value_
        item_id, old, new = event.item_id, event.old, event.new
        kind_text = kinds.get(kind)
        if kind_text is None:
            kind_text = kinds[kind] = value(kind)
        item_kind_text = kinds.get(item_kind)
        if item_kind_text is None:
            item_kind_text = kinds[item_kind] = value(item_kind)
        id_text = quote(item_id) if item_id.__class__ is str else value(item_id)
        new_text = quote(new) if new.__class__ is str else value(new)
        old_text = quote(old) if old.__class__ is str else value(old)
        line = (
            f'{{"at": {value(at)}, "item_id": {id_text}, "item_kind": {item_kind_text}, '
            f'"kind": {kind_text}, "new": {new_text}, "old": {old_text}}}'
        )
        add((event_key((at, kind, item_kind, item_id, old, new)), line))
    keyed.sort(key=_first)
    return _Lines([line for _, line in keyed])


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _check_importable(text: str) -> None:
    """Whatever export writes, import reads: refuse a backup larger than import accepts."""
    if len(text) * 4 <= MAX_BYTES:  # at most 4 UTF-8 bytes a character: certainly small enough
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise ReportError(
            f"this backup would be {size:,} bytes, more than the {MAX_BYTES:,} an import reads; "
            "nothing was written — shorten or split the longest notes"
        )


def _encoder() -> Callable[[Any], str]:
    """``JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False).encode``, same text.

    ``encode()`` builds a new C encoder on every call: called once per record (8,400 times for
    9,000 tasks) that was 40 % of the encoding time (21 -> 12 ms). This builds it once, as
    ``encode()`` would, and falls back to ``encode()`` where the C accelerator is missing.
    """
    python = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False)
    make = getattr(json.encoder, "c_make_encoder", None)  # untyped in typeshed
    if make is None:
        return python.encode
    c_encode = make(
        None,  # no circular-reference check: the document is plain data built just now
        python.default,
        json.encoder.encode_basestring,  # ensure_ascii=False
        None,  # indent
        python.key_separator,
        python.item_separator,
        python.sort_keys,
        python.skipkeys,
        python.allow_nan,
    )

    def encode(value: Any) -> str:
        if isinstance(value, str):
            return python.encode(value)  # encode() special-cases a bare string
        return "".join(c_encode(value, 0))

    return encode
