"""PDF: opens, A4, numbered pages, the learner's name and Chinese text extractable, an embedded
CJK font, and nothing pulled in from a local file named by a note.

Text is extracted with ``pdftotext`` (poppler-utils, installed by CI); fonts and pages are read
from the file's own objects.
"""

from __future__ import annotations

import bisect
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QTextCursor, QTextDocument
from report_samples import LEARNER, STAGE_ONE_ZH

from tracker.reports.model import Report
from tracker.reports.pdf import (
    InertTextDocument,
    cjk_family,
    laid_out,
    page_tops,
    pdf_writer,
    render_pdf,
)


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


def test_header_rows_read_label_then_value(
    report_en: Report, pdf_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "en.pdf"
    path.write_bytes(render_pdf(report_en))
    text = pdf_text(path)
    assert re.search(r"Learner:\s+" + re.escape(LEARNER), text), text[:400]
    assert re.search(r"Curriculum:\s+\S", text) and re.search(r"Generated:\s+2030-", text)
    assert "Progress summary: " in text
    zh = pdf_text(pdf_path)
    assert re.search(r"学习者:\s*" + re.escape(LEARNER), zh), zh[:400]  # NFKC folds "：" to ":"
    assert "学习进度报告:" in "".join(zh.split())


def test_tasks_are_in_four_wide_columns_with_the_id_under_the_title(
    report_en: Report, tmp_path: Path
) -> None:
    path = tmp_path / "en.pdf"
    path.write_bytes(render_pdf(report_en))
    lines = pdf_text(path).splitlines()
    header = next(line for line in lines if line.split()[:1] == ["Task"])
    assert header.split() == ["Task", "Kind", "Status", "Dates"]
    title = next(i for i, line in enumerate(lines) if "Tokenization" in line)
    assert "Topic" in lines[title] and "Done" in lines[title]
    assert "tokenize" in lines[title + 1], lines[title : title + 2]


def test_a_note_is_formatted_text_under_its_task_with_its_markup_escaped(
    report_en: Report, tmp_path: Path
) -> None:
    stage = report_en.stages[0]
    note = "## Heading\n- <b>not bold</b> and *italic*\n- **bold** and `code`"
    tasks = (replace(stage.tasks[0], note=note), *stage.tasks[1:])
    report = replace(report_en, stages=(replace(stage, tasks=tasks), *report_en.stages[1:]))
    path = tmp_path / "note.pdf"
    path.write_bytes(render_pdf(report))
    lines = pdf_text(path).splitlines()
    title = next(i for i, line in enumerate(lines) if "Tokenization" in line)
    heading = next(i for i, line in enumerate(lines) if "Heading" in line)
    assert heading > title and "##" not in lines[heading]
    assert "Tokenization" not in lines[heading] and "Topic" not in lines[heading]
    # The note's own HTML is shown as text; the Markdown marks are gone, their effect stays.
    item = next(line for line in lines[heading:] if "not bold" in line)
    assert "<b>not bold</b> and italic" in item and "*" not in item
    assert any("bold and code" in line for line in lines[heading:])

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    document, _ = laid_out(report, pdf_writer(buffer, report))
    formats: dict[str, tuple[bool, bool, int]] = {}
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            char = fragment.charFormat()
            formats[fragment.text()] = (char.fontItalic(), char.fontWeight() >= 600, 0)
            fragments += 1
        if block.text() == "Heading":
            assert block.blockFormat().headingLevel() == 4
            assert block.textList() is None
        if "not bold" in block.text():
            assert block.textList() is not None  # a bullet list item
        block = block.next()
    assert formats["italic"][0] and formats["bold"][1]
    assert not formats["<b>not bold</b> and "][1]


def _row_spans(document: QTextDocument) -> list[tuple[float, float]]:
    """The vertical extent of every table row in a laid-out document."""
    layout = document.documentLayout()
    spans: dict[tuple[int, int], tuple[float, float]] = {}
    block = document.begin()
    while block.isValid():
        cursor = QTextCursor(block)
        table = cursor.currentTable()
        if table is not None:
            key = (table.firstPosition(), table.cellAt(cursor.position()).row())
            rect = layout.blockBoundingRect(block)
            low, high = spans.get(key, (rect.top(), rect.bottom()))
            spans[key] = (min(low, rect.top()), max(high, rect.bottom()))
        block = block.next()
    return list(spans.values())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_task_row_is_never_split_across_pages(
    lang: str, report_en: Report, report_zh: Report
) -> None:
    """Many rows of two or three lines: every page break falls between rows, every page fits."""
    base = report_en if lang == "en" else report_zh
    stage = base.stages[0]
    tasks = tuple(
        replace(
            stage.tasks[n % len(stage.tasks)],
            task_id=f"row-{n:03d}",
            title=f"Row {n:03d} " + "long title 很长的标题 " * (n % 9),
            note="a note\nof two lines" if n % 7 == 0 else None,
        )
        for n in range(300)
    )
    report = replace(base, stages=(replace(stage, tasks=tasks),), orphans=())
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    document, body = laid_out(report, pdf_writer(buffer, report))
    tops = page_tops(document, body.height())
    ends = [*tops[1:], document.size().height()]
    assert len(tops) >= 5
    assert all(end - top <= body.height() for top, end in zip(tops, ends, strict=True))
    spans = _row_spans(document)
    assert len(spans) > 300
    for top, bottom in spans:
        page = bisect.bisect_right(tops, top) - 1
        assert bottom <= ends[page] + 0.5, f"row {top}-{bottom} crosses {ends[page]}"
