"""The JSON backup written from the export's fast read (the driver's cursor, records written as
text line by line) is byte for byte the one written from a full SQLAlchemy read through the
column types and encoded record by record with ``json``: values another program wrote
included (naive, offset and unreadable times, unknown kinds, a number where text belongs,
ids full of quotes, control characters and emoji)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path
from typing import Any

from report_samples import StillClock, make_report, open_service, record_fixed_progress
from sqlalchemy import select

from tracker.progress.records import (
    ChangeKind,
    Event,
    ItemKind,
    Note,
    ProfileBackup,
    StagePlan,
    TaskState,
    TaskStatus,
)
from tracker.reports.json_backup import render_json, report_to_dict
from tracker.reports.model import Report
from tracker.storage.card_sync import CARD_KIND
from tracker.storage.cards import REVIEW_KIND
from tracker.storage.models import EventRow, NoteRow, StagePlanRow, TaskStateRow
from tracker.storage.note_log import note_excerpt
from tracker.storage.store import ProgressStore

ODD_ID = 'odd "id"\n\t\x01 \\ 🚀 é'


def _hand_edit(path: Path) -> None:
    """What another program (or a person with an SQLite shell) might have stored."""
    db = sqlite3.connect(path)
    with db:
        pid, cid = db.execute("SELECT profile_id, curriculum_id FROM task_states").fetchone()
        state = "INSERT INTO task_states VALUES (?, ?, ?, ?, ?, ?, ?)"
        for task_id, status, changed, started, done in [
            (ODD_ID, "done", "2030-01-02T10:00:00", "2030-01-02", "2030-01-02T10:00:00Z"),
            ("offset", "in_progress", "2030-01-03T01:00:00+08:00", "2030-01-02T17:00:00", None),
            ("garbled", "skipped", "yesterday", "", "2030-13-45T99:00:00"),
            ("number-time", "done", 1234, 12.5, "2030-01-04T00:00:00.5+00:00"),
        ]:
            db.execute(state, (pid, cid, task_id, status, changed, started, done))
        db.execute(
            "INSERT INTO notes VALUES (?, ?, 'task', ?, ?, '2030-01-05T08:00:00-05:00')",
            (pid, cid, ODD_ID, 'line one\nline "two"\r\n\x00 | ≠ 注意'),
        )
        db.execute(
            "INSERT INTO stage_plans VALUES (?, ?, 'gone-stage', 'soon', '2030-01-06T00:00:00')",
            (pid, cid),
        )
        db.execute(
            "INSERT INTO stage_plans VALUES (?, ?, 'old-stage', '2031-02-03', '2030-01-06')",
            (pid, cid),
        )
        columns = "profile_id, curriculum_id, kind, item_kind, item_id, old, new, at"
        event = f"INSERT INTO events ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        for kind, item_kind, item_id, old, new, at in [
            ("status", "task", ODD_ID, "todo", "done", "2030-01-02T10:00:00"),
            ("status", "task", 42, "todo", 7, "2030-01-02T10:00:00+00:00"),
            ("teleport", "task", "x", None, None, "2030-01-02T11:00:00"),
            ("status", "planet", "x", None, None, "2030-01-02T11:00:00"),
            ("status", "task", "y", "todo", "done", "not a time"),
            ("note", "task", "z", None, "n" * 5000, "2030-01-02T12:00:00+02:00"),
            ("plan", "stage", "old-stage", None, "2031-02-03", "2030-01-02T12:00:00"),
            ("plan", "", "empty-kind", None, None, "2030-01-01T00:00:00.000001"),
        ]:
            db.execute(event, (pid, cid, kind, item_kind, item_id, old, new, at))
    db.close()


def _read_with_sqlalchemy(path: Path, profile: str, curriculum_id: str) -> ProfileBackup:
    """The backup read through the ORM's column types, by the rules ``read_backup`` documents:
    unreadable dates of plans and times of events left out, unknown kinds left out, note texts
    in the log cut to their excerpt, grades and own cards not in the log."""
    store = ProgressStore.open(path)
    try:
        found = store.profile_by_name(profile)
        assert found is not None
        scope = (TaskStateRow.profile_id == found.id, TaskStateRow.curriculum_id == curriculum_id)
        with store.database.reading() as session:
            states = [
                TaskState(r.task_id, TaskStatus(r.status), r.changed_at, r.started_at, r.done_at)
                for r in session.scalars(select(TaskStateRow).where(*scope))
            ]
            notes = [
                Note(ItemKind(r.item_kind), r.item_id, r.text, r.updated_at)
                for r in session.scalars(
                    select(NoteRow).where(
                        NoteRow.profile_id == found.id, NoteRow.curriculum_id == curriculum_id
                    )
                )
            ]
            plans = [
                StagePlan(r.stage_id, r.target_date, r.updated_at)
                for r in session.scalars(
                    select(StagePlanRow).where(
                        StagePlanRow.profile_id == found.id,
                        StagePlanRow.curriculum_id == curriculum_id,
                    )
                )
                if r.target_date
            ]
            rows = session.scalars(
                select(EventRow)
                .where(EventRow.profile_id == found.id, EventRow.curriculum_id == curriculum_id)
                .where(EventRow.kind.notin_((REVIEW_KIND, CARD_KIND)))
                .order_by(EventRow.id)
            )
            events = []
            known_kinds = {k.value for k in ChangeKind}
            known_items = {k.value for k in ItemKind}
            for r in rows:
                if r.at is None or r.kind not in known_kinds:
                    continue
                if r.item_kind and r.item_kind not in known_items:
                    continue
                old, new = r.old, r.new
                if r.kind == ChangeKind.NOTE.value:
                    old = None if old is None else note_excerpt(old)
                    new = None if new is None else note_excerpt(new)
                item_kind = ItemKind(r.item_kind) if r.item_kind else None
                events.append(
                    Event(r.id, profile, ChangeKind(r.kind), item_kind, r.item_id, old, new, r.at)
                )
    finally:
        store.close()
    return ProfileBackup(
        profile=profile,
        curriculum_id=curriculum_id,
        task_states=tuple(sorted(states, key=lambda s: s.task_id)),
        notes=tuple(sorted(notes, key=lambda n: (n.item_kind.value, n.item_id))),
        plans=tuple(sorted(plans, key=lambda p: p.stage_id)),
        events=tuple(events),
    )


def _encoded_record_by_record(report: Report) -> str:
    """The document as ``json`` writes it from plain data: keys sorted, no ``\\u`` escapes, each
    record of a list on its own line."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)

    document = report_to_dict(report)
    lines = ["{"]
    keys = sorted(document)
    for position, key in enumerate(keys):
        value = document[key]
        comma = "," if position < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            lines += [f"  {dump(key)}: [", ",\n".join(f"    {dump(item)}" for item in value)]
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {dump(key)}: {dump(value)}{comma}")
    return "\n".join([*lines, "}"]) + "\n"


def test_json_from_the_fast_read_is_the_json_from_the_full_read(
    tmp_path: Path, clock: StillClock
) -> None:
    service = open_service(tmp_path / "data", clock)
    try:
        record_fixed_progress(service, clock)
        path = service.database_path
    finally:
        service.close()
    _hand_edit(path)
    service = open_service(tmp_path / "data", clock, retired=False)
    try:
        fast = make_report(service)
    finally:
        service.close()
    full = dataclasses.replace(
        fast, backup=_read_with_sqlalchemy(path, fast.profile, fast.curriculum_id)
    )
    ids = {state.task_id for state in fast.backup.task_states}
    assert {ODD_ID, "offset", "garbled", "number-time"} <= ids
    assert fast.backup == full.backup
    written = render_json(fast)
    assert written == render_json(full)
    assert written == _encoded_record_by_record(full)
    document = json.loads(written)
    assert {e["item_id"] for e in document["events"]} >= {ODD_ID, "42", "old-stage"}
    assert [p["stage_id"] for p in document["plans"]] == ["basics", "old-stage"]


def test_values_that_are_not_text_are_written_as_json_writes_them(service: Any) -> None:
    """A column without text affinity could hand back a number: the line writer falls back to
    the encoder for it (and orders it as ``str`` does)."""
    report = make_report(service)
    first = report.backup.events[0]
    odd = (
        dataclasses.replace(first, id=900, item_id=42, old=7, new=None),  # type: ignore[arg-type]
        dataclasses.replace(first, id=901, item_id=ODD_ID, old="", new="3.5"),
    )
    state = dataclasses.replace(report.backup.task_states[0], task_id=ODD_ID)
    backup = dataclasses.replace(
        report.backup,
        events=report.backup.events + odd,
        task_states=(*report.backup.task_states, state),
    )
    changed = dataclasses.replace(report, backup=backup)
    assert render_json(changed) == _encoded_record_by_record(changed)
