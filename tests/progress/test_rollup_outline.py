"""Roll-ups and next-up over a curriculum read back from the cache answer from its outline.

A cache hit defers each stage's modules; the roll-ups take each stage's size, hours and module
ids from the outline the entry carries, so a stage holding no stored status is never read. The
figures must be exactly those of a plain walk over the fully read curriculum, on random
progress, with hours mixing ``1``, ``1.0``, floats and unset (one stage with none set at all).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from sample_curriculum import make_curriculum

from tracker.curriculum import cache, slots
from tracker.curriculum.model import Curriculum, Stage
from tracker.progress import rollup
from tracker.progress.records import TaskStatus

STAGE_HOURS: list[list[float | None]] = [
    [1, 1.0, 2, 0.1, 0.7, None, 1.5, 3],  # mixed
    [None],  # no estimate at all
    [2, 4, 1],  # whole hours only
    [0.1, 0.2, None],  # floats and unset
]
IDS = [f"s{s}m{m}t{t}" for s in range(4) for m in range(3) for t in range(6)]


def _parsed() -> Curriculum:
    layout = {
        f"s{s}": {f"s{s}m{m}": [f"s{s}m{m}t{t}" for t in range(6)] for m in range(3)}
        for s in range(4)
    }
    plain = make_curriculum(layout)

    def stage(index: int, s: Stage) -> Stage:
        turn = iter(STAGE_HOURS[index] * 18)
        modules = tuple(
            dataclasses.replace(
                m,
                tasks=tuple(dataclasses.replace(t, estimate_hours=next(turn)) for t in m.tasks),
            )
            for m in s.modules
        )
        return dataclasses.replace(s, modules=modules)

    return Curriculum(
        id=plain.id,
        version=plain.version,
        title=plain.title,
        stages=tuple(stage(i, s) for i, s in enumerate(plain.stages)),
    )


def _outlined(parsed: Curriculum) -> Curriculum:
    """``parsed`` written as a cache entry and read back: every stage's modules deferred."""
    data = cache._pack(cache._header("key"), parsed)
    assert data is not None
    hit = cache._unpack(data, "key")
    assert hit is not None
    return hit


@contextlib.contextmanager
def counting_tasks() -> Iterator[list[str]]:
    """The ids of the tasks made meanwhile: a deferred stage's tasks are made when it is read.
    (Entered after the entry is written: the writer pickles ``slots.new_Task`` by name.)"""
    found: list[str] = []
    original = slots.new_Task  # type: ignore[attr-defined]

    def counting(*values: object) -> object:
        found.append(str(values[0]))
        return original(*values)

    slots.new_Task = counting  # type: ignore[attr-defined]
    try:
        yield found
    finally:
        slots.new_Task = original  # type: ignore[attr-defined]


def _stages_read(made: list[str]) -> set[str]:
    return {task_id.split("m")[0] for task_id in made}


def test_an_untouched_curriculum_rolls_up_without_reading_a_stage() -> None:
    parsed = _parsed()
    hit = _outlined(parsed)
    with counting_tasks() as made:
        _untouched(parsed, hit, made)


def _untouched(parsed: Curriculum, hit: Curriculum, made: list[str]) -> None:
    assert made == []
    today = date(2030, 3, 1)
    tally = rollup.Tally(rollup.Layout(hit), {})
    assert made == []
    progress = [tally.stage_progress(i, date(2030, 4, 1), today) for i in range(len(hit.stages))]
    assert tally.overall() == rollup.count(parsed.tasks(), {})
    assert made == []
    assert rollup.next_up(hit, {}, None, 5)[0][0].id == "s0m0t0"
    assert rollup.next_up(hit, {}, "s2", 3)[-1][0].id == "s2m0t2"
    assert made == []  # the first tasks of a stage come with the outline
    done = {f"s2m{m}t{t}": TaskStatus.DONE for m in (0, 1) for t in range(6)}
    assert [t.id for t, _s, _st in rollup.next_up(hit, done, "s2", 2)] == ["s2m2t0", "s2m2t1"]
    assert _stages_read(made) == {"s2"}  # past the outline's head: the stage is read
    for index, stage in enumerate(parsed.stages):
        expected = rollup.stage_progress(stage, {}, date(2030, 4, 1), today)
        assert progress[index] == expected
        assert type(progress[index].remaining_hours) is type(expected.remaining_hours)


@settings(max_examples=60, deadline=None)
@given(
    stored=st.dictionaries(
        st.sampled_from(IDS) | st.just("orphan"), st.sampled_from(list(TaskStatus)), max_size=8
    ),
    moves=st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(list(TaskStatus))), max_size=6),
    current=st.sampled_from([None, "s0", "s1", "s3", "nowhere"]),
)
def test_outline_roll_ups_and_next_up_equal_a_walk_and_read_only_the_stages_they_need(
    stored: dict[str, TaskStatus],
    moves: list[tuple[str, TaskStatus]],
    current: str | None,
) -> None:
    parsed = _parsed()
    hit = _outlined(parsed)
    with counting_tasks() as made:
        tally = rollup.Tally(rollup.Layout(hit), stored)
        holding = {task_id.split("m")[0] for task_id in stored if task_id != "orphan"}
        # few statuses: only the stages holding one are read (all when they cover many tasks)
        if len(stored) * 16 <= len(IDS):
            assert _stages_read(made) <= holding
        statuses = dict(stored)
        today = date(2030, 3, 1)
        for task_id, status in [("", TaskStatus.TODO), *moves]:
            if task_id:
                tally.move(task_id, status)
                statuses[task_id] = status
            assert tally.overall() == rollup.count(parsed.tasks(), statuses)
            for index, stage in enumerate(parsed.stages):
                kept = tally.stage_progress(index, None, today)
                expected = rollup.stage_progress(stage, statuses, None, today)
                assert kept == expected
                assert type(kept.remaining_hours) is type(expected.remaining_hours)
            found = rollup.next_up(hit, statuses, current, 4)
            walked = rollup.next_up(parsed, statuses, current, 4)
            assert [(t.id, s.id, st_) for t, s, st_ in found] == [
                (t.id, s.id, st_) for t, s, st_ in walked
            ]


def test_the_outline_carries_each_stages_modules_and_hours() -> None:
    parsed = _parsed()
    outline = _outlined(parsed).outline()
    assert outline.module_ids[1] == ("s1m0", "s1m1", "s1m2")
    assert outline.module_sizes[1] == (6, 6, 6)
    assert dict(outline.hours[1]) == {None: 18}
    assert outline.whole_hours == (7, 0, 18, 0)  # mixed: 1, 2, 3 in each lap of 8, then 1, 1.0
    assert [t.id for t in outline.heads[3]] == [f"s3m{m}t{t}" for m in (0, 1) for t in range(6)]
    assert outline == parsed.outline()
