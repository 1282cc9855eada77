"""What a mentor reads: per learner of a cohort, done tasks per stage, last activity, minutes.

Everything comes from the summaries the event trigger keeps (``task_status``, ``learner_summary``,
``learner_days``), never from the events themselves; row-level security limits a mentor to the
learners of their own cohorts. The curriculum's task → stage map is sent with the query (two
arrays), so the server groups by stage and returns one row per learner and stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tracker.storage.server.admin import CohortNotFound

_LEARNERS = """
SELECT m.name, m.role, s.last_activity,
       coalesce((SELECT sum(d.minutes) + sum(d.seconds) / 60 FROM learnpath.learner_days d
                 WHERE d.owner = m.role AND d.day > current_date - 7), 0) AS minutes_7d
FROM learnpath.members m
JOIN learnpath.cohorts c ON c.id = m.cohort_id
LEFT JOIN learnpath.learner_summary s ON s.owner = m.role
WHERE c.name = %s AND m.kind = 'learner'
ORDER BY m.name
"""
_DONE_BY_STAGE = """
SELECT t.owner, map.stage_id, count(*) FILTER (WHERE t.status = 'done'),
       count(*) FILTER (WHERE t.status = 'skipped'), sum(map.hours)
FROM learnpath.task_status t
JOIN unnest(%s::text[], %s::text[], %s::float8[]) AS map(task_id, stage_id, hours)
  ON map.task_id = t.task_id
WHERE t.owner IN (SELECT unnest(%s::name[])) AND t.curriculum_id = %s
  AND t.status IN ('done', 'skipped')
GROUP BY t.owner, map.stage_id
"""
# Since s0003: each learner's target dates and hours per week, for "behind" by their own plan.
_HAS_PLANS = "SELECT to_regclass('learnpath.stage_plans') IS NOT NULL"
_PLANS = """
SELECT owner, stage_id, target FROM learnpath.stage_plans
WHERE owner IN (SELECT unnest(%s::name[])) AND curriculum_id = %s AND target IS NOT NULL
"""
_HOURS = """
SELECT owner, value FROM learnpath.learner_settings
WHERE owner IN (SELECT unnest(%s::name[])) AND key = 'hours_per_week'
"""


@dataclass(frozen=True)
class LearnerRow:
    name: str
    role: str
    last_activity: datetime | None
    minutes_7d: int
    done_by_stage: dict[str, int] = field(default_factory=dict)
    skipped_by_stage: dict[str, int] = field(default_factory=dict)
    finished_hours_by_stage: dict[str, float] = field(default_factory=dict)
    """Estimated hours of the tasks done or skipped, per stage."""
    plans: dict[str, date] = field(default_factory=dict)
    hours_per_week: float | None = None


def _hours(value: str) -> float | None:
    try:
        hours = float(value)
    except ValueError:
        return None
    return hours if hours > 0 else None


def cohort_rows(
    conn: Any,
    cohort: str,
    curriculum_id: str,
    stage_of_task: Mapping[str, str],
    task_hours: Mapping[str, float] | None = None,
) -> list[LearnerRow]:
    """One row per learner of ``cohort`` (``CohortNotFound`` when it is not visible to us).
    ``task_hours``: each task's estimated hours (1 when missing), for the finished hours."""
    found = conn.execute("SELECT 1 FROM learnpath.cohorts WHERE name = %s", (cohort,)).fetchone()
    if found is None:
        raise CohortNotFound(f"no cohort named {cohort!r} that this login may read")
    learners = conn.execute(_LEARNERS, (cohort,)).fetchall()
    roles = [row[1] for row in learners]
    done: dict[str, dict[str, int]] = {role: {} for role in roles}
    skipped: dict[str, dict[str, int]] = {role: {} for role in roles}
    finished: dict[str, dict[str, float]] = {role: {} for role in roles}
    plans: dict[str, dict[str, date]] = {role: {} for role in roles}
    hours: dict[str, float | None] = {}
    if roles:
        tasks = list(stage_of_task)
        stages = [stage_of_task[t] for t in tasks]
        estimates = [float((task_hours or {}).get(t, 1.0)) for t in tasks]
        for owner, stage, n_done, n_skipped, sum_hours in conn.execute(
            _DONE_BY_STAGE, (tasks, stages, estimates, roles, curriculum_id)
        ):
            done[owner][stage] = int(n_done)
            skipped[owner][stage] = int(n_skipped)
            finished[owner][stage] = float(sum_hours or 0)
        if conn.execute(_HAS_PLANS).fetchone()[0]:
            for owner, stage, target in conn.execute(_PLANS, (roles, curriculum_id)):
                plans[owner][stage] = target
            hours = {owner: _hours(value) for owner, value in conn.execute(_HOURS, (roles,))}
    conn.commit()
    return [
        LearnerRow(
            name,
            role,
            last,
            int(minutes),
            done[role],
            skipped[role],
            finished[role],
            plans[role],
            hours.get(role),
        )
        for name, role, last, minutes in learners
    ]
