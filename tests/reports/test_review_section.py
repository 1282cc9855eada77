"""Spaced review in the summaries: retention over 30 days and learned / mature cards per stage,
in Markdown, HTML and the PDF; no section at all for a curriculum without cards."""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "progress"))
from card_curriculum import make_card_curriculum
from sample_curriculum import FakeClock, make_curriculum

from tracker.progress.records import TaskStatus
from tracker.progress.service import ProgressService
from tracker.reports.html_page import render_html
from tracker.reports.markdown import render_markdown
from tracker.reports.model import build_report


def _reviewed(tmp_path: Path) -> ProgressService:
    clock = FakeClock(datetime(2030, 3, 1, 12, tzinfo=UTC))
    service = ProgressService.open(tmp_path, make_card_curriculum(), clock=clock)
    service.set_status("tokenize", TaskStatus.DONE)
    service.review.grade("attention-1", "again")
    service.review.grade("attention-2", "good")
    service.review.grade("attention-3", "easy")
    service.review.grade("tokenize-1", "good")
    return service


def test_markdown_and_html_show_retention_and_cards_per_stage(tmp_path: Path) -> None:
    service = _reviewed(tmp_path)
    try:
        report = build_report(service, lang="en")
        zh = build_report(service, lang="zh")
    finally:
        service.close()
    markdown = render_markdown(report)
    assert "## Review" in markdown
    assert "- **Retention over the last 30 days**: 75 % (share of 4 reviews not graded Again)" in (
        markdown
    )
    assert "| Basics | 4 | 4 | 0 |" in markdown
    assert "| Practice | 0 | 0 | 0 |" in markdown
    page = render_html(report)
    assert "<h2>Review</h2>" in page and '<td class="num">4</td>' in page
    assert "近 30 天记忆保持率" in render_markdown(zh)


def test_the_pdf_carries_the_review_section(tmp_path: Path, qapp: object) -> None:
    from tracker.reports.pdf import render_pdf

    service = _reviewed(tmp_path)
    try:
        report = build_report(service, lang="en")
    finally:
        service.close()
    path = tmp_path / "summary.pdf"
    path.write_bytes(render_pdf(report))
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is needed for the PDF tests: apt-get install poppler-utils")
    out = subprocess.run([tool, str(path), "-"], capture_output=True, check=True).stdout
    text = unicodedata.normalize("NFKC", out.decode("utf-8"))
    assert "Retention over the last 30 days" in text
    assert "75 %" in text


def test_cards_that_left_the_curriculum_are_counted_as_kept(tmp_path: Path) -> None:
    service = _reviewed(tmp_path)
    try:
        service.set_curriculum(make_card_curriculum(without=frozenset({"attention"})))
        report = build_report(service, lang="en")
    finally:
        service.close()
    assert "3 cards no longer in the curriculum (their history is kept)" in render_markdown(report)
    assert "3 cards no longer in the curriculum" in render_html(report)


def test_no_review_section_without_cards(tmp_path: Path) -> None:
    service = ProgressService.open(tmp_path, make_curriculum())
    try:
        report = build_report(service, lang="en")
    finally:
        service.close()
    assert report.review is None
    assert "Review" not in render_markdown(report)
