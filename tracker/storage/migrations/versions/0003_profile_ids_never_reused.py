"""Profile ids are never reused: ``profiles`` rebuilt with AUTOINCREMENT.

Without AUTOINCREMENT SQLite gives a new row ``max(id) + 1``, so removing the newest profile and
adding another hands the removed profile's id to the new one — and a window (or process) still
showing the removed profile would write into the new learner's profile. The rebuild is a batch
"move and copy" with foreign keys OFF (see env.py), which keeps every id and every child row; the
copy seeds ``sqlite_sequence`` with the largest id present.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table(
        "profiles", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass


def downgrade() -> None:
    with op.batch_alter_table(
        "profiles", recreate="always", table_kwargs={"sqlite_autoincrement": False}
    ):
        pass
