"""A cohort's status for a mentor: per learner, overall and per-stage progress, activity, flags.

Built from the server's summaries (``storage.server.mentor``) and the curriculum (the stages and
which task belongs to which). Flags:

- ``inactive``: no event for ``INACTIVE_DAYS`` days or more (or none at all);
- ``behind``: overall progress more than ``BEHIND_POINTS`` percentage points below the cohort's
  median.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tracker.curriculum.model import Curriculum
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
    learners = []
    for row, percent in zip(rows, percents, strict=True):
        flags = []
        if percent < median - BEHIND_POINTS:
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
    with session(url, password=password) as conn:
        rows = mentor.cohort_rows(conn, cohort, curriculum.id, stage_of_task)
    return build(cohort, curriculum, rows, now or datetime.now(UTC), lang)
