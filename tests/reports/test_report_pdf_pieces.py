"""A report too big to keep is laid out piece by piece and painted from pieces laid out again:
every row lands on a page, once, and every page is numbered."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from tracker.reports import pdf
from tracker.reports.model import Report


def test_pieces_laid_out_again_give_every_row_once(
    report_en: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stage = report_en.stages[0]
    tasks = tuple(
        replace(stage.tasks[n % len(stage.tasks)], task_id=f"row-{n:03d}", note=None)
        for n in range(400)
    )
    report = replace(report_en, stages=(replace(stage, tasks=tasks),), orphans=())
    monkeypatch.setattr(pdf, "KEEP_CHARS", 0)  # nothing kept: every piece is laid out again
    chunks = list(pdf.document_chunks(report, size=8_000))
    assert len(chunks) >= 10
    monkeypatch.setattr(pdf, "document_chunks", lambda r: iter(chunks))
    path = tmp_path / "pieces.pdf"
    path.write_bytes(pdf.render_pdf(report))
    tool = shutil.which("pdftotext")
    assert tool is not None, "pdftotext is needed: apt-get install poppler-utils"
    text = subprocess.run([tool, str(path), "-"], capture_output=True, check=True).stdout.decode()
    found = re.findall(r"row-\d{3}", text)
    assert sorted(found) == [f"row-{n:03d}" for n in range(400)]
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes()))
    assert pages >= 8
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
