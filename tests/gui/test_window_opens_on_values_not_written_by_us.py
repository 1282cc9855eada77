"""The window starts on a database holding values this program did not write (a date edited by
hand, an event kind from a newer version): the rows are reported in the log, not fatal."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tracker.paths import database_path
from tracker.progress.records import TaskStatus
from tracker.storage import lenient


def test_the_window_opens_and_shows_the_task_done(
    qtbot: Any, open_window: Any, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lenient._reported.clear()
    window = open_window()
    window.service.set_status("read-attention", TaskStatus.DONE)
    window.close()
    connection = sqlite3.connect(database_path(data_dir))
    with connection:
        connection.execute("UPDATE task_states SET changed_at = 'yesterday'")
        connection.execute("UPDATE events SET kind = 'celebrate'")
    connection.close()
    with caplog.at_level(logging.WARNING, logger="tracker.storage"):
        again = open_window()
        assert again.checklist_model.status_of("read-attention") is TaskStatus.DONE
        again.close()
    assert "'yesterday'" in caplog.text
