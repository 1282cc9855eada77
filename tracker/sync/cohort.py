"""A cohort's status for a mentor: per learner, overall and per-stage progress, activity, flags.

Built from the server's summaries (``storage.server.mentor``) and the curriculum (the stages and
which task belongs to which). Flags:

- ``inactive``: no event for ``INACTIVE_DAYS`` days or more (or none at all);
- ``behind``, for a learner with target dates: by their own plan, as the app's pace judges it
  (``progress.rollup.pace``) — some unfinished stage with a target date is behind (its remaining
  estimated hours exceed what the learner's hours per week allow from today to the target) or
  overdue (the target has passed). The hours per week are the learner's own setting (sent by
  their sync), else ``rollup.DEFAULT_HOURS_PER_WEEK``;
- ``behind``, for a learner without target dates: overall progress more than ``BEHIND_POINTS``
  percentage points below the cohort's median.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tracker.curriculum.model import Curriculum
from tracker.progress import rollup
from tracker.progress.records import Counts, Pace
from tracker.storage.server import mentor
from tracker.storage.server.connect import session

INACTIVE_DAYS = 7
BEHIND_POINTS = 10.0
BEHIND, INACTIVE = "behind", "inactive"


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> float:
        return round(100.0 * self.done / self.total, 1) if self.total else 0.0

    def as_json(self) -> dict[str, int | float]:
        return {"done": self.done, "total": self.total, "percent": self.percent}


@dataclass(frozen=True)
class LearnerStatus:
    name: str
    role: str
    overall: Progress
    stages: tuple[tuple[str, Progress], ...]
    last_activity: datetime | None
    minutes_7d: int
    flags: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "overall": self.overall.as_json(),
            "stages": [{"id": stage, **p.as_json()} for stage, p in self.stages],
            "last_activity": self.last_activity.isoformat() if self.last_activity else None,
            "minutes_7d": self.minutes_7d,
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class CohortStatus:
    cohort: str
    curriculum_id: str
    stage_titles: tuple[tuple[str, str], ...]
    learners: tuple[LearnerStatus, ...]
    at: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "cohort": self.cohort,
            "curriculum": self.curriculum_id,
            "at": self.at.isoformat(),
            "learners": [learner.as_json() for learner in self.learners],
        }


def behind_plan(
    row: mentor.LearnerRow,
    totals: dict[str, int],
    stage_hours: dict[str, float],
    today: date,
) -> bool | None:
    """Behind by the learner's own plan; None when they have no target date (in this
    curriculum) to judge by."""
    targets = {stage: day for stage, day in row.plans.items() if stage in totals}
    if not targets:
        return None
    per_week = row.hours_per_week or rollup.DEFAULT_HOURS_PER_WEEK
    for stage, target in targets.items():
        done, skipped = row.done_by_stage.get(stage, 0), row.skipped_by_stage.get(stage, 0)
        counts = Counts(done=done, skipped=skipped, total=totals[stage])
        remaining = max(stage_hours[stage] - row.finished_hours_by_stage.get(stage, 0.0), 0.0)
        if rollup.pace(counts, remaining, target, today, per_week) in (Pace.BEHIND, Pace.OVERDUE):
            return True
    return False


def build(
    cohort: str,
    curriculum: Curriculum,
    rows: list[mentor.LearnerRow],
    now: datetime,
    lang: str = "en",
) -> CohortStatus:
    totals = {stage.id: sum(1 for _ in stage.tasks()) for stage in curriculum.stages}
    total = sum(totals.values())
    overall = {row.role: sum(row.done_by_stage.values()) for row in rows}
    percents = [100.0 * overall[row.role] / total if total else 0.0 for row in rows]
    median = statistics.median(percents) if percents else 0.0
    stage_hours = {stage.id: float(rollup.task_hours(stage.tasks())) for stage in curriculum.stages}
    today = now.date()
    learners = []
    for row, percent in zip(rows, percents, strict=True):
        flags = []
        by_plan = behind_plan(row, totals, stage_hours, today)
        if by_plan if by_plan is not None else percent < median - BEHIND_POINTS:
            flags.append(BEHIND)
        if row.last_activity is None or now - row.last_activity >= timedelta(days=INACTIVE_DAYS):
            flags.append(INACTIVE)
        learners.append(
            LearnerStatus(
                name=row.name,
                role=row.role,
                overall=Progress(overall[row.role], total),
                stages=tuple(
                    (stage_id, Progress(row.done_by_stage.get(stage_id, 0), n))
                    for stage_id, n in totals.items()
                ),
                last_activity=row.last_activity,
                minutes_7d=row.minutes_7d,
                flags=tuple(flags),
            )
        )
    titles = tuple(
        (stage.id, stage.title.get("zh" if lang == "zh" else "en")) for stage in curriculum.stages
    )
    return CohortStatus(cohort, curriculum.id, titles, tuple(learners), now)


def cohort_status(
    url: str,
    cohort: str,
    curriculum: Curriculum,
    *,
    password: str | None = None,
    now: datetime | None = None,
    lang: str = "en",
) -> CohortStatus:
    stage_of_task = {task.id: stage.id for stage in curriculum.stages for task in stage.tasks()}
    hours = {
        task.id: float(rollup.task_hours([task]))
        for stage in curriculum.stages
        for task in stage.tasks()
    }
    with session(url, password=password) as conn:
        rows = mentor.cohort_rows(conn, cohort, curriculum.id, stage_of_task, hours)
    return build(cohort, curriculum, rows, now or datetime.now(UTC), lang)
