"""The PDF's study-time section: total, streak, hours per week, time per stage and per task
beside the estimate (read back with pdftotext), and the heatmap drawn as coloured cells."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QTextCursor, QTextTable
from report_samples import StillClock, make_report
from test_report_pdf import pdf_text

from tracker.progress.records import ItemKind
from tracker.progress.service import ProgressService
from tracker.progress.study import StudyTime
from tracker.reports.pdf import laid_out, pdf_writer, render_pdf


def _with_time(service: ProgressService, lang: str = "en") -> object:
    study = StudyTime(service)
    study.log(90, ItemKind.TASK, "tokenize", on=date(2030, 2, 27))
    study.log(30, ItemKind.STAGE, "basics", on=date(2030, 2, 28))
    return make_report(service, lang=lang)


def test_pdf_shows_study_time_per_week_stage_and_task(
    service: ProgressService, clock: StillClock, tmp_path: Path
) -> None:
    report = _with_time(service)
    path = tmp_path / "study.pdf"
    path.write_bytes(render_pdf(report))
    text = pdf_text(path)
    assert "Study time" in text
    assert re.search(r"Total logged: 2\.0 h · Streak: 0 days \(longest 4\)", text), text
    assert re.search(r"2030-02-25\s+2\.0", text)  # the week of Monday 25 February
    assert re.search(r"2030-03-11\s+0\.0", text)  # twelve weeks, up to this one
    assert re.search(r"Foundations\s+2\.0\s+6\.5", text)  # stage: its own time and its tasks'
    assert re.search(r"Tokenization\s+1\.5\s+2\.0", text)  # task: logged beside the estimate


def _cell_colours(report: object) -> dict[str, int]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    document, _ = laid_out(report, pdf_writer(buffer, report))  # type: ignore[arg-type]
    colours: dict[str, int] = {}
    block = document.begin()
    seen: set[int] = set()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if isinstance(table, QTextTable) and block.position() not in seen:
            seen.add(block.position())
            cell = table.cellAt(block.position())
            brush = cell.format().background()
            if brush.style().value:
                name = QColor(brush.color()).name()
                colours[name] = colours.get(name, 0) + 1
        block = block.next()
    return colours


def test_pdf_draws_the_heatmap_as_coloured_cells(
    service: ProgressService, clock: StillClock
) -> None:
    colours = _cell_colours(_with_time(service))
    assert colours.get("#196127") == 1  # 27 February: 90 minutes, the darkest shade
    assert colours.get("#7bc96f") == 1  # 28 February: 30 minutes
    assert colours.get("#ebedf0", 0) > 300  # the other days of the year, unshaded


def test_no_study_time_no_pdf_section(service: ProgressService, tmp_path: Path) -> None:
    report = make_report(service)
    path = tmp_path / "plain.pdf"
    path.write_bytes(render_pdf(report))
    assert "Study time" not in pdf_text(path)
    assert "#ebedf0" not in _cell_colours(report)
