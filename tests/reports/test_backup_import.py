"""JSON backup: round trip through a fresh data folder, idempotent import, and bad files refused
with a clear message before anything is written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from report_samples import StillClock, make_report, open_service

from tracker.progress.service import ProgressService
from tracker.reports.backup import MAX_DEPTH, BackupError, import_backup, parse_backup
from tracker.reports.json_backup import render_json


def without(text: str, *keys: str) -> str:
    for key in keys:
        text = re.sub(rf'^  "{key}": .*\n', "", text, flags=re.MULTILINE)
    return text


def test_round_trip_through_a_fresh_data_folder(
    service: ProgressService, tmp_path: Path, clock: StillClock
) -> None:
    exported = render_json(make_report(service))
    fresh = open_service(tmp_path / "fresh", clock, user=None, retired=False)
    try:
        change = import_backup(fresh, parse_backup(exported, "sample"), "restored")
        assert change.profile == "restored"
        fresh.switch_profile("restored")
        again = render_json(make_report(fresh))
    finally:
        fresh.close()
    assert json.loads(again)["profile"] == "restored"
    assert without(again, "generated_at", "profile") == without(exported, "generated_at", "profile")


def test_importing_twice_changes_nothing(service: ProgressService) -> None:
    parsed = parse_backup(render_json(make_report(service)), "sample")
    first = import_backup(service, parsed, "copy")
    before = service.backup("copy")
    second = import_backup(service, parsed, "copy")
    assert first.new != "0" and second.new == "0"
    assert service.backup("copy") == before


def test_ids_not_in_the_curriculum_are_kept(service: ProgressService) -> None:
    document = json.loads(render_json(make_report(service)))
    document["task_states"].append(
        {
            "task_id": "gone-for-good",
            "status": "done",
            "changed_at": "2030-01-01T00:00:00Z",
            "started_at": None,
            "done_at": "2030-01-01T00:00:00Z",
        }
    )
    import_backup(service, parse_backup(json.dumps(document), "sample"), "keeper")
    service.switch_profile("keeper")
    assert "gone-for-good" in {o.item_id for o in service.orphans()}


def valid_document(service: ProgressService) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(render_json(make_report(service)))
    return loaded


BAD_INPUTS = {
    "duplicate key": ('{"schema": "learnpath.progress/1", "schema": "x"}', "duplicate key"),
    "NaN": ('{"schema": "learnpath.progress/1", "x": NaN}', "NaN is not allowed"),
    "Infinity": ('{"schema": "learnpath.progress/1", "x": -Infinity}', "not allowed"),
    "too deep": ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nested too deeply"),
    "very deep": ("[" * 100_000, "nested too deeply"),
    "not json": ("{'schema': 1}", "not valid JSON"),
    "not an object": ("[]", "expected an object"),
    "no schema": ('{"profile": "x"}', "not a LearnPath progress file"),
    "unknown schema": ('{"schema": "learnpath.progress/2"}', "not supported"),
    "bad utf-8": (b'{"schema": "\xff"}', "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_files_are_refused_and_nothing_is_written(case: str, service: ProgressService) -> None:
    data, message = BAD_INPUTS[case]
    profiles = service.profiles()
    with pytest.raises(BackupError, match=message):
        parse_backup(data, "sample")
    assert service.profiles() == profiles


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("curriculum", "id"), "other", "progress for curriculum 'other'"),
        (("task_states", 0, "status"), "finished", "unknown value 'finished'"),
        (("task_states", 0, "changed_at"), "2030-01-01T00:00:00", "no time zone"),
        (("task_states", 0, "changed_at"), "yesterday", "not an ISO 8601 timestamp"),
        (("task_states", 0, "task_id"), 7, "expected a string"),
        (("task_states", 0, "task_id"), "bad\nid", "not a valid id"),
        (("plans", 0, "target_date"), "2030-13-01", "not a date"),
        (("notes", 0, "text"), None, "expected a string"),
        (("events", 0, "kind"), "explode", "unknown value"),
        (("profile",), ["x"], "expected a string"),
    ],
)
def test_wrong_types_ids_and_times_are_refused(
    service: ProgressService, path: tuple[object, ...], value: object, message: str
) -> None:
    document = valid_document(service)
    target: object = document
    for step in path[:-1]:
        target = target[step]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    with pytest.raises(BackupError, match=re.escape(message)):
        parse_backup(json.dumps(document), "sample")


def test_unknown_and_missing_keys_are_refused(service: ProgressService) -> None:
    document = valid_document(service)
    document["notes"][0]["colour"] = "red"  # type: ignore[index]
    with pytest.raises(BackupError, match="unexpected key 'colour'"):
        parse_backup(json.dumps(document), "sample")
    document = valid_document(service)
    del document["plans"][0]["updated_at"]  # type: ignore[attr-defined]
    with pytest.raises(BackupError, match="missing key 'updated_at'"):
        parse_backup(json.dumps(document), "sample")


def test_duplicate_records_are_refused(service: ProgressService) -> None:
    document = valid_document(service)
    states = document["task_states"]
    states.append(states[0])  # type: ignore[attr-defined]
    with pytest.raises(BackupError, match="duplicate entry"):
        parse_backup(json.dumps(document), "sample")


def test_size_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.reports import backup

    monkeypatch.setattr(backup, "MAX_BYTES", 100)
    with pytest.raises(BackupError, match="too large"):
        parse_backup(b" " * 101, "sample")
