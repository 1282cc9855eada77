"""Alembic environment: runs on the connection handed over by ``tracker.storage.migrate``.

The caller opens that connection with foreign keys OFF (outside any transaction, where the pragma
takes effect). Alembic's SQLite implementation says ``transactional_ddl=False``, which would make
``begin_transaction()`` commit each revision on its own; ``transactional_ddl=True`` makes it open
one transaction (``BEGIN IMMEDIATE``, see migrate.py) for every revision, the version stamp and the
foreign-key check below, so a failed or killed upgrade leaves the old revision intact.
"""

from __future__ import annotations

from pathlib import Path

from alembic import context

from tracker.storage.errors import StorageError

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    render_as_batch=True,
    transactional_ddl=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
    # Foreign keys were off for the rebuilds; refuse to commit anything they would reject.
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        path = Path(connection.engine.url.database or "")
        tables = sorted({f"{row[0]} -> {row[2]}" for row in problems})
        raise StorageError(
            f"cannot upgrade {path}: {len(problems)} row(s) point to rows that do not exist "
            f"({', '.join(tables)}); nothing was changed — the file stays at its old schema",
            path,
        )
