"""The server's chain: a server at s0001 holding a learner's events upgrades to s0002, keeps its
summaries, and counts the study time pushed from then on; one at s0002 upgrades to s0003 keeping
its devices and events, and notices copied data folders from then on; each goes back down."""

from __future__ import annotations

from pathlib import Path

import psycopg

from tests.server.conftest import add_member, unique
from tests.server.helpers import CID, folder, pid
from tracker.progress.records import TaskStatus
from tracker.storage.server import admin
from tracker.sync import run


def _alembic(url: str, verb: str, target: str) -> None:
    from alembic import command

    eng = admin.engine(url)
    try:
        with eng.connect() as connection:
            getattr(command, verb)(admin._alembic_config(connection), target)
            connection.commit()
    finally:
        eng.dispose()


def _days(url: str, role: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT day, events, minutes FROM learnpath.learner_days WHERE owner = %s", (role,)
        ).fetchall()


def test_upgrade_from_s0001_keeps_data_and_counts_time(tmp_path: Path, pg_admin_url: str) -> None:
    from datetime import UTC, datetime

    _alembic(pg_admin_url, "upgrade", "s0001")
    admin.create_cohort(pg_admin_url, "c1")
    alice = add_member(pg_admin_url, "c1", unique("alice"), "learner")
    now = datetime.now(UTC)
    store = folder(tmp_path)
    store.set_status(pid(store), CID, "ai-history-three-periods", TaskStatus.DONE, now)
    run.sync(store.database, pid(store), alice.url)
    before = _days(pg_admin_url, alice.role)
    assert before and before[0][1] == 1

    assert admin.upgrade(pg_admin_url) == "s0003"
    assert _days(pg_admin_url, alice.role) == before
    from tracker.storage.sessions import StudyStore

    StudyStore(store).add_entry(
        pid(store),
        CID,
        "task",
        "ai-history-three-periods",
        on_date=now.date(),
        seconds=45 * 60,
        note=None,
        now=now,
    )
    run.sync(store.database, pid(store), alice.url)
    store.close()
    with psycopg.connect(pg_admin_url) as conn:
        row = conn.execute(
            "SELECT sum(seconds) FROM learnpath.learner_days WHERE owner = %s", (alice.role,)
        ).fetchone()
    assert row is not None
    seconds = row[0]
    assert seconds == 45 * 60

    _alembic(pg_admin_url, "downgrade", "s0001")
    with psycopg.connect(pg_admin_url) as conn:
        columns = {
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'learnpath' AND table_name = 'learner_days'"
            )
        }
    assert "seconds" not in columns
    admin.remove_member(pg_admin_url, "c1", alice.name)


def test_upgrade_from_s0002_keeps_devices_and_events_and_notices_copies(
    tmp_path: Path, pg_admin_url: str
) -> None:
    import shutil
    from datetime import UTC, date, datetime, timedelta

    from tests.server.helpers import learner_data
    from tracker.storage.sessions import StudyStore

    _alembic(pg_admin_url, "upgrade", "s0002")
    admin.create_cohort(pg_admin_url, "c1")
    alice = add_member(pg_admin_url, "c1", unique("alice"), "learner")
    store = folder(tmp_path / "a")
    at = datetime(2030, 5, 1, tzinfo=UTC)
    store.set_status(pid(store), CID, "ai-history-three-periods", TaskStatus.DONE, at)
    store.set_target_date(pid(store), CID, "nlp-foundations", date(2030, 6, 1), at)
    StudyStore(store).replan(  # a later re-plan of two stages, one of them the same
        pid(store),
        CID,
        {"nlp-foundations": date(2030, 6, 1), "s2": None},
        {"nlp-foundations": date(2030, 7, 1), "s2": date(2030, 8, 1)},
        at + timedelta(minutes=1),
    )
    StudyStore(store).set_setting(pid(store), "hours_per_week", "6")
    run.sync(store.database, pid(store), alice.url)  # an s0002 server: no fingerprint yet
    store.close()
    with psycopg.connect(pg_admin_url) as conn:
        devices = conn.execute("SELECT id FROM learnpath.devices").fetchall()
        events = conn.execute("SELECT gid, device FROM learnpath.events").fetchall()

    assert admin.upgrade(pg_admin_url) == "s0003"
    with psycopg.connect(pg_admin_url) as conn:
        assert conn.execute("SELECT id FROM learnpath.devices").fetchall() == devices
        assert conn.execute("SELECT gid, device FROM learnpath.events").fetchall() == events
        # The target dates already pushed are read from the events by the upgrade.
        assert conn.execute(
            "SELECT owner, stage_id, target FROM learnpath.stage_plans ORDER BY stage_id"
        ).fetchall() == [
            (alice.role, "nlp-foundations", date(2030, 7, 1)),
            (alice.role, "s2", date(2030, 8, 1)),
        ]
        assert conn.execute("SELECT count(*) FROM learnpath.learner_settings").fetchone() == (0,)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    store = folder(tmp_path / "a")  # the original claims its device id at its first sync
    assert run.sync(store.database, pid(store), alice.url).new_device is False
    store.close()
    store = folder(tmp_path / "b")
    assert run.sync(store.database, pid(store), alice.url).new_device is True
    store.close()
    assert learner_data(tmp_path / "a")["states"] == learner_data(tmp_path / "b")["states"]
    with psycopg.connect(pg_admin_url) as conn:  # the hours per week went up once upgraded
        assert conn.execute(
            "SELECT owner, key, value FROM learnpath.learner_settings"
        ).fetchall() == [(alice.role, "hours_per_week", "6")]

    _alembic(pg_admin_url, "downgrade", "s0002")
    with psycopg.connect(pg_admin_url) as conn:
        columns = {
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'learnpath' AND table_name = 'devices'"
            )
        }
        gone = conn.execute(
            "SELECT to_regclass('learnpath.learner_settings'), to_regclass('learnpath.stage_plans')"
        ).fetchone()
    assert "fingerprint" not in columns and gone == (None, None)
    admin.remove_member(pg_admin_url, "c1", alice.name)
