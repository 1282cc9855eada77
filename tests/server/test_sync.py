"""Sync against a real PostgreSQL: round trip, convergence of two data folders, conflicting
notes, offline changes, and one-line failures that leave the local data untouched."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from tests.server.conftest import Cluster, CohortServer
from tests.server.helpers import CID, folder, learner_data, pid, sync_folder, whole_file
from tracker.cli import main
from tracker.progress.records import ItemKind, TaskStatus
from tracker.storage import sync_local
from tracker.storage.server.connect import PasswordRefused, ServerError
from tracker.sync import run

T0 = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)


def test_push_then_pull_into_another_folder(tmp_path: Path, cohort_server: CohortServer) -> None:
    url = cohort_server["alice"].url
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    store = folder(laptop)
    store.set_status(pid(store), CID, "ai-history-three-periods", TaskStatus.DONE, T0)
    store.set_target_date(pid(store), CID, "nlp-foundations", date(2030, 6, 1), T0)
    store.close()
    first = sync_folder(laptop, url)
    assert (first.pushed, first.pulled) == (2, 0)
    again = sync_folder(laptop, url)
    assert (again.pushed, again.pulled) == (0, 0)
    pulled = sync_folder(desktop, url)
    assert (pulled.pushed, pulled.pulled) == (0, 2)
    assert learner_data(desktop)["states"] == [(CID, "ai-history-three-periods", "done")]
    assert learner_data(desktop)["plans"] == [(CID, "nlp-foundations", "2030-06-01")]
    assert learner_data(desktop)["events"] == learner_data(laptop)["events"]


def test_two_folders_converge_last_writer_wins(tmp_path: Path, cohort_server: CohortServer) -> None:
    url = cohort_server["alice"].url
    a, b = tmp_path / "a", tmp_path / "b"
    task = "large-model-basic-concepts"
    sa, sb = folder(a), folder(b)
    # Offline on both: a says done at 09:00, b says skipped at 09:05 (the later one wins), and
    # each ticks a task of its own.
    sa.set_status(pid(sa), CID, task, TaskStatus.DONE, T0)
    sb.set_status(pid(sb), CID, task, TaskStatus.SKIPPED, T0 + timedelta(minutes=5))
    sa.set_status(pid(sa), CID, "ai-history-three-periods", TaskStatus.IN_PROGRESS, T0)
    sb.set_status(pid(sb), CID, "ml-loss-and-gradient-descent", TaskStatus.DONE, T0)
    sa.close()
    sb.close()
    sync_folder(a, url)
    sync_folder(b, url)
    sync_folder(a, url)
    assert learner_data(a) == learner_data(b)
    assert dict((t, s) for _c, t, s in learner_data(a)["states"]) == {
        task: "skipped",
        "ai-history-three-periods": "in_progress",
        "ml-loss-and-gradient-descent": "done",
    }
    # Either order of arrival gives the same answer: a third folder pulling everything agrees.
    sync_folder(tmp_path / "c", url)
    assert learner_data(tmp_path / "c")["states"] == learner_data(a)["states"]


def test_conflicting_notes_keep_both_versions_and_say_so(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    a, b = tmp_path / "a", tmp_path / "b"
    task = "ai-history-three-periods"
    for path in (a, b):
        store = folder(path)
        run.set_share_notes(store.database, pid(store), True)
        store.close()
    sa = folder(a)
    sa.set_note(pid(sa), CID, ItemKind.TASK, task, "first draft", now=T0)
    sa.close()
    sync_folder(a, url)
    sync_folder(b, url)
    sa, sb = folder(a), folder(b)
    sa.set_note(
        pid(sa), CID, ItemKind.TASK, task, "laptop: #include <vector>", now=T0 + timedelta(1)
    )
    sb.set_note(pid(sb), CID, ItemKind.TASK, task, "desktop version 🎉", now=T0 + timedelta(2))
    sa.close()
    sb.close()
    assert sync_folder(a, url).conflicts == ()  # nothing new on the server yet
    told_b = sync_folder(b, url).conflicts  # b's edit is the later one: b keeps it, a's is history
    assert [(c.item_id, c.kept, c.other) for c in told_b] == [
        (task, "desktop version 🎉", "laptop: #include <vector>")
    ]
    told_a = sync_folder(a, url).conflicts  # a is told too, and takes the later version
    assert [(c.item_id, c.kept, c.other) for c in told_a] == [
        (task, "desktop version 🎉", "laptop: #include <vector>")
    ]
    assert learner_data(a) == learner_data(b)
    for path in (a, b):
        store = folder(path)
        versions = sync_local.note_versions(store.database, pid(store), CID, ItemKind.TASK, task)
        store.close()
        assert versions == ["first draft", "laptop: #include <vector>", "desktop version 🎉"]
    assert learner_data(a)["notes"] == [(CID, "task", task, "desktop version 🎉")]


def test_notes_stay_local_unless_shared(tmp_path: Path, cohort_server: CohortServer) -> None:
    url = cohort_server["alice"].url
    store = folder(tmp_path / "a")
    store.set_note(pid(store), CID, ItemKind.TASK, "ai-history-three-periods", "private", now=T0)
    store.close()
    assert sync_folder(tmp_path / "a", url).pushed == 0
    with psycopg.connect(cohort_server.admin_url) as conn:
        assert conn.execute("SELECT count(*) FROM learnpath.events").fetchone() == (0,)
    store = folder(tmp_path / "a")
    run.set_share_notes(store.database, pid(store), True)
    store.close()
    assert sync_folder(tmp_path / "a", url).pushed == 1  # the earlier note goes once shared
    with psycopg.connect(cohort_server.admin_url) as conn:
        assert conn.execute("SELECT new, shared FROM learnpath.events").fetchall() == [
            ("private", True)
        ]


def test_offline_changes_are_synced_later(
    tmp_path: Path, cohort_server: CohortServer, pg_cluster: Cluster
) -> None:
    url = cohort_server["alice"].url
    down = url.replace(f"port={pg_cluster.port}", "port=1")
    a = tmp_path / "a"
    store = folder(a)
    for i, task in enumerate(("ai-history-three-periods", "large-model-basic-concepts")):
        store.set_status(pid(store), CID, task, TaskStatus.DONE, T0 + timedelta(minutes=i))
    store.close()
    before = whole_file(a)
    with pytest.raises(ServerError, match="cannot reach the cohort server"):
        sync_folder(a, down)
    assert whole_file(a) == before
    store = folder(a)
    store.set_status(pid(store), CID, "ml-loss-and-gradient-descent", TaskStatus.DONE, T0)
    assert run.waiting(store.database, pid(store), "nowhere") == 3
    store.close()
    assert sync_folder(a, url).pushed == 3
    sync_folder(tmp_path / "b", url)
    assert learner_data(tmp_path / "b")["states"] == learner_data(a)["states"]


def _cli(capsys: pytest.CaptureFixture[str], path: Path, url: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(path), "--user", "learner", "sync", "--server", url])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_what_moved(
    tmp_path: Path, cohort_server: CohortServer, capsys: pytest.CaptureFixture[str]
) -> None:
    store = folder(tmp_path)
    store.set_status(pid(store), CID, "ai-history-three-periods", TaskStatus.DONE, T0)
    store.close()
    assert _cli(capsys, tmp_path, cohort_server["alice"].url) == (0, "pushed 1, pulled 0\n", "")


@pytest.mark.parametrize("fault", ["wrong password", "server down", "no such host"])
def test_failures_are_one_line_and_touch_nothing(
    tmp_path: Path,
    cohort_server: CohortServer,
    pg_cluster: Cluster,
    capsys: pytest.CaptureFixture[str],
    fault: str,
) -> None:
    alice = cohort_server["alice"]
    url = {
        "wrong password": alice.url.replace(alice.password, "not-the-password"),
        "server down": pg_cluster.tcp_url("x", alice.role, alice.password).replace(
            f":{pg_cluster.port}/", ":1/"
        ),
        "no such host": f"postgresql://{alice.role}@host.invalid/x?connect_timeout=3",
    }[fault]
    store = folder(tmp_path)
    store.set_status(pid(store), CID, "ai-history-three-periods", TaskStatus.DONE, T0)
    store.close()
    before = whole_file(tmp_path)
    code, out, err = _cli(capsys, tmp_path, url)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("learnpath: ")
    expected = "refused the password" if fault == "wrong password" else "cannot reach"
    assert expected in err
    assert alice.password not in err and "Traceback" not in err
    assert whole_file(tmp_path) == before


def test_a_dropped_connection_is_one_line_and_keeps_local_data(
    tmp_path: Path, cohort_server: CohortServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server ends the session in the middle of the pull: nothing pulled is half-applied."""
    url = cohort_server["alice"].url
    source = folder(tmp_path / "a")
    for i in range(30):
        store_task = f"task-{i}"
        source.set_status(pid(source), CID, store_task, TaskStatus.DONE, T0 + timedelta(seconds=i))
    source.close()
    sync_folder(tmp_path / "a", url)
    b = tmp_path / "b"
    folder(b).close()
    before = whole_file(b)
    from tracker.storage.server import learner

    real_pull = learner.pull

    def pull_then_drop(conn, device, after_seq, limit):  # type: ignore[no-untyped-def]
        with psycopg.connect(cohort_server.admin_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))
        return real_pull(conn, device, after_seq, limit)

    monkeypatch.setattr(learner, "pull", pull_then_drop)
    with pytest.raises(ServerError, match=r"lost the connection|cannot reach") as raised:
        sync_folder(b, url)
    assert "\n" not in str(raised.value)
    assert whole_file(b) == before
    monkeypatch.setattr(learner, "pull", real_pull)
    assert sync_folder(b, url).pulled == 30
    assert learner_data(b)["events"] == learner_data(tmp_path / "a")["events"]


def test_password_refused_is_its_own_error(cohort_server: CohortServer, tmp_path: Path) -> None:
    alice = cohort_server["alice"]
    with pytest.raises(PasswordRefused):
        sync_folder(tmp_path, alice.url.replace(alice.password, "nope"))


def test_a_server_without_the_schema_says_so(
    tmp_path: Path, pg_admin_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = folder(tmp_path)
    store.set_status(pid(store), CID, "ai-history-three-periods", TaskStatus.DONE, T0)
    store.close()
    before = whole_file(tmp_path)
    code, out, err = _cli(capsys, tmp_path, pg_admin_url)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "is not a LearnPath cohort server yet (run 'learnpath server init')" in err
    assert whole_file(tmp_path) == before


def test_cli_tells_the_learner_about_a_note_changed_on_both_computers(
    tmp_path: Path, cohort_server: CohortServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = cohort_server["alice"].url
    a, b = tmp_path / "a", tmp_path / "b"
    task = "large-model-basic-concepts"
    for path, text, day in ((a, "from a", 1), (b, "from b", 2)):
        store = folder(path)
        run.set_share_notes(store.database, pid(store), True)
        store.set_note(pid(store), CID, ItemKind.TASK, task, text, now=T0 + timedelta(day))
        store.close()
    sync_folder(a, url)
    code, out, _err = _cli(capsys, b, url)
    assert code == 0
    assert out.splitlines() == [
        "pushed 1, pulled 1",
        f"note on task {task} changed on your other computer; both versions kept "
        "(the other one is in the note's history)",
    ]


def test_an_import_that_replaces_values_reaches_the_other_computers(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    laptop, desktop, elsewhere = tmp_path / "laptop", tmp_path / "desktop", tmp_path / "old"
    task = "ai-history-three-periods"
    # A backup made elsewhere, long ago: the task done and a target date.
    store = folder(elsewhere)
    store.set_status(pid(store), CID, task, TaskStatus.DONE, T0 - timedelta(days=30))
    store.set_target_date(pid(store), CID, "nlp-foundations", date(2030, 9, 1), T0)
    backup = store.backup(pid(store), CID)
    store.close()
    # The laptop said "in progress" later and synced; then the learner restores the backup.
    store = folder(laptop)
    store.set_status(pid(store), CID, task, TaskStatus.IN_PROGRESS, T0)
    store.close()
    sync_folder(laptop, url)
    sync_folder(desktop, url)
    assert learner_data(desktop)["states"] == [(CID, task, "in_progress")]
    store = folder(laptop)
    assert store.import_backup(backup, "learner", T0 + timedelta(days=1)) > 0
    store.close()
    assert sync_folder(laptop, url).pushed >= 2
    sync_folder(desktop, url)
    assert learner_data(desktop)["states"] == [(CID, task, "done")]
    assert learner_data(desktop)["plans"] == [(CID, "nlp-foundations", "2030-09-01")]
    # A second import of the same backup changes nothing and sends nothing.
    store = folder(laptop)
    assert store.import_backup(backup, "learner", T0 + timedelta(days=2)) == 0
    store.close()
    assert sync_folder(laptop, url).pushed == 0
