"""Every curriculum shipped in curriculum/ loads and keeps the promises the app relies on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker import paths
from tracker.curriculum import Curriculum, TaskKind, Text, load_curriculum

REPO_CURRICULA = Path(__file__).resolve().parents[2] / "curriculum"


def bundled_root() -> Path:
    try:
        return Path(str(paths.bundled_curricula()))
    except ModuleNotFoundError:
        # ``tracker.bundled`` exists only once the package is installed (pip install -e .);
        # in a bare checkout the same files are in the repository's curriculum/ folder.
        return REPO_CURRICULA


def bundled_folders() -> list[Path]:
    root = bundled_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


FOLDERS = bundled_folders()


def test_the_llm_engineer_curriculum_is_bundled() -> None:
    assert paths.BUNDLED_CURRICULUM_ID in [folder.name for folder in FOLDERS]


@pytest.fixture(scope="module", params=FOLDERS, ids=[folder.name for folder in FOLDERS])
def curriculum(request: pytest.FixtureRequest) -> Curriculum:
    folder: Path = request.param
    return load_curriculum(folder)


def texts(curriculum: Curriculum) -> Iterator[tuple[str, Text | None]]:
    yield "curriculum title", curriculum.title
    yield "curriculum summary", curriculum.summary
    for stage in curriculum.stages:
        for name in ("title", "goal", "notes"):
            yield f"stage {stage.id} {name}", getattr(stage, name)
        for module in stage.modules:
            yield f"module {module.id} title", module.title
            yield f"module {module.id} summary", module.summary
            for task in module.tasks:
                yield f"task {task.id} title", task.title
                yield f"task {task.id} details", task.details
    for concept in curriculum.concepts:
        yield f"concept {concept.id} title", concept.title
        yield f"concept {concept.id} summary", concept.summary
        for number, point in enumerate(concept.points):
            yield f"concept {concept.id} point {number}", point
        for entry in concept.timeline:
            yield f"concept {concept.id} timeline {entry.when}", entry.text
    for resource in curriculum.resources:
        yield f"resource {resource.id} title", resource.title
        yield f"resource {resource.id} note", resource.note


def test_six_stages_in_order_one_to_six(curriculum: Curriculum) -> None:
    assert [stage.order for stage in curriculum.stages] == [1, 2, 3, 4, 5, 6]


def test_every_stage_has_practice_tasks(curriculum: Curriculum) -> None:
    for stage in curriculum.stages:
        assert any(task.kind is TaskKind.PRACTICE for task in stage.tasks()), stage.id


def test_every_stage_refers_to_a_concept(curriculum: Curriculum) -> None:
    for stage in curriculum.stages:
        referred = set(stage.concepts).union(*(task.concepts for task in stage.tasks()))
        assert referred, f"stage {stage.id} refers to no concept"


def test_every_practice_task_has_an_estimate(curriculum: Curriculum) -> None:
    missing = [
        task.id
        for task in curriculum.tasks()
        if task.kind is TaskKind.PRACTICE and task.estimate_hours is None
    ]
    assert missing == []


def test_every_reference_resolves(curriculum: Curriculum) -> None:
    dangling = []
    for stage in curriculum.stages:
        holders = [(f"stage {stage.id}", stage.concepts, stage.resources)]
        holders += [(f"task {t.id}", t.concepts, t.resources) for t in stage.tasks()]
        for holder, concepts, resources in holders:
            dangling += [(holder, c) for c in concepts if curriculum.concept(c) is None]
            dangling += [(holder, r) for r in resources if curriculum.resource(r) is None]
    for concept in curriculum.concepts:
        dangling += [(concept.id, c) for c in concept.related if curriculum.concept(c) is None]
        dangling += [(concept.id, r) for r in concept.resources if curriculum.resource(r) is None]
    assert dangling == []


def test_ids_are_unique(curriculum: Curriculum) -> None:
    items = [stage.id for stage in curriculum.stages]
    items += [module.id for stage in curriculum.stages for module in stage.modules]
    items += [task.id for task in curriculum.tasks()]
    assert len(items) == len(set(items))
    assert len({c.id for c in curriculum.concepts}) == len(curriculum.concepts)
    assert len({r.id for r in curriculum.resources}) == len(curriculum.resources)


def test_every_text_has_chinese_and_english(curriculum: Curriculum) -> None:
    empty = [
        where
        for where, text in texts(curriculum)
        if text is not None and not (text.zh.strip() and text.en.strip())
    ]
    assert empty == []
