"""The users/status/tick/note commands, run as a learner would: through a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CURRICULUM = REPO / "curriculum" / "llm-engineer"
TASK = "agent-classic-cases"


def run(
    data_dir: Path, *args: str, curriculum: Path | None = CURRICULUM
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tracker", "--data-dir", str(data_dir)]
    if curriculum is not None:
        command += ["--curriculum", str(curriculum)]
    result = subprocess.run(
        [*command, *args],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=REPO,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder made once by the CLI (database at head, the default profile)."""
    folder = tmp_path_factory.mktemp("template")
    assert run(folder, "status").returncode == 0
    return folder


@pytest.fixture
def data(tmp_path: Path, template: Path) -> Path:
    """A fresh copy of the template data folder (the database is closed: a plain copy is safe)."""
    target = tmp_path / "data"
    shutil.copytree(template, target)
    return target


def test_first_run_creates_the_database(tmp_path: Path) -> None:
    result = run(tmp_path, "users", "list")
    assert result.returncode == 0 and result.stdout.splitlines() == ["* default"]
    assert (tmp_path / "learnpath.sqlite3").stat().st_size > 0


def test_tick_then_status_shows_it(data: Path) -> None:
    tick = run(data, "tick", TASK)
    assert tick.returncode == 0, tick.stderr
    assert f"{TASK}: todo -> done" in tick.stdout
    status = run(data, "status", "--json")
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["profile"] == "default"
    assert report["overall"]["done"] == 1
    agents = next(s for s in report["stages"] if s["id"] == "agents")
    assert agents["done"] == 1 and agents["pace"] == "no_target"
    table = run(data, "status")
    assert table.returncode == 0
    assert "Overall" in table.stdout and "agents" in table.stdout


def test_tick_with_status_and_skipped_reported_apart(data: Path) -> None:
    assert run(data, "tick", TASK, "--status", "skipped").returncode == 0
    report = json.loads(run(data, "status", "--json").stdout)
    assert (report["overall"]["done"], report["overall"]["skipped"]) == (0, 1)


def test_unknown_task_exits_2_with_a_suggestion(data: Path) -> None:
    result = run(data, "tick", "agent-classic-case")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # one line
    assert result.stderr.startswith("learnpath: unknown task 'agent-classic-case'; did you mean: ")
    assert TASK in result.stderr


def test_note_from_text_and_file_round_trips(data: Path) -> None:
    assert run(data, "note", TASK, "a<b>c").returncode == 0
    note_file = data / "note.md"
    text = "#include <vector>\r\n注意力 🎉\n"
    note_file.write_bytes(text.encode())
    assert run(data, "note", TASK, "--file", str(note_file)).returncode == 0
    script = (
        "import sys; from pathlib import Path; "
        "from tracker.curriculum.loader import load_curriculum; "
        "from tracker.progress.service import ProgressService; "
        "from tracker.progress.records import ItemKind; "
        f"s = ProgressService.open(Path({str(data)!r}), load_curriculum({str(CURRICULUM)!r})); "
        f"sys.stdout.buffer.write(s.note(ItemKind.TASK, {TASK!r}).encode())"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert out.stdout == text.encode()


def test_users_add_list_rename_remove(data: Path) -> None:
    assert run(data, "users", "add", "ana").returncode == 0
    listed = run(data, "users", "list")
    assert listed.stdout.splitlines() == ["* default", "  ana"]
    assert run(data, "users", "rename", "ana", "Ana Li").returncode == 0
    assert run(data, "--user", "Ana Li", "tick", TASK).returncode == 0
    assert run(data, "users", "list").stdout.splitlines() == ["  default", "* Ana Li"]
    assert run(data, "users", "remove", "default").returncode == 0
    assert run(data, "users", "list").stdout.splitlines() == ["* Ana Li"]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("users", "add", "   "), 2, "cannot be empty"),
        (("users", "add", "x" * 65), 2, "at most 64"),
        (("users", "rename", "nobody", "x"), 2, "no profile named 'nobody'"),
        (("--user", "ghost", "status"), 2, "no profile named 'ghost'"),
        (("note", "no-such-task", "text"), 2, "unknown task 'no-such-task'"),
        (("note", TASK, "--file", "/no/such/file.md"), 1, "cannot read /no/such/file.md"),
        (("users", "remove", "default"), 1, "only profile"),
    ],
)
def test_errors_are_one_line_without_traceback(
    data: Path, args: tuple[str, ...], code: int, words: str
) -> None:
    result = run(data, *args)
    assert result.returncode == code
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_status_value_is_a_usage_error(data: Path) -> None:
    result = run(data, "tick", TASK, "--status", "finished")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


@pytest.mark.parametrize("content", [b"", b"garbage" * 100, b"id: x\nstages: []\n"])
def test_bad_database_is_reported_with_its_path(tmp_path: Path, content: bytes) -> None:
    database = tmp_path / "learnpath.sqlite3"
    database.write_bytes(content)
    result = run(tmp_path, "status")
    assert result.returncode == 1
    assert str(database) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert database.read_bytes() == content


def test_newer_database_is_refused(data: Path) -> None:
    import sqlite3

    assert run(data, "status").returncode == 0
    database = data / "learnpath.sqlite3"
    connection = sqlite3.connect(database)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '0042'")
    connection.close()
    result = run(data, "tick", TASK)
    assert result.returncode == 1
    assert "newer version of LearnPath" in result.stderr


def test_broken_curriculum_prints_its_problems_and_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n")
    result = run(tmp_path / "data", "status", curriculum=broken)
    assert result.returncode == 1
    assert str(broken) in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("learnpath: cannot use the curriculum")
