"""``learnpath server`` and ``learnpath cohort``: administration and the mentor's status and
exports, through the command line against the real server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.server.conftest import Cluster, CohortServer, unique
from tests.server.helpers import CID, folder, pid
from tracker.cli import main
from tracker.progress.records import TaskStatus
from tracker.sync import run


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_create_add_remove_and_idempotence(
    pg_admin_url: str, pg_cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(2):
        code, out, _err = _run(capsys, "server", "init", "--server", pg_admin_url)
        assert code == 0 and "at schema s0003" in out
    assert _run(capsys, "server", "upgrade", "--server", pg_admin_url)[0] == 0
    assert _run(capsys, "cohort", "create", "spring", "--server", pg_admin_url)[1] == (
        "created cohort spring\n"
    )
    assert (
        "exists already" in _run(capsys, "cohort", "create", "spring", "--server", pg_admin_url)[1]
    )
    name = unique("Dana Lee ")
    code, out, err = _run(
        capsys, "cohort", "add-learner", "spring", name, "--server", pg_admin_url, "--json"
    )
    assert code == 0, err
    member = json.loads(out)
    assert sorted(member) == ["name", "password", "role", "url"]
    assert member["name"] == name and member["role"].startswith("lp_")
    assert member["password"] and member["password"] not in member["url"]
    # The password works, once; it is in no server log and never stored in plain text.
    with psycopg.connect(member["url"], password=member["password"]) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (member["role"],)
    log = (pg_cluster.folder / "server.log").read_text(errors="replace")
    assert member["password"] not in log
    with psycopg.connect(pg_admin_url) as conn:
        stored = conn.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (member["role"],)
        ).fetchone()
    assert stored is not None and stored[0].startswith("SCRAM-SHA-256$")
    # Adding again changes nothing and shows no password.
    code, out, _err = _run(
        capsys, "cohort", "add-learner", "spring", name, "--server", pg_admin_url, "--json"
    )
    assert code == 0 and json.loads(out)["password"] is None
    # A learner belongs to one cohort.
    _run(capsys, "cohort", "create", "autumn", "--server", pg_admin_url)
    code, _out, err = _run(
        capsys, "cohort", "add-learner", "autumn", name, "--server", pg_admin_url
    )
    assert code == 1 and "already learner of 'spring'" in err
    assert _run(capsys, "cohort", "add-mentor", "nope", "M", "--server", pg_admin_url)[0] == 1
    code, out, _ = _run(capsys, "cohort", "remove-member", "spring", name, "--server", pg_admin_url)
    assert code == 0 and out.startswith("removed")
    code, out, _ = _run(capsys, "cohort", "remove-member", "spring", name, "--server", pg_admin_url)
    assert code == 0 and "not a member" in out
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(member["url"], password=member["password"]).close()


def test_a_member_cannot_administer(
    cohort_server: CohortServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys, "cohort", "add-learner", "c1", unique("eve"), "--server", cohort_server["maria"].url
    )
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "Traceback" not in err


def test_status_json_and_exports(
    tmp_path: Path,
    cohort_server: CohortServer,
    capsys: pytest.CaptureFixture[str],
    qapp: Any,  # the PDF is laid out by Qt: the session's QApplication first
) -> None:
    now = datetime.now(UTC)
    # alice: 3 tasks done today; bob: nothing for ten days, one task done.
    store = folder(tmp_path / "alice")
    for task in (
        "ai-history-three-periods",
        "large-model-basic-concepts",
        "ml-loss-and-gradient-descent",
    ):
        store.set_status(pid(store), CID, task, TaskStatus.DONE, now - timedelta(minutes=5))
    run.sync(store.database, pid(store), cohort_server["alice"].url)
    store.close()
    store = folder(tmp_path / "bob")
    store.set_status(
        pid(store), CID, "ai-history-three-periods", TaskStatus.DONE, now - timedelta(days=10)
    )
    run.sync(store.database, pid(store), cohort_server["bob"].url)
    store.close()
    maria = cohort_server["maria"].url
    code, out, err = _run(capsys, "cohort", "status", "c1", "--server", maria, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["cohort"] == "c1"
    by_name = {learner["name"]: learner for learner in report["learners"]}
    alice, bob = by_name[cohort_server["alice"].name], by_name[cohort_server["bob"].name]
    assert set(alice) >= {"name", "overall", "stages", "last_activity", "minutes_7d", "flags"}
    assert alice["overall"] == {"done": 3, "total": 96, "percent": 3.1}
    assert alice["stages"][0]["id"] == "nlp-foundations" and alice["stages"][0]["done"] == 3
    assert bob["overall"]["done"] == 1
    assert alice["flags"] == [] and bob["flags"] == ["inactive"]
    assert len(report["learners"]) == 2  # carol (cohort c2) is not maria's
    # Another cohort is refused to maria.
    code, _out, err = _run(capsys, "cohort", "status", "c2", "--server", maria)
    assert code == 1 and "no cohort named 'c2'" in err
    for fmt in ("csv", "html", "md", "pdf"):
        target = tmp_path / f"c1.{fmt}"
        code, out, err = _run(
            capsys, "cohort", "export", "c1", "--server", maria, "--format", fmt, "-o", str(target)
        )
        assert code == 0, err
        data = target.read_bytes()
        assert (
            data.startswith(b"%PDF")
            if fmt == "pdf"
            else cohort_server["alice"].name.encode() in data
        )


def test_reset_password_refuses_the_old_one_and_shows_the_new_one_once(
    tmp_path: Path,
    cohort_server: CohortServer,
    pg_cluster: Cluster,
    capsys: pytest.CaptureFixture[str],
) -> None:
    alice = cohort_server["alice"]
    admin_url = cohort_server.admin_url
    passwords = [alice.password]
    for _ in range(2):  # each run: a new password, the one before refused
        code, out, err = _run(
            capsys, "cohort", "reset-password", "c1", alice.name, "--server", admin_url, "--json"
        )
        assert code == 0, err
        member = json.loads(out)
        assert sorted(member) == ["name", "password", "role", "url"]
        assert (member["name"], member["role"]) == (alice.name, alice.role)
        assert member["password"] not in passwords and member["password"] not in member["url"]
        with psycopg.connect(member["url"], password=member["password"]) as conn:
            assert conn.execute("SELECT current_user").fetchone() == (alice.role,)
        for old in passwords:
            with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
                psycopg.connect(member["url"], password=old).close()
        passwords.append(member["password"])
    assert passwords[-1] not in (pg_cluster.folder / "server.log").read_text(errors="replace")
    # A sync with the old password: one line, refused; with the new one it works.
    store = folder(tmp_path)
    store.set_status(
        pid(store), CID, "ai-history-three-periods", TaskStatus.DONE, datetime.now(UTC)
    )
    store.close()
    sync = ["--data-dir", str(tmp_path), "--user", "learner", "sync", "--server", alice.url]
    code, _out, err = _run(capsys, *sync)
    assert code == 1 and "refused the password" in err and err.count("\n") == 1
    new_url = alice.url.replace(alice.password, passwords[-1])
    code, out, err = _run(capsys, *sync[:-1], new_url)
    assert code == 0 and out.startswith("pushed 1, "), err
    # Without --json: the same, as lines; an unknown member is an unknown name (exit 2).
    code, out, _err = _run(
        capsys, "cohort", "reset-password", "c1", cohort_server["maria"].name, "--server", admin_url
    )
    assert code == 0 and "new password for mentor" in out and "shown once" in out
    code, out, err = _run(
        capsys, "cohort", "reset-password", "c1", "nobody", "--server", admin_url, "--json"
    )
    assert (code, out) == (2, "") and "'nobody' is not a member of cohort 'c1'" in err
    code, out, err = _run(
        capsys, "cohort", "reset-password", "c1", cohort_server["carol"].name, "--server", admin_url
    )
    assert code == 2 and "is not a member of cohort 'c1'" in err  # carol is in c2
