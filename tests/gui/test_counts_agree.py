"""The window, ``status --json`` and every export agree on every count of a profile with skipped
tasks: skipped tasks leave the percentage's denominator and are reported apart, and a stage whose
every task is done or skipped is at 100 % and finished."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tracker.cli import main as learnpath
from tracker.curriculum.loader import load_curriculum
from tracker.progress.records import Counts, TaskStatus
from tracker.progress.service import ProgressService
from tracker.ui.delegates import StageDelegate
from tracker.ui.main_window import MainWindow
from tracker.ui.stage_model import PROGRESS_ROLE

CURRICULUM = Path(__file__).resolve().parents[2] / "curriculum" / "llm-engineer"


def run(capsys: Any, data: Path, *args: str) -> str:
    capsys.readouterr()
    code = learnpath(
        ["--data-dir", str(data), "--curriculum", str(CURRICULUM), "--lang", "en", *args]
    )
    out = capsys.readouterr().out
    assert code == 0
    return out


@pytest.fixture
def profile(tmp_path: Path) -> tuple[Path, dict[str, Counts]]:
    """Stage 1: 1 done, 8 skipped of 24 (6.25 %); stage 2: all done but one skipped."""
    data = tmp_path / "data"
    curriculum = load_curriculum(CURRICULUM)
    service = ProgressService.open(data, curriculum, None)
    first, second = curriculum.stages[0], curriculum.stages[1]
    ones = [task.id for task in first.tasks()]
    twos = [task.id for task in second.tasks()]
    service.set_status(ones[0], TaskStatus.DONE)
    for task_id in ones[1:9]:
        service.set_status(task_id, TaskStatus.SKIPPED)
    service.set_status(ones[10], TaskStatus.IN_PROGRESS)
    for task_id in twos[:-1]:
        service.set_status(task_id, TaskStatus.DONE)
    service.set_status(twos[-1], TaskStatus.SKIPPED)
    expected = {p.stage_id: p.counts for p in service.stages_progress()}
    service.close()
    assert expected[first.id] == Counts(done=1, in_progress=1, skipped=8, total=24)
    assert expected[first.id].percent_text() == "6.3"
    assert expected[second.id].finished
    return data, expected


def figures(counts: Counts) -> tuple[int, int, int, int, str]:
    return counts.done, counts.in_progress, counts.skipped, counts.total, counts.percent_text()


def test_the_cli_and_every_export_agree(
    profile: tuple[Path, dict[str, Counts]], capsys: Any, qtbot: Any, tmp_path: Path
) -> None:
    data, expected = profile
    want = {stage_id: figures(counts) for stage_id, counts in expected.items()}
    finished = next(stage_id for stage_id, counts in expected.items() if counts.finished)

    status = json.loads(run(capsys, data, "status", "--json"))
    got = {
        s["id"]: (s["done"], s["in_progress"], s["skipped"], s["total"], f"{s['percent']:.1f}")
        for s in status["stages"]
    }
    assert got == want
    assert {s["id"]: s["pace"] for s in status["stages"]}[finished] == "done"

    backup = json.loads(run(capsys, data, "export", "-f", "json"))
    got = {
        s["id"]: (s["done"], s["in_progress"], s["skipped"], s["total"], f"{s['percent']:.1f}")
        for s in backup["summary"]["stages"]
    }
    assert got == want

    titles = {s["id"]: s["title"] for s in status["stages"]}
    markdown = run(capsys, data, "export", "-f", "md")
    html = run(capsys, data, "export", "-f", "html")
    rows = list(
        csv.DictReader(io.StringIO(run(capsys, data, "export", "-f", "csv").lstrip("\ufeff")))
    )
    for stage_id, (done, in_progress, skipped, total, percent) in want.items():
        title = titles[stage_id]
        line = f"| {title} | {done} | {in_progress} | {skipped} | {total} | {percent}% |"
        assert line in markdown
        counted = total - skipped
        assert f"{percent}% ({done}/{counted})" in markdown
        cells = "".join(
            f'<td class="num">{v}</td>' for v in (done, in_progress, skipped, total, f"{percent}%")
        )
        assert cells in html
        statuses = Counter(row["Status"] for row in rows if row["Stage"] == title)
        assert (statuses["Done"], statuses["In progress"], statuses["Skipped"]) == (
            done,
            in_progress,
            skipped,
        )
        assert sum(statuses.values()) == total

    check_pdf(capsys, data, want, tmp_path / "summary.pdf")


def check_pdf(capsys: Any, data: Path, want: dict[str, tuple[Any, ...]], pdf: Path) -> None:
    run(capsys, data, "export", "-f", "pdf", "-o", str(pdf))
    tool = shutil.which("pdftotext")
    assert tool is not None, "pdftotext is needed: apt-get install poppler-utils"
    text = subprocess.run([tool, str(pdf), "-"], capture_output=True, check=True).stdout
    plain = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text.decode("utf-8")))
    for done, _in_progress, skipped, total, percent in want.values():
        assert f"{done}/{total - skipped} · {percent}%" in plain
        assert f"{percent}% ({done}/{total - skipped})" in plain


def test_the_window_agrees(profile: tuple[Path, dict[str, Counts]], qtbot: Any) -> None:
    data, expected = profile
    want = {stage_id: figures(counts) for stage_id, counts in expected.items()}
    finished = next(stage_id for stage_id, counts in expected.items() if counts.finished)
    service = ProgressService.open(data, load_curriculum(CURRICULUM), None)
    window = MainWindow(service, data_dir=data)
    qtbot.addWidget(window)
    try:
        model = window.stage_model
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            progress = index.data(PROGRESS_ROLE)
            assert figures(progress.counts) == want[progress.stage_id]
            detail = StageDelegate._detail(progress)
            c = progress.counts
            assert detail.startswith(f"{c.done}/{c.total - c.skipped}")
            assert (
                f"{c.skipped} skipped" in index.data(Qt.ItemDataRole.ToolTipRole) or not c.skipped
            )
            if progress.stage_id == finished:
                assert round(c.percent * 10) == 1000  # the bar is full
        overall = window.navigator.overall_label.text()
        total = model.overall()
        assert f"{total.done} of {total.total - total.skipped} done" in overall
        assert f"{total.skipped} skipped" in overall
    finally:
        window.close()
        service.close()
