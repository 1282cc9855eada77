"""Alembic environment of the cohort server's own chain (PostgreSQL), separate from the client's.

Runs on the connection handed over by ``tracker.storage.server.admin``: every revision, and the
version stamp in ``learnpath.alembic_version``, in one transaction (PostgreSQL's DDL is
transactional), so a failed upgrade leaves the old revision intact.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
connection.exec_driver_sql("CREATE SCHEMA IF NOT EXISTS learnpath")
context.configure(
    connection=connection,
    target_metadata=None,
    version_table_schema="learnpath",
    transactional_ddl=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
