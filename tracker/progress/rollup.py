"""Roll-ups of task statuses per module, stage and curriculum, and a stage's pace.

Pure functions over the curriculum and a ``{task_id: TaskStatus}`` map, and a ``Tally`` that keeps
their results in step with single changes; no storage here.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from itertools import chain, compress, islice, repeat
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


def next_up(
    curriculum: Curriculum, statuses: Mapping[str, TaskStatus], stage_id: str | None, todo: int
) -> list[tuple[Task, Stage, TaskStatus]]:
    """What to do next: the tasks in progress across every stage (curriculum order), then the
    first ``todo`` to-do tasks of the stage ``stage_id`` (else of the first stage with a task
    still to do), each with its stage and status.

    ``statuses``: the stored statuses by task id (to do when absent). Passes over the statuses
    once, then walks only the stages holding a task in progress and the chosen stage up to its
    ``todo``-th task to do, not every task.
    """
    stage_of = curriculum.stage_of
    working: set[str] = set()
    working_in: set[int] = set()  # stages by identity: hashing a frozen Stage hashes its tasks
    started = Counter[int]()  # per stage: its tasks not to do
    for task_id, status in statuses.items():
        if status is TaskStatus.TODO:
            continue
        stage = stage_of(task_id)
        if stage is None:
            continue
        started[id(stage)] += 1
        if status is TaskStatus.IN_PROGRESS:
            working.add(task_id)
            working_in.add(id(stage))
    found: list[tuple[Task, Stage, TaskStatus]] = []
    for stage in curriculum.stages:
        if id(stage) in working_in:
            doing = (t for t in _tasks_of(stage) if t.id in working)
            found += ((t, stage, TaskStatus.IN_PROGRESS) for t in doing)
    current = curriculum.stage(stage_id) if stage_id else None
    if current is None:
        sizes = (sum(each) for each in curriculum.outline().module_sizes)
        pairs = zip(curriculum.stages, sizes, strict=True)
        unfinished = (s for s, size in pairs if started[id(s)] < size)
        current = next(unfinished, None)
    if current is not None:
        found += (
            (t, current, TaskStatus.TODO) for t in _first_to_do(curriculum, current, statuses, todo)
        )
    return found


def _first_to_do(
    curriculum: Curriculum, stage: Stage, statuses: Mapping[str, TaskStatus], todo: int
) -> list[Task]:
    """The stage's first ``todo`` tasks to do: from the head of the stage the outline holds when
    they are there (a stage barely started: none of its modules read), else from its modules."""
    outline = curriculum.outline()
    index = next(i for i, each in enumerate(curriculum.stages) if each is stage)
    head = outline.heads[index]
    is_to_do = (None, TaskStatus.TODO).__contains__
    found = list(islice((t for t in head if is_to_do(statuses.get(t.id))), todo))
    if len(found) == todo or len(head) == sum(outline.module_sizes[index]):
        return found
    to_do = (t for t in _tasks_of(stage) if is_to_do(statuses.get(t.id)))
    return list(islice(to_do, todo))


def _tasks_of(stage: Stage) -> Iterable[Task]:
    return chain.from_iterable(map(_TASKS, stage.modules))


# --- roll-ups kept in step with changes ----------------------------------------------------


class Layout:
    """Where each task of one curriculum counts: its module, its stage and its hours.

    Built once per curriculum object from its outline (``Curriculum.outline``), which a cache hit
    reads back without any stage's modules: per stage the size and ids of its modules, and how
    many of its tasks have each estimate. No task is looked at here (it runs before a first
    paint, and for 100,000 tasks); a stage's tasks are read only when a status in it is counted
    or changed. Which module a task sits in is found when first asked, one stage at a time
    (:meth:`module_of`). Hours are kept as exact integers (each ``estimate_hours`` times one
    power of two that makes them all whole), so a stage's remaining hours can be updated by
    adding and subtracting without rounding drift, and read back as the same correctly rounded
    float that :func:`remaining_hours` (``math.fsum``) gives from scratch.
    """

    __slots__ = (
        "_placed",
        "curriculum",
        "module_ids",
        "module_sizes",
        "module_stage",
        "modules_of_stage",
        "place",
        "scale",
        "stage_floats",
        "stage_index",
        "stage_sizes",
        "stage_weights",
        "stages",
        "weight",
    )

    def __init__(self, curriculum: Curriculum) -> None:
        self.curriculum = curriculum
        outline = curriculum.outline()
        self.stages: tuple[Stage, ...] = curriculum.stages
        self.stage_index = {stage.id: index for index, stage in enumerate(curriculum.stages)}
        self.module_ids: list[str] = list(chain.from_iterable(outline.module_ids))
        self.module_sizes: list[int] = list(chain.from_iterable(outline.module_sizes))
        self.module_stage: list[int] = []
        self.modules_of_stage: list[range] = []
        for stage_index, ids in enumerate(outline.module_ids):
            first = len(self.module_stage)
            self.module_stage += repeat(stage_index, len(ids))
            self.modules_of_stage.append(range(first, len(self.module_stage)))
        # Per stage: how many tasks have each estimate (1 and 1.0 fall together, which is
        # harmless: they weigh the same), and how many estimates are ints.
        per_stage = outline.hours
        values = {hours for found in per_stage for hours, _many in found}
        ratios = {each: _as_hours(each).as_integer_ratio() for each in values}
        self.scale = scale = max((d for _n, d in ratios.values()), default=1)
        self.weight = {hours: n * (scale // d) for hours, (n, d) in ratios.items()}
        """``estimate_hours`` -> hours x scale"""
        self.stage_sizes = [sum(many for _hours, many in found) for found in per_stage]
        self.stage_weights = [
            sum(self.weight[hours] * many for hours, many in found) for found in per_stage
        ]
        """per stage: the hours x scale of all its tasks"""
        self.stage_floats = [
            size - ints for size, ints in zip(self.stage_sizes, outline.whole_hours, strict=True)
        ]
        """per stage: its tasks whose hours are not an ``int`` (a float, or unset:
        ``DEFAULT_TASK_HOURS``)"""
        self.place: dict[str, int] = {}
        """task id -> index of its module over the whole curriculum (stages placed so far)"""
        self._placed = [False] * len(curriculum.stages)

    def module_of(self, task_id: str) -> int | None:
        """The index of the task's module over the whole curriculum; None if not in it."""
        index = self.place.get(task_id)
        if index is not None:
            return index
        stage = self.curriculum.stage_of(task_id)
        if stage is None:
            return None
        stage_index = self.stage_index[stage.id]
        if self._placed[stage_index]:
            return None
        self._placed[stage_index] = True
        rows = self.modules_of_stage[stage_index]
        for module_index, module in zip(rows, stage.modules, strict=True):
            ids = map(_TASK_ID, module.tasks)
            self.place.update(zip(ids, repeat(module_index)))
        return self.place.get(task_id)

    def stages_holding(self, task_ids: Iterable[str]) -> list[int]:
        """The indexes of the stages that hold any of ``task_ids``, in curriculum order."""
        # Stages are told apart by identity: hashing a frozen Stage would hash all its tasks.
        found = set(map(id, map(self.curriculum.stage_of, task_ids)))
        return [index for index, stage in enumerate(self.stages) if id(stage) in found]

    def weight_of(self, task_id: str) -> tuple[int, bool]:
        """The task's hours x scale, and whether they are not an ``int``."""
        task = self.curriculum.task(task_id)
        assert task is not None
        return self.weight[task.estimate_hours], not isinstance(task.estimate_hours, int)


_HOURS = attrgetter("estimate_hours")
_TASKS = attrgetter("tasks")


def _as_hours(estimate: float | None) -> float:
    return float(estimate if estimate is not None else DEFAULT_TASK_HOURS)


_SLOT = {TaskStatus.DONE: 0, TaskStatus.IN_PROGRESS: 1, TaskStatus.SKIPPED: 2}
"""Where a status is counted in a ``[done, in progress, skipped, total]`` row (todo: nowhere)."""
_IS_FINISHED = frozenset(FINISHED).__contains__
_FEW_STATUSES = 16
"""Statuses for fewer than one task in this many: only the stages holding them are counted."""


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
        self.statuses = dict(statuses)
        # [done, in progress, skipped, total] rows per module, per stage, and for the whole;
        # all to do at first, then the stages holding a stored status are counted task by task
        self._modules = [[0, 0, 0, size] for size in layout.module_sizes]
        self._stages = [[0, 0, 0, size] for size in layout.stage_sizes]
        self._remaining = list(layout.stage_weights)
        self._floats = list(layout.stage_floats)  # unfinished tasks whose hours are not an int
        # Finding the stages that hold a status costs a call per status: with many, count all.
        many = len(self.statuses) * _FEW_STATUSES > sum(layout.stage_sizes)
        for stage_index in range(len(layout.stages)) if many else layout.stages_holding(statuses):
            self._count_stage(stage_index)
        self._overall = [sum(row[slot] for row in self._stages) for slot in range(4)]
        # per stage index: its Counts and module roll-ups, until a change in it
        self._cached: dict[int, tuple[Counts, tuple[ModuleProgress, ...]]] = {}

    def _count_stage(self, stage_index: int) -> None:
        """Count one stage's tasks against the statuses (C-level passes, module by module)."""
        layout, mine = self.layout, self.statuses
        done, in_progress, skipped = TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.SKIPPED
        weight_of = layout.weight.__getitem__
        stage_row = [0, 0, 0, 0]
        remaining = floats = 0
        modules = layout.stages[stage_index].modules
        for module_index, module in zip(layout.modules_of_stage[stage_index], modules, strict=True):
            tasks = module.tasks
            found = list(map(mine.get, map(_TASK_ID, tasks)))
            row = [found.count(done), found.count(in_progress), found.count(skipped), len(found)]
            self._modules[module_index] = row
            for slot in range(4):
                stage_row[slot] += row[slot]
            hours = list(map(_HOURS, tasks))
            unfinished = list(map(operator.not_, map(_IS_FINISHED, found)))
            remaining += sum(compress(map(weight_of, hours), unfinished))
            whole = sum(compress(map(isinstance, hours, repeat(int)), unfinished))
            floats += sum(unfinished) - whole
        self._stages[stage_index] = stage_row
        self._remaining[stage_index] = remaining
        self._floats[stage_index] = floats

    def move(self, task_id: str, new: TaskStatus) -> None:
        """Record that ``task_id`` now has status ``new`` (ids outside the curriculum: kept for
        later, counted nowhere)."""
        old = self.statuses.get(task_id, TaskStatus.TODO)
        if new is TaskStatus.TODO:
            self.statuses.pop(task_id, None)
        else:
            self.statuses[task_id] = new
        if old is new:
            return
        layout = self.layout
        module_index = layout.module_of(task_id)
        if module_index is None:
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
            modules = tuple(
                ModuleProgress(layout.module_ids[index], Counts(*self._modules[index]))
                for index in layout.modules_of_stage[stage_index]
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
