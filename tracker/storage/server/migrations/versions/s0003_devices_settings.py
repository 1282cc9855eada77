"""Cohort server, third schema: where each device's data folder lives, the learner's hours per
week, and the learner's own cards kept from mentors like notes.

- ``devices.fingerprint``: a digest of the machine and the database file (see
  ``tracker.storage.sync_local.fingerprint``) recorded by the first sync of a device id; a data
  folder that syncs under the same id with another fingerprint is a copy and takes an id of its
  own. Learners may set it once on their own devices registered before this revision.
- ``learner_settings``: a learner's study settings a mentor's status needs (hours per week, for
  the ``behind`` flag from the learner's own plan); the learner writes their own, a mentor reads
  those of their cohorts.
- events of kind ``card`` (the text of a learner's own review card) reach a mentor only when
  shared, as notes do.

Revision ID: s0003
Revises: s0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "s0003"
down_revision: str | None = "s0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = r"""
ALTER TABLE learnpath.devices ADD COLUMN fingerprint text;
GRANT UPDATE (fingerprint) ON learnpath.devices TO learnpath_learner;

CREATE TABLE learnpath.learner_settings (
  owner name NOT NULL DEFAULT current_user,
  key text NOT NULL,
  value text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, key)
);
ALTER TABLE learnpath.learner_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY learner_own ON learnpath.learner_settings FOR ALL TO learnpath_learner
  USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY mentor_reads ON learnpath.learner_settings FOR SELECT TO learnpath_mentor
  USING (owner IN (SELECT learnpath.learners_of_me()));
GRANT SELECT, INSERT ON learnpath.learner_settings TO learnpath_learner;
GRANT UPDATE (value, at) ON learnpath.learner_settings TO learnpath_learner;
GRANT SELECT ON learnpath.learner_settings TO learnpath_mentor;

DROP POLICY mentor_reads ON learnpath.events;
CREATE POLICY mentor_reads ON learnpath.events FOR SELECT TO learnpath_mentor
  USING (owner IN (SELECT learnpath.learners_of_me())
         AND (kind NOT IN ('note', 'card') OR shared));
"""

DOWNGRADE = """
DROP POLICY mentor_reads ON learnpath.events;
CREATE POLICY mentor_reads ON learnpath.events FOR SELECT TO learnpath_mentor
  USING (owner IN (SELECT learnpath.learners_of_me()) AND (kind <> 'note' OR shared));
DROP TABLE learnpath.learner_settings;
ALTER TABLE learnpath.devices DROP COLUMN fingerprint;
"""


def _run(script: str) -> None:
    # Many statements in one go: straight to psycopg, no parameters.
    dbapi = op.get_bind().connection.dbapi_connection
    assert dbapi is not None
    dbapi.execute(script)


def upgrade() -> None:
    _run(UPGRADE)


def downgrade() -> None:
    _run(DOWNGRADE)
