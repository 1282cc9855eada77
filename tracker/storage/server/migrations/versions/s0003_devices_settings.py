"""Cohort server, third schema: where each device's data folder lives, the learner's hours per
week, and the learner's own cards kept from mentors like notes.

- ``devices.fingerprint``: a digest of the machine and the database file (see
  ``tracker.storage.sync_device.fingerprint``) recorded by the first sync of a device id; a data
  folder that syncs under the same id with another fingerprint is a copy and takes an id of its
  own. Learners may set it once on their own devices registered before this revision.
- ``learner_settings``: a learner's study settings a mentor's status needs (hours per week, for
  the ``behind`` flag from the learner's own plan); the learner writes their own, a mentor reads
  those of their cohorts.
- events of kind ``card`` (the text of a learner's own review card) reach a mentor only when
  shared, as notes do.
- ``stage_plans``: each learner's target date per stage, kept by the event trigger from plan and
  re-plan events (last writer wins, as on the learners' computers) and filled from the events
  already there, so a mentor's ``behind`` flag can follow the learner's own plan.

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

-- Each learner's target date per stage, last writer wins by (event time, device) as on the
-- learners' computers; a re-plan sets several stages in one event (JSON {stage: date|null}).
CREATE TABLE learnpath.stage_plans (
  owner name NOT NULL,
  curriculum_id text NOT NULL,
  stage_id text NOT NULL,
  target date,
  at timestamptz NOT NULL,
  device uuid NOT NULL,
  PRIMARY KEY (owner, curriculum_id, stage_id)
);
ALTER TABLE learnpath.stage_plans ENABLE ROW LEVEL SECURITY;
CREATE POLICY learner_own ON learnpath.stage_plans FOR SELECT TO learnpath_learner
  USING (owner = current_user);
CREATE POLICY mentor_reads ON learnpath.stage_plans FOR SELECT TO learnpath_mentor
  USING (owner IN (SELECT learnpath.learners_of_me()));
GRANT SELECT ON learnpath.stage_plans TO learnpath_learner, learnpath_mentor;

CREATE FUNCTION learnpath.plan_from_event(
  who name, cid text, kind text, item text, value text, moment timestamptz, dev uuid)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = learnpath, pg_temp AS $$
DECLARE
  dates jsonb;
  stage text;
  day text;
BEGIN
  BEGIN
    IF kind = 'plan' THEN
      IF item IS NULL THEN
        RETURN;
      END IF;
      dates := jsonb_build_object(item, value);
    ELSE
      dates := value::jsonb;
    END IF;
    IF jsonb_typeof(dates) <> 'object' THEN
      RETURN;
    END IF;
    FOR stage, day IN SELECT * FROM jsonb_each_text(dates) LOOP
      INSERT INTO stage_plans AS p (owner, curriculum_id, stage_id, target, at, device)
      VALUES (who, cid, stage, nullif(day, '')::date, moment, dev)
      ON CONFLICT (owner, curriculum_id, stage_id) DO UPDATE
        SET target = excluded.target, at = excluded.at, device = excluded.device
        WHERE (excluded.at, excluded.device) > (p.at, p.device);
    END LOOP;
  EXCEPTION WHEN data_exception THEN
    RETURN;  -- an unreadable value must not refuse the learner's whole push
  END;
END $$;
REVOKE ALL ON FUNCTION learnpath.plan_from_event(name, text, text, text, text, timestamptz, uuid)
  FROM PUBLIC;

CREATE OR REPLACE FUNCTION learnpath.on_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = learnpath, pg_temp AS $$
DECLARE
  side record;
  sign integer;
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
  IF NEW.kind IN ('plan', 'replan') THEN
    PERFORM plan_from_event(NEW.owner, NEW.curriculum_id, NEW.kind, NEW.item_id, NEW.new, NEW.at,
                            NEW.device);
  END IF;
  IF NEW.kind = 'time' THEN
    FOREACH sign IN ARRAY ARRAY[-1, 1] LOOP
      SELECT * INTO side FROM session_time(CASE WHEN sign < 0 THEN NEW.old ELSE NEW.new END);
      IF side.day IS NOT NULL AND side.seconds > 0 THEN
        INSERT INTO learner_days AS d (owner, day, seconds)
        VALUES (NEW.owner, side.day, sign * side.seconds)
        ON CONFLICT (owner, day) DO UPDATE SET seconds = d.seconds + excluded.seconds;
      END IF;
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

SELECT learnpath.plan_from_event(owner, curriculum_id, kind, item_id, new, at, device)
FROM learnpath.events WHERE kind IN ('plan', 'replan') ORDER BY seq;
"""

DOWNGRADE = r"""
CREATE OR REPLACE FUNCTION learnpath.on_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = learnpath, pg_temp AS $$
DECLARE
  side record;
  sign integer;
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
  IF NEW.kind = 'time' THEN
    FOREACH sign IN ARRAY ARRAY[-1, 1] LOOP
      SELECT * INTO side FROM session_time(CASE WHEN sign < 0 THEN NEW.old ELSE NEW.new END);
      IF side.day IS NOT NULL AND side.seconds > 0 THEN
        INSERT INTO learner_days AS d (owner, day, seconds)
        VALUES (NEW.owner, side.day, sign * side.seconds)
        ON CONFLICT (owner, day) DO UPDATE SET seconds = d.seconds + excluded.seconds;
      END IF;
    END LOOP;
  END IF;
  RETURN NULL;
END $$;
DROP FUNCTION learnpath.plan_from_event(name, text, text, text, text, timestamptz, uuid);
DROP TABLE learnpath.stage_plans;
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
