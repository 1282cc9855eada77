"""The report model: counts, scope, language, notes and orphans, built once from the service."""

from __future__ import annotations

import pytest
from report_samples import HOSTILE_NOTE, LEARNER, STAGE_ONE_ZH, make_report

from tracker.progress.records import ItemKind, Pace, TaskStatus
from tracker.progress.service import ProgressService
from tracker.reports.labels import LABELS
from tracker.reports.model import Report, ReportError


def test_report_holds_who_what_and_when(report_en: Report) -> None:
    assert report_en.profile == LEARNER
    assert (report_en.curriculum_id, report_en.curriculum_version) == ("sample", "2030.1")
    assert report_en.generated_at.isoformat() == "2030-03-15T08:30:00+00:00"


def test_counts_keep_skipped_apart_from_done(report_en: Report) -> None:
    overall = report_en.overall
    assert (overall.done, overall.in_progress, overall.skipped, overall.total) == (1, 1, 1, 5)
    basics = report_en.stages[0]
    assert basics.counts.done == 1 and basics.target_date is not None
    assert basics.pace in set(Pace)


def test_every_task_is_listed_with_status_and_dates(report_en: Report) -> None:
    tasks = {t.task_id: t for t in report_en.tasks()}
    assert list(tasks) == ["tokenize", "attention", "formula", "build-index", "rerank"]
    assert tasks["tokenize"].status is TaskStatus.DONE
    assert tasks["tokenize"].started_at is not None and tasks["tokenize"].done_at is not None
    assert tasks["formula"].status is TaskStatus.TODO and tasks["formula"].changed_at is None
    assert tasks["attention"].note == HOSTILE_NOTE


def test_items_no_longer_in_the_curriculum_are_reported(report_en: Report) -> None:
    assert [(o.item_kind, o.item_id) for o in report_en.orphans] == [(ItemKind.TASK, "retired")]
    assert report_en.orphans[0].status is TaskStatus.DONE


def test_one_stage_scope(service: ProgressService) -> None:
    report = make_report(service, stage_id="practice", lang="zh")
    assert [s.stage_id for s in report.stages] == ["practice"]
    assert report.overall == report.stages[0].counts
    assert report.orphans == ()
    assert report.scope_title == "实践阶段"


def test_unknown_stage_is_refused(service: ProgressService) -> None:
    with pytest.raises(ReportError, match="unknown stage"):
        make_report(service, stage_id="nope")


def test_language_switches_curriculum_text(report_zh: Report, report_en: Report) -> None:
    assert report_zh.stages[0].title == STAGE_ONE_ZH
    assert report_en.stages[0].title == "Foundations"


def test_notes_left_out_when_asked(service: ProgressService) -> None:
    report = make_report(service, include_notes=False)
    assert all(t.note is None for t in report.tasks())
    assert report.stages[0].note is None
    assert report.backup.notes, "the backup keeps notes whatever the summary shows"


def test_every_label_has_both_languages() -> None:
    assert all(zh and en for zh, en in LABELS.values())
