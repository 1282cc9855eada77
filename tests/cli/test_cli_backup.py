"""``learnpath backup create|list|restore``, ``learnpath check`` and ``learnpath import`` over a
profile with progress, run as a learner would: through a subprocess."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CURRICULUM = REPO / "curriculum" / "llm-engineer"
TASK = "agent-classic-cases"
OTHER = "agent-planning-reasoning"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tracker", "--data-dir", str(data_dir)]
    command += ["--curriculum", str(CURRICULUM), *args]
    result = subprocess.run(
        command,
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=REPO,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _rows(data: Path, query: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(data / "learnpath.sqlite3")
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def _tasks() -> list[str]:
    from tracker.curriculum.loader import load_curriculum

    return sorted(load_curriculum(CURRICULUM).task_ids())


def test_backup_create_list_restore_and_check(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first, second = _tasks()[:2]
    assert run(data, "tick", first).returncode == 0
    created = run(data, "backup", "create")
    assert created.returncode == 0, created.stderr
    written = Path(created.stdout.strip())
    assert written.parent == data / "backups" and written.is_file()

    listed = run(data, "backup", "list", "--json")
    entries = json.loads(listed.stdout)
    assert [e["file"] for e in entries] == [str(written)]
    assert {"file", "created_at", "bytes"} <= set(entries[0])
    assert entries[0]["bytes"] == written.stat().st_size
    assert entries[0]["created_at"].endswith("Z")
    human = run(data, "backup", "list").stdout
    assert "default: 1 state, 0 notes, 0 plans" in human

    assert run(data, "tick", second, "--status", "skipped").returncode == 0
    restored = run(data, "backup", "restore", str(written))
    assert restored.returncode == 0, restored.stderr
    assert _rows(data, "SELECT task_id, status FROM task_states") == [(first, "done")]
    before = [Path(e["file"]) for e in json.loads(run(data, "backup", "list", "--json").stdout)]
    assert any(p.name.endswith("-restore.sqlite3") for p in before)

    check = run(data, "check")
    assert check.returncode == 0 and check.stdout.count("\n") == 1
    assert ": ok (" in check.stdout


def test_check_prints_one_line_per_problem_and_exits_1(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "tick", TASK).returncode == 0
    connection = sqlite3.connect(data / "learnpath.sqlite3")
    with connection:
        connection.execute("UPDATE task_states SET changed_at = 'yesterday'")
        connection.execute("UPDATE events SET kind = 'teleport'")
    connection.close()
    check = run(data, "check")
    assert check.returncode == 1
    lines = check.stdout.splitlines()
    assert len(lines) == 2
    assert any("not a timestamp" in line for line in lines)
    assert any("'teleport'" in line for line in lines)


def test_backup_restore_refuses_a_bad_file_in_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "tick", TASK).returncode == 0
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all")
    result = run(data, "backup", "restore", str(bad))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "not a LearnPath backup" in result.stderr
    assert _rows(data, "SELECT task_id, status FROM task_states") == [(TASK, "done")]


def _export(data: Path, target: Path) -> Path:
    assert run(data, "export", "--format", "json", "-o", str(target)).returncode == 0
    return target


def test_import_over_progress_needs_merge_or_replace_and_a_refusal_changes_nothing(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    assert run(data, "tick", TASK, "--status", "in_progress").returncode == 0
    file = _export(data, tmp_path / "old.json")
    assert run(data, "tick", TASK).returncode == 0  # newer here than in the file
    assert run(data, "tick", OTHER, "--status", "skipped").returncode == 0  # not in the file
    database = data / "learnpath.sqlite3"
    before = database.read_bytes()
    profiles_before = _rows(data, "SELECT * FROM profiles")

    refused = run(data, "import", str(file))
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1
    assert "already has progress" in refused.stderr and "1 state newer here" in refused.stderr
    assert "--merge" in refused.stderr and "--replace" in refused.stderr
    assert _rows(data, "SELECT * FROM profiles") == profiles_before  # not even last_used_at
    assert database.read_bytes() == before
    assert not (data / "backups").exists()

    merged = run(data, "import", str(file), "--merge")
    assert merged.returncode == 0, merged.stderr
    assert "1 newer item kept" in merged.stdout
    states = dict(_rows(data, "SELECT task_id, status FROM task_states"))
    assert states == {TASK: "done", OTHER: "skipped"}

    replaced = run(data, "import", str(file), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    states = dict(_rows(data, "SELECT task_id, status FROM task_states"))
    assert states == {TASK: "in_progress", OTHER: "skipped"}

    # Undo the replace: the backup it took first puts the newer state back.
    line = next(x for x in replaced.stdout.splitlines() if x.startswith("backup taken before"))
    taken = Path(line.split(": ", 1)[1].split(" (", 1)[0])
    assert taken.name.endswith("-import.sqlite3")
    assert run(data, "backup", "restore", str(taken)).returncode == 0
    states = dict(_rows(data, "SELECT task_id, status FROM task_states"))
    assert states == {TASK: "done", OTHER: "skipped"}


def test_merge_and_replace_cannot_be_given_together(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "tick", TASK).returncode == 0
    file = _export(data, tmp_path / "b.json")
    result = run(data, "import", str(file), "--merge", "--replace")
    assert result.returncode == 2 and "not allowed with argument" in result.stderr


def test_import_into_a_new_folder_creates_only_the_imported_profile(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "tick", TASK).returncode == 0
    file = _export(data, tmp_path / "b.json")
    fresh = tmp_path / "fresh"
    result = run(fresh, "import", str(file), "--as", "lei")
    assert result.returncode == 0, result.stderr
    assert [name for (name,) in _rows(fresh, "SELECT name FROM profiles")] == ["lei"]


def test_a_refused_file_creates_no_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    fresh = tmp_path / "fresh"
    result = run(fresh, "import", str(bad))
    assert result.returncode == 1
    assert not (fresh / "learnpath.sqlite3").exists()


def test_a_refused_profile_name_creates_no_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "tick", _tasks()[0]).returncode == 0
    exported = _export(data, tmp_path / "progress.json")
    fresh = tmp_path / "fresh"
    result = run(fresh, "import", str(exported), "--as", "a\u202eb")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "U+202E" in result.stderr
    assert not fresh.exists() or list(fresh.iterdir()) == []


def test_note_over_the_bound_is_refused_in_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    long = tmp_path / "long.md"
    long.write_text("a" * 1_000_001, encoding="utf-8")
    result = run(data, "note", TASK, "--file", str(long))
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "at most 1,000,000 characters; this one has 1,000,001" in result.stderr


def test_backup_list_and_restore_take_relative_paths(tmp_path: Path) -> None:
    # A learner in their home folder types `--data-dir data` and `backup restore data/backups/…`.
    first = _tasks()[0]
    assert run(tmp_path / "data", "tick", first).returncode == 0
    written = Path(run(tmp_path / "data", "backup", "create").stdout.strip())
    assert run(tmp_path / "data", "tick", first, "--status", "skipped").returncode == 0

    def relative(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "tracker", "--data-dir", "data"]
        command += ["--curriculum", str(CURRICULUM), *args]
        return subprocess.run(
            command, check=False, capture_output=True, text=True, timeout=60, cwd=tmp_path
        )

    listed = relative("backup", "list")
    assert listed.returncode == 0, listed.stderr
    assert "default: 1 state" in listed.stdout
    restored = relative("backup", "restore", str(written.relative_to(tmp_path)))
    assert restored.returncode == 0, restored.stderr
    assert _rows(tmp_path / "data", "SELECT task_id, status FROM task_states") == [(first, "done")]
