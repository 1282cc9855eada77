"""Whatever export writes, import reads: one bound on a note at every way in, a log that does not
copy whole notes on every autosave, and an export never larger than an import accepts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from report_samples import StillClock, make_report, open_service

from tracker.progress.errors import ProgressError
from tracker.progress.limits import MAX_NOTE_CHARS, NoteTooLongError
from tracker.progress.records import ItemKind
from tracker.progress.service import ProgressService
from tracker.reports import json_backup
from tracker.reports.backup import BackupError, import_backup, parse_backup
from tracker.reports.json_backup import render_json
from tracker.reports.model import ReportError

# The costliest characters to export: a control character is written as \u0001 (6 bytes), an
# astral one as 4 bytes of UTF-8.
WORST = "\x01😀"


def _first_tasks(service: ProgressService, count: int) -> list[str]:
    return [t.id for t in service.curriculum.tasks()][:count]


def test_a_note_over_the_bound_is_refused_with_the_bound_in_the_message(
    service: ProgressService,
) -> None:
    task = _first_tasks(service, 1)[0]
    service.set_note(ItemKind.TASK, task, "a" * MAX_NOTE_CHARS)  # exactly the bound is fine
    with pytest.raises(NoteTooLongError, match="at most 1,000,000 characters; this one has"):
        service.set_note(ItemKind.TASK, task, "a" * (MAX_NOTE_CHARS + 1))
    assert isinstance(NoteTooLongError(1), ProgressError)  # the window and CLI show it as such
    assert len(service.note(ItemKind.TASK, task)) == MAX_NOTE_CHARS


def test_import_refuses_a_longer_note_with_the_same_bound(service: ProgressService) -> None:
    document = json.loads(render_json(make_report(service)))
    document["notes"] = [
        {
            "item_kind": "task",
            "item_id": _first_tasks(service, 1)[0],
            "text": "a" * (MAX_NOTE_CHARS + 1),
            "updated_at": "2030-01-01T00:00:00Z",
        }
    ]
    with pytest.raises(BackupError, match=r"notes\[0\]\.text: a note can have at most 1,000,000"):
        parse_backup(json.dumps(document), "sample")


def test_autosaves_of_a_long_note_do_not_copy_it_into_the_log(
    service: ProgressService, clock: StillClock, tmp_path: Path
) -> None:
    """A 300 KB note saved 115 times (autosave while typing) once made a 69 MB database and an
    export that import refused; the log now keeps a bounded excerpt of each version."""
    task = _first_tasks(service, 1)[0]
    text = "注意力 attention " * 20_000  # 300,000 characters
    for i in range(115):
        clock.advance(seconds=2)
        service.set_note(ItemKind.TASK, task, text + str(i))
    connection = sqlite3.connect(service.database_path)
    try:
        longest = connection.execute(
            "SELECT max(length(old)), max(length(new)) FROM events WHERE kind = 'note'"
        ).fetchone()
    finally:
        connection.close()
    assert max(longest) < 300
    exported = render_json(make_report(service))
    assert len(exported.encode("utf-8")) < 2 * len(text.encode("utf-8"))
    event = max(
        (e for e in json.loads(exported)["events"] if e["kind"] == "note" and e["item_id"] == task),
        key=lambda e: e["at"],
    )
    assert "characters, sha256 " in event["new"]
    fresh = open_service(tmp_path / "fresh", clock, user=None)
    try:
        import_backup(fresh, parse_backup(exported, "sample"), "copy")
        fresh.switch_profile("copy")
        assert fresh.note(ItemKind.TASK, task) == text + "114"
    finally:
        fresh.close()


def test_the_largest_note_in_the_costliest_characters_exports_and_imports_again(
    service: ProgressService, clock: StillClock, tmp_path: Path
) -> None:
    task = _first_tasks(service, 1)[0]
    largest = (WORST * MAX_NOTE_CHARS)[:MAX_NOTE_CHARS]
    service.set_note(ItemKind.TASK, task, largest)
    exported = render_json(make_report(service))
    fresh = open_service(tmp_path / "fresh", clock, user=None)
    try:
        import_backup(fresh, parse_backup(exported.encode("utf-8"), "sample"), "copy")
        fresh.switch_profile("copy")
        assert fresh.note(ItemKind.TASK, task) == largest
    finally:
        fresh.close()


def test_export_refuses_what_import_would_refuse_and_imports_whatever_it_writes(
    service: ProgressService, clock: StillClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the file limit scaled down, notes are added until export refuses: every file it
    wrote before that imports again."""
    monkeypatch.setattr(json_backup, "MAX_BYTES", 200_000)
    monkeypatch.setattr("tracker.reports.backup.MAX_BYTES", 200_000)
    written = []
    for task in _first_tasks(service, 12):
        service.set_note(ItemKind.TASK, task, (WORST * 10_000)[:10_000])
        try:
            written.append(render_json(make_report(service)))
        except ReportError as error:
            assert "more than the 200,000 an import reads; nothing was written" in str(error)
            break
    else:
        pytest.fail("export never reached the limit")
    assert written
    fresh = open_service(tmp_path / "fresh", clock, user=None)
    try:
        parsed = parse_backup(written[-1].encode("utf-8"), "sample")
        import_backup(fresh, parsed, "copy")
    finally:
        fresh.close()


def test_an_id_with_a_right_to_left_override_is_refused(service: ProgressService) -> None:
    document = json.loads(render_json(make_report(service)))
    document["task_states"][0]["task_id"] = "evil\u202etxt.exe"
    with pytest.raises(BackupError, match="U\\+202E"):
        parse_backup(json.dumps(document), "sample")
    document = json.loads(render_json(make_report(service)))
    document["profile"] = "lei\u202e"
    with pytest.raises(BackupError, match=r"profile: .* is not a usable name"):
        parse_backup(json.dumps(document), "sample")


def test_a_huge_number_is_refused_without_pythons_own_advice(service: ProgressService) -> None:
    text = render_json(make_report(service)).replace(
        '"events": [', '"events": [' + "9" * 5000 + ",", 1
    )
    with pytest.raises(BackupError) as raised:
        parse_backup(text, "sample")
    assert "set_int_max_str_digits" not in str(raised.value)
    assert "5000 digits" in str(raised.value)
