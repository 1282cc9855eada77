"""Undo and redo on the activity log; task statuses checked by the database.

Adds ``events.undo_state`` and ``events.origin`` (with an index for the undo and redo stacks) and
rebuilds ``task_states`` with a CHECK on the status. The rebuild is a batch "move and copy": it
runs with foreign keys OFF (see env.py), as a rebuild with them on can cascade-delete child rows.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("undo_state", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("origin", sa.String(8), nullable=False, server_default="user"))
    op.create_index(
        "ix_events_undo", "events", ["profile_id", "curriculum_id", "undo_state", "id"]
    )
    with op.batch_alter_table("task_states", recreate="always") as batch:
        batch.create_check_constraint(
            "ck_task_states_status", "status IN ('todo', 'in_progress', 'done', 'skipped')"
        )


def downgrade() -> None:
    with op.batch_alter_table("task_states", recreate="always") as batch:
        batch.drop_constraint("ck_task_states_status", type_="check")
    op.drop_index("ix_events_undo", table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("origin")
        batch.drop_column("undo_state")
