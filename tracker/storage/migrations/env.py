"""Alembic environment: runs on the connection handed over by ``tracker.storage.migrate``.

The caller opens that connection with foreign keys OFF (outside any transaction, where the pragma
takes effect) and ``BEGIN IMMEDIATE``; every revision runs in that one transaction, so a failed
or killed upgrade leaves the old revision intact.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
    # Foreign keys were off for the rebuilds; refuse to commit anything they would reject.
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"migration left broken references: {problems[:5]}")
