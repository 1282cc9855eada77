"""The command line in the learner's words: ``--lang zh`` status, ``in-progress``, plurals, and
suggestions for a partly typed task id. Run through a subprocess, as a learner would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.progress.suggest import suggest_ids

REPO = Path(__file__).resolve().parents[2]
CURRICULUM = REPO / "curriculum" / "llm-engineer"
TASK = "agent-classic-cases"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    command = [sys.executable, "-m", "tracker", "--data-dir", str(data_dir)]
    result = subprocess.run(
        [*command, "--curriculum", str(CURRICULUM), *args],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=REPO,
        env=env,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_status_in_chinese_has_chinese_headers_pace_and_titles(data: Path) -> None:
    result = run(data, "--lang", "zh", "status")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("档案：default    课程：")
    assert lines[1].split() == [
        "编号",
        "已完成",
        "进行中",
        "已跳过",
        "总数",
        "完成率",
        "进度状态",
        "阶段",
    ]
    agents = next(line for line in lines if line.startswith("agents "))
    assert "未设目标" in agents and "阶段五" in agents
    assert lines[-1].startswith("总体")
    assert "no_target" not in result.stdout and "No target" not in result.stdout


def test_status_defaults_to_english_words(data: Path) -> None:
    result = run(data, "status")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Profile: default    Curriculum: ")
    assert lines[1].split()[:3] == ["ID", "Done", "In"]
    assert "No target" in result.stdout and "no_target" not in result.stdout
    assert "Stage 5" in next(line for line in lines if line.startswith("agents "))
    assert lines[-1].startswith("Overall")


def test_status_json_keeps_its_machine_values(data: Path) -> None:
    shown = json.loads(run(data, "--lang", "zh", "status", "--json").stdout)
    assert {stage["pace"] for stage in shown["stages"]} == {"no_target"}


@pytest.mark.parametrize("typed", ["in-progress", "in_progress", "IN-PROGRESS"])
def test_tick_accepts_in_progress_with_a_hyphen(data: Path, typed: str) -> None:
    result = run(data, "tick", TASK, "--status", typed)
    assert result.returncode == 0, result.stderr
    assert f"{TASK}: todo -> in_progress" in result.stdout


def test_tick_help_shows_the_canonical_values(data: Path) -> None:
    result = run(data, "tick", "--help")
    assert "{todo,in_progress,done,skipped}" in result.stdout
    assert "in-progress is accepted" in " ".join(result.stdout.split())


def test_a_partial_id_suggests_the_ids_containing_it(data: Path) -> None:
    result = run(data, "tick", "attention")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("learnpath: unknown task 'attention'; did you mean: ")
    assert "transformer-self-attention" in result.stderr
    note = run(data, "note", "attention", "text")
    assert note.returncode == 2 and "transformer-self-attention" in note.stderr


def test_an_id_matching_nothing_gets_no_suggestion(data: Path) -> None:
    result = run(data, "tick", "zzzzqqqq")
    assert result.returncode == 2
    assert result.stderr.strip() == "learnpath: unknown task 'zzzzqqqq'"


def test_suggestions_prefer_close_spellings_then_containing_ids() -> None:
    known = ["self-attention", "multi-head-attention", "attention-sinks", "tokenize"]
    assert suggest_ids("self-atention", known)[0] == "self-attention"
    assert suggest_ids("ATTENTION", known) == (
        "self-attention",
        "attention-sinks",
        "multi-head-attention",
    )
    assert suggest_ids("  ", known) == ()
    assert suggest_ids("xyz", known) == ()


def test_import_summary_uses_singular_and_plural(data: Path, tmp_path: Path) -> None:
    assert run(data, "tick", TASK).returncode == 0
    assert run(data, "note", TASK, "one note").returncode == 0
    backup = tmp_path / "backup.json"
    assert run(data, "export", "--format", "json", "-o", str(backup)).returncode == 0
    result = run(tmp_path / "fresh", "import", str(backup), "--as", "copy")
    assert result.returncode == 0, result.stderr
    assert "1 task state, 1 note, 0 plans, " in result.stdout
    assert "1 notes" not in result.stdout and "1 task states" not in result.stdout
    again = run(tmp_path / "fresh", "import", str(backup), "--as", "copy", "--merge")
    assert "(0 rows changed)" in again.stdout
