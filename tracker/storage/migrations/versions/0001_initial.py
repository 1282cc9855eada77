"""The first schema: profiles, task states, notes, stage plans, the activity log, meta.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAMP = sa.String(32)  # ISO 8601 text in UTC, see tracker.storage.models.UTCDateTime


def _profile_fk() -> sa.Column[int]:
    return sa.Column(
        "profile_id",
        sa.Integer,
        sa.ForeignKey("profiles.id", name="fk_profile", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("last_used_at", STAMP, nullable=True),
        sa.UniqueConstraint("name", name="uq_profiles_name"),
    )
    op.create_table(
        "task_states",
        _profile_fk(),
        sa.Column("curriculum_id", sa.String(200), nullable=False),
        sa.Column("task_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("changed_at", STAMP, nullable=False),
        sa.Column("started_at", STAMP, nullable=True),
        sa.Column("done_at", STAMP, nullable=True),
        sa.PrimaryKeyConstraint("profile_id", "curriculum_id", "task_id"),
    )
    op.create_table(
        "notes",
        _profile_fk(),
        sa.Column("curriculum_id", sa.String(200), nullable=False),
        sa.Column("item_kind", sa.String(16), nullable=False),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("profile_id", "curriculum_id", "item_kind", "item_id"),
    )
    op.create_table(
        "stage_plans",
        _profile_fk(),
        sa.Column("curriculum_id", sa.String(200), nullable=False),
        sa.Column("stage_id", sa.String(200), nullable=False),
        sa.Column("target_date", sa.Date, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.PrimaryKeyConstraint("profile_id", "curriculum_id", "stage_id"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        _profile_fk(),
        sa.Column("curriculum_id", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("item_kind", sa.String(16), nullable=True),
        sa.Column("item_id", sa.String(200), nullable=True),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("at", STAMP, nullable=False),
    )
    op.create_index("ix_events_profile", "events", ["profile_id", "curriculum_id", "id"])
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("meta", "events", "stage_plans", "notes", "task_states", "profiles"):
        op.drop_table(table)
