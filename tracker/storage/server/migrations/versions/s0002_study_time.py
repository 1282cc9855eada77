"""Cohort server: study time counted from the learners' time events.

A time event's ``old`` and ``new`` are whole study sessions as JSON (either may be missing: a
session added, or deleted). The trigger takes the old session's seconds off the day it was
counted on and adds the new one's to its day (a manual entry's ``on_date``, else the UTC day its
timer started), in ``learner_days.seconds``; an edit or a delete therefore corrects the total,
and an event that arrives twice is inserted once (its global id), so it counts once.

Revision ID: s0002
Revises: s0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "s0002"
down_revision: str | None = "s0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = r"""
ALTER TABLE learnpath.learner_days ADD COLUMN seconds bigint NOT NULL DEFAULT 0;

-- One side of a time event: (day, seconds) of the session, or nothing when absent or unreadable
-- (a malformed value must not refuse the learner's whole push).
CREATE FUNCTION learnpath.session_time(value text, OUT day date, OUT seconds bigint)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  doc jsonb;
BEGIN
  IF value IS NULL THEN
    RETURN;
  END IF;
  BEGIN
    doc := value::jsonb;
    day := coalesce((doc->>'on_date')::date,
                    ((doc->>'started_at')::timestamptz AT TIME ZONE 'UTC')::date);
    seconds := greatest(coalesce((doc->>'seconds')::bigint, 0), 0);
  EXCEPTION WHEN others THEN
    day := NULL;
    seconds := NULL;
  END;
END $$;

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
REVOKE ALL ON FUNCTION learnpath.session_time(text) FROM PUBLIC;
"""

DOWNGRADE = """
CREATE OR REPLACE FUNCTION learnpath.on_event() RETURNS trigger
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
DROP FUNCTION learnpath.session_time(text);
ALTER TABLE learnpath.learner_days DROP COLUMN seconds;
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
