"""The review catalogue looks only at the concepts holding cards; what it gives equals what a
walk over every concept of every stage and task gives."""

from __future__ import annotations

import dataclasses

from sample_curriculum import make_curriculum

from tracker.curriculum.model import Card, Concept, Curriculum, Text
from tracker.progress.records import ItemKind
from tracker.progress.review_catalogue import Catalogue, _concept_places, _home_stage

LAYOUT = {
    "s1": {"m1": ["a", "b"], "m2": ["c"]},
    "s2": {"m3": ["d", "e"]},
    "s3": {"m4": ["f"]},
}


def _curriculum() -> Curriculum:
    """Concepts with and without cards, listed by stages and referenced by tasks."""
    plain = make_curriculum(LAYOUT)

    def concept(cid: str, cards: int) -> Concept:
        made = tuple(
            Card(f"{cid}-{n}", Text.both(f"{cid} {n}?"), Text.both("yes")) for n in range(cards)
        )
        return Concept(cid, Text.both(cid), Text.both(cid), cards=made)

    refers = {"b": ("late", "plain"), "d": ("early",), "f": ("tasks-only", "late")}
    listed = {"s1": ("plain",), "s2": ("late", "early"), "s3": ("nowhere-else",)}
    stages = tuple(
        dataclasses.replace(
            stage,
            concepts=listed.get(stage.id, ()),
            modules=tuple(
                dataclasses.replace(
                    module,
                    tasks=tuple(
                        dataclasses.replace(task, concepts=refers.get(task.id, ()))
                        for task in module.tasks
                    ),
                )
                for module in stage.modules
            ),
        )
        for stage in plain.stages
    )
    concepts = (
        concept("plain", 0),
        concept("late", 2),
        concept("early", 0),
        concept("tasks-only", 1),
        concept("nowhere-else", 0),
        concept("unused", 1),
    )
    return Curriculum(
        id=plain.id, version=plain.version, title=plain.title, stages=stages, concepts=concepts
    )


def test_the_catalogue_equals_a_walk_over_every_concept() -> None:
    curriculum = _curriculum()
    catalogue = Catalogue(curriculum)
    places = _concept_places(curriculum)  # every concept, every stage and task
    homes = {cid: _home_stage(curriculum, s, t) for cid, (s, t) in places.items()}
    assert homes == {
        "plain": "s1",
        "late": "s1",
        "early": "s2",
        "tasks-only": "s3",
        "nowhere-else": "s3",
        "unused": None,
    }
    for card, owner in curriculum.cards():
        entry = catalogue.entries[card.id]
        assert (entry.item_kind, entry.item_id) == (ItemKind.CONCEPT, owner.id)
        stages, tasks = places[owner.id]
        assert (entry.stage_id, entry.stages, entry.tasks) == (homes[owner.id], stages, tasks)
    assert set(catalogue.entries) == {"late-0", "late-1", "tasks-only-0", "unused-0"}
    # an own card on a concept without cards of its own still finds the concept's stage
    assert catalogue.stage_of(ItemKind.CONCEPT, "early") == "s2"
    assert catalogue.stage_of(ItemKind.CONCEPT, "nowhere-else") == "s3"
    assert catalogue.home == homes
