"""Cohort server, first schema: cohorts, members, devices, events, and what mentors read.

Security is the database's: each member logs in as their own role, a member of the group role
``learnpath_learner`` or ``learnpath_mentor``; row-level security lets a learner read and write
only their own rows and a mentor read (never write) the rows of the learners of their cohorts,
notes only when shared. ``task_status``, ``learner_summary`` and ``learner_days`` are kept in step
with ``events`` by a trigger (SECURITY DEFINER: members have no write grant on them), so a
mentor's cohort status reads a few rows per learner instead of every event.

Revision ID: s0001
Revises:
"""

from collections.abc import Sequence

from alembic import op

revision: str = "s0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = r"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'learnpath_learner') THEN
    CREATE ROLE learnpath_learner NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'learnpath_mentor') THEN
    CREATE ROLE learnpath_mentor NOLOGIN;
  END IF;
END $$;

REVOKE ALL ON SCHEMA learnpath FROM PUBLIC;
GRANT USAGE ON SCHEMA learnpath TO learnpath_learner, learnpath_mentor;

CREATE TABLE learnpath.cohorts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE learnpath.members (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cohort_id integer NOT NULL REFERENCES learnpath.cohorts ON DELETE CASCADE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('learner', 'mentor')),
  role name NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cohort_id, role),
  UNIQUE (cohort_id, kind, name)
);
-- A learner belongs to one cohort; a mentor may follow several.
CREATE UNIQUE INDEX members_learner_once ON learnpath.members (role) WHERE kind = 'learner';
CREATE INDEX members_role ON learnpath.members (role);

CREATE TABLE learnpath.devices (
  id uuid PRIMARY KEY,
  owner name NOT NULL DEFAULT current_user,
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE learnpath.events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  gid uuid NOT NULL UNIQUE,
  owner name NOT NULL DEFAULT current_user,
  device uuid NOT NULL,
  curriculum_id text NOT NULL,
  kind text NOT NULL,
  item_kind text,
  item_id text,
  old text,
  new text,
  at timestamptz NOT NULL,
  shared boolean NOT NULL DEFAULT false,
  received_at timestamptz NOT NULL DEFAULT now()
);
-- Pull: "my events after sequence N"; the primary key alone would scan every learner's events.
CREATE INDEX events_owner_seq ON learnpath.events (owner, seq);

CREATE TABLE learnpath.task_status (
  owner name NOT NULL,
  curriculum_id text NOT NULL,
  task_id text NOT NULL,
  status text NOT NULL,
  at timestamptz NOT NULL,
  device uuid NOT NULL,
  PRIMARY KEY (owner, curriculum_id, task_id)
);

CREATE TABLE learnpath.learner_summary (
  owner name PRIMARY KEY,
  events bigint NOT NULL DEFAULT 0,
  last_activity timestamptz
);

CREATE TABLE learnpath.learner_days (
  owner name NOT NULL,
  day date NOT NULL,
  events integer NOT NULL DEFAULT 0,
  minutes integer NOT NULL DEFAULT 0,
  PRIMARY KEY (owner, day)
);

-- Kept in step with each inserted event. Last writer wins by (event time, device id), the same
-- rule as the learners' computers apply, so the order of arrival does not matter.
CREATE FUNCTION learnpath.on_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = learnpath, pg_temp AS $$
BEGIN
  IF NEW.kind = 'status' AND NEW.item_kind = 'task' AND NEW.item_id IS NOT NULL THEN
    INSERT INTO task_status AS t (owner, curriculum_id, task_id, status, at, device)
    VALUES (NEW.owner, NEW.curriculum_id, NEW.item_id, coalesce(NEW.new, 'todo'), NEW.at,
            NEW.device)
    ON CONFLICT (owner, curriculum_id, task_id) DO UPDATE
      SET status = excluded.status, at = excluded.at, device = excluded.device
      WHERE (excluded.at, excluded.device) > (t.at, t.device);
  END IF;
  INSERT INTO learner_summary AS s (owner, events, last_activity)
  VALUES (NEW.owner, 1, NEW.at)
  ON CONFLICT (owner) DO UPDATE
    SET events = s.events + 1, last_activity = greatest(s.last_activity, excluded.last_activity);
  INSERT INTO learner_days AS d (owner, day, events, minutes)
  VALUES (NEW.owner, (NEW.at AT TIME ZONE 'UTC')::date, 1,
          CASE WHEN NEW.kind = 'session' AND NEW.new ~ '^[0-9]{1,6}$' THEN NEW.new::integer
               ELSE 0 END)
  ON CONFLICT (owner, day) DO UPDATE
    SET events = d.events + 1, minutes = d.minutes + excluded.minutes;
  RETURN NULL;
END $$;
CREATE TRIGGER events_summaries AFTER INSERT ON learnpath.events
  FOR EACH ROW EXECUTE FUNCTION learnpath.on_event();

-- The learners a mentor follows and the cohorts a member belongs to, for the policies below.
-- Sets, used as "owner IN (SELECT ...)": an uncorrelated sub-select, run once per statement and
-- probed by hash for each row (an array with "= ANY" was a linear scan per row: measured 2-4x
-- slower for a mentor of 2,000 learners, see docs/scaling.md). SECURITY DEFINER: members cannot
-- read the members table beyond their own rows; inside, current_user is the definer, so the
-- member is session_user (the login role, which only a superuser can change).
CREATE FUNCTION learnpath.learners_of_me() RETURNS SETOF name
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = learnpath, pg_temp AS $$
  SELECT DISTINCT l.role
  FROM members m JOIN members l ON l.cohort_id = m.cohort_id AND l.kind = 'learner'
  WHERE m.role = session_user AND m.kind = 'mentor'
$$;
CREATE FUNCTION learnpath.cohorts_of_me() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = learnpath, pg_temp AS $$
  SELECT cohort_id FROM members WHERE role = session_user
$$;
REVOKE ALL ON FUNCTION learnpath.learners_of_me(), learnpath.cohorts_of_me(), learnpath.on_event()
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION learnpath.learners_of_me(), learnpath.cohorts_of_me()
  TO learnpath_learner, learnpath_mentor;

ALTER TABLE learnpath.cohorts ENABLE ROW LEVEL SECURITY;
ALTER TABLE learnpath.members ENABLE ROW LEVEL SECURITY;
ALTER TABLE learnpath.devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE learnpath.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE learnpath.task_status ENABLE ROW LEVEL SECURITY;
ALTER TABLE learnpath.learner_summary ENABLE ROW LEVEL SECURITY;
ALTER TABLE learnpath.learner_days ENABLE ROW LEVEL SECURITY;

CREATE POLICY member_cohorts ON learnpath.cohorts FOR SELECT
  TO learnpath_learner, learnpath_mentor
  USING (id IN (SELECT learnpath.cohorts_of_me()));
CREATE POLICY learner_self ON learnpath.members FOR SELECT TO learnpath_learner
  USING (role = current_user);
CREATE POLICY mentor_cohorts ON learnpath.members FOR SELECT TO learnpath_mentor
  USING (cohort_id IN (SELECT learnpath.cohorts_of_me()));

CREATE POLICY learner_own ON learnpath.devices FOR ALL TO learnpath_learner
  USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY learner_own ON learnpath.events FOR ALL TO learnpath_learner
  USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY mentor_reads ON learnpath.events FOR SELECT TO learnpath_mentor
  USING (owner IN (SELECT learnpath.learners_of_me()) AND (kind <> 'note' OR shared));

CREATE POLICY learner_own ON learnpath.task_status FOR SELECT TO learnpath_learner
  USING (owner = current_user);
CREATE POLICY mentor_reads ON learnpath.task_status FOR SELECT TO learnpath_mentor
  USING (owner IN (SELECT learnpath.learners_of_me()));
CREATE POLICY learner_own ON learnpath.learner_summary FOR SELECT TO learnpath_learner
  USING (owner = current_user);
CREATE POLICY mentor_reads ON learnpath.learner_summary FOR SELECT TO learnpath_mentor
  USING (owner IN (SELECT learnpath.learners_of_me()));
CREATE POLICY learner_own ON learnpath.learner_days FOR SELECT TO learnpath_learner
  USING (owner = current_user);
CREATE POLICY mentor_reads ON learnpath.learner_days FOR SELECT TO learnpath_mentor
  USING (owner IN (SELECT learnpath.learners_of_me()));

GRANT SELECT ON learnpath.cohorts, learnpath.members, learnpath.task_status,
  learnpath.learner_summary, learnpath.learner_days TO learnpath_learner, learnpath_mentor;
-- Learners append events and may only flip "shared" on their own notes afterwards.
GRANT SELECT, INSERT ON learnpath.events TO learnpath_learner;
GRANT UPDATE (shared) ON learnpath.events TO learnpath_learner;
GRANT SELECT, INSERT ON learnpath.devices TO learnpath_learner;
GRANT UPDATE (last_seen) ON learnpath.devices TO learnpath_learner;
GRANT SELECT ON learnpath.events TO learnpath_mentor;
"""

DOWNGRADE = """
DROP TABLE learnpath.learner_days, learnpath.learner_summary, learnpath.task_status,
  learnpath.events, learnpath.devices, learnpath.members, learnpath.cohorts;
DROP FUNCTION learnpath.on_event(), learnpath.learners_of_me(), learnpath.cohorts_of_me();
"""


def _run(script: str) -> None:
    # Many statements (and dollar-quoted bodies) in one go: straight to psycopg, no parameters.
    dbapi = op.get_bind().connection.dbapi_connection
    assert dbapi is not None
    dbapi.execute(script)


def upgrade() -> None:
    _run(UPGRADE)


def downgrade() -> None:
    _run(DOWNGRADE)
