"""The service's kept roll-ups (``rollup.Tally``) always equal a recount from the database.

Random sequences of ticks, target dates, undo, redo, profile switches, imports and writes from
another service on the same file; after every step, ``overall()``, ``stages_progress()`` and
``stage_progress()`` are compared with ``rollup.count`` / ``rollup.stage_progress`` over the
states read afresh. Hours that do not add up exactly in binary (0.1, 0.7) are included, so the
remaining hours must match to the last bit, and whole hours, which must stay an ``int`` (the JSON
export writes ``4``, not ``4.0``).
"""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_curriculum import FakeClock, make_curriculum

from tracker.curriculum.model import Curriculum, Module, Stage
from tracker.progress import rollup
from tracker.progress.records import Counts, StageProgress, TaskStatus
from tracker.progress.service import ProgressService

HOURS = (0.1, 0.7, None, 1.5, 3, 2, 4, 0.2)  # "practice": whole hours but for the last task
LAYOUT = {
    "basics": {"tokens": ["tokenize", "embeddings", "attention"], "math": ["softmax"]},
    "practice": {"rag": ["build-index", "rerank"], "evals": ["golden", "judge"]},
    "empty": {"nothing": []},
}
TASKS = [task for modules in LAYOUT.values() for ids in modules.values() for task in ids]
STAGES = list(LAYOUT)
PROFILES = ("default", "second")


def _curriculum(curriculum_id: str = "sample") -> Curriculum:
    """The sample layout with uneven hours (some not exact in binary, one unset)."""
    plain = make_curriculum(LAYOUT, curriculum_id=curriculum_id)
    hours = iter(HOURS * 3)

    def module(m: Module) -> Module:
        tasks = tuple(dataclasses.replace(t, estimate_hours=next(hours)) for t in m.tasks)
        return dataclasses.replace(m, tasks=tasks)

    def stage(s: Stage) -> Stage:
        return dataclasses.replace(s, modules=tuple(module(m) for m in s.modules))

    return Curriculum(
        id=plain.id,
        version=plain.version,
        title=plain.title,
        stages=tuple(stage(s) for s in plain.stages),
        concepts=plain.concepts,
    )


def _clock() -> FakeClock:
    return FakeClock(datetime(2030, 3, 1, 12, 0, tzinfo=UTC))


def recounted(service: ProgressService) -> tuple[Counts, list[StageProgress]]:
    """The roll-ups from scratch: states read afresh, counted by the pure functions."""
    statuses = {task_id: state.status for task_id, state in service.task_states().items()}
    curriculum, today = service.curriculum, service.today()
    stages = [
        rollup.stage_progress(
            stage, statuses, service.target_date(stage.id), today, service.hours_per_week
        )
        for stage in curriculum.stages
    ]
    return rollup.count(curriculum.tasks(), statuses), stages


def assert_in_step(service: ProgressService) -> None:
    overall, stages = recounted(service)
    assert service.overall() == overall
    kept = service.stages_progress()
    assert kept == stages
    assert [type(s.remaining_hours) for s in kept] == [type(s.remaining_hours) for s in stages]
    for expected in stages:
        assert service.stage_progress(expected.stage_id) == expected


statuses = st.sampled_from(list(TaskStatus))
steps = st.one_of(
    st.tuples(st.just("status"), st.sampled_from(TASKS), statuses),
    st.tuples(st.just("plan"), st.sampled_from(STAGES), st.sampled_from([None, 1, 30, 400])),
    st.tuples(st.just("undo")),
    st.tuples(st.just("redo")),
    st.tuples(st.just("switch"), st.sampled_from(PROFILES)),
    st.tuples(st.just("import"), st.sampled_from(PROFILES)),
    st.tuples(st.just("outside"), st.sampled_from(TASKS), statuses),
    st.tuples(st.just("read")),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(script=st.lists(steps, max_size=25), lazy=st.booleans())
def test_kept_rollups_equal_a_recount_after_any_sequence(
    script: list[tuple[object, ...]], lazy: bool
) -> None:
    curriculum = _curriculum()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        seed = ProgressService.open(data, curriculum, clock=_clock())
        seed.add_profile("second")
        seed.set_status("tokenize", TaskStatus.DONE)
        seed.close()
        service = ProgressService.open(data, curriculum, clock=_clock(), lazy=lazy)
        other = ProgressService.open(data, curriculum, "default", clock=_clock())
        try:
            assert_in_step(service)
            for step in script:
                _apply(service, other, step)
                assert_in_step(service)
        finally:
            other.close()
            service.close()


def _apply(service: ProgressService, other: ProgressService, step: tuple[object, ...]) -> None:
    action = step[0]
    if action == "status":
        service.set_status(str(step[1]), TaskStatus(str(step[2])))
    elif action == "plan":
        days = step[2]
        target = None if days is None else date.fromordinal(date(2030, 3, 1).toordinal() + days)  # type: ignore[operator]
        service.set_target_date(str(step[1]), target)
    elif action == "undo":
        service.undo()
    elif action == "redo":
        service.redo()
    elif action == "switch":
        service.switch_profile(str(step[1]))
    elif action == "import":
        # the other profile's data into the current one (states, plans, history)
        source = next(p for p in PROFILES if p != service.profile.name)
        service.import_backup(service.backup(source), service.profile.name)
    elif action == "outside":
        # another service (its own connection) on the same file, on the current profile
        if other.profile.id != service.profile.id:
            other.switch_profile(service.profile.name)
        other.set_status(str(step[1]), TaskStatus(str(step[2])))
    # "read": nothing but the comparison


def test_a_tick_moves_the_kept_tally_instead_of_recounting(tmp_path: Path) -> None:
    service = ProgressService.open(tmp_path, _curriculum(), clock=_clock())
    try:
        service.overall()
        tally = service._tally.tally
        assert tally is not None
        service.set_status("attention", TaskStatus.DONE)
        service.set_target_date("basics", date(2030, 4, 1))
        service.undo()
        service.redo()
        service.set_status("attention", TaskStatus.DONE)  # unchanged: nothing written
        service.set_status("golden", TaskStatus.SKIPPED)
        assert service.stage_progress("basics").counts.done == 1
        assert service._tally.tally is tally  # kept, not rebuilt
        assert_in_step(service)
    finally:
        service.close()


def test_another_service_on_the_same_file_is_seen(tmp_path: Path) -> None:
    curriculum = _curriculum()
    first = ProgressService.open(tmp_path, curriculum, clock=_clock())
    second = ProgressService.open(tmp_path, curriculum, clock=_clock())
    try:
        first.set_status("tokenize", TaskStatus.DONE)
        assert first.overall().done == 1
        second.set_status("embeddings", TaskStatus.DONE)  # between two of first's own changes
        first.set_status("attention", TaskStatus.IN_PROGRESS)
        assert first.overall() == Counts(done=2, in_progress=1, skipped=0, total=len(TASKS))
        second.undo()  # the log is shared: takes back first's "attention"
        second.set_status("tokenize", TaskStatus.SKIPPED)  # a task first changed itself
        assert_in_step(first)
        assert first.stage_progress("basics").counts == Counts(1, 0, 1, 4)
    finally:
        second.close()
        first.close()


def test_the_lazy_snapshot_then_the_store(tmp_path: Path) -> None:
    curriculum = _curriculum()
    seed = ProgressService.open(tmp_path, curriculum, clock=_clock())
    seed.set_status("judge", TaskStatus.DONE)
    seed.set_target_date("practice", date(2030, 3, 20))
    seed.close()
    service = ProgressService.open(tmp_path, curriculum, clock=_clock(), lazy=True)
    other = ProgressService.open(tmp_path, curriculum, clock=_clock())
    try:
        assert not service.store_open
        assert_in_step(service)
        assert service.stage_progress("practice").counts.done == 1
        other.set_status("golden", TaskStatus.DONE)  # the snapshot is stale now
        assert_in_step(service)
        service.set_status("rerank", TaskStatus.IN_PROGRESS)  # opens the store
        assert service.store_open
        assert_in_step(service)
    finally:
        other.close()
        service.close()


def test_another_curriculum_and_orphans(tmp_path: Path) -> None:
    service = ProgressService.open(tmp_path, _curriculum(), clock=_clock())
    try:
        service.set_status("judge", TaskStatus.DONE)
        service.set_status("tokenize", TaskStatus.DONE)
        assert service.overall().done == 2
        smaller = make_curriculum({"basics": {"tokens": ["tokenize", "new-task"]}}, hours=0.1)
        service.set_curriculum(smaller)  # "judge" is an orphan now
        assert service.overall() == Counts(done=1, total=2)
        assert_in_step(service)
        service.undo()  # takes back "tokenize"
        service.undo()  # takes back "judge", not in this curriculum
        assert service.overall() == Counts(total=2)
        assert_in_step(service)
    finally:
        service.close()


def test_the_tally_from_scratch_equals_the_pure_functions() -> None:
    curriculum = _curriculum()
    statuses = {
        "tokenize": TaskStatus.DONE,
        "attention": TaskStatus.SKIPPED,
        "golden": TaskStatus.IN_PROGRESS,
        "orphan": TaskStatus.DONE,
        "rerank": TaskStatus.TODO,
    }
    tally = rollup.Tally(rollup.Layout(curriculum), statuses)
    today = date(2030, 3, 1)
    assert tally.overall() == rollup.count(curriculum.tasks(), statuses)
    for index, stage in enumerate(curriculum.stages):
        assert tally.stage_progress(index, None, today) == rollup.stage_progress(
            stage, statuses, None, today
        )
    tally.move("tokenize", TaskStatus.TODO)
    tally.move("orphan", TaskStatus.SKIPPED)  # not in the curriculum: ignored
    del statuses["tokenize"]
    assert tally.stage_progress(0, None, today) == rollup.stage_progress(
        curriculum.stages[0], statuses, None, today
    )


@pytest.mark.parametrize("hours", [0.1, 1 / 3, 1e-9, 12.0, 3, None])
def test_remaining_hours_are_exact_after_many_moves(hours: float | None) -> None:
    layout = {"s": {"m": [f"t{i}" for i in range(50)]}}
    curriculum = make_curriculum(layout, hours=hours)
    tally = rollup.Tally(rollup.Layout(curriculum), {})
    statuses: dict[str, TaskStatus] = {}
    today = date(2030, 3, 1)
    for i in range(200):
        task, status = f"t{(i * 7) % 50}", list(TaskStatus)[i % 4]
        tally.move(task, status)
        statuses[task] = status
        expected = rollup.stage_progress(curriculum.stages[0], statuses, None, today)
        kept = tally.stage_progress(0, None, today)
        assert kept == expected
        assert type(kept.remaining_hours) is type(expected.remaining_hours)


def _wide_curriculum(hours: list[float | None]) -> Curriculum:
    """Four stages of three modules of ten tasks, hours taken in turn from ``hours``."""
    layout = {
        f"s{s}": {f"s{s}m{m}": [f"s{s}m{m}t{t}" for t in range(10)] for m in range(3)}
        for s in range(4)
    }
    plain = make_curriculum(layout)
    turn = iter(hours * 120)

    def stage(s: Stage) -> Stage:
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
        stages=tuple(map(stage, plain.stages)),
    )


@settings(max_examples=80, deadline=None)
@given(
    hours=st.lists(st.sampled_from([1, 1.0, 2, 0.1, 0.7, None, 1.5, 3]), min_size=1, max_size=7),
    stored=st.dictionaries(
        st.sampled_from([f"s{s}m{m}t{t}" for s in range(4) for m in range(3) for t in range(10)])
        | st.just("orphan"),
        st.sampled_from(list(TaskStatus)),
        max_size=40,
    ),
    moves=st.lists(
        st.tuples(
            st.sampled_from([f"s{s}m{m}t{t}" for s in range(4) for m in (0, 2) for t in (0, 9)]),
            st.sampled_from(list(TaskStatus)),
        ),
        max_size=12,
    ),
)
def test_a_tally_counting_only_the_stages_holding_statuses_equals_a_walk(
    hours: list[float | None],
    stored: dict[str, TaskStatus],
    moves: list[tuple[str, TaskStatus]],
) -> None:
    """Few statuses: only the stages holding one are counted task by task, the others start
    from their totals (1 and 1.0 mixed, floats, unset hours); many: every stage is counted. Both
    give what the pure functions give, before and after moves into any stage."""
    curriculum = _wide_curriculum(hours)
    tally = rollup.Tally(rollup.Layout(curriculum), stored)
    statuses = dict(stored)
    today = date(2030, 3, 1)
    for task_id, status in [("", TaskStatus.TODO), *moves]:
        if task_id:
            tally.move(task_id, status)
            statuses[task_id] = status
        assert tally.overall() == rollup.count(curriculum.tasks(), statuses)
        for index, stage in enumerate(curriculum.stages):
            kept = tally.stage_progress(index, None, today)
            expected = rollup.stage_progress(stage, statuses, None, today)
            assert kept == expected
            assert type(kept.remaining_hours) is type(expected.remaining_hours)
