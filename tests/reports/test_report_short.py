"""The short summary for a mentor: stages in progress, the last 14 days (time, tasks done), no
task still to do; in Markdown, HTML and a one-page PDF, and from ``learnpath export --short``."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from pathlib import Path

from report_samples import GENERATED_AT, StillClock
from test_export_cli import data, learnpath  # noqa: F401  (the fixture is used by name)
from test_report_pdf import page_count, pdf_text

from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService
from tracker.progress.study import StudyTime
from tracker.reports.html_page import render_html
from tracker.reports.markdown import render_markdown
from tracker.reports.model import Report, build_report
from tracker.reports.pdf import render_pdf

LATER = GENERATED_AT + timedelta(days=10)  # the period is 12 to 25 March 2030


def _short(service: ProgressService, clock: StillClock) -> Report:
    study = StudyTime(service)
    clock.now = LATER - timedelta(days=5)  # 20 March
    study.log(60, ItemKind.TASK, "tokenize", on=date(2030, 3, 5))  # before the period
    study.log(45, ItemKind.TASK, "attention", on=date(2030, 3, 20))
    service.set_status("formula", TaskStatus.DONE)  # in the period; tokenize was done 2 March
    return build_report(service, now=LATER, tz=UTC, short=True)


def test_short_markdown_keeps_two_weeks_and_leaves_out_what_is_still_to_do(
    service: ProgressService, clock: StillClock
) -> None:
    text = render_markdown(_short(service, clock))
    assert text.startswith("# Short summary for a mentor: ")
    assert "2030-03-12 – 2030-03-25" in text
    assert "**Time logged**: 0.8 h · **Tasks done**: 1" in text  # 45 minutes, one task
    assert "- 2030-03-20 =SUM(A1) formulas" in text
    assert "Tokenization" not in text  # done before the period
    assert "- **Foundations**: " in text
    assert "Working on: Attention" in text
    # The stage with nothing started is not in progress; no task to do is listed anywhere.
    assert "Practice" not in text and "Build an index" not in text
    assert "To do" not in text and "Study time" not in text and "Stage note" not in text


def test_short_html_and_pdf(service: ProgressService, clock: StillClock, tmp_path: Path) -> None:
    report = _short(service, clock)
    page = render_html(report)
    assert "<li>2030-03-20 =SUM(A1) formulas</li>" in page
    assert "Tokenization" not in page and "Build an index" not in page and "<script" not in page
    path = tmp_path / "short.pdf"
    data_ = render_pdf(report)
    path.write_bytes(data_)
    assert page_count(data_) == 1
    text = pdf_text(path)
    assert "Short summary for a mentor" in text and "2030-03-20 =SUM(A1) formulas" in text
    assert "Tokenization" not in text and "Build an index" not in text
    zh = render_markdown(build_report(service, lang="zh", now=LATER, tz=UTC, short=True))
    assert zh.startswith("# 导师简报")


def test_export_short_from_the_command_line(data: Path) -> None:  # noqa: F811
    result = learnpath(data, "export", "--format", "md", "--short")
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert text.startswith("# Short summary for a mentor")
    assert "To do" not in text
    refused = learnpath(data, "export", "--format", "csv", "--short")
    assert refused.returncode == 2
    assert refused.stderr.decode().strip().count("\n") == 0  # one line
    assert b"--short works with --format md, html or pdf" in refused.stderr
    full = learnpath(data, "export", "--format", "md")
    assert full.stdout.startswith(b"# Progress summary")  # the old export is unchanged
