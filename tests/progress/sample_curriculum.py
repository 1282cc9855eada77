"""A small hand-built curriculum and a clock moved by hand, shared by the progress tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from tracker.curriculum.model import Concept, Curriculum, Module, Stage, Task, Text

# stage -> module -> task ids
LAYOUT: dict[str, dict[str, list[str]]] = {
    "basics": {"tokens": ["tokenize", "embeddings", "attention"], "math": ["softmax"]},
    "practice": {"rag": ["build-index", "rerank"]},
}


def make_curriculum(
    layout: dict[str, dict[str, list[str]]] | None = None,
    *,
    titles: dict[str, str] | None = None,
    hours: float | None = 2.0,
    curriculum_id: str = "sample",
) -> Curriculum:
    """A curriculum with the given stages/modules/tasks (every task ``hours`` long)."""
    titles = titles or {}
    stages = []
    for order, (stage_id, modules) in enumerate((layout or LAYOUT).items(), start=1):
        stages.append(
            Stage(
                id=stage_id,
                order=order,
                title=Text.both(stage_id.title()),
                goal=Text.both(f"learn {stage_id}"),
                modules=tuple(
                    Module(
                        id=module_id,
                        title=Text.both(module_id),
                        tasks=tuple(
                            Task(
                                id=task_id,
                                title=Text.both(titles.get(task_id, task_id.title())),
                                estimate_hours=hours,
                            )
                            for task_id in task_ids
                        ),
                    )
                    for module_id, task_ids in modules.items()
                ),
            )
        )
    concepts = (Concept(id="transformer", title=Text.both("T"), summary=Text.both("s")),)
    return Curriculum(
        id=curriculum_id,
        version="1",
        title=Text.both("Sample"),
        stages=tuple(stages),
        concepts=concepts,
    )


class FakeClock:
    """A clock the test moves by hand; every reading advances one millisecond."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
