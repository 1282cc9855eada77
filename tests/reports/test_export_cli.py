"""``learnpath export`` and ``learnpath import`` run as a learner would, in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CURRICULUM = REPO / "curriculum" / "llm-engineer"


def learnpath(data: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker",
            "--data-dir",
            str(data),
            "--curriculum",
            str(CURRICULUM),
            *args,
        ],
        capture_output=True,
        check=False,
        env=env,
        cwd=REPO,
        timeout=120,
    )


def first_task(data: Path) -> str:
    result = learnpath(data, "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("utf-8-sig").splitlines()[1].split(",")[2]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    task = first_task(folder)
    assert learnpath(folder, "tick", task).returncode == 0
    assert learnpath(folder, "note", task, "=cmd|' /C calc'!A0").returncode == 0
    return folder


def test_text_formats_go_to_stdout(data: Path) -> None:
    for fmt, marker in (
        ("md", b"# Progress summary"),
        ("html", b"<!DOCTYPE html>"),
        ("csv", b"\xef\xbb\xbf"),
        ("json", b'"schema": "learnpath.progress/1"'),
    ):
        result = learnpath(data, "export", "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert marker in result.stdout


def test_language_stage_and_notes_options(data: Path) -> None:
    result = learnpath(
        data, "export", "--format", "md", "--lang", "zh", "--stage", "nlp-foundations", "--no-notes"
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert "学习进度报告" in text and "calc" not in text


def test_pdf_goes_to_a_file_or_a_pipe(data: Path, tmp_path: Path) -> None:
    piped = learnpath(data, "export", "--format", "pdf")
    assert piped.returncode == 0 and piped.stdout.startswith(b"%PDF-")
    target = tmp_path / "out"
    target.mkdir()
    written = learnpath(data, "export", "--format", "pdf", "-o", str(target / "sum:mary.pdf"))
    assert written.returncode == 0, written.stderr
    assert (target / "sum_mary.pdf").read_bytes().startswith(b"%PDF-")
    assert [p.name for p in target.iterdir()] == ["sum_mary.pdf"]


def test_a_failed_export_leaves_the_earlier_file(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("earlier", encoding="utf-8")
    result = learnpath(data, "export", "--format", "md", "--stage", "no-such", "-o", str(target))
    assert result.returncode == 2
    assert target.read_text(encoding="utf-8") == "earlier"
    assert result.stderr.decode().count("\n") == 1 and b"Traceback" not in result.stderr
    assert b"unknown stage 'no-such'" in result.stderr


def test_export_then_import_elsewhere(data: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    assert learnpath(data, "export", "--format", "json", "-o", str(backup)).returncode == 0
    fresh = tmp_path / "fresh"
    result = learnpath(fresh, "import", str(backup), "--as", "restored")
    assert result.returncode == 0, result.stderr
    assert b"'restored'" in result.stdout
    again = learnpath(fresh, "import", str(backup), "--as", "restored", "--merge")
    assert b"(0 rows changed)" in again.stdout
    shown = learnpath(fresh, "--user", "restored", "export", "--format", "json")
    assert json.loads(shown.stdout)["summary"]["overall"]["done"] == 1


def test_import_refuses_a_bad_file_in_one_line(data: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "learnpath.progress/1", "schema": "again"}', encoding="utf-8")
    result = learnpath(data, "import", str(bad), "--as", "nobody")
    assert result.returncode == 1
    assert b"duplicate key 'schema'" in result.stderr and b"Traceback" not in result.stderr
    assert result.stderr.decode().count("\n") == 1
    users = learnpath(data, "export", "--format", "json", "--user", "nobody")
    assert users.returncode != 0
