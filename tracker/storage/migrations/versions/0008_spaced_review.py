"""Spaced review: review settings per profile, the learner's own cards, FSRS card states and
review logs (in the form the ``fsrs`` optimizer reads).

Revision ID: 0008
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

STAMP = sa.String(32)  # ISO 8601 text in UTC, see tracker.storage.models.UTCDateTime

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _profile() -> sa.Column[int]:
    return sa.Column(
        "profile_id",
        sa.Integer,
        sa.ForeignKey("profiles.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "review_settings",
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("desired_retention", sa.Float, nullable=False, server_default="0.9"),
        sa.Column("new_per_day", sa.Integer, nullable=False, server_default="10"),
        sa.CheckConstraint(
            "desired_retention > 0 AND desired_retention < 1", name="ck_review_settings_retention"
        ),
        sa.CheckConstraint("new_per_day >= 0", name="ck_review_settings_new_per_day"),
    )
    op.create_table(
        "user_cards",
        sa.Column("id", sa.Integer, primary_key=True),
        _profile(),
        sa.Column("curriculum_id", sa.String(200), nullable=False),
        sa.Column("item_kind", sa.String(16), nullable=False),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("front", sa.Text, nullable=False),
        sa.Column("back", sa.Text, nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("deleted_at", STAMP, nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_user_cards_profile", "user_cards", ["profile_id", "curriculum_id"])
    op.create_table(
        "card_states",
        sa.Column("id", sa.Integer, primary_key=True),
        _profile(),
        sa.Column("curriculum_id", sa.String(200), nullable=False),
        sa.Column("card_key", sa.String(200), nullable=False),
        sa.Column("state", sa.Integer, nullable=False),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("stability", sa.Float, nullable=True),
        sa.Column("difficulty", sa.Float, nullable=True),
        sa.Column("due", STAMP, nullable=False),
        sa.Column("last_review", STAMP, nullable=True),
        sa.Column("introduced_at", STAMP, nullable=False),
        sa.UniqueConstraint("profile_id", "curriculum_id", "card_key", name="uq_card_states_key"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_card_states_due", "card_states", ["profile_id", "curriculum_id", "due"])
    op.create_table(
        "review_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "card_id",
            sa.Integer,
            sa.ForeignKey("card_states.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("review_datetime", STAMP, nullable=False),
        sa.Column("review_duration", sa.Integer, nullable=True),
        sa.Column("card_before", sa.Text, nullable=True),
        sa.CheckConstraint("rating BETWEEN 1 AND 4", name="ck_review_logs_rating"),
    )
    op.create_index("ix_review_logs_card", "review_logs", ["card_id", "id"])
    op.create_index("ix_review_logs_time", "review_logs", ["review_datetime"])


def downgrade() -> None:
    op.drop_table("review_logs")
    op.drop_table("card_states")
    op.drop_table("user_cards")
    op.drop_table("review_settings")
