"""Check database: what ``PRAGMA integrity_check`` and ``foreign_key_check`` say of a database
file, and the values in it that the program would not have written (unknown statuses or kinds,
unreadable times and dates), each reported as one line; and the item ids it holds progress for.
Read-only: the file is opened with ``mode=ro``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tracker.storage.backups import connected, table_names
from tracker.storage.fileguard import describe_sqlite_error


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by ``check_database``, as a line fit to print."""

    text: str


_TIMESTAMPS = {
    "profiles": ("created_at", "last_used_at"),
    "task_states": ("changed_at", "started_at", "done_at"),
    "notes": ("updated_at",),
    "stage_plans": ("updated_at",),
    "events": ("at",),
}


def check_database(
    database: Path,
    *,
    statuses: Collection[str],
    event_kinds: Collection[str],
    item_kinds: Collection[str],
    limit: int = 20,
) -> list[str]:
    """Every problem found in ``database``, one line each (empty: healthy). Read-only.

    Runs ``integrity_check`` and ``foreign_key_check`` and looks for rows the program cannot
    understand: unknown statuses, item kinds or event kinds, timestamps that are not ISO 8601.
    """
    if not database.is_file():
        return [f"{database}: there is no database here"]
    problems: list[str] = []
    try:
        with connected(database, read_only=True) as connection:
            rows = connection.execute(f"PRAGMA integrity_check({limit})").fetchall()
            verdict = [str(r[0]) for r in rows]
            if verdict != ["ok"]:
                # SQLite may put every finding in one row, one per line, under a
                # "*** in database main ***" heading: one problem a line, without the heading.
                problems += [
                    f"{database}: integrity: {line}"
                    for row in verdict
                    for line in row.splitlines()
                    if line.strip() and not line.startswith("***")
                ]
            tables = table_names(connection)
            dangling: dict[str, int] = {}
            for row in connection.execute("PRAGMA foreign_key_check").fetchall():
                dangling[str(row[0])] = dangling.get(str(row[0]), 0) + 1
            problems += [
                f"{database}: {count} row(s) in {table} belong to a profile that does not exist"
                for table, count in sorted(dangling.items())
            ]
            problems += _unknown_values(
                connection, tables, "task_states", "status", statuses, database
            )
            for table in ("notes", "events"):
                problems += _unknown_values(
                    connection, tables, table, "item_kind", item_kinds, database
                )
            problems += _unknown_values(connection, tables, "events", "kind", event_kinds, database)
            for table, columns in _TIMESTAMPS.items():
                if table in tables:
                    problems += _bad_timestamps(connection, table, columns, database)
            if "stage_plans" in tables:
                problems += _bad_dates(connection, database)
    except sqlite3.Error as error:
        problems.append(str(describe_sqlite_error(database, error)))
    return problems


def _unknown_values(  # noqa: PLR0917 - one call per column checked, each spelled out
    connection: sqlite3.Connection,
    tables: set[str],
    table: str,
    column: str,
    known: Collection[str],
    database: Path,
) -> list[str]:
    if table not in tables:
        return []
    rows = connection.execute(
        f"SELECT {column}, count(*) FROM {table} WHERE {column} IS NOT NULL "
        f"GROUP BY {column} ORDER BY {column}"
    ).fetchall()
    return [
        f"{database}: {count} row(s) in {table} have an unknown {column} {value!r} (kept)"
        for value, count in rows
        if value not in known
    ]


def _is_timestamp(value: object) -> bool:
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _bad_timestamps(
    connection: sqlite3.Connection, table: str, columns: tuple[str, ...], database: Path
) -> list[str]:
    problems = []
    for column in columns:
        bad = sum(
            1
            for (value,) in connection.execute(
                f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"
            )
            if not _is_timestamp(value)
        )
        if bad:
            problems.append(
                f"{database}: {bad} row(s) in {table} have a {column} that is not a timestamp"
            )
    return problems


def _bad_dates(connection: sqlite3.Connection, database: Path) -> list[str]:
    bad = 0
    for (value,) in connection.execute("SELECT target_date FROM stage_plans"):
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            bad += 1
    if not bad:
        return []
    return [f"{database}: {bad} row(s) in stage_plans have a target_date that is not a date"]


def stored_item_ids(database: Path, curriculum_id: str) -> list[tuple[str, str]]:
    """(item kind, id) of every state, note and plan kept for a curriculum, in all profiles."""
    queries = (
        "SELECT 'task', task_id FROM task_states WHERE curriculum_id = ?",
        "SELECT item_kind, item_id FROM notes WHERE curriculum_id = ?",
        "SELECT 'stage', stage_id FROM stage_plans WHERE curriculum_id = ?",
    )
    try:
        with connected(database, read_only=True) as connection:
            tables = table_names(connection)
            found: list[tuple[str, str]] = []
            for query, table in zip(queries, ("task_states", "notes", "stage_plans"), strict=True):
                if table in tables:
                    found += [
                        (str(k), str(i)) for k, i in connection.execute(query, (curriculum_id,))
                    ]
            return found
    except sqlite3.Error as error:
        raise describe_sqlite_error(database, error) from error
