"""PDF: opens, A4, numbered pages, the learner's name and Chinese text extractable, an embedded
CJK font, and nothing pulled in from a local file named by a note.

Text is extracted with ``pdftotext`` (poppler-utils, installed by CI); fonts and pages are read
from the file's own objects.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from report_samples import LEARNER, STAGE_ONE_ZH

from tracker.reports.model import Report
from tracker.reports.pdf import InertTextDocument, cjk_family, render_pdf


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is needed for the PDF tests: apt-get install poppler-utils")
    out = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    # CJK fonts map some glyphs to compatibility radicals (⽰ for 示); NFKC folds them back.
    return unicodedata.normalize("NFKC", out.stdout.decode("utf-8"))


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@pytest.fixture
def pdf_path(report_zh: Report, tmp_path: Path) -> Path:
    path = tmp_path / "summary.pdf"
    path.write_bytes(render_pdf(report_zh))
    return path


def test_a_cjk_font_is_available() -> None:
    assert cjk_family() is not None, "install a CJK font (fonts-noto-cjk)"


def test_pdf_opens_with_name_and_chinese_stage_title(pdf_path: Path) -> None:
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf_path)
    assert LEARNER in text
    assert STAGE_ONE_ZH in text
    assert page_count(data) == 2
    packed = "".join(text.split())
    assert "第1/2" in packed and "第2/2" in packed


def test_pdf_is_a4_and_embeds_a_cjk_font(pdf_path: Path) -> None:
    data = pdf_path.read_bytes()
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert box is not None
    assert (round(float(box.group(1))), round(float(box.group(2)))) == (595, 842)
    assert re.search(rb"/BaseFont\s*/\S*CJK", data), "no CJK font in the PDF"
    assert b"/FontFile2" in data or b"/FontFile3" in data, "fonts are not embedded"


def test_long_reports_number_every_page(report_en: Report, tmp_path: Path) -> None:
    long_note = "\n".join(f"line {i}" for i in range(400))
    stage = report_en.stages[0]
    tasks = (replace(stage.tasks[0], note=long_note), *stage.tasks[1:])
    report = replace(report_en, stages=(replace(stage, tasks=tasks), *report_en.stages[1:]))
    path = tmp_path / "long.pdf"
    data = render_pdf(report)
    path.write_bytes(data)
    pages = page_count(data)
    assert pages >= 3
    text = pdf_text(path)
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text


def test_a_note_cannot_pull_in_a_local_file(report_en: Report, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"SECRET-BYTES" * 100)
    stage = report_en.stages[0]
    note = f'![x](file://{secret}) <img src="file://{secret}"> <img src="{secret}">'
    tasks = (replace(stage.tasks[0], note=note), *stage.tasks[1:])
    report = replace(report_en, stages=(replace(stage, tasks=tasks), *report_en.stages[1:]))
    data = render_pdf(report)
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data
    assert b"SECRET-BYTES" not in data


def test_the_document_itself_refuses_to_load_resources(tmp_path: Path) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    image = tmp_path / "x.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    document = InertTextDocument()
    document.setHtml(f'<img src="file://{image}"><img src="{image}">')
    for name in (QUrl.fromLocalFile(str(image)), QUrl(str(image))):
        assert document.resource(QTextDocument.ResourceType.ImageResource, name) in (None, b"")
