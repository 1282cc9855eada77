"""The review catalogue over a curriculum read back from the cache: the concepts holding cards
are looked for only in the stages whose tasks refer to one (the outline lists each stage's
concepts), with the same entries as over the parsed curriculum."""

from __future__ import annotations

import dataclasses

from sample_curriculum import make_curriculum

from tracker.curriculum import cache, slots
from tracker.curriculum.model import Card, Concept, Curriculum, Stage, Text
from tracker.progress.review_catalogue import Catalogue


def _parsed() -> Curriculum:
    layout = {f"s{s}": {f"s{s}m0": [f"s{s}t{t}" for t in range(3)]} for s in range(3)}
    plain = make_curriculum(layout)

    def stage(s: Stage) -> Stage:
        refers = ("carded",) if s.id == "s1" else ("plain",)
        module = s.modules[0]
        tasks = tuple(dataclasses.replace(t, concepts=refers) for t in module.tasks)
        return dataclasses.replace(s, modules=(dataclasses.replace(module, tasks=tasks),))

    card = Card("c1", Text.both("front"), Text.both("back"))
    concepts = (
        Concept("carded", Text.both("Carded"), Text.both("."), cards=(card,)),
        Concept("plain", Text.both("Plain"), Text.both(".")),
    )
    return Curriculum(
        id=plain.id,
        version=plain.version,
        title=plain.title,
        stages=tuple(map(stage, plain.stages)),
        concepts=concepts,
    )


def test_only_the_stages_referring_to_a_concept_with_cards_are_read() -> None:
    parsed = _parsed()
    data = cache._pack(cache._header("key"), parsed)
    assert data is not None
    hit = cache._unpack(data, "key")
    assert hit is not None
    made: list[str] = []
    original = slots.new_Task  # type: ignore[attr-defined]

    def counting(*values: object) -> object:
        made.append(str(values[0]))
        return original(*values)

    slots.new_Task = counting  # type: ignore[attr-defined]
    try:
        catalogue = Catalogue(hit)
    finally:
        slots.new_Task = original  # type: ignore[attr-defined]
    assert {task_id[:2] for task_id in made} == {"s1"}
    assert catalogue.entries == Catalogue(parsed).entries
    assert catalogue.entries["c1"].tasks == frozenset({"s1t0", "s1t1", "s1t2"})
    assert catalogue.home == Catalogue(parsed).home
