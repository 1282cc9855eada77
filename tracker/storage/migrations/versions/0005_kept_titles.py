"""Keep the last known title of every item that has progress: ``kept_titles``.

When a task, stage or concept leaves the curriculum its progress and notes are kept (orphans);
without its title the window could only show an id. The titles belong to the curriculum, not to
a profile, so the table is keyed by curriculum id, item kind and item id. Nothing else changes.

Revision ID: 0005
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kept_titles",
        sa.Column("curriculum_id", sa.String(200), primary_key=True),
        sa.Column("item_kind", sa.String(16), primary_key=True),
        sa.Column("item_id", sa.String(200), primary_key=True),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("title_zh", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("kept_titles")
