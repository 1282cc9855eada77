"""The notes' full-text index (FTS5): the capability check and the search statement.

The tables and the triggers that keep them in step with ``notes`` are made by revision 0006:
``notes_fts`` (trigram: substrings, for Chinese and for any query of three characters or more)
and ``notes_words`` (unicode61 without diacritics: Latin word prefixes, case- and accent-blind),
both keyed by ``note_search_keys.id``. Queries shorter than three characters cannot use a trigram
index: Latin ones go to ``notes_words``, others (two Chinese characters such as 微调) are a scan
with ``instr`` over the profile's notes, which stays within a few milliseconds for 10,000 notes.

The caller splits the query into terms and says which are Latin; every term must match. Rows are
returned unranked (the progress layer ranks and makes the snippets): ``(item_kind, item_id, text)``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tracker.storage.errors import StorageError

KEYS = "note_search_keys"
TRIGRAMS = "notes_fts"
WORDS = "notes_words"
TABLES = (KEYS, TRIGRAMS, WORDS)
TRIGGERS = ("notes_search_insert", "notes_search_delete", "notes_search_update")
MIN_SQLITE = (3, 34, 0)
"""The first SQLite with FTS5's trigram tokenizer."""

_SELECT = (
    f"SELECT k.item_kind, k.item_id, n.text FROM {KEYS} k JOIN notes n "
    "ON n.profile_id = k.profile_id AND n.curriculum_id = k.curriculum_id "
    "AND n.item_kind = k.item_kind AND n.item_id = k.item_id "
    "WHERE k.profile_id = ? AND k.curriculum_id = ?"
)
_IN_TRIGRAMS = f"k.id IN (SELECT rowid FROM {TRIGRAMS} WHERE {TRIGRAMS} MATCH ?)"
_IN_WORDS = f"k.id IN (SELECT rowid FROM {WORDS} WHERE {WORDS} MATCH ?)"
_INSIDE = "instr(n.text, ?) > 0"


def require_fts5(dbapi_connection: Any) -> None:
    """Raise ``StorageError`` naming the SQLite version when the trigram tokenizer is missing."""
    version = sqlite3.sqlite_version
    problem = None
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        problem = "is older than 3.34"
    else:
        try:
            dbapi_connection.execute(
                "CREATE VIRTUAL TABLE temp.learnpath_fts_probe USING fts5(t, tokenize='trigram')"
            )
            dbapi_connection.execute("DROP TABLE temp.learnpath_fts_probe")
        except sqlite3.Error as error:
            problem = f"has no FTS5 trigram tokenizer ({error})"
    if problem is not None:
        row = dbapi_connection.execute("PRAGMA database_list").fetchone()
        path = Path(row[2]) if row and row[2] else None
        raise StorageError(
            f"cannot upgrade {path}: the SQLite library in use ({version}) {problem}; search "
            "needs SQLite 3.34 or newer built with FTS5 — nothing was changed",
            path,
        )


def phrase(text: str) -> str:
    """``text`` as one FTS5 string (double quotes doubled), so no character is an operator."""
    return '"' + text.replace('"', '""') + '"'


def find_notes(
    connection: Any,
    profile_id: int,
    curriculum_id: str,
    terms: Sequence[tuple[str, bool]],
    limit: int,
) -> list[tuple[str, str, str]]:
    """Notes of the profile holding every term; ``terms`` are ``(text, is_latin)`` pairs.

    ``connection`` is a SQLAlchemy connection inside a transaction.
    """
    conditions: list[str] = []
    params: list[object] = [profile_id, curriculum_id]
    for text, latin in terms:
        if not text:
            continue
        if len(text) >= 3:
            if latin:  # substrings (inside Chinese text too) or accent-blind word prefixes
                conditions.append(f"({_IN_TRIGRAMS} OR {_IN_WORDS})")
                params += [phrase(text), phrase(text) + "*"]
            else:
                conditions.append(_IN_TRIGRAMS)
                params.append(phrase(text))
        elif latin:
            conditions.append(_IN_WORDS)
            params.append(phrase(text) + "*")
        else:
            conditions.append(_INSIDE)
            params.append(text)
    if not conditions:
        return []
    sql = " AND ".join([_SELECT, *conditions]) + " LIMIT ?"
    params.append(limit)
    rows = connection.exec_driver_sql(sql, tuple(params)).fetchall()
    return [(str(row[0]), str(row[1]), str(row[2])) for row in rows]
