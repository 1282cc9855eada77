"""Full-text search over notes: two FTS5 indexes kept in step with ``notes`` by triggers.

``notes_fts`` uses the trigram tokenizer, so a Chinese query matches inside Chinese text (no word
boundaries); ``notes_words`` uses unicode61 with diacritics removed, so a Latin query matches word
prefixes whatever its case and accents (with prefix indexes of one and two characters: a first
keystroke matches most notes, and merging every word that starts with it took ~15 ms). Both are contentless (the text stays in ``notes`` only)
and keyed by ``note_search_keys.id``: ``notes`` has a composite primary key, and SQLite may renumber
the rowids of such a table (VACUUM), which would silently point the index at other notes. A
contentless index forgets a row through its 'delete' command with the old text, which the
triggers have. The queries live in ``tracker.storage.search_index``. The index is built here for
the notes a database already holds. Needs SQLite 3.34 or newer with FTS5 (the trigram tokenizer).

A later revision that rebuilds ``notes`` (a batch "move and copy") drops these triggers with the
old table: it must create them again and rebuild the index.

Revision ID: 0006
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

from tracker.storage.search_index import require_fts5

revision: str = "0006"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = "profile_id, curriculum_id, item_kind, item_id"
_OLD = (
    "profile_id = old.profile_id AND curriculum_id = old.curriculum_id "
    "AND item_kind = old.item_kind AND item_id = old.item_id"
)
_NEW = _OLD.replace("old.", "new.")

_FORGET_OLD = f"""
    INSERT INTO notes_fts(notes_fts, rowid, text)
        SELECT 'delete', id, old.text FROM note_search_keys WHERE {_OLD};
    INSERT INTO notes_words(notes_words, rowid, text)
        SELECT 'delete', id, old.text FROM note_search_keys WHERE {_OLD};
    DELETE FROM note_search_keys WHERE {_OLD};
"""
# Before an INSERT: a note already there under the same key is about to be replaced (INSERT OR
# REPLACE deletes it without firing the DELETE trigger unless recursive_triggers is on): forget
# it while its text can still be read. For a new note this finds nothing.
_KEY_OF_NEW = (
    "k.profile_id = new.profile_id AND k.curriculum_id = new.curriculum_id "
    "AND k.item_kind = new.item_kind AND k.item_id = new.item_id"
)
_FORGET_REPLACED = f"""
    INSERT INTO notes_fts(notes_fts, rowid, text) SELECT 'delete', k.id, n.text
        FROM note_search_keys k JOIN notes n USING ({_KEY}) WHERE {_KEY_OF_NEW};
    INSERT INTO notes_words(notes_words, rowid, text) SELECT 'delete', k.id, n.text
        FROM note_search_keys k JOIN notes n USING ({_KEY}) WHERE {_KEY_OF_NEW};
    DELETE FROM note_search_keys WHERE {_NEW};
"""
_INDEX_NEW = f"""
    INSERT OR IGNORE INTO note_search_keys ({_KEY})
        VALUES (new.profile_id, new.curriculum_id, new.item_kind, new.item_id);
    INSERT INTO notes_fts(rowid, text) SELECT id, new.text FROM note_search_keys WHERE {_NEW};
    INSERT INTO notes_words(rowid, text) SELECT id, new.text FROM note_search_keys WHERE {_NEW};
"""

CREATE = (
    f"""CREATE TABLE note_search_keys (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL,
        curriculum_id VARCHAR(200) NOT NULL,
        item_kind VARCHAR(16) NOT NULL,
        item_id VARCHAR(200) NOT NULL,
        UNIQUE ({_KEY})
    )""",
    "CREATE VIRTUAL TABLE notes_fts USING fts5(text, content='', tokenize='trigram')",
    "CREATE VIRTUAL TABLE notes_words USING fts5("
    "text, content='', tokenize='unicode61 remove_diacritics 2', prefix='1 2')",
    f"CREATE TRIGGER notes_search_replace BEFORE INSERT ON notes BEGIN {_FORGET_REPLACED} END",
    f"CREATE TRIGGER notes_search_insert AFTER INSERT ON notes BEGIN {_INDEX_NEW} END",
    f"CREATE TRIGGER notes_search_delete AFTER DELETE ON notes BEGIN {_FORGET_OLD} END",
    f"CREATE TRIGGER notes_search_update AFTER UPDATE ON notes BEGIN {_FORGET_OLD} {_INDEX_NEW} END",
)
REBUILD = (
    f"INSERT INTO note_search_keys ({_KEY}) SELECT {_KEY} FROM notes",
    "INSERT INTO notes_fts(rowid, text) SELECT k.id, n.text FROM notes n "
    f"JOIN note_search_keys k USING ({_KEY})",
    "INSERT INTO notes_words(rowid, text) SELECT k.id, n.text FROM notes n "
    f"JOIN note_search_keys k USING ({_KEY})",
)
DROP = (
    "DROP TRIGGER notes_search_replace",
    "DROP TRIGGER notes_search_update",
    "DROP TRIGGER notes_search_delete",
    "DROP TRIGGER notes_search_insert",
    "DROP TABLE notes_words",
    "DROP TABLE notes_fts",
    "DROP TABLE note_search_keys",
)


def upgrade() -> None:
    connection = op.get_bind()
    require_fts5(connection.connection.driver_connection)
    for statement in (*CREATE, *REBUILD):
        connection.exec_driver_sql(statement)


def downgrade() -> None:
    connection = op.get_bind()
    for statement in DROP:
        connection.exec_driver_sql(statement)
