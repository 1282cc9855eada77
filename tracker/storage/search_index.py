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
TRIGGERS = (
    "notes_search_replace",
    "notes_search_insert",
    "notes_search_delete",
    "notes_search_update",
)
MIN_SQLITE = (3, 34, 0)
"""The first SQLite with FTS5's trigram tokenizer."""

_SELECT = (
    f"SELECT k.item_kind, k.item_id, n.text FROM {KEYS} k JOIN notes n "
    "ON n.profile_id = k.profile_id AND n.curriculum_id = k.curriculum_id "
    "AND n.item_kind = k.item_kind AND n.item_id = k.item_id "
    "WHERE k.profile_id = ? AND k.curriculum_id = ?"
)
# An index drives (CROSS JOIN fixes the order, unary + keeps SQLite off the scope index): with
# LIMIT it stops at the first rows found. Driven by the notes instead, SQLite looked every note
# up in the whole set of matches (seconds for 10,000 notes).
_DRIVEN = (
    "SELECT k.item_kind, k.item_id, n.text FROM {index} f CROSS JOIN {keys} k ON k.id = f.rowid "
    "CROSS JOIN notes n ON n.profile_id = k.profile_id AND n.curriculum_id = k.curriculum_id "
    "AND n.item_kind = k.item_kind AND n.item_id = k.item_id "
    "WHERE {index} MATCH ? AND +k.profile_id = ? AND +k.curriculum_id = ?"
)
_BY_TRIGRAMS = _DRIVEN.format(index=TRIGRAMS, keys=KEYS)
_BY_WORDS = _DRIVEN.format(index=WORDS, keys=KEYS)
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
    """Up to ``limit`` notes of the profile holding every term (``(text, is_latin)`` pairs).

    ``connection`` is a SQLAlchemy connection inside a transaction. Terms of three characters or
    more go to the trigram index in one MATCH (substrings: Chinese, and Latin words written
    inside Chinese text); an all-Latin query also goes to the word index (prefixes, accent-blind);
    shorter terms are checked on the rows the index found (word index or ``instr``). Only
    without any term of three characters is a non-Latin query a scan of the profile's notes.
    """
    terms = [(text, latin) for text, latin in terms if text]
    if not terms:
        return []
    scope: list[object] = [profile_id, curriculum_id]
    long_terms = [text for text, _latin in terms if len(text) >= 3]
    short = [(text, latin) for text, latin in terms if len(text) < 3]
    checks = [_IN_WORDS if latin else _INSIDE for _text, latin in short]
    check_params = [phrase(text) + "*" if latin else text for text, latin in short]
    statements: list[tuple[str, list[object], bool]] = []  # (sql, params, with checks)
    if all(latin for _text, latin in terms):
        # The word index first: when it fills the page, the trigram phrase (costly for a word
        # most notes hold) is not needed; it only adds words written inside Chinese text.
        match = " AND ".join(phrase(text) + "*" for text, _latin in terms)
        statements.append((_BY_WORDS, [match, *scope], False))  # every term is in the MATCH
    if long_terms:
        match = " AND ".join(phrase(text) for text in long_terms)
        statements.append((_BY_TRIGRAMS, [match, *scope], True))
    elif not statements:
        statements.append((_SELECT, scope, True))
    found: dict[tuple[str, str], str] = {}
    for sql, params, checked in statements:
        if len(found) >= limit:
            break
        extra, values = (checks, check_params) if checked else ([], [])
        full = " AND ".join([sql, *extra]) + " LIMIT ?"
        rows = connection.exec_driver_sql(full, (*params, *values, limit)).fetchall()
        for kind, item_id, text in rows:
            found.setdefault((str(kind), str(item_id)), str(text))
    return [(kind, item_id, text) for (kind, item_id), text in found.items()][:limit]


def noted_items(
    connection: Any, profile_id: int, curriculum_id: str, item_kind: str
) -> frozenset[str]:
    """The ids of the items of one kind that have a note (the checklist marks them)."""
    rows = connection.exec_driver_sql(
        "SELECT item_id FROM notes WHERE profile_id = ? AND curriculum_id = ? AND item_kind = ?",
        (profile_id, curriculum_id, item_kind),
    ).fetchall()
    return frozenset(str(row[0]) for row in rows)
