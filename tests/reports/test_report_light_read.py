"""A summary that prints no event log is built without reading it, to the same bytes.

Markdown, CSV, HTML and PDF never show the event log (only the JSON backup carries it), so
``build_report(..., event_log=False)`` leaves it out of the read; the study-time section's streak
counts the days a task was ticked done, so with study time the events are read all the same.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from report_samples import StillClock, make_report, open_service

from tracker.progress.records import ItemKind
from tracker.progress.service import ProgressService
from tracker.progress.study import StudyTime
from tracker.reports.formats import FORMATS
from tracker.reports.model import ReportError

PRINTED = ("md", "csv", "html")


@pytest.mark.parametrize("stage_id", [None, "basics"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summaries_without_the_event_log_are_the_same_bytes(
    service: ProgressService, stage_id: str | None, lang: str
) -> None:
    full = make_report(service, stage_id=stage_id, lang=lang)
    light = make_report(service, stage_id=stage_id, lang=lang, event_log=False)
    assert full.backup.events  # the fixed progress logged its ticks
    assert light.backup.events == ()  # ...which this read skipped
    for name in PRINTED:
        assert FORMATS[name].render(light) == FORMATS[name].render(full), name


def test_short_summaries_without_the_event_log_are_the_same_bytes(
    service: ProgressService,
) -> None:
    full = make_report(service, short=True)
    light = make_report(service, short=True, event_log=False)
    for name in ("md", "html"):
        assert FORMATS[name].render(light) == FORMATS[name].render(full), name


def test_with_study_time_the_streak_still_counts_ticked_days(service: ProgressService) -> None:
    study = StudyTime(service)
    study.log(90, ItemKind.TASK, "tokenize", on=date(2030, 2, 27))
    study.log(30, ItemKind.STAGE, "basics", on=date(2030, 2, 28))
    full = make_report(service)
    light = make_report(service, event_log=False)
    assert light.backup.events == full.backup.events != ()
    for name in PRINTED:
        assert FORMATS[name].render(light) == FORMATS[name].render(full), name


def test_json_backup_refuses_a_report_without_its_event_log(service: ProgressService) -> None:
    with pytest.raises(ReportError, match="event log"):
        FORMATS["json"].render(make_report(service, event_log=False))
    assert b'"events"' in FORMATS["json"].render(make_report(service))


def test_only_the_json_backup_asks_for_the_event_log() -> None:
    assert {f.name for f in FORMATS.values() if f.event_log} == {"json"}


def test_review_in_use_without_loading_the_review_module(
    service: ProgressService, tmp_path: Path, clock: StillClock
) -> None:
    """A summary asks whether the profile reviews before loading the review module; the answer
    is the review queue's own, with and without an own card."""
    assert not any(True for _ in service.curriculum.cards())  # the sample has no cards
    assert service.review_in_use() is False
    assert service._review is None  # the queue (and its module) not made for the answer
    assert make_report(service).review is None
    assert service._review is None
    service.review.add_card(ItemKind.TASK, "tokenize", "front", "back")
    assert service.review_in_use() is service.review.in_use() is True
    again = open_service(tmp_path / "data", clock)  # the own card read from the database
    try:
        assert again.review_in_use() is True and again._review is None
    finally:
        again.close()


@pytest.mark.parametrize("stage_id", [None, "basics"])
def test_json_backup_without_task_lines_is_the_same_bytes(
    service: ProgressService, stage_id: str | None
) -> None:
    """The JSON backup prints the task states themselves, never the task lines: it is built
    without them (``ExportFormat.task_lines``), to the same bytes and the same roll-ups."""
    full = make_report(service, stage_id=stage_id)
    light = make_report(service, stage_id=stage_id, task_lines=False)
    assert full.tasks() and not light.tasks()
    assert [s.counts for s in light.stages] == [s.counts for s in full.stages]
    assert light.overall == full.overall
    assert FORMATS["json"].render(light) == FORMATS["json"].render(full)


@pytest.mark.parametrize("name", PRINTED)
def test_summaries_refuse_a_report_without_task_lines(service: ProgressService, name: str) -> None:
    with pytest.raises(ReportError, match="task lines"):
        FORMATS[name].render(make_report(service, task_lines=False))
