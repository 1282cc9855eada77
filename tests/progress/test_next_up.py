"""The next-up list walks only the stages it needs; it equals a walk over every task."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sample_curriculum import make_curriculum

from tracker.curriculum.model import Curriculum
from tracker.progress import rollup
from tracker.progress.records import TaskStatus

LAYOUT = {
    f"s{s}": {f"s{s}m{m}": [f"s{s}m{m}t{t}" for t in range(4)] for m in range(3)} for s in range(4)
}
TASKS = [task for modules in LAYOUT.values() for ids in modules.values() for task in ids]


def walked(
    curriculum: Curriculum, statuses: dict[str, TaskStatus], stage_id: str | None, todo: int
) -> list[tuple[str, str, TaskStatus]]:
    """The plain walk: every task of every stage, in order."""

    def status_of(task_id: str) -> TaskStatus:
        return statuses.get(task_id, TaskStatus.TODO)

    found = [
        (task.id, stage.id, TaskStatus.IN_PROGRESS)
        for stage in curriculum.stages
        for task in stage.tasks()
        if status_of(task.id) is TaskStatus.IN_PROGRESS
    ]
    current = curriculum.stage(stage_id) if stage_id else None
    if current is None:
        current = next(
            (
                s
                for s in curriculum.stages
                if any(status_of(t.id) is TaskStatus.TODO for t in s.tasks())
            ),
            None,
        )
    if current is not None:
        to_do = [t for t in current.tasks() if status_of(t.id) is TaskStatus.TODO]
        found += [(t.id, current.id, TaskStatus.TODO) for t in to_do[:todo]]
    return found


@settings(max_examples=150, deadline=None)
@given(
    statuses=st.dictionaries(
        st.sampled_from([*TASKS, "orphan"]), st.sampled_from(list(TaskStatus)), max_size=48
    ),
    stage_id=st.sampled_from([None, "", "s0", "s2", "s3", "gone"]),
    todo=st.integers(0, 6),
)
def test_next_up_equals_a_walk_over_every_task(
    statuses: dict[str, TaskStatus], stage_id: str | None, todo: int
) -> None:
    curriculum = make_curriculum(LAYOUT)
    found = rollup.next_up(curriculum, statuses, stage_id, todo)
    assert [(t.id, s.id, status) for t, s, status in found] == walked(
        curriculum, statuses, stage_id, todo
    )


def test_a_finished_stage_hands_on_to_the_next_one_with_work_left() -> None:
    curriculum = make_curriculum(LAYOUT)
    statuses = {task: TaskStatus.DONE for task in TASKS if task.startswith("s0")}
    statuses["s0m1t2"] = TaskStatus.SKIPPED
    statuses["s1m0t0"] = TaskStatus.IN_PROGRESS
    statuses["s3m2t3"] = TaskStatus.IN_PROGRESS
    found = rollup.next_up(curriculum, statuses, None, 2)
    assert [(t.id, s.id, status.value) for t, s, status in found] == [
        ("s1m0t0", "s1", "in_progress"),
        ("s3m2t3", "s3", "in_progress"),
        ("s1m0t1", "s1", "todo"),
        ("s1m0t2", "s1", "todo"),
    ]
