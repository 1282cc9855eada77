"""The app's side of cohorts against the real server: joining, the background sync after a
change, the indicator and the backoff while offline, and the mentor's Cohort window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.server.conftest import Cluster, CohortServer
from tests.server.helpers import CID, folder, pid
from tracker.progress.records import TaskStatus
from tracker.sync import run


@pytest.fixture(autouse=True)
def english(qapp: Any) -> Iterator[None]:
    from tracker.ui import i18n

    i18n.set_language("en", remember=False)
    yield
    i18n.set_language("en", remember=False)


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    from tracker.curriculum.loader import load_curriculum
    from tracker.paths import bundled_curriculum_path
    from tracker.progress.service import ProgressService
    from tracker.ui.main_window import MainWindow

    folder(tmp_path).close()
    service = ProgressService.open(tmp_path, load_curriculum(bundled_curriculum_path()), "learner")
    main = MainWindow(service, data_dir=tmp_path)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close()
    service.close()


def _server_events(admin_url: str) -> int:
    with psycopg.connect(admin_url) as conn:
        row = conn.execute("SELECT count(*) FROM learnpath.events").fetchone()
    assert row is not None
    return int(row[0])


def _sync_of(window: Any, **timing: int) -> Any:
    from tracker.ui.cohort_sync import CohortSync

    window.cohort_sync.deleteLater()
    return CohortSync(
        window.bridge, window.menus, window.statusBar(), lambda: window.lang, window, **timing
    )


def test_join_then_a_tick_is_synced_in_the_background(
    qtbot: Any, window: Any, cohort_server: CohortServer
) -> None:
    sync = _sync_of(window, after_change_ms=50)
    assert sync.indicator.isHidden()
    with qtbot.waitSignal(sync.synced, timeout=20000):
        sync.join_with(cohort_server["alice"].url, None)
    assert sync.indicator.text() == "Synced"
    # The URL is remembered without its password.
    from tracker.sync.background import joined_server

    kept = joined_server(Path(window.service.database_path), "learner")
    assert kept is not None and cohort_server["alice"].password not in kept
    window.set_status("ai-history-three-periods", TaskStatus.DONE)
    assert sync.state in {"waiting", "syncing"}
    with qtbot.waitSignal(sync.synced, timeout=20000) as blocker:
        pass
    assert blocker.args[0].pushed >= 1
    assert _server_events(cohort_server.admin_url) == 1
    assert sync.indicator.text() == "Synced"


def test_offline_shows_waiting_and_backs_off(
    qtbot: Any, window: Any, cohort_server: CohortServer, pg_cluster: Cluster
) -> None:
    from tracker.sync.background import SERVER_KEY

    down = cohort_server["alice"].url.replace(f"port={pg_cluster.port}", "port=1")
    store = folder(Path(window.service.database_path).parent)
    store.set_meta(SERVER_KEY.format(profile_id=pid(store)), down)
    store.close()
    sync = _sync_of(window, after_change_ms=50, backoff_first_ms=60_000, start_delay_ms=0)
    qtbot.waitUntil(lambda: sync.state == "offline", timeout=20000)
    assert sync.next_retry_ms() == 60_000
    window.set_status("ai-history-three-periods", TaskStatus.DONE)
    qtbot.waitUntil(
        lambda: sync.state == "offline" and sync.next_retry_ms() == 120_000, timeout=20000
    )
    assert sync.indicator.text() == "Offline · 1 waiting"
    assert "cannot reach the cohort server" in sync.indicator.toolTip()


def test_cohort_window_sorts_filters_and_summarises(
    qtbot: Any, qtmodeltester: Any, tmp_path: Path, cohort_server: CohortServer
) -> None:
    from tracker.curriculum.loader import load_curriculum
    from tracker.paths import bundled_curriculum_path
    from tracker.ui.cohort_window import CohortWindow

    now = datetime.now(UTC)
    for name, tasks, when in (
        ("alice", 3, now),
        ("bob", 1, now - timedelta(days=9)),
    ):
        store = folder(tmp_path / name)
        curriculum_tasks = [
            "ai-history-three-periods",
            "large-model-basic-concepts",
            "ml-loss-and-gradient-descent",
        ]
        for task in curriculum_tasks[:tasks]:
            store.set_status(pid(store), CID, task, TaskStatus.DONE, when)
        run.sync(store.database, pid(store), cohort_server[name].url)
        store.close()
    curriculum = load_curriculum(bundled_curriculum_path())
    cohort_window = CohortWindow(
        cohort_server["maria"].url, "c1", None, curriculum=curriculum, lang="en"
    )
    qtbot.addWidget(cohort_window)
    with qtbot.waitSignal(cohort_window.loaded, timeout=20000):
        cohort_window.show()
    qtmodeltester.check(cohort_window.model)
    proxy = cohort_window.proxy
    assert proxy.rowCount() == 2
    from PySide6.QtCore import Qt

    cohort_window.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data() == cohort_server["alice"].name
    cohort_window.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 0).data() == cohort_server["bob"].name
    cohort_window.inactive_box.setChecked(True)
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == [
        cohort_server["bob"].name
    ]
    assert cohort_window.count_label.text() == "1 of 2 learners"
    cohort_window.inactive_box.setChecked(False)
    cohort_window.table.selectRow(0)
    qtbot.waitUntil(lambda: cohort_server["bob"].name in cohort_window.summary.toPlainText())
    assert "1/96" in cohort_window.summary.toPlainText()
    assert cohort_window.summary.isReadOnly()


def test_join_dialog_tests_the_connection_before_ok(
    qtbot: Any, cohort_server: CohortServer
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from tracker.ui.cohort_sync import JoinDialog

    alice = cohort_server["alice"]
    dialog = JoinDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    url_without = alice.url.replace(f"password={alice.password}", "").strip()
    dialog.url_edit.setText(url_without)
    dialog.password_edit.setText("wrong")
    assert not ok.isEnabled()
    with qtbot.waitSignal(dialog.tested, timeout=20000) as failed:
        dialog.test_button.click()
    assert failed.args == [False]
    assert "refused the password" in dialog.result_label.text()
    assert not ok.isEnabled()
    dialog.password_edit.setText(alice.password)
    with qtbot.waitSignal(dialog.tested, timeout=20000) as passed:
        dialog.test_button.click()
    assert passed.args == [True]
    assert alice.role in dialog.result_label.text()
    assert ok.isEnabled()
    assert dialog.password() == alice.password and alice.password not in dialog.url()


def _url_without_password(url: str, password: str) -> str:
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    parts = conninfo_to_dict(url)
    assert parts.pop("password") == password
    return make_conninfo(**parts)


def test_file_join_a_cohort_fills_tests_and_joins(
    qtbot: Any, window: Any, cohort_server: CohortServer
) -> None:
    """File → Join a Cohort…: the URL and the password typed in, the connection tested, Join;
    the profile is joined and the status bar says Synced."""
    from PySide6.QtWidgets import QDialogButtonBox

    from tracker.sync.background import joined_server

    alice = cohort_server["alice"]
    sync = _sync_of(window, after_change_ms=50)
    window.set_status("ai-history-three-periods", TaskStatus.DONE)  # before joining: kept here
    sync.join_action.trigger()
    dialog = sync.join_dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    qtbot.keyClicks(dialog.url_edit, _url_without_password(alice.url, alice.password))
    qtbot.keyClicks(dialog.password_edit, alice.password)
    join = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not join.isEnabled()  # not before the connection was tested
    with qtbot.waitSignal(dialog.tested, timeout=20000) as tested:
        dialog.test_button.click()
    assert tested.args == [True]
    assert f"Connected as {alice.role}." == dialog.result_label.text()
    with qtbot.waitSignal(sync.synced, timeout=20000) as synced:
        join.click()
    assert synced.args[0].pushed == 1  # the tick made before joining went up
    assert sync.indicator.isVisible() and sync.indicator.text() == "Synced"
    assert sync.join_dialog is None
    kept = joined_server(Path(window.service.database_path), "learner")
    assert kept is not None and alice.password not in kept
    assert sync.password == alice.password  # in memory, for the syncs that follow
    assert _server_events(cohort_server.admin_url) == 1


def test_file_join_a_cohort_with_a_wrong_password_saves_nothing(
    qtbot: Any, window: Any, cohort_server: CohortServer
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from tracker.sync.background import joined_server

    alice = cohort_server["alice"]
    sync = _sync_of(window, after_change_ms=50)
    database = Path(window.service.database_path)
    sync.join_action.trigger()
    dialog = sync.join_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.url_edit, _url_without_password(alice.url, alice.password))
    qtbot.keyClicks(dialog.password_edit, "not the password")
    with qtbot.waitSignal(dialog.tested, timeout=20000) as tested:
        dialog.test_button.click()
    assert tested.args == [False]
    message = dialog.result_label.text()
    assert message.startswith("the cohort server ") and "refused the password" in message
    assert "not the password" not in message and "\n" not in message
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not dialog.isVisible()
    assert joined_server(database, "learner") is None  # nothing saved
    assert sync.state == "off" and sync.indicator.isHidden() and sync.password is None
    assert _server_events(cohort_server.admin_url) == 0


def test_file_open_a_cohort_loads_the_mentors_view_or_says_why_not(
    qtbot: Any, window: Any, cohort_server: CohortServer
) -> None:
    """File → Open a Cohort (Mentor)…: URL, cohort and password typed in, OK; the Cohort window
    connects and lists the cohort's learners — or, with a wrong password, says so and lists
    nobody."""
    from PySide6.QtWidgets import QDialogButtonBox

    maria = cohort_server["maria"]
    url = _url_without_password(maria.url, maria.password)
    sync = _sync_of(window)
    for password, works in (("wrong", False), (maria.password, True)):
        sync.cohort_action.trigger()
        dialog = sync.cohort_dialog
        assert dialog is not None and dialog.isVisible()
        qtbot.keyClicks(dialog.url_edit, url)
        qtbot.keyClicks(dialog.cohort_edit, "c1")
        qtbot.keyClicks(dialog.password_edit, password)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        cohort_window = dialog.cohort_window
        assert cohort_window is not None and cohort_window.isVisible()
        if works:
            qtbot.waitUntil(lambda w=cohort_window: w.model.rowCount() == 2, timeout=20000)
            names = {cohort_window.model.learner(r).name for r in range(2)}
            assert names == {cohort_server["alice"].name, cohort_server["bob"].name}
            assert cohort_window.count_label.text() == "2 of 2 learners"
        else:
            with qtbot.waitSignal(cohort_window.failed, timeout=20000) as failed:
                pass
            assert "refused the password" in failed.args[0] and "wrong" not in failed.args[0]
            assert cohort_window.statusBar().currentMessage() == failed.args[0]
            assert cohort_window.model.rowCount() == 0
        cohort_window.close()


def test_a_copied_data_folder_says_so_in_the_status_bar(
    qtbot: Any, tmp_path: Path, cohort_server: CohortServer
) -> None:
    import shutil

    from tracker.curriculum.loader import load_curriculum
    from tracker.paths import bundled_curriculum_path
    from tracker.progress.service import ProgressService
    from tracker.storage import sync_device
    from tracker.ui.main_window import MainWindow

    url = cohort_server["alice"].url
    original, copy = tmp_path / "original", tmp_path / "copy"
    store = folder(original)
    store.set_status(
        pid(store), CID, "ai-history-three-periods", TaskStatus.DONE, datetime.now(UTC)
    )
    run.sync(store.database, pid(store), url)
    device = sync_device.device_id(store.database)
    store.close()
    shutil.copytree(original, copy)
    service = ProgressService.open(copy, load_curriculum(bundled_curriculum_path()), "learner")
    main = MainWindow(service, data_dir=copy)
    qtbot.addWidget(main)
    main.show()
    try:
        sync = _sync_of(main, after_change_ms=50)
        with qtbot.waitSignal(sync.synced, timeout=20000) as synced:
            sync.join_with(url, None)
        assert synced.args[0].new_device is True
        assert main.statusBar().currentMessage() == (
            "This data folder is a copy of another one; it now syncs as a computer of its own."
        )
        assert sync.indicator.text() == "Synced"
        store = folder(copy)
        assert sync_device.device_id(store.database) != device
        store.close()
    finally:
        main.close()
        service.close()
