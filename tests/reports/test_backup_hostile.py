"""Hostile backup files: out-of-range timestamps, lone surrogates and unknown top-level keys are
refused with a one-line message before anything is written; a bug during import is a dialog."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from report_samples import make_report

from tracker.progress.service import ProgressService
from tracker.reports import backup as backup_module
from tracker.reports.backup import BackupError, parse_backup
from tracker.reports.json_backup import render_json
from tracker.ui.export_dialog import run_import


def exported(service: ProgressService) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_json(make_report(service)))
    return document


def refused(document: dict[str, Any], service: ProgressService) -> str:
    before = {p.name for p in service.profiles()}
    with pytest.raises(BackupError) as caught:
        parse_backup(json.dumps(document), "sample")
    assert {p.name for p in service.profiles()} == before
    message = str(caught.value)
    assert "\n" not in message
    message.encode("utf-8")  # printable: no lone surrogate in the message either
    return message


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
@pytest.mark.parametrize("where", ["task_state", "note", "plan", "event", "generated_at"])
def test_out_of_range_timestamps_are_refused(
    service: ProgressService, moment: str, where: str
) -> None:
    document = exported(service)
    if where == "task_state":
        document["task_states"] = [
            {
                "task_id": "t1",
                "status": "done",
                "changed_at": moment,
                "started_at": None,
                "done_at": None,
            }
        ]
    elif where == "note":
        document["notes"] = [
            {"item_kind": "task", "item_id": "t1", "text": "x", "updated_at": moment}
        ]
    elif where == "plan":
        document["plans"] = [{"stage_id": "s1", "target_date": "2026-01-01", "updated_at": moment}]
    elif where == "event":
        document["events"] = [
            {
                "at": moment,
                "kind": "status",
                "item_kind": "task",
                "item_id": "t1",
                "old": "todo",
                "new": "done",
            }
        ]
    else:
        document["generated_at"] = moment
    assert "out of range" in refused(document, service)


@pytest.mark.parametrize("field", ["text", "item_id"])
def test_lone_surrogates_are_refused(service: ProgressService, field: str) -> None:
    document = exported(service)
    note = {"item_kind": "task", "item_id": "t1", "text": "x", "updated_at": "2026-01-01T00:00:00Z"}
    note[field] = "\ud800" if field == "text" else "a\udc00"
    document["notes"] = [note]
    message = refused(document, service)
    assert f"notes[0].{field}" in message and "surrogate" in message


def test_lone_surrogate_in_the_profile_name_is_refused(service: ProgressService) -> None:
    document = exported(service)
    document["profile"] = "me\udfff"
    assert "surrogate" in refused(document, service)


def test_unknown_top_level_key_is_refused(service: ProgressService) -> None:
    document = exported(service)
    document["task_state"] = document.pop("task_states")
    message = refused(document, service)
    assert "'task_state'" in message and "task_states" in message


def test_an_exported_file_still_imports(service: ProgressService) -> None:
    parsed = parse_backup(json.dumps(exported(service)), "sample")
    assert parsed.backup.profile == service.profile.name


class RecordingDialogs:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return "copy"

    def show_error(self, title: str, message: str) -> None:
        self.errors.append(message)

    def show_info(self, title: str, message: str) -> None:
        self.infos.append(message)


def test_an_unexpected_error_during_import_is_a_dialog_and_is_logged(
    service: ProgressService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "backup.json"
    path.write_text(render_json(make_report(service)), encoding="utf-8")

    def broken(*_args: object) -> object:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(backup_module, "read_backup_file", broken)
    dialogs = RecordingDialogs()
    with caplog.at_level(logging.ERROR):
        assert run_import(None, service, dialogs, path) is None
    assert dialogs.errors and "OverflowError: date value out of range" in dialogs.errors[0]
    assert any(record.exc_info for record in caplog.records)
