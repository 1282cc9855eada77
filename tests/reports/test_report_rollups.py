"""The report works out each stage's roll-up in the walk that makes its task lines: the counts,
remaining hours and pace must be what ``rollup.stage_progress`` gives, the overall counts what
``rollup.count`` gives over the whole curriculum."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from report_samples import StillClock, make_report

from tracker.curriculum.model import Curriculum, Module, Stage, Task, Text
from tracker.progress import rollup
from tracker.progress.records import TaskStatus
from tracker.progress.service import ProgressService

TODAY = date(2030, 3, 1)
ESTIMATES = (None, 1, 2, 4, 0.1, 0.2, 0.7, 1 / 3, 2.5, 0)


def _curriculum(rng: random.Random) -> Curriculum:
    stages = []
    for s in range(5):
        modules = tuple(
            Module(
                id=f"m{s}-{m}",
                title=Text(f"模块 {s}-{m}", f"Module {s}-{m}"),
                tasks=tuple(
                    Task(
                        id=f"t{s}-{m}-{t}",
                        title=Text(f"任务 {t}", f"Task {t}"),
                        estimate_hours=rng.choice(ESTIMATES),
                    )
                    for t in range(rng.randrange(0, 7))
                ),
            )
            for m in range(rng.randrange(1, 4))
        )
        stages.append(
            Stage(
                id=f"s{s}",
                order=s + 1,
                title=Text(f"阶段 {s}", f"Stage {s}"),
                goal=Text("目标", "Goal"),
                modules=modules,
            )
        )
    return Curriculum(id="rollups", version="1", title=Text("路线", "Path"), stages=tuple(stages))


@pytest.mark.parametrize("seed", range(6))
def test_stage_lines_hold_the_rollups_of_the_progress_layer(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    curriculum = _curriculum(rng)
    clock = StillClock(datetime(2030, 3, 1, 12, 0, tzinfo=UTC))
    service = ProgressService.open(tmp_path / "data", curriculum, "lei", clock=clock)
    try:
        tasks = list(curriculum.tasks())
        for task in tasks:
            status = rng.choice([*TaskStatus, TaskStatus.TODO])
            if status is not TaskStatus.TODO:
                service.set_status(task.id, status)
        if seed % 2 == 0 and tasks:  # a whole stage finished: its pace is DONE
            for task in curriculum.stages[0].tasks():
                service.set_status(task.id, TaskStatus.SKIPPED)
        for stage in curriculum.stages:
            days = rng.choice([None, -3, 0, 1, 5, 30, 400])
            if days is not None:
                service.set_target_date(stage.id, TODAY + timedelta(days=days))
        statuses = {state.task_id: state.status for state in service.task_states().values()}
        plans = {stage.id: service.target_date(stage.id) for stage in curriculum.stages}
        report = make_report(service)
        for line, stage in zip(report.stages, curriculum.stages, strict=True):
            expected = rollup.stage_progress(
                stage, statuses, plans[stage.id], TODAY, service.hours_per_week
            )
            assert line.counts == expected.counts
            assert line.remaining_hours == expected.remaining_hours
            assert type(line.remaining_hours) is type(expected.remaining_hours)
            assert line.pace is expected.pace
            assert line.target_date == expected.target_date
        assert report.overall == rollup.count(curriculum.tasks(), statuses)
        one = make_report(service, stage_id="s1")
        assert one.overall == rollup.count(curriculum.stages[1].tasks(), statuses)
    finally:
        service.close()
