"""Values this program did not write (a date edited by hand, an event kind a newer version might
add, a plan's date that is not a date) are reported in the log, kept in the file, and never stop
``status``, an export, the store or the first screen's start-up view."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tracker.progress.records import TaskStatus
from tracker.storage import lenient
from tracker.storage.startup_view import StartupView
from tracker.storage.store import ProgressStore

REPO = Path(__file__).resolve().parents[2]
CURRICULUM = REPO / "curriculum" / "llm-engineer"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def reported_afresh() -> None:
    """Each value is reported once per process: forget what earlier tests reported."""
    lenient._reported.clear()


def _damaged_by_hand(path: Path) -> int:
    """A database with two ticks, and two plans, then edited with values we never write."""
    store = ProgressStore.open(path)
    try:
        profile = store.add_profile("default", NOW, use=True)
        assert profile is not None
        store.set_status(
            profile.id, "llm-engineer", "ai-history-three-periods", TaskStatus.DONE, NOW
        )
        store.set_status(profile.id, "llm-engineer", "agent-classic-cases", TaskStatus.DONE, NOW)
        store.set_target_date(profile.id, "llm-engineer", "agents", date(2026, 5, 1), NOW)
        store.set_target_date(profile.id, "llm-engineer", "nlp-practice", date(2026, 6, 1), NOW)
    finally:
        store.close()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "UPDATE task_states SET changed_at = 'yesterday' "
            "WHERE task_id = 'ai-history-three-periods'"
        )
        connection.execute("UPDATE events SET kind = 'celebrate' WHERE id = 1")
        connection.execute("UPDATE stage_plans SET target_date = 'soon' WHERE stage_id = 'agents'")
        connection.execute("UPDATE profiles SET created_at = 'long ago'")
        connection.execute("UPDATE events SET at = 'then' WHERE id = 2")
    connection.close()
    return profile.id


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_the_store_reads_around_values_it_did_not_write(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "learnpath.sqlite3"
    pid = _damaged_by_hand(path)
    with caplog.at_level(logging.WARNING, logger="tracker.storage"):
        store = ProgressStore.open(path)
        try:
            states = store.task_states(pid, "llm-engineer")
            assert states["ai-history-three-periods"].status is TaskStatus.DONE
            assert states["ai-history-three-periods"].changed_at is None
            assert states["agent-classic-cases"].changed_at == NOW
            kinds = [event.kind.value for event in store.events(pid, "llm-engineer")]
            assert "celebrate" not in kinds and len(kinds) == 3
            assert [plan.stage_id for plan in store.plans(pid, "llm-engineer")] == ["nlp-practice"]
            assert dict(store.progress_view(pid, "llm-engineer").plans) == {
                "nlp-practice": date(2026, 6, 1)
            }
            backup = store.backup(pid, "llm-engineer")
            assert len(backup.events) == 2 and len(backup.plans) == 1
        finally:
            store.close()
    for value in ("'yesterday'", "'celebrate'", "'soon'"):
        assert value in caplog.text
    # Kept in the file, unchanged.
    assert _rows(path, "SELECT kind FROM events WHERE id = 1") == [("celebrate",)]
    assert _rows(path, "SELECT count(*) FROM stage_plans") == [(2,)]


def test_the_startup_view_reads_around_values_it_did_not_write(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "learnpath.sqlite3"
    pid = _damaged_by_hand(path)
    with caplog.at_level(logging.WARNING, logger="tracker.storage"):
        found = StartupView.open(path)
        assert found is not None
        view, _profile = found
        try:
            states = view.task_states(pid, "llm-engineer")
            assert states["ai-history-three-periods"].changed_at is None
            assert view.plans(pid, "llm-engineer") == {"nlp-practice": date(2026, 6, 1)}
        finally:
            view.close()
    assert "'yesterday'" in caplog.text and "'soon'" in caplog.text


def test_status_and_export_report_the_values_and_succeed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _damaged_by_hand(data / "learnpath.sqlite3")
    base = [
        sys.executable,
        "-m",
        "tracker",
        "--data-dir",
        str(data),
        "--curriculum",
        str(CURRICULUM),
    ]
    for args in (["status"], ["export", "--format", "json", "-o", str(tmp_path / "b.json")]):
        result = subprocess.run(
            [*base, *args], check=False, capture_output=True, text=True, timeout=60, cwd=REPO
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert "'yesterday'" in result.stderr
    result = subprocess.run(
        [*base, "--data-dir", str(tmp_path / "other"), "import", str(tmp_path / "b.json")],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr  # whatever export writes, import reads
