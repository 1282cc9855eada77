"""Revision 0008 adds the review tables: every row of a 0003 database survives the upgrade, the
new tables start empty, and the upgraded file grades cards, keeps settings per profile and
drops a removed profile's cards with it."""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from revision_rows import database_at
from test_profile_ids_never_reused_after_upgrade_to_0003 import ROWS, _dump

from tracker.storage import migrate

sys.path.insert(0, str(Path(__file__).parents[1] / "progress"))

NEW_TABLES = ("review_settings", "user_cards", "card_states", "review_logs")


@pytest.fixture
def third_revision_db(tmp_path: Path) -> Path:
    return database_at(tmp_path / "learnpath.sqlite3", "0003", ROWS)


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_upgrade_from_0003_keeps_every_row_and_adds_empty_review_tables(
    third_revision_db: Path,
) -> None:
    from tracker.storage.database import open_database

    before = _dump(third_revision_db)
    open_database(third_revision_db).close()
    assert _query(third_revision_db, "SELECT version_num FROM alembic_version") == [(migrate.HEAD,)]
    assert _dump(third_revision_db) == before
    for table in NEW_TABLES:
        assert _query(third_revision_db, f"SELECT count(*) FROM {table}") == [(0,)]
    plan = _query(
        third_revision_db,
        "EXPLAIN QUERY PLAN SELECT card_key FROM card_states "
        "WHERE profile_id = 1 AND curriculum_id = 'x' AND due <= '2030'",
    )
    assert "ix_card_states_due" in " ".join(str(row[-1]) for row in plan)
    assert _query(third_revision_db, "PRAGMA foreign_key_check") == []


def test_an_upgraded_database_reviews_and_removing_a_profile_removes_its_cards(
    third_revision_db: Path,
) -> None:
    from card_curriculum import make_card_curriculum
    from sample_curriculum import FakeClock

    from tracker.progress.records import TaskStatus
    from tracker.progress.service import ProgressService

    clock = FakeClock(datetime(2030, 3, 1, 12, tzinfo=UTC))
    service = ProgressService.open(
        third_revision_db.parent, make_card_curriculum(), "newest", clock=clock
    )
    try:
        service.set_status("tokenize", TaskStatus.DONE)
        service.review.grade("attention-1", "good")
        service.review.set_settings(new_per_day=3)
        assert service.review.settings().new_per_day == 3
        service.switch_profile("default")
        assert service.review.settings().new_per_day == 10
        service.remove_profile("newest")
    finally:
        service.close()
    for table in ("review_settings", "card_states", "review_logs"):
        assert _query(third_revision_db, f"SELECT count(*) FROM {table}") == [(0,)]
    assert _query(third_revision_db, "PRAGMA integrity_check") == [("ok",)]
