"""The curriculum as plain, frozen data: what the loader produces and every layer reads."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """A human-readable string in Simplified Chinese and English."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        """The text in ``lang``, falling back to the other language if that one is empty."""
        primary, other = (self.zh, self.en) if lang == "zh" else (self.en, self.zh)
        return primary or other

    @classmethod
    def both(cls, text: str) -> Text:
        """The same text for both languages (names, code identifiers, paper titles)."""
        return cls(zh=text, en=text)


class TaskKind(enum.StrEnum):
    """A learning point to study, or a hands-on practice task (a milestone, 实践任务)."""

    TOPIC = "topic"
    PRACTICE = "practice"


class ResourceKind(enum.StrEnum):
    """What sort of citable work a resource is."""

    PAPER = "paper"
    BOOK = "book"
    REPORT = "report"
    CASE = "case"
    SOFTWARE = "software"
    WEBSITE = "website"


@dataclass(frozen=True, slots=True)
class Resource:
    """A real, citable work that stages, tasks or concepts point to."""

    id: str
    title: Text
    kind: ResourceKind
    authors: tuple[str, ...] = ()
    year: int | None = None
    url: str | None = None
    note: Text | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated event in a concept's history, e.g. ``when="2017"``."""

    when: str
    text: Text


@dataclass(frozen=True, slots=True)
class Card:
    """A review card: a question on the front, its answer on the back (ids unique among cards)."""

    id: str
    front: Text
    back: Text


@dataclass(frozen=True, slots=True)
class Concept:
    """A short explanation (from the primer) that stages and tasks refer to by id."""

    id: str
    title: Text
    summary: Text
    points: tuple[Text, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    related: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    cards: tuple[Card, ...] = ()


@dataclass(frozen=True, slots=True)
class Task:
    """Something the learner ticks off: a topic to learn or a practice task."""

    id: str
    title: Text
    kind: TaskKind = TaskKind.TOPIC
    estimate_hours: float | None = None
    details: Text | None = None
    concepts: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    addition: bool = False
    """True when the item is not in the source material but was added by the curriculum's
    editors."""
    cards: tuple[Card, ...] = ()


@dataclass(frozen=True, slots=True)
class Module:
    """A topic group inside a stage (such as "Transformer architecture")."""

    id: str
    title: Text
    tasks: tuple[Task, ...]
    summary: Text | None = None
    addition: bool = False


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of the path, with its goal and its modules, in learning order."""

    id: str
    order: int
    title: Text
    goal: Text
    modules: tuple[Module, ...]
    concepts: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    notes: Text | None = None

    def tasks(self) -> Iterator[Task]:
        """Every task of the stage, module by module."""
        for module in self.modules:
            yield from module.tasks


@dataclass(frozen=True)
class Curriculum:
    """A whole learning path: metadata, ordered stages, concepts and resources.

    Ids of stages, modules and tasks are unique across the curriculum (progress and notes are
    stored against them); concept ids and resource ids are unique within their own kind.
    """

    id: str
    version: str
    title: Text
    stages: tuple[Stage, ...]
    concepts: tuple[Concept, ...] = ()
    resources: tuple[Resource, ...] = ()
    summary: Text | None = None
    _tasks: dict[str, Task] = field(init=False, repr=False, compare=False)
    _task_stage: dict[str, Stage] = field(init=False, repr=False, compare=False)
    _stages: dict[str, Stage] = field(init=False, repr=False, compare=False)
    _concepts: dict[str, Concept] = field(init=False, repr=False, compare=False)
    _resources: dict[str, Resource] = field(init=False, repr=False, compare=False)
    _task_list: tuple[Task, ...] = field(init=False, repr=False, compare=False)
    _cards: tuple[tuple[Card, Concept | Task], ...] | None = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        tasks: dict[str, Task] = {}
        task_stage: dict[str, Stage] = {}
        task_list: list[Task] = []
        for stage in self.stages:
            for module in stage.modules:
                task_list += module.tasks
                for task in module.tasks:
                    tasks[task.id] = task
                    task_stage[task.id] = stage
        object.__setattr__(self, "_task_list", tuple(task_list))
        object.__setattr__(self, "_cards", None)  # listed on first use
        object.__setattr__(self, "_tasks", tasks)
        object.__setattr__(self, "_task_stage", task_stage)
        object.__setattr__(self, "_stages", {s.id: s for s in self.stages})
        object.__setattr__(self, "_concepts", {c.id: c for c in self.concepts})
        object.__setattr__(self, "_resources", {r.id: r for r in self.resources})

    def tasks(self) -> Iterator[Task]:
        """Every task, stage by stage, in learning order."""
        return iter(self._task_list)

    @property
    def task_count(self) -> int:
        return len(self._tasks)

    def task(self, task_id: str) -> Task | None:
        return self._tasks.get(task_id)

    def stage(self, stage_id: str) -> Stage | None:
        return self._stages.get(stage_id)

    def stage_of(self, task_id: str) -> Stage | None:
        """The stage a task belongs to."""
        return self._task_stage.get(task_id)

    def concept(self, concept_id: str) -> Concept | None:
        return self._concepts.get(concept_id)

    def resource(self, resource_id: str) -> Resource | None:
        return self._resources.get(resource_id)

    def task_ids(self) -> frozenset[str]:
        return frozenset(self._tasks)

    def cards(self) -> Iterator[tuple[Card, Concept | Task]]:
        """Every review card with the concept or task it belongs to: concepts first, then tasks
        in learning order."""
        cards = self._cards
        if cards is None:  # listed once: a curriculum without cards would be walked each time
            found: list[tuple[Card, Concept | Task]] = []
            for concept in self.concepts:
                found += ((card, concept) for card in concept.cards)
            for task in self._task_list:
                if task.cards:
                    found += ((card, task) for card in task.cards)
            cards = tuple(found)
            object.__setattr__(self, "_cards", cards)
        return iter(cards)
