"""Study time and per-profile settings.

Adds ``study_sessions`` (timer sessions and manual entries of study time on a task or a stage; a
running timer is a row whose ``ended_at`` is NULL, stored the moment it starts, with a
``last_seen_at`` heartbeat) and ``profile_settings`` (hours per week, daily goal, streak minimum), and a partial index of the
events that mark a task done. New tables and an index: no existing row is touched, nothing is
rebuilt.

Revision ID: 0007
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "study_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("curriculum_id", sa.String(200), nullable=False),
        sa.Column("item_kind", sa.String(16), nullable=False),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("ended_at", sa.String(32), nullable=True),
        sa.Column("last_seen_at", sa.String(32), nullable=False),
        sa.Column("on_date", sa.Date, nullable=True),
        sa.Column("seconds", sa.Integer, nullable=False, server_default="0"),
        sa.Column("note", sa.Text, nullable=True),
        sa.CheckConstraint("item_kind IN ('task', 'stage')", name="ck_study_sessions_item_kind"),
        sa.CheckConstraint("seconds >= 0", name="ck_study_sessions_seconds"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_study_sessions_profile",
        "study_sessions",
        ["profile_id", "curriculum_id", "started_at"],
    )
    # The Today page and the stats read when every task was done: an index of just those events
    # answers that without reading the log.
    op.create_index(
        "ix_events_done",
        "events",
        ["profile_id", "curriculum_id", "undo_state", "at", "kind", "new"],
        sqlite_where=sa.text("kind = 'status' AND new = 'done'"),
    )
    op.create_table(
        "profile_settings",
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("profile_settings")
    op.drop_index("ix_events_done", table_name="events")
    op.drop_index("ix_study_sessions_profile", table_name="study_sessions")
    op.drop_table("study_sessions")
