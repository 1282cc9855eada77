"""The curriculum as plain, frozen data: what the loader produces and every layer reads."""

from __future__ import annotations

import enum
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal

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

    A curriculum read back from the cache may hold some of its parts as :class:`Deferred`
    (each stage's modules, the concepts, the resources): they are read on first access, so
    every attribute and method gives what a parsed curriculum gives.
    """

    id: str
    version: str
    title: Text
    stages: tuple[Stage, ...]
    concepts: tuple[Concept, ...] = ()
    resources: tuple[Resource, ...] = ()
    summary: Text | None = None
    _tasks: dict[str, Task] = field(init=False, repr=False, compare=False)
    _task_stage: dict[str, Stage] | None = field(init=False, repr=False, compare=False)
    _stages: dict[str, Stage] = field(init=False, repr=False, compare=False)
    _concepts: dict[str, Concept] | None = field(init=False, repr=False, compare=False)
    _resources: dict[str, Resource] | None = field(init=False, repr=False, compare=False)
    _task_list: tuple[Task, ...] | None = field(init=False, repr=False, compare=False)
    _cards: tuple[tuple[Card, Concept | Task], ...] | None = field(
        init=False, repr=False, compare=False
    )
    _outline: Outline | None = field(init=False, repr=False, compare=False)

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
        object.__setattr__(self, "_concepts", None)  # indexed on first use
        object.__setattr__(self, "_resources", None)
        object.__setattr__(self, "_outline", None)

    @classmethod
    def outlined(  # noqa: PLR0917 - every field of the class, in field order
        cls,
        id: str,
        version: str,
        title: Text,
        stages: tuple[Stage, ...],
        concepts: tuple[Concept, ...] | Deferred,
        resources: tuple[Resource, ...] | Deferred,
        summary: Text | None,
        outline: Outline,
    ) -> Curriculum:
        """A curriculum whose stages' modules, concepts and resources may be :class:`Deferred`,
        with an ``outline`` of what it holds so that counts, ids and "which stage" need none of
        them read.

        The outline must describe exactly those parts (the cache writes both from one curriculum).
        """
        made = object.__new__(cls)
        setter = object.__setattr__
        for name, value in (
            ("id", id),
            ("version", version),
            ("title", title),
            ("stages", stages),
            ("concepts", concepts),
            ("resources", resources),
            ("summary", summary),
            ("_tasks", {}),
            ("_task_stage", None),
            ("_stages", {s.id: s for s in stages}),
            ("_concepts", None),
            ("_resources", None),
            ("_task_list", None),
            ("_cards", None),
            ("_outline", outline),
        ):
            setter(made, name, value)
        return made

    def outline(self) -> Outline:
        """Task ids per stage, the task count and where the cards are, without reading a part."""
        found = self._outline
        if found is None:
            found = Outline.of(self)
            object.__setattr__(self, "_outline", found)
        return found

    def read_all(self) -> Curriculum:
        """Read every deferred part now (nothing to do for a parsed curriculum), so that a
        thread that must not wait (the UI's) never reads one; returns the curriculum."""
        for stage in self.stages:
            _ = stage.modules
        _ = self.concepts, self.resources
        return self

    def tasks(self) -> Iterator[Task]:
        """Every task, stage by stage, in learning order."""
        found = self._task_list
        if found is None:
            found = tuple(task for stage in self.stages for task in stage.tasks())
            object.__setattr__(self, "_task_list", found)
        return iter(found)

    @property
    def task_count(self) -> int:
        outline = self._outline
        return len(self._tasks) if outline is None else outline.task_count

    def task(self, task_id: str) -> Task | None:
        found = self._tasks.get(task_id)
        if found is None and self._outline is not None:
            stage = self.stage_of(task_id)
            if stage is not None:
                with _READING:
                    tasks = self._tasks
                    for task in stage.tasks():
                        tasks[task.id] = task
                found = tasks.get(task_id)
        return found

    def stage(self, stage_id: str) -> Stage | None:
        return self._stages.get(stage_id)

    def stage_of(self, task_id: str) -> Stage | None:
        """The stage a task belongs to."""
        return self._stage_by_task().get(task_id)

    def _stage_by_task(self) -> dict[str, Stage]:
        found = self._task_stage
        if found is None:  # from the outline: no stage's modules read
            found = {
                task: stage
                for stage, ids in zip(self.stages, self.outline().task_ids, strict=True)
                for task in ids
            }
            object.__setattr__(self, "_task_stage", found)
        return found

    def concept(self, concept_id: str) -> Concept | None:
        found = self._concepts
        if found is None:
            found = {c.id: c for c in self.concepts}
            object.__setattr__(self, "_concepts", found)
        return found.get(concept_id)

    def resource(self, resource_id: str) -> Resource | None:
        found = self._resources
        if found is None:
            found = {r.id: r for r in self.resources}
            object.__setattr__(self, "_resources", found)
        return found.get(resource_id)

    def task_ids(self) -> frozenset[str]:
        return frozenset(self._stage_by_task())

    def cards(self) -> Iterator[tuple[Card, Concept | Task]]:
        """Every review card with the concept or task it belongs to: concepts first, then tasks
        in learning order."""
        cards = self._cards
        if cards is None:  # listed once: a curriculum without cards would be walked each time
            outline = self.outline()
            found: list[tuple[Card, Concept | Task]] = []
            if outline.concept_cards:
                for concept in self.concepts:
                    found += ((card, concept) for card in concept.cards)
            for stage, has_cards in zip(self.stages, outline.card_stages, strict=True):
                if has_cards:
                    for task in stage.tasks():
                        if task.cards:
                            found += ((card, task) for card in task.cards)
            cards = tuple(found)
            object.__setattr__(self, "_cards", cards)
        return iter(cards)


HEAD_TASKS = 12
"""How many of each stage's first tasks the outline holds."""


@dataclass(frozen=True, slots=True)
class Outline:
    """What a curriculum holds, in a form that is cheap to keep and to read back: the task ids of
    each stage in learning order (each stage's ids joined by newlines, which no id contains),
    whether each stage's tasks hold any card, and whether any concept does; and, per stage, what
    its roll-ups need: its modules' ids and sizes, how many of its tasks have each
    ``estimate_hours`` (``None`` for unset; ``1`` and ``1.0`` counted together), how many of
    those estimates are ``int``, its first :data:`HEAD_TASKS` tasks (equal to, though read
    back not the same objects as, those its modules hold), so that what to do next in a stage
    barely started needs none of its modules read, and the concept ids its tasks refer to
    (sorted), so that finding where the concepts holding cards are used reads only those
    stages."""

    joined_task_ids: tuple[str, ...]
    card_stages: tuple[bool, ...]
    concept_cards: bool
    task_count: int
    module_ids: tuple[tuple[str, ...], ...]
    module_sizes: tuple[tuple[int, ...], ...]
    hours: tuple[tuple[tuple[float | None, int], ...], ...]
    whole_hours: tuple[int, ...]
    heads: tuple[tuple[Task, ...], ...]
    task_concepts: tuple[tuple[str, ...], ...]

    @property
    def task_ids(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(joined.split("\n")) if joined else () for joined in self.joined_task_ids)

    @classmethod
    def of(cls, curriculum: Curriculum) -> Outline:
        joined = []
        card_stages = []
        module_ids = []
        module_sizes = []
        hours = []
        whole_hours = []
        heads = []
        task_concepts = []
        count = 0
        for stage in curriculum.stages:
            ids = [task.id for task in stage.tasks()]
            count += len(ids)
            joined.append("\n".join(ids))
            card_stages.append(any(task.cards for task in stage.tasks()))
            module_ids.append(tuple(module.id for module in stage.modules))
            module_sizes.append(tuple(len(module.tasks) for module in stage.modules))
            estimates = [task.estimate_hours for task in stage.tasks()]
            hours.append(tuple(Counter(estimates).items()))
            whole_hours.append(sum(isinstance(each, int) for each in estimates))
            heads.append(tuple(islice(stage.tasks(), HEAD_TASKS)))
            task_concepts.append(
                tuple(sorted({c for task in stage.tasks() for c in task.concepts}))
            )
        return cls(
            tuple(joined),
            tuple(card_stages),
            any(concept.cards for concept in curriculum.concepts),
            count,
            tuple(module_ids),
            tuple(module_sizes),
            tuple(hours),
            tuple(whole_hours),
            tuple(heads),
            tuple(task_concepts),
        )


_READING = threading.RLock()
"""Held while a deferred part is read, so that two threads reading the same part get the same
objects."""


class Deferred:
    """A part of a curriculum not read yet: ``load()`` gives it (once; it then replaces this)."""

    __slots__ = ("load",)

    def __init__(self, load: Callable[[], Any]) -> None:
        self.load = load


class _Deferrable:
    """A field that may hold a :class:`Deferred`, replaced by the part it reads on first access.

    Wraps the field's own storage: a slot's descriptor, or the instance dictionary.
    """

    __slots__ = ("_get", "_set")

    def __init__(self, cls: type, name: str) -> None:
        slot = vars(cls).get(name)
        if slot is not None and hasattr(slot, "__set__"):
            self._get: Callable[[Any, Any], Any] = slot.__get__
            self._set: Callable[[Any, Any], None] = slot.__set__
        else:

            def get(obj: Any, owner: Any) -> Any:
                try:
                    return obj.__dict__[name]
                except KeyError:
                    raise AttributeError(name) from None

            def put(obj: Any, value: Any) -> None:
                obj.__dict__[name] = value

            self._get, self._set = get, put

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        value = self._get(obj, owner)
        if type(value) is Deferred:
            with _READING:
                value = self._get(obj, owner)
                if type(value) is Deferred:
                    value = value.load()
                    self._set(obj, value)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        self._set(obj, value)


Stage.modules = _Deferrable(Stage, "modules")  # type: ignore[assignment,misc]
Curriculum.concepts = _Deferrable(Curriculum, "concepts")  # type: ignore[assignment]
Curriculum.resources = _Deferrable(Curriculum, "resources")  # type: ignore[assignment]
