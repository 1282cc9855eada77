"""Roll-ups of task statuses per module, stage and curriculum, and a stage's pace.

Pure functions over the curriculum and a ``{task_id: TaskStatus}`` map, and a ``Tally`` that keeps
their results in step with single changes; no storage here.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Mapping
from datetime import date
from itertools import compress, repeat
from operator import attrgetter

from tracker.curriculum.model import Curriculum, Stage, Task
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


def task_hours(tasks: Iterable[Task]) -> float:
    """The estimated hours of ``tasks`` added up as pace adds them: a task without an estimate
    counts ``DEFAULT_TASK_HOURS``; an ``int`` when every estimate is one."""
    hours = [_as_estimate(task) for task in tasks]
    whole = sum(hours)
    return whole if isinstance(whole, int) else math.fsum(hours)


def _as_estimate(task: Task) -> float:
    return task.estimate_hours if task.estimate_hours is not None else DEFAULT_TASK_HOURS


def remaining_hours(tasks: Iterable[Task], statuses: Mapping[str, TaskStatus]) -> float:
    """Estimated hours of the tasks neither done nor skipped (in-progress ones count in full).

    An ``int`` when every one of them is (as ``sum`` gives; the JSON shows ``4``, not ``4.0``),
    else the correctly rounded float sum (``math.fsum``, whatever the order), as ``Tally`` keeps.
    """
    hours = [
        task.estimate_hours if task.estimate_hours is not None else DEFAULT_TASK_HOURS
        for task in tasks
        if statuses.get(task.id, TaskStatus.TODO) not in FINISHED
    ]
    whole = sum(hours)
    return whole if isinstance(whole, int) else math.fsum(hours)


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


# --- roll-ups kept in step with changes ----------------------------------------------------


class Layout:
    """Where each task of one curriculum counts: its module, its stage and its hours.

    Built once per curriculum object, mostly with C-level ``map``/``zip`` (it runs before a first
    paint). Hours are kept as exact integers (each ``estimate_hours`` times one power of two that
    makes them all whole), so a stage's remaining hours can be updated by adding and subtracting
    without rounding drift, and read back as the same correctly rounded float that
    :func:`remaining_hours` (``math.fsum``) gives from scratch.
    """

    __slots__ = (
        "curriculum",
        "module_floats",
        "module_ids",
        "module_stage",
        "module_weights",
        "modules_of_stage",
        "place",
        "scale",
        "stage_index",
        "stages",
        "weight",
    )

    def __init__(self, curriculum: Curriculum) -> None:
        self.curriculum = curriculum
        self.stages: tuple[Stage, ...] = curriculum.stages
        self.stage_index = {stage.id: index for index, stage in enumerate(curriculum.stages)}
        modules = [module for stage in curriculum.stages for module in stage.modules]
        hours = [tuple(map(_HOURS, module.tasks)) for module in modules]
        ratios = {each: _as_hours(each).as_integer_ratio() for each in set().union(*hours)}
        self.scale = scale = max((d for _n, d in ratios.values()), default=1)
        self.weight = {hours: n * (scale // d) for hours, (n, d) in ratios.items()}
        """``estimate_hours`` -> hours x scale"""
        self.place: dict[str, int] = {}
        """task id -> index of its module over the whole curriculum"""
        self.module_stage: list[int] = []
        self.module_ids: list[tuple[str, ...]] = []
        self.module_weights: list[tuple[int, ...]] = []
        self.module_floats: list[tuple[bool, ...]] = []
        """per task: its hours are not an ``int`` (a float, or unset: ``DEFAULT_TASK_HOURS``)"""
        self.modules_of_stage: list[range] = []
        weight_of = self.weight.__getitem__
        for stage_index, stage in enumerate(curriculum.stages):
            first = len(self.module_ids)
            for module in stage.modules:
                ids = tuple(map(_TASK_ID, module.tasks))
                self.place.update(zip(ids, repeat(len(self.module_ids))))
                module_hours = hours[len(self.module_ids)]
                self.module_weights.append(tuple(map(weight_of, module_hours)))
                self.module_floats.append(tuple(not isinstance(h, int) for h in module_hours))
                self.module_ids.append(ids)
                self.module_stage.append(stage_index)
            self.modules_of_stage.append(range(first, len(self.module_ids)))

    def weight_of(self, task_id: str) -> tuple[int, bool]:
        """The task's hours x scale, and whether they are not an ``int``."""
        task = self.curriculum.task(task_id)
        assert task is not None
        return self.weight[task.estimate_hours], not isinstance(task.estimate_hours, int)


_HOURS = attrgetter("estimate_hours")


def _as_hours(estimate: float | None) -> float:
    return float(estimate if estimate is not None else DEFAULT_TASK_HOURS)


_SLOT = {TaskStatus.DONE: 0, TaskStatus.IN_PROGRESS: 1, TaskStatus.SKIPPED: 2}
"""Where a status is counted in a ``[done, in progress, skipped, total]`` row (todo: nowhere)."""
_IS_FINISHED = frozenset(FINISHED).__contains__


class Tally:
    """Counts per module, stage and curriculum, and remaining hours per stage, for one set of
    statuses; :meth:`move` keeps them in step with one task's change at a constant cost.

    ``statuses`` are copied, so the tally knows a task's status before a change without asking
    the store. Built from scratch it gives exactly what :func:`count` and
    :func:`stage_progress` give for the same statuses.
    """

    __slots__ = (
        "_cached",
        "_floats",
        "_modules",
        "_overall",
        "_remaining",
        "_stages",
        "layout",
        "statuses",
    )

    def __init__(self, layout: Layout, statuses: Mapping[str, TaskStatus]) -> None:
        self.layout = layout
        self.statuses = mine = dict(statuses)
        # [done, in progress, skipped, total] rows per module, per stage, and for the whole
        self._modules: list[list[int]] = []
        self._stages = [[0, 0, 0, 0] for _ in layout.stages]
        self._remaining = [0] * len(layout.stages)
        self._floats = [0] * len(layout.stages)  # unfinished tasks whose hours are not an int
        done, in_progress, skipped = TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.SKIPPED
        for ids, weights, floats, stage_index in zip(
            layout.module_ids,
            layout.module_weights,
            layout.module_floats,
            layout.module_stage,
            strict=True,
        ):
            found = list(map(mine.get, ids))
            row = [found.count(done), found.count(in_progress), found.count(skipped), len(ids)]
            self._modules.append(row)
            stage_row = self._stages[stage_index]
            for slot in range(4):
                stage_row[slot] += row[slot]
            unfinished = list(map(operator.not_, map(_IS_FINISHED, found)))
            self._remaining[stage_index] += sum(compress(weights, unfinished))
            self._floats[stage_index] += sum(compress(floats, unfinished))
        self._overall = [sum(row[slot] for row in self._stages) for slot in range(4)]
        # per stage index: its Counts and module roll-ups, until a change in it
        self._cached: dict[int, tuple[Counts, tuple[ModuleProgress, ...]]] = {}

    def move(self, task_id: str, new: TaskStatus) -> None:
        """Record that ``task_id`` now has status ``new`` (ids outside the curriculum: kept for
        later, counted nowhere)."""
        old = self.statuses.get(task_id, TaskStatus.TODO)
        if new is TaskStatus.TODO:
            self.statuses.pop(task_id, None)
        else:
            self.statuses[task_id] = new
        layout = self.layout
        module_index = layout.place.get(task_id)
        if module_index is None or old is new:
            return
        stage_index = layout.module_stage[module_index]
        before, after = _SLOT.get(old), _SLOT.get(new)
        for row in (self._modules[module_index], self._stages[stage_index], self._overall):
            if before is not None:
                row[before] -= 1
            if after is not None:
                row[after] += 1
        if (old in FINISHED) != (new in FINISHED):
            weight, floating = layout.weight_of(task_id)
            sign = 1 if old in FINISHED else -1
            self._remaining[stage_index] += sign * weight
            self._floats[stage_index] += sign * floating
        self._cached.pop(stage_index, None)

    def overall(self) -> Counts:
        return Counts(*self._overall)

    def stage_progress(
        self,
        stage_index: int,
        target: date | None,
        today: date,
        hours_per_week: float = DEFAULT_HOURS_PER_WEEK,
    ) -> StageProgress:
        """What :func:`stage_progress` gives for the stage at ``stage_index``, without a pass."""
        layout = self.layout
        stage = layout.stages[stage_index]
        cached = self._cached.get(stage_index)
        if cached is None:
            rows = layout.modules_of_stage[stage_index]
            modules = tuple(
                ModuleProgress(module.id, Counts(*self._modules[index]))
                for module, index in zip(stage.modules, rows, strict=True)
            )
            cached = self._cached[stage_index] = (Counts(*self._stages[stage_index]), modules)
        counts, modules = cached
        # all whole hours: an int, as remaining_hours() gives; else int / int, correctly rounded
        remaining: float = (
            self._remaining[stage_index] // layout.scale
            if not self._floats[stage_index]
            else self._remaining[stage_index] / layout.scale
        )
        return StageProgress(
            stage_id=stage.id,
            counts=counts,
            modules=modules,
            remaining_hours=remaining,
            target_date=target,
            pace=pace(counts, remaining, target, today, hours_per_week),
        )
