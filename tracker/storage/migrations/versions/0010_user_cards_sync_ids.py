"""Cohort sync of the learner's own review cards: each card gets a global id.

- ``user_cards.gid``: a UUID, unique, NOT NULL, made by SQLite for any insert that gives none.
  Cards already there get ``uuid5(namespace, "<device id>:card:<card number>")``: derived, not
  random, so the same file upgraded twice gives the same ids. A card's number (its local id, in
  ``u:<number>`` keys of card states) differs from one data folder to another; its global id
  names the same card on every computer of the learner.
- each card already there is logged once as it is (an event of kind ``card``, at its last
  change), so cards made before this revision travel by sync like the ones made after.

Revision ID: 0010
Revises: 0007
"""

import json
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GID_NAMESPACE = uuid.UUID("0b6f3c52-5f0e-4c1e-9a57-2f6f1b7d4e10")  # as revision 0009
NEW_GID_SQL = (
    "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"
)


def upgrade() -> None:
    bind = op.get_bind()
    device = bind.execute(sa.text("SELECT value FROM meta WHERE key = 'device_id'")).scalar_one()
    with op.batch_alter_table("user_cards") as batch:
        batch.add_column(sa.Column("gid", sa.String(36), nullable=True))
    ids = bind.execute(sa.text("SELECT id FROM user_cards ORDER BY id")).scalars().all()
    if ids:
        bind.execute(
            sa.text("UPDATE user_cards SET gid = :gid WHERE id = :id"),
            [{"id": i, "gid": str(uuid.uuid5(GID_NAMESPACE, f"{device}:card:{i}"))} for i in ids],
        )
    with op.batch_alter_table("user_cards", recreate="always") as batch:
        batch.alter_column(
            "gid",
            existing_type=sa.String(36),
            nullable=False,
            server_default=sa.text(NEW_GID_SQL),
        )
    op.create_index("ux_user_cards_gid", "user_cards", ["gid"], unique=True)
    # Each card as it is now, logged once, so the cards made before this revision travel too.
    cards = bind.execute(
        sa.text(
            "SELECT profile_id, curriculum_id, gid, item_kind, item_id, front, back, created_at, "
            "updated_at, deleted_at FROM user_cards ORDER BY id"
        )
    ).all()
    if cards:
        bind.execute(
            sa.text(
                "INSERT INTO events (profile_id, curriculum_id, kind, item_kind, item_id, old, "
                "new, at, undo_state, origin) VALUES (:pid, :cid, 'card', NULL, :gid, NULL, "
                ":new, :at, 2, 'user')"
            ),
            [
                {
                    "pid": c.profile_id,
                    "cid": c.curriculum_id,
                    "gid": c.gid,
                    "new": json.dumps(
                        {
                            "item_kind": c.item_kind,
                            "item_id": c.item_id,
                            "front": c.front,
                            "back": c.back,
                            "created_at": c.created_at,
                            "deleted_at": c.deleted_at,
                        },
                        ensure_ascii=False,
                        sort_keys=True,
                    ),
                    "at": c.updated_at,
                }
                for c in cards
            ],
        )


def downgrade() -> None:
    op.execute("DELETE FROM events WHERE kind = 'card'")
    op.drop_index("ux_user_cards_gid", table_name="user_cards")
    with op.batch_alter_table("user_cards", recreate="always") as batch:
        batch.drop_column("gid")
