"""The JSON backup carries study time and study settings: they round-trip through a fresh data
folder, a second import adds nothing, older backups (without them) still import, and bad values
are refused before anything is written."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from report_samples import StillClock, make_report, open_service

from tracker.progress.records import ItemKind
from tracker.progress.service import ProgressService
from tracker.progress.study import DAILY_GOAL, HOURS_PER_WEEK, StudyTime
from tracker.reports.backup import BackupError, import_backup, parse_backup
from tracker.reports.json_backup import render_json


def _with_study(service: ProgressService, clock: StillClock) -> StudyTime:
    study = StudyTime(service)
    study.log(45, ItemKind.TASK, "tokenize", on=date(2030, 2, 27), note="read **BPE**")
    timer = study.start(ItemKind.STAGE, "basics")
    clock.advance(minutes=25)
    study.stop(timer)
    study.start(ItemKind.TASK, "attention")  # still running: not in the backup
    study.set_setting(HOURS_PER_WEEK, 6.5)
    study.set_setting(DAILY_GOAL, 40)
    return study


def test_study_time_and_settings_round_trip(
    service: ProgressService, tmp_path: Path, clock: StillClock
) -> None:
    _with_study(service, clock)
    document = json.loads(render_json(make_report(service)))
    assert document["schema"] == "learnpath.progress/1"
    assert document["settings"] == {"daily_goal_minutes": "40", "hours_per_week": "6.5"}
    assert [(s["item_id"], s["seconds"], s["on_date"]) for s in document["sessions"]] == [
        ("basics", 1500, None),
        ("tokenize", 2700, "2030-02-27"),
    ]
    fresh = open_service(tmp_path / "fresh", clock, user=None, retired=False)
    try:
        parsed = parse_backup(json.dumps(document), "sample")
        import_backup(fresh, parsed, "restored")
        fresh.switch_profile("restored")
        study = StudyTime(fresh)
        restored = sorted((s.item_id, s.seconds, s.on_date, s.note) for s in study.sessions())
        assert restored == [
            ("basics", 1500, None, None),
            ("tokenize", 2700, date(2030, 2, 27), "read **BPE**"),
        ]
        assert study.settings().hours_per_week == 6.5
        assert study.settings().daily_goal_minutes == 40
        assert import_backup(fresh, parsed, "restored").new == "0"  # nothing added twice
    finally:
        fresh.close()


def test_a_backup_without_study_time_still_imports(
    service: ProgressService, clock: StillClock
) -> None:
    old = json.loads(render_json(make_report(service)))
    assert "sessions" not in old and "settings" not in old  # nothing logged: keys left out
    import_backup(service, parse_backup(json.dumps(old), "sample"), "older")
    service.switch_profile("older")
    assert StudyTime(service).sessions() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["sessions"][0].update(seconds=-1), "seconds must be between"),
        (lambda d: d["sessions"][0].update(seconds="90"), "seconds must be a whole number"),
        (lambda d: d["sessions"][0].update(item_kind="concept"), "item_kind"),
        (lambda d: d["sessions"][0].update(on_date="2030-13-01"), "on_date"),
        (lambda d: d["sessions"][0].update(extra=1), "sessions[0]"),
        (lambda d: d["settings"].update(colour="red"), "unknown setting"),
        (lambda d: d["settings"].update(hours_per_week="lots"), "settings.hours_per_week"),
    ],
)
def test_bad_study_time_is_refused_before_anything_is_written(
    service: ProgressService, clock: StillClock, change: object, message: str
) -> None:
    _with_study(service, clock)
    document = json.loads(render_json(make_report(service)))
    change(document)  # type: ignore[operator]
    with pytest.raises(BackupError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_backup(json.dumps(document), "sample")
