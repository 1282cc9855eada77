"""Exported dates follow the zone's own rules for each moment, across daylight-saving changes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from report_samples import GENERATED_AT, StillClock, open_service

from tracker.progress.records import TaskStatus
from tracker.reports.csv_table import render_csv
from tracker.reports.model import build_report, format_date

BERLIN = ZoneInfo("Europe/Berlin")
# 22:30 UTC is 00:30 the next day in Berlin's summer (+2), 23:30 the same day in its winter (+1).
SUMMER = datetime(2030, 7, 1, 22, 30, tzinfo=UTC)
WINTER = datetime(2030, 1, 15, 22, 30, tzinfo=UTC)


@pytest.fixture
def berlin_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local zone is Europe/Berlin (and back afterwards)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_each_date_gets_the_offset_of_its_own_day(tmp_path: Path) -> None:
    clock = StillClock(SUMMER)
    service = open_service(tmp_path / "data", clock)
    try:
        service.set_status("tokenize", TaskStatus.DONE)
        report = build_report(service, now=GENERATED_AT, tz=BERLIN)
    finally:
        service.close()
    assert format_date(SUMMER, report) == "2030-07-02"
    assert format_date(WINTER, report) == "2030-01-15"
    row = next(
        line for line in render_csv(report).decode("utf-8-sig").splitlines() if ",tokenize," in line
    )
    assert "2030-07-02" in row
    assert "2030-07-01" not in row


def test_the_local_zone_keeps_its_daylight_saving_rules(tmp_path: Path, berlin_tz: None) -> None:
    """Built in (Berlin) winter, the report still shows a summer moment with summer time."""
    clock = StillClock(WINTER)
    service = open_service(tmp_path / "data", clock)
    try:
        report = build_report(service, now=WINTER)
    finally:
        service.close()
    assert format_date(SUMMER, report) == "2030-07-02"
    assert format_date(WINTER, report) == "2030-01-15"
