"""Roll-ups of task statuses per module, stage and curriculum, and a stage's pace.

Pure functions over the curriculum and a ``{task_id: TaskStatus}`` map; no storage here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from operator import attrgetter

from tracker.curriculum.model import Stage, Task
from tracker.progress.records import Counts, ModuleProgress, Pace, StageProgress, TaskStatus

DEFAULT_HOURS_PER_WEEK = 10.0
"""How many hours a week a learner is assumed to study when judging pace."""

DEFAULT_TASK_HOURS = 1.0
"""The time assumed for a task without ``estimate_hours``."""

AHEAD_MARGIN = 0.75
"""Ahead when the remaining work fits in this share of the time left."""

FINISHED = (TaskStatus.DONE, TaskStatus.SKIPPED)

_TASK_ID = attrgetter("id")


def count(tasks: Iterable[Task], statuses: Mapping[str, TaskStatus]) -> Counts:
    """Count statuses over ``tasks``; tasks without a stored status are to do."""
    # map() and list.count() keep the loop in C: this runs over every task after each tick.
    found = list(map(statuses.get, map(_TASK_ID, tasks)))
    return Counts(
        done=found.count(TaskStatus.DONE),
        in_progress=found.count(TaskStatus.IN_PROGRESS),
        skipped=found.count(TaskStatus.SKIPPED),
        total=len(found),
    )


def remaining_hours(tasks: Iterable[Task], statuses: Mapping[str, TaskStatus]) -> float:
    """Estimated hours of the tasks neither done nor skipped (in-progress ones count in full)."""
    return sum(
        task.estimate_hours if task.estimate_hours is not None else DEFAULT_TASK_HOURS
        for task in tasks
        if statuses.get(task.id, TaskStatus.TODO) not in FINISHED
    )


def pace(
    counts: Counts,
    remaining: float,
    target: date | None,
    today: date,
    hours_per_week: float = DEFAULT_HOURS_PER_WEEK,
) -> Pace:
    """How a stage stands against its target date.

    The rule, in order:

    * every task done or skipped → ``DONE`` (whatever the target);
    * no target date → ``NO_TARGET``;
    * the target date has passed → ``OVERDUE``;
    * otherwise the time available is ``hours_per_week / 7`` for each day from today up to and
      including the target date; remaining hours above that → ``BEHIND``; at most
      ``AHEAD_MARGIN`` (75 %) of it → ``AHEAD``; in between → ``ON_TRACK``.
    """
    if counts.total and counts.done + counts.skipped == counts.total:
        return Pace.DONE
    if target is None:
        return Pace.NO_TARGET
    if target < today:
        return Pace.OVERDUE
    available = hours_per_week / 7.0 * ((target - today).days + 1)
    if remaining > available:
        return Pace.BEHIND
    if remaining <= AHEAD_MARGIN * available:
        return Pace.AHEAD
    return Pace.ON_TRACK


def stage_progress(
    stage: Stage,
    statuses: Mapping[str, TaskStatus],
    target: date | None,
    today: date,
    hours_per_week: float = DEFAULT_HOURS_PER_WEEK,
) -> StageProgress:
    """A stage's counts, its modules' counts, remaining hours, target and pace."""
    counts = count(stage.tasks(), statuses)
    remaining = remaining_hours(stage.tasks(), statuses)
    return StageProgress(
        stage_id=stage.id,
        counts=counts,
        modules=tuple(
            ModuleProgress(module.id, count(module.tasks, statuses)) for module in stage.modules
        ),
        remaining_hours=remaining,
        target_date=target,
        pace=pace(counts, remaining, target, today, hours_per_week),
    )
