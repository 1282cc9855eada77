"""Golden files: the same fixed progress always renders to the same Markdown, CSV and JSON.

Set ``LEARNPATH_REGENERATE_GOLDEN=1`` to rewrite the files after an intended change, then review
the diff; the test still compares afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tracker.reports.csv_table import render_csv
from tracker.reports.json_backup import render_json
from tracker.reports.markdown import render_markdown
from tracker.reports.model import Report

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("LEARNPATH_REGENERATE_GOLDEN"):
        path.write_bytes(data)
    assert path.exists(), f"missing golden file {path}; run with LEARNPATH_REGENERATE_GOLDEN=1"
    assert data.decode("utf-8") == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_matches_golden(lang: str, report_en: Report, report_zh: Report) -> None:
    report = report_en if lang == "en" else report_zh
    check_golden(f"summary.{lang}.md", render_markdown(report).encode("utf-8"))


def test_csv_matches_golden(report_zh: Report) -> None:
    check_golden("summary.zh.csv", render_csv(report_zh))


def test_json_matches_golden(report_en: Report) -> None:
    check_golden("summary.en.json", render_json(report_en).encode("utf-8"))
