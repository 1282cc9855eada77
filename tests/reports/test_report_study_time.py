"""Summaries gain a study-time section when the profile logged time: total, streak, hours per
week, time per stage and per task beside the estimates, and (HTML) an inline SVG heatmap."""

from __future__ import annotations

from datetime import date

from report_samples import StillClock, make_report

from tracker.progress.records import ItemKind
from tracker.progress.service import ProgressService
from tracker.progress.study import StudyTime
from tracker.reports.csv_table import render_csv
from tracker.reports.html_page import render_html
from tracker.reports.markdown import render_markdown


def test_markdown_and_html_show_study_time_per_week_stage_and_task(
    service: ProgressService, clock: StillClock
) -> None:
    study = StudyTime(service)
    study.log(90, ItemKind.TASK, "tokenize", on=date(2030, 2, 27))
    study.log(30, ItemKind.STAGE, "basics", on=date(2030, 2, 28))
    report = make_report(service)

    markdown = render_markdown(report)
    assert "## Study time" in markdown
    # Generated on 15 March: 27 and 28 February by time, 1 and 2 March by ticks, then nothing.
    assert "- **Total logged**: 2.0 h · **Streak**: 0 days (longest 4)" in markdown
    assert "| 2030-02-25 | 2.0 |" in markdown  # the week of Monday 25 February
    assert "| 2030-03-11 | 0.0 |" in markdown  # twelve weeks, up to this one
    assert "| Foundations | 2.0 | 6.5 |" in markdown  # the stage's own time and its tasks'
    assert "| Tokenization | 1.5 | 2.0 |" in markdown  # logged beside the estimate

    rows = render_csv(report).decode("utf-8-sig").splitlines()
    weeks = [row for row in rows if row.startswith("Hours per week,")]
    assert len(weeks) == 12
    assert "Hours per week,Week of,2030-02-25,,,,,,,2.00," in weeks

    page = render_html(report)
    assert page.count("<svg") == 1 and "<title>2030-02-27: 90 min</title>" in page
    assert "<script" not in page


def test_no_study_time_no_section(service: ProgressService) -> None:
    report = make_report(service)
    assert "Study time" not in render_markdown(report)
    assert "<svg" not in render_html(report)
    assert b"Hours per week" not in render_csv(report)
