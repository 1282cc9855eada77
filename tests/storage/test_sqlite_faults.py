"""SQLite failures are told apart by their result codes, not by words in their messages."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
import real_sqlite_errors as real

from tracker.storage.errors import DamagedDatabaseError
from tracker.storage.fileguard import describe_sqlite_error
from tracker.storage.sqlite_faults import SqliteFault, sqlite_error, sqlite_fault


def test_real_errors_are_classified_by_their_codes(tmp_path: Path) -> None:
    assert sqlite_fault(real.disk_full()) is SqliteFault.DISK_FULL
    assert sqlite_fault(real.locked(tmp_path)) is SqliteFault.LOCKED
    assert sqlite_fault(real.read_only(tmp_path)) is SqliteFault.READ_ONLY
    assert sqlite_fault(real.cannot_open(tmp_path)) is SqliteFault.CANNOT_OPEN
    assert sqlite_fault(real.not_a_database(tmp_path)) is SqliteFault.DAMAGED
    assert sqlite_fault(real.no_such_table("t")) is SqliteFault.OTHER


def test_the_learner_reads_the_same_messages_as_before(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    full = describe_sqlite_error(path, real.disk_full())
    assert (str(full), full.code) == (f"cannot save to {path}: the disk is full", "disk_full")
    locked = describe_sqlite_error(path, real.locked(tmp_path))
    assert locked.code == "locked" and str(locked) == (
        f"{path} is locked by another program (waited 10 s); try again"
    )
    read_only = describe_sqlite_error(path, real.read_only(tmp_path))
    assert read_only.code == "read_only"
    assert str(read_only) == f"cannot write to {path}: the file or its folder is read-only"
    missing = describe_sqlite_error(path, real.cannot_open(tmp_path))
    assert missing.code == "cannot_open"
    damaged = describe_sqlite_error(path, real.not_a_database(tmp_path))
    assert isinstance(damaged, DamagedDatabaseError) and damaged.code == "damaged"
    assert str(damaged) == (
        f"{path} is damaged (file is not a database); it was left in place — restore a backup"
    )


@pytest.mark.parametrize("name", ["fullness", "locked_items", "readonly_notes", "corrupt_marks"])
def test_a_word_in_an_ordinary_error_does_not_pass_for_a_fault(tmp_path: Path, name: str) -> None:
    path = tmp_path / "learnpath.sqlite3"
    error = real.no_such_table(name)
    described = describe_sqlite_error(path, error)
    assert described.code == "storage"
    assert str(described) == f"{path}: no such table: {name}"


def test_an_error_without_a_code_is_no_known_fault() -> None:
    assert sqlite_fault(sqlite3.OperationalError("database or disk is full")) is SqliteFault.OTHER
    assert sqlite_fault(OSError(os.strerror(28))) is SqliteFault.OTHER


def test_an_error_our_code_raises_carries_sqlites_code() -> None:
    error = sqlite_error("database is locked", "SQLITE_BUSY")
    assert (error.sqlite_errorcode, error.sqlite_errorname) == (sqlite3.SQLITE_BUSY, "SQLITE_BUSY")
    assert sqlite_fault(error) is SqliteFault.LOCKED
