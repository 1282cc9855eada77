"""Security lives in the database: raw SQL as each member's own login role.

A learner reads and writes only their own rows; a mentor reads the learners of their cohorts
only, writes nothing, and sees no note that was not shared."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tests.server.conftest import CohortServer

INSERT = (
    "INSERT INTO learnpath.events (gid, device, curriculum_id, kind, item_kind, item_id, new, at, "
    "shared{owner_col}) VALUES (%s, %s, 'c', %s, 'task', 't1', %s, now(), %s{owner_val})"
)


def _insert(conn: Any, kind: str, new: str, *, shared: bool = False, owner: str | None = None):  # type: ignore[no-untyped-def]
    sql = INSERT.format(owner_col=", owner" if owner else "", owner_val=", %s" if owner else "")
    params: list[Any] = [uuid.uuid4(), uuid.uuid4(), kind, new, shared]
    if owner:
        params.append(owner)
    return conn.execute(sql, params)


@pytest.fixture
def seeded(cohort_server: CohortServer) -> Iterator[CohortServer]:
    """alice: a status, a shared note, a private note, a shared and a private own card; bob and
    carol: a status each; each of them a target date and an hours-per-week setting."""
    with psycopg.connect(cohort_server["alice"].url) as alice:
        _insert(alice, "status", "done")
        _insert(alice, "note", "shared note", shared=True)
        _insert(alice, "note", "private note")
        _insert(alice, "card", "shared card", shared=True)
        _insert(alice, "card", "private card")
    for name in ("alice", "bob", "carol"):
        with psycopg.connect(cohort_server[name].url) as conn:
            if name != "alice":
                _insert(conn, "status", "in_progress")
            _insert(conn, "plan", "2030-06-01")
            conn.execute(
                "INSERT INTO learnpath.learner_settings (key, value) VALUES ('hours_per_week', '5')"
            )
    yield cohort_server


def _owners(url: str, table: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {row[0] for row in conn.execute(f"SELECT owner FROM learnpath.{table}")}


def test_a_learner_reads_only_own_rows(seeded: CohortServer) -> None:
    alice = seeded["alice"]
    for table in (
        "events",
        "task_status",
        "learner_summary",
        "learner_days",
        "devices",
        "stage_plans",
        "learner_settings",
    ):
        assert _owners(alice.url, table) <= {alice.role}
    assert _owners(alice.url, "events") == {alice.role}
    with psycopg.connect(alice.url) as conn:
        names = {row[0] for row in conn.execute("SELECT role FROM learnpath.members")}
        cohorts = {row[0] for row in conn.execute("SELECT name FROM learnpath.cohorts")}
    assert names == {alice.role}
    assert cohorts == {"c1"}


def test_a_learner_cannot_write_anothers_rows(seeded: CohortServer) -> None:
    alice, bob = seeded["alice"], seeded["bob"]
    with psycopg.connect(alice.url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        _insert(conn, "status", "done", owner=bob.role)
    with psycopg.connect(alice.url, autocommit=True) as conn:
        # Bob's rows are invisible to alice, so her UPDATE and DELETE reach none of them.
        changed = conn.execute(
            "UPDATE learnpath.events SET shared = true WHERE owner = %s", (bob.role,)
        ).rowcount
        assert changed == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM learnpath.events")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE learnpath.events SET new = 'forged'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE learnpath.task_status SET status = 'done'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE learnpath.stage_plans SET target = NULL")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO learnpath.learner_settings (owner, key, value) "
                "VALUES (%s, 'hours_per_week', '1')",
                (bob.role,),
            )
        assert (
            conn.execute(
                "UPDATE learnpath.learner_settings SET value = '1' WHERE owner = %s", (bob.role,)
            ).rowcount
            == 0
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO learnpath.members (cohort_id, name, kind, role) "
                "VALUES (1, 'x', 'mentor', 'x')"
            )
    assert _owners(bob.url, "events") == {bob.role}


def test_a_mentor_reads_own_cohort_only_and_no_unshared_note(seeded: CohortServer) -> None:
    maria, mo = seeded["maria"], seeded["mo"]
    alice, bob, carol = seeded["alice"], seeded["bob"], seeded["carol"]
    assert _owners(maria.url, "events") == {alice.role, bob.role}
    assert _owners(maria.url, "task_status") == {alice.role, bob.role}
    assert _owners(mo.url, "events") == {carol.role}
    for table in ("stage_plans", "learner_settings"):
        assert _owners(maria.url, table) == {alice.role, bob.role}
        assert _owners(mo.url, table) == {carol.role}
    with psycopg.connect(maria.url) as conn:
        notes = [r[0] for r in conn.execute("SELECT new FROM learnpath.events WHERE kind='note'")]
        cards = [r[0] for r in conn.execute("SELECT new FROM learnpath.events WHERE kind='card'")]
        cohorts = {r[0] for r in conn.execute("SELECT name FROM learnpath.cohorts")}
        members = {r[0] for r in conn.execute("SELECT role FROM learnpath.members")}
    assert members == {alice.role, bob.role, maria.role}  # not carol nor mo (cohort c2)
    assert notes == ["shared note"]
    assert cards == ["shared card"]  # a learner's own cards are kept like notes
    assert cohorts == {"c1"}
    # The superuser sees both notes: the mentor's view is filtered, not the data missing.
    with psycopg.connect(seeded.admin_url) as conn:
        assert conn.execute(
            "SELECT count(*) FROM learnpath.events WHERE kind='note'"
        ).fetchone() == (2,)


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO learnpath.events (gid, device, curriculum_id, kind, at) "
        "VALUES (gen_random_uuid(), gen_random_uuid(), 'c', 'status', now())",
        "UPDATE learnpath.events SET shared = true",
        "DELETE FROM learnpath.events",
        "UPDATE learnpath.task_status SET status = 'done'",
        "DELETE FROM learnpath.learner_summary",
        "INSERT INTO learnpath.devices (id) VALUES (gen_random_uuid())",
        "INSERT INTO learnpath.learner_settings (key, value) VALUES ('hours_per_week', '1')",
        "UPDATE learnpath.learner_settings SET value = '1'",
        "DELETE FROM learnpath.stage_plans",
    ],
)
def test_a_mentor_writes_nothing(seeded: CohortServer, statement: str) -> None:
    with (
        psycopg.connect(seeded["maria"].url) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(statement)  # type: ignore[arg-type]
