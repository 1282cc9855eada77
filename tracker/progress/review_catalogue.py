"""The review cards a curriculum holds, where each belongs, and what makes each available.

Built once per curriculum object by the review queue (``tracker.progress.review``): a concept's
cards become available once a stage listing the concept is started or a task referencing it is
done; a task's cards once its stage is started. The learner's own cards are always available.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from tracker.curriculum.model import Concept, Curriculum, Task, Text
from tracker.progress.records import ItemKind, TaskState, TaskStatus


@dataclass(frozen=True, slots=True)
class Entry:
    """A card of the catalogue and what makes it available."""

    card_id: str
    front: Text
    back: Text
    item_kind: ItemKind
    item_id: str
    stage_id: str | None
    stages: frozenset[str]  # started, any of these makes it available
    tasks: frozenset[str]  # done, any of these makes it available
    own: bool


def _concept_places(
    curriculum: Curriculum, wanted: AbstractSet[str] | None = None
) -> dict[str, tuple[set[str], set[str]]]:
    """Per concept (of ``wanted`` only, when given): the stages listing it and the tasks
    referencing it."""
    places: dict[str, tuple[set[str], set[str]]] = {
        c.id: (set(), set()) for c in curriculum.concepts if wanted is None or c.id in wanted
    }
    used = curriculum.outline().task_concepts
    for stage, concepts in zip(curriculum.stages, used, strict=True):
        for concept_id in stage.concepts:
            if wanted is None or concept_id in wanted:
                places.setdefault(concept_id, (set(), set()))[0].add(stage.id)
        if wanted is not None and wanted.isdisjoint(concepts):
            continue  # no task of the stage refers to one: its modules are not read
        for task in stage.tasks():
            for concept_id in task.concepts:
                if wanted is None or concept_id in wanted:
                    places.setdefault(concept_id, (set(), set()))[1].add(task.id)
    return places


def _home_stage(curriculum: Curriculum, stages: Iterable[str], tasks: Iterable[str]) -> str | None:
    """The earliest stage a concept belongs to (listed there, or by one of its tasks)."""
    found = [s for s in (curriculum.stage(i) for i in stages) if s is not None]
    found += [s for s in (curriculum.stage_of(t) for t in tasks) if s is not None]
    return min(found, key=lambda s: s.order).id if found else None


class Catalogue:
    """The curriculum's cards with their stage and unlock rule, built once per curriculum.

    Only the concepts holding cards are looked for in the stages and tasks (none: no pass over
    the tasks at all); the home stage of every other concept is found the first time an own
    card on one asks for it.
    """

    def __init__(self, curriculum: Curriculum) -> None:
        self.curriculum = curriculum
        self._home: dict[str, str | None] | None = None
        with_cards = {concept.id for concept in curriculum.concepts if concept.cards}
        places = _concept_places(curriculum, with_cards) if with_cards else {}
        homes = {cid: _home_stage(curriculum, s, t) for cid, (s, t) in places.items()}
        entries: dict[str, Entry] = {}
        for card, owner in curriculum.cards():
            if isinstance(owner, Concept):
                stages, tasks = places.get(owner.id, (set(), set()))
                entry = Entry(
                    card.id,
                    card.front,
                    card.back,
                    ItemKind.CONCEPT,
                    owner.id,
                    homes.get(owner.id),
                    frozenset(stages),
                    frozenset(tasks),
                    own=False,
                )
            else:
                assert isinstance(owner, Task)
                stage = curriculum.stage_of(owner.id)
                stage_id = stage.id if stage else None
                started = frozenset([stage_id]) if stage_id else frozenset()
                entry = Entry(
                    card.id,
                    card.front,
                    card.back,
                    ItemKind.TASK,
                    owner.id,
                    stage_id,
                    started,
                    frozenset(),
                    own=False,
                )
            entries[card.id] = entry
        self.entries = entries
        # Which cards each started stage and each done task makes available, for set unions.
        self.by_stage: dict[str, list[str]] = {}
        self.by_task: dict[str, list[str]] = {}
        for key, entry in entries.items():
            for stage_id in entry.stages:
                self.by_stage.setdefault(stage_id, []).append(key)
            for task_id in entry.tasks:
                self.by_task.setdefault(task_id, []).append(key)

    @property
    def home(self) -> dict[str, str | None]:
        """Per concept: its earliest stage (listed there, or by one of its tasks); found on
        first use."""
        if self._home is None:
            curriculum = self.curriculum
            self._home = {
                cid: _home_stage(curriculum, s, t)
                for cid, (s, t) in _concept_places(curriculum).items()
            }
        return self._home

    def stage_of(self, kind: ItemKind, item_id: str) -> str | None:
        if kind is ItemKind.STAGE:
            return item_id if self.curriculum.stage(item_id) else None
        if kind is ItemKind.TASK:
            stage = self.curriculum.stage_of(item_id)
            return stage.id if stage else None
        return self.home.get(item_id)

    def available_keys(
        self, known: Mapping[str, Entry], states: Mapping[str, TaskState]
    ) -> set[str]:
        """Keys of the cards among ``known`` the learner can meet with these task ``states``:
        the own ones, and those a started stage or a done task makes available."""
        keys = {key for key, entry in known.items() if entry.own}
        curriculum = self.curriculum
        started: set[str] = set()
        for task_id, state in states.items():
            if state.status in (TaskStatus.IN_PROGRESS, TaskStatus.DONE):
                stage = curriculum.stage_of(task_id)
                if stage is not None and stage.id not in started:
                    started.add(stage.id)
                    keys.update(self.by_stage.get(stage.id, ()))
            if state.status is TaskStatus.DONE:
                keys.update(self.by_task.get(task_id, ()))
        return keys
