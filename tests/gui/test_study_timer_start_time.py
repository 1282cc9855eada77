"""A timer started while another program holds the database's write lock: the session stored once
the lock goes starts at the click, not at the moment it could be written, so the time waited is
counted and the clock on screen does not jump back."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tracker.studytime import StudySession
from tracker.ui.main_window import MainWindow


@pytest.fixture
def hold_lock() -> Iterator[Callable[[Any], sqlite3.Connection]]:
    """Another connection that takes the write lock (``BEGIN IMMEDIATE``) and keeps it."""
    held: list[sqlite3.Connection] = []

    def hold(path: Any) -> sqlite3.Connection:
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        held.append(connection)
        return connection

    yield hold
    for connection in held:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()


def test_a_start_that_waited_for_the_lock_is_stored_at_the_click(
    qtbot: Any, open_window: Callable[..., MainWindow], hold_lock: Any
) -> None:
    window = open_window()
    daily = window.install_daily()
    qtbot.waitUntil(lambda: daily.today.study_loaded)
    clicked = datetime.now(UTC).replace(microsecond=0)
    moment = [clicked]
    daily.study._service._clock = lambda: moment[0]
    holder = hold_lock(window.service.database_path)

    daily.start_on_task("numpy")
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Waiting for another program…",
        timeout=3000,
    )
    assert daily.timer.running and daily.timer.session is None  # on screen, not yet stored
    moment[0] = clicked + timedelta(minutes=7)  # the other program keeps the lock this long
    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")

    stored = daily.study.left_running()
    assert [(s.item_id, s.started_at) for s in stored] == [("numpy", clicked)]
    assert daily.timer.session is not None and daily.timer.session.started_at == clicked
    assert daily.timer.elapsed() == 7 * 60  # the time waited is counted


def test_a_stop_that_waited_for_the_lock_ends_the_session_at_the_click(
    qtbot: Any, open_window: Callable[..., MainWindow], hold_lock: Any
) -> None:
    window = open_window()
    daily = window.install_daily()
    qtbot.waitUntil(lambda: daily.today.study_loaded)
    clicked = datetime.now(UTC).replace(microsecond=0)
    moment = [clicked]
    daily.study._service._clock = lambda: moment[0]
    daily.start_on_task("numpy")
    assert daily.timer.session is not None  # nobody else writes: stored at once
    moment[0] = clicked + timedelta(minutes=25)
    holder = hold_lock(window.service.database_path)

    daily.stop_timer()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Waiting for another program…",
        timeout=3000,
    )
    moment[0] = clicked + timedelta(minutes=40)  # the other program keeps the lock this long
    logged: list[Any] = []
    daily.timer.logged.connect(logged.append)
    with qtbot.waitSignal(window.bridge.writes.settled, timeout=5000):
        holder.execute("ROLLBACK")

    assert daily.study.left_running() == []
    assert len(logged) == 1
    assert StudySession.from_json(logged[0].new).seconds == 25 * 60
