"""What a mentor reads: per learner of a cohort, done tasks per stage, last activity, minutes.

Everything comes from the summaries the event trigger keeps (``task_status``, ``learner_summary``,
``learner_days``), never from the events themselves; row-level security limits a mentor to the
learners of their own cohorts. The curriculum's task → stage map is sent with the query (two
arrays), so the server groups by stage and returns one row per learner and stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
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
SELECT t.owner, map.stage_id, count(*)
FROM learnpath.task_status t
JOIN unnest(%s::text[], %s::text[]) AS map(task_id, stage_id) ON map.task_id = t.task_id
WHERE t.owner IN (SELECT unnest(%s::name[])) AND t.curriculum_id = %s AND t.status = 'done'
GROUP BY t.owner, map.stage_id
"""


@dataclass(frozen=True)
class LearnerRow:
    name: str
    role: str
    last_activity: datetime | None
    minutes_7d: int
    done_by_stage: dict[str, int] = field(default_factory=dict)


def cohort_rows(
    conn: Any, cohort: str, curriculum_id: str, stage_of_task: Mapping[str, str]
) -> list[LearnerRow]:
    """One row per learner of ``cohort`` (``CohortNotFound`` when it is not visible to us)."""
    found = conn.execute("SELECT 1 FROM learnpath.cohorts WHERE name = %s", (cohort,)).fetchone()
    if found is None:
        raise CohortNotFound(f"no cohort named {cohort!r} that this login may read")
    learners = conn.execute(_LEARNERS, (cohort,)).fetchall()
    roles = [row[1] for row in learners]
    done: dict[str, dict[str, int]] = {role: {} for role in roles}
    if roles:
        tasks = list(stage_of_task)
        stages = [stage_of_task[t] for t in tasks]
        for owner, stage, count in conn.execute(
            _DONE_BY_STAGE, (tasks, stages, roles, curriculum_id)
        ):
            done[owner][stage] = int(count)
    conn.commit()
    return [
        LearnerRow(name, role, last, int(minutes), done[role])
        for name, role, last, minutes in learners
    ]
