"""``learnpath validate``: a count line and 0 when valid; FILE:LINE:COL lines and 1 if not."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: \S.*$")


def validate(*paths: Path | str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "tracker", "validate", *map(str, paths)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_valid_curriculum_prints_one_count_line_and_exits_0() -> None:
    result = validate(MINIMAL)
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout == (
        f"{MINIMAL}: valid — 1 stage, 1 module, 2 tasks (1 practice), 1 concept, 1 resource\n"
    )


def test_invalid_curriculum_prints_file_line_col_lines_and_exits_1(tmp_path: Path) -> None:
    broken = (MINIMAL / "curriculum.yaml").read_text(encoding="utf-8")
    broken = broken.replace("  id: my-first-path", "  id: no").replace(
        "    order: 1", "    ordr: 1"
    )
    file = tmp_path / "broken.yaml"
    file.write_text(broken, encoding="utf-8")
    result = validate(file)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"{file}:3:7: expected an id (a string), got a boolean; quote it"
    assert lines[1].startswith(f"{file}:10:5: stage 'transformer-basics' is missing required key")
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    assert "Traceback" not in result.stderr


def test_each_path_is_reported_and_any_invalid_one_fails_the_run(tmp_path: Path) -> None:
    result = validate(MINIMAL, tmp_path / "missing", MINIMAL / "curriculum.yaml")
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 2
    assert (
        result.stderr
        == f"{tmp_path / 'missing'}:1:1: cannot open the curriculum: no such file or folder\n"
    )


def test_hostile_input_gives_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "bytes.yaml").write_bytes(b"\xff\xfe\x00!!python/object:os.system\n" * 3)
    (tmp_path / "deep.yaml").write_text("[" * 5000, encoding="utf-8")
    (tmp_path / "tag.yaml").write_text("stages: !!python/object/apply:os.system [ls]\n", "utf-8")
    result = validate(tmp_path, tmp_path / "deep.yaml", tmp_path / "tag.yaml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert all(PROBLEM_LINE.match(line) for line in result.stderr.splitlines()), result.stderr
