"""Cohort sync: events get a global id and a device id; the data folder gets a device id.

- ``meta['device_id']``: a random UUID naming this data folder (this "device") on a cohort server.
- ``events.gid``: a UUID, unique, NOT NULL, made by SQLite for any insert that gives none. The
  events already there get ``uuid5(namespace, "<device id>:<event id>")``: derived, not random,
  so the same file upgraded twice (a failed then retried upgrade) gives the same ids.
- ``events.device``: NULL for events recorded here; the other device's id for pulled events.
- ``ix_events_item``: an item's events, to find the last writer when applying pulled events.
- ``sync_cursors``: per profile and server, the last local event pushed and the last server
  sequence number applied.

The rebuild of ``events`` (to make ``gid`` NOT NULL with an expression default, which SQLite's
ADD COLUMN refuses) is a batch "move and copy" with foreign keys OFF (see env.py).

Revision ID: 0009
Revises: 0005
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Fixed: existing events' ids are uuid5(GID_NAMESPACE, f"{device}:{id}").
GID_NAMESPACE = uuid.UUID("0b6f3c52-5f0e-4c1e-9a57-2f6f1b7d4e10")
NEW_GID_SQL = (
    "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"
)


def upgrade() -> None:
    bind = op.get_bind()
    bind.execute(
        sa.text("INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', :device)"),
        {"device": str(uuid.uuid4())},
    )
    device = bind.execute(sa.text("SELECT value FROM meta WHERE key = 'device_id'")).scalar_one()
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("gid", sa.String(36), nullable=True))
        batch.add_column(sa.Column("device", sa.String(36), nullable=True))
    ids = bind.execute(sa.text("SELECT id FROM events ORDER BY id")).scalars().all()
    if ids:
        bind.execute(
            sa.text("UPDATE events SET gid = :gid WHERE id = :id"),
            [{"id": i, "gid": str(uuid.uuid5(GID_NAMESPACE, f"{device}:{i}"))} for i in ids],
        )
    with op.batch_alter_table("events", recreate="always") as batch:
        batch.alter_column(
            "gid",
            existing_type=sa.String(36),
            nullable=False,
            server_default=sa.text(NEW_GID_SQL),
        )
    op.create_index("ux_events_gid", "events", ["gid"], unique=True)
    # Sync decides each item's last writer among its events: find them without a scan.
    op.create_index("ix_events_item", "events", ["profile_id", "curriculum_id", "item_id"])
    op.create_table(
        "sync_cursors",
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("server", sa.String(300), primary_key=True),
        sa.Column("pushed_event_id", sa.Integer, nullable=False, server_default="0"),
        sa.Column("pulled_seq", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", sa.String(32), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("sync_cursors")
    op.drop_index("ix_events_item", table_name="events")
    op.drop_index("ux_events_gid", table_name="events")
    with op.batch_alter_table("events", recreate="always") as batch:
        batch.drop_column("device")
        batch.drop_column("gid")
    op.execute("DELETE FROM meta WHERE key = 'device_id'")
