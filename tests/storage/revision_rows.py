"""Databases made at an older revision holding known rows, and those rows read back after an
upgrade in the columns they had, for the tests that every revision keeps what was there."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tracker.storage import migrate

Rows = dict[str, list[tuple[object, ...]]]


def database_at(path: Path, revision: str, rows: Rows) -> Path:
    """A database at ``revision`` holding ``rows`` (table -> rows of values in column order)."""
    migrate.upgrade(path, revision)
    connection = sqlite3.connect(path)
    with connection:
        for table, values in rows.items():
            marks = ", ".join("?" * len(values[0]))
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    connection.close()
    return path


def dump_rows(path: Path, rows: Rows) -> Rows:
    """The rows of ``rows``' tables as they are now, in the columns those rows had.

    Later revisions may add columns at the end of a table (the events' global id and device)
    and keys of their own to ``meta`` (the device id): those are left out, so the same dump
    compares before and after any later upgrade.
    """
    connection = sqlite3.connect(path)
    try:
        dump = {}
        for table, values in rows.items():
            width = len(values[0])
            found = [tuple(row[:width]) for row in connection.execute(f"SELECT * FROM {table}")]
            if table == "meta":
                found = [row for row in found if row[0] != "device_id"]
            dump[table] = sorted(found, key=repr)
        return dump
    finally:
        connection.close()
