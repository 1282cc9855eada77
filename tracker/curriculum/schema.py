"""Checks curriculum trees against the schema and builds the frozen model from them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit

from tracker.curriculum.errors import Problem
from tracker.curriculum.model import (
    Card,
    Concept,
    Curriculum,
    Module,
    Resource,
    ResourceKind,
    Stage,
    Task,
    TaskKind,
    Text,
    TimelineEntry,
)
from tracker.curriculum.scalars import (
    BOOLEAN,
    DATE,
    FLOAT,
    INTEGER,
    MAYBE_NOT_STRING,
    NULL,
    STRING,
    plain_kind,
    yaml_float,
    yaml_int,
)
from tracker.curriculum.slots import CONSTRUCTORS, new_text
from tracker.curriculum.yamltree import Broken, Map, Node, Scalar, Seq, show
from tracker.spelling import close_matches

_new_task = CONSTRUCTORS[Task]

MAX_ESTIMATE_HOURS = 10_000

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 64

_GOT = {
    STRING: "a string",
    BOOLEAN: "a boolean",
    INTEGER: "a number",
    FLOAT: "a number",
    DATE: "a date",
}


def _describe(node: Node) -> str:
    if type(node) is Map:
        return "a mapping"
    if type(node) is Seq:
        return "a list"
    assert isinstance(node, Scalar)
    kind = node.kind
    if kind == NULL:
        return "an empty value" if node.value == "" else "null"
    return _GOT[kind]


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = close_matches(word, choices, limit=1)
    return f"did you mean {show(close[0])}?" if close else ""


CURRICULUM_KEYS = ("id", "version", "title", "summary")
STAGE_KEYS = ("id", "order", "title", "goal", "notes", "concepts", "resources", "modules")
MODULE_KEYS = ("id", "title", "summary", "addition", "tasks")
TASK_KEYS = (
    "id",
    "title",
    "kind",
    "estimate_hours",
    "details",
    "concepts",
    "resources",
    "addition",
    "cards",
)
CONCEPT_KEYS = ("id", "title", "summary", "points", "timeline", "related", "resources", "cards")
CARD_KEYS = ("id", "front", "back")
TIMELINE_KEYS = ("when", "text")
RESOURCE_KEYS = ("id", "title", "kind", "authors", "year", "url", "note")
FILE_KEYS = ("curriculum", "stages", "concepts", "resources")
TEXT_KEYS = ("zh", "en")

_Choice = TypeVar("_Choice", bound=StrEnum)
_Item = TypeVar("_Item")


@dataclass
class Place:
    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Index:
    """What all files together define and refer to, checked once every file has been read."""

    problems: list[Problem] = field(default_factory=list)
    items: dict[str, tuple[str, Place]] = field(default_factory=dict)  # stage/module/task ids
    concepts: dict[str, Place] = field(default_factory=dict)
    resources: dict[str, Place] = field(default_factory=dict)
    cards: dict[str, Place] = field(default_factory=dict)
    references: list[tuple[str, str, Place]] = field(default_factory=list)  # (kind, id, place)
    orders: dict[int, Place] = field(default_factory=dict)
    headers: list[tuple[Node, Place]] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    concept_list: list[Concept] = field(default_factory=list)
    resource_list: list[Resource] = field(default_factory=list)
    good_ids: set[str] = field(default_factory=set)  # ids already found well-formed


class FileChecker:
    """Checks one file's tree against the schema, recording ids, references and problems."""

    def __init__(self, file: str, index: Index) -> None:
        self.file = file
        self.index = index

    def report(self, node: Node, message: str) -> None:
        if type(node) is Broken:
            return
        self.index.problems.append(Problem(self.file, node.line, node.col, message))

    def place(self, node: Node) -> Place:
        return Place(self.file, node.line, node.col)

    # -- generic shapes --------------------------------------------------------------------

    def fields(
        self, node: Node, what: str, keys: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, Node] | None:
        """The mapping's values by key; unknown and missing keys are reported."""
        if type(node) is not Map:
            self.report(node, f"expected a {what} (a mapping), got {_describe(node)}")
            return None
        values: dict[str, Node] = {}
        for key, (key_node, value) in node.items.items():
            if key in keys:
                values[key] = value
                continue
            hint = _suggest(key, keys)
            hint = f"{hint} " if hint else ""
            expected = ", ".join(keys)
            self.report(
                key_node, f"unknown key {show(key)} in {what}; {hint}expected one of {expected}"
            )
        for key in required:
            if key not in values:
                ident = values.get("id")
                name = f" {show(ident.value)}" if type(ident) is Scalar else ""
                self.report(node, f"{what}{name} is missing required key {show(key)}")
        return values

    def items(self, node: Node, what: str) -> list[Node]:
        if type(node) is not Seq:
            self.report(node, f"expected a list of {what}, got {_describe(node)}")
            return []
        return node.items

    def checked_string(self, node: Node, what: str) -> str | None:
        """A string value, or None (reported) for anything else, including unquoted scalars
        that YAML would read as another type (``no``, ``1.10``, ``2017``)."""
        if type(node) is not Scalar:
            self.report(node, f"expected {what}, got {_describe(node)}")
            return None
        value = node.value
        if node.plain and not (value and value[0] not in MAYBE_NOT_STRING):
            kind = plain_kind(value)
            if kind != STRING:
                hint = "" if kind == NULL else "; quote it"
                self.report(node, f"expected {what}, got {_describe(node)}{hint}")
                return None
        return value

    def string(self, node: Node, what: str = "a string") -> str:
        return self.checked_string(node, what) or ""

    def nonempty(self, node: Node, what: str = "a string") -> str:
        value = self.checked_string(node, what)
        if value is None:
            return ""
        if not value.strip():
            self.report(node, f"expected {what}, got an empty string")
        return value

    def ident(self, node: Node) -> str:
        value = self.string(node, "an id (a string)")
        if value in self.index.good_ids:
            return value
        if value and (len(value) > MAX_ID_LENGTH or not ID_PATTERN.fullmatch(value)):
            self.report(
                node,
                f"bad id {show(value)}: use lowercase letters, digits and single hyphens "
                f"(like 'self-attention'), at most {MAX_ID_LENGTH} characters",
            )
        elif value:
            self.index.good_ids.add(value)
        return value

    def text(self, node: Node) -> Text:
        """``{zh: ..., en: ...}`` or one string meaning both."""
        what = "text (a string or {zh: ..., en: ...})"
        if type(node) is Map:
            items = node.items
            if len(items) == 2 and "zh" in items and "en" in items:
                zh_node, en_node = items["zh"][1], items["en"][1]
                # Exactly what the checks below accept without a word: two strings with
                # something in them (a plain scalar only if it cannot read as another type).
                if (
                    type(zh_node) is Scalar
                    and type(en_node) is Scalar
                    and (zh := zh_node.value).strip()
                    and (en := en_node.value).strip()
                    and (not zh_node.plain or zh[0] not in MAYBE_NOT_STRING)
                    and (not en_node.plain or en[0] not in MAYBE_NOT_STRING)
                ):
                    return new_text(zh, en)
            values = self.fields(node, "text", TEXT_KEYS, TEXT_KEYS)
            if values is None:
                return Text("", "")
            zh = self.nonempty(values["zh"], "the Chinese text") if "zh" in values else ""
            en = self.nonempty(values["en"], "the English text") if "en" in values else ""
            return new_text(zh, en)
        value = self.nonempty(node, what)
        return new_text(value, value)

    def wrong_type(self, node: Node, what: str, kinds: tuple[str, ...]) -> None:
        quoted = type(node) is Scalar and not node.plain and plain_kind(node.value) in kinds
        hint = "; remove the quotes" if quoted else ""
        self.report(node, f"expected {what}, got {_describe(node)}{hint}")

    def integer(self, node: Node, what: str = "an integer") -> int | None:
        if type(node) is not Scalar or not node.plain or node.kind != INTEGER:
            self.wrong_type(node, what, (INTEGER,))
            return None
        try:
            return yaml_int(node.value)
        except ValueError:
            self.report(node, f"expected {what}, got {show(node.value)}")
            return None

    def number(self, node: Node, what: str = "a number") -> float | None:
        if type(node) is not Scalar or not node.plain or node.kind not in (INTEGER, FLOAT):
            self.wrong_type(node, what, (INTEGER, FLOAT))
            return None
        try:
            return float(yaml_int(node.value)) if node.kind == INTEGER else yaml_float(node.value)
        except (ValueError, OverflowError):
            self.report(node, f"expected {what}, got {show(node.value)}")
            return None

    def boolean(self, node: Node) -> bool:
        if type(node) is not Scalar or not node.plain or node.kind != BOOLEAN:
            self.wrong_type(node, "true or false", (BOOLEAN,))
            return False
        return node.value.lower() in ("yes", "true", "on")

    def choice(self, node: Node, choices: type[_Choice], default: _Choice) -> _Choice:
        names = [member.value for member in choices]
        value = self.string(node, "one of " + ", ".join(names))
        if not value:
            return default
        if value not in names:
            hint = _suggest(value, names)
            hint = f"; {hint}" if hint else ""
            self.report(node, f"expected one of {', '.join(names)}, got {show(value)}{hint}")
            return default
        return choices(value)

    def references(self, node: Node, kind: str) -> tuple[str, ...]:
        """A list of concept or resource ids, each checked once all files are read."""
        ids = []
        for item in self.items(node, f"{kind} ids"):
            ident = self.ident(item)
            if ident:
                ids.append(ident)
                self.index.references.append((kind, ident, self.place(item)))
        return tuple(ids)

    def listed(self, node: Node, what: str, build: Callable[[Node], _Item]) -> tuple[_Item, ...]:
        return tuple(build(item) for item in self.items(node, what))

    # -- ids ---------------------------------------------------------------------------------

    def define(self, values: dict[str, Node], what: str) -> str:
        node = values.get("id")
        if node is None:
            return ""
        ident = self.ident(node)
        if not ident:
            return ident
        index = self.index
        place = self.place(node)
        if what in ("concept", "resource", "card"):
            known = {"concept": index.concepts, "resource": index.resources, "card": index.cards}[
                what
            ]
            first = known.get(ident)
            if first is None:
                known[ident] = place
                return ident
            previous = what
        else:
            found = index.items.get(ident)
            if found is None:
                index.items[ident] = (what, place)
                return ident
            previous, first = found
        self.report(node, f"duplicate id {show(ident)}: already the id of a {previous} at {first}")
        return ident

    # -- the schema --------------------------------------------------------------------------

    def check_file(self, root: Node | None) -> bool:
        """Checks a whole file; False when it is not a mapping (so its content is unknown)."""
        if root is None:  # an empty file (or only comments) adds nothing
            return True
        values = self.fields(root, "curriculum file", FILE_KEYS, ())
        if values is None or type(root) is not Map:
            return False
        index = self.index
        if "curriculum" in values:
            index.headers.append((values["curriculum"], self.place(root.items["curriculum"][0])))
        if "stages" in values:
            index.stages.extend(self.listed(values["stages"], "stages", self.stage))
        if "concepts" in values:
            index.concept_list.extend(self.listed(values["concepts"], "concepts", self.concept))
        if "resources" in values:
            index.resource_list.extend(self.listed(values["resources"], "resources", self.resource))
        return True

    def header(self, node: Node) -> tuple[str, str, Text, Text | None]:
        values = self.fields(node, "curriculum header", CURRICULUM_KEYS, CURRICULUM_KEYS[:3]) or {}
        ident = self.ident(values["id"]) if "id" in values else ""
        version = (
            self.nonempty(values["version"], "a version string") if "version" in values else ""
        )
        title = self.text(values["title"]) if "title" in values else Text("", "")
        summary = self.text(values["summary"]) if "summary" in values else None
        return ident, version, title, summary

    def stage(self, node: Node) -> Stage:
        values = self.fields(node, "stage", STAGE_KEYS, ("id", "order", "title", "goal", "modules"))
        values = values or {}
        ident = self.define(values, "stage")
        order = self.order(values["order"]) if "order" in values else 0
        modules: tuple[Module, ...] = ()
        if "modules" in values:
            modules = self.listed(values["modules"], "modules", self.module)
            if not modules and type(values["modules"]) is Seq:
                self.report(values["modules"], f"stage {show(ident)} has no modules")
        return Stage(
            id=ident,
            order=order,
            title=self.text(values["title"]) if "title" in values else Text("", ""),
            goal=self.text(values["goal"]) if "goal" in values else Text("", ""),
            modules=modules,
            concepts=self.references(values["concepts"], "concept") if "concepts" in values else (),
            resources=self.references(values["resources"], "resource")
            if "resources" in values
            else (),
            notes=self.text(values["notes"]) if "notes" in values else None,
        )

    def order(self, node: Node) -> int:
        order = self.integer(node, "an integer >= 1 (the stage's place in the path)")
        if order is None:
            return 0
        if order < 1:
            self.report(node, f"a stage's order must be at least 1, got {order}")
            return 0
        first = self.index.orders.get(order)
        if first is not None:
            self.report(node, f"another stage already has order {order} (at {first})")
        else:
            self.index.orders[order] = self.place(node)
        return order

    def module(self, node: Node) -> Module:
        values = self.fields(node, "module", MODULE_KEYS, ("id", "title", "tasks")) or {}
        ident = self.define(values, "module")
        tasks: tuple[Task, ...] = ()
        if "tasks" in values:
            tasks = self.listed(values["tasks"], "tasks", self.task)
            if not tasks and type(values["tasks"]) is Seq:
                self.report(values["tasks"], f"module {show(ident)} has no tasks")
        return Module(
            id=ident,
            title=self.text(values["title"]) if "title" in values else Text("", ""),
            tasks=tasks,
            summary=self.text(values["summary"]) if "summary" in values else None,
            addition=self.boolean(values["addition"]) if "addition" in values else False,
        )

    def task(self, node: Node) -> Task:
        values = self.fields(node, "task", TASK_KEYS, ("id", "title")) or {}
        hours = None
        if "estimate_hours" in values:
            hours = self.number(values["estimate_hours"], "a number of hours")
            if hours is not None and not (0 < hours <= MAX_ESTIMATE_HOURS):
                limit = f"more than 0 and at most {MAX_ESTIMATE_HOURS}"
                self.report(
                    values["estimate_hours"], f"estimate_hours must be {limit}, got {hours:g}"
                )
        # Task's fields in order, each checked in that order (as keyword arguments were).
        task: Task = _new_task(
            self.define(values, "task"),
            self.text(values["title"]) if "title" in values else Text("", ""),
            self.choice(values["kind"], TaskKind, TaskKind.TOPIC)
            if "kind" in values
            else TaskKind.TOPIC,
            hours,
            self.text(values["details"]) if "details" in values else None,
            self.references(values["concepts"], "concept") if "concepts" in values else (),
            self.references(values["resources"], "resource") if "resources" in values else (),
            self.boolean(values["addition"]) if "addition" in values else False,
            self.listed(values["cards"], "cards", self.card) if "cards" in values else (),
        )
        return task

    def card(self, node: Node) -> Card:
        values = self.fields(node, "card", CARD_KEYS, CARD_KEYS) or {}
        return Card(
            id=self.define(values, "card"),
            front=self.text(values["front"]) if "front" in values else Text("", ""),
            back=self.text(values["back"]) if "back" in values else Text("", ""),
        )

    def concept(self, node: Node) -> Concept:
        values = self.fields(node, "concept", CONCEPT_KEYS, ("id", "title", "summary")) or {}
        return Concept(
            id=self.define(values, "concept"),
            title=self.text(values["title"]) if "title" in values else Text("", ""),
            summary=self.text(values["summary"]) if "summary" in values else Text("", ""),
            points=self.listed(values["points"], "texts", self.text) if "points" in values else (),
            timeline=self.listed(values["timeline"], "timeline entries", self.event)
            if "timeline" in values
            else (),
            related=self.references(values["related"], "concept") if "related" in values else (),
            resources=self.references(values["resources"], "resource")
            if "resources" in values
            else (),
            cards=self.listed(values["cards"], "cards", self.card) if "cards" in values else (),
        )

    def event(self, node: Node) -> TimelineEntry:
        values = self.fields(node, "timeline entry", TIMELINE_KEYS, TIMELINE_KEYS) or {}
        return TimelineEntry(
            when=self.nonempty(values["when"], "a string (the date or period)")
            if "when" in values
            else "",
            text=self.text(values["text"]) if "text" in values else Text("", ""),
        )

    def resource(self, node: Node) -> Resource:
        values = self.fields(node, "resource", RESOURCE_KEYS, ("id", "title", "kind")) or {}
        url = None
        if "url" in values:
            url = self.string(values["url"], "a URL (a string)")
            if url and not _is_web_url(url):
                self.report(values["url"], f"expected an http:// or https:// URL, got {show(url)}")
        return Resource(
            id=self.define(values, "resource"),
            title=self.text(values["title"]) if "title" in values else Text("", ""),
            kind=self.choice(values["kind"], ResourceKind, ResourceKind.WEBSITE)
            if "kind" in values
            else ResourceKind.WEBSITE,
            authors=self.listed(values["authors"], "author names", self.nonempty)
            if "authors" in values
            else (),
            year=self.integer(values["year"], "an integer (the year)")
            if "year" in values
            else None,
            url=url,
            note=self.text(values["note"]) if "note" in values else None,
        )


def _is_web_url(url: str) -> bool:
    if any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


# ---------------------------------------------------------------------------------------------
# The checks across files, and the model


def assemble(index: Index, first_file: str, complete: bool) -> Curriculum:
    """The checks that need every file, then the model (only returned if nothing was wrong)."""
    problems = index.problems
    ident, version, title, summary = "", "", Text("", ""), None
    if index.headers:
        node, place = index.headers[0]
        ident, version, title, summary = FileChecker(place.file, index).header(node)
        for _, extra in index.headers[1:]:
            message = f"a second 'curriculum:' header (the first is at {place}); keep only one"
            problems.append(Problem(extra.file, extra.line, extra.col, message))
    if complete:
        if not index.headers:
            message = "no 'curriculum:' header (with id, version and title) in any file"
            problems.append(Problem(first_file, 1, 1, message))
        if not index.stages:
            where = index.headers[0][1] if index.headers else Place(first_file, 1, 1)
            message = "the curriculum has no stages; add a 'stages:' list"
            problems.append(Problem(where.file, where.line, where.col, message))
        _check_references(index)
    return Curriculum(
        id=ident,
        version=version,
        title=title,
        summary=summary,
        stages=tuple(sorted(index.stages, key=lambda stage: stage.order)),
        concepts=tuple(index.concept_list),
        resources=tuple(index.resource_list),
    )


def _check_references(index: Index) -> None:
    for kind, ident, place in index.references:
        known = index.concepts if kind == "concept" else index.resources
        if ident in known:
            continue
        hint = _suggest(ident, list(known))
        hint = f"; {hint}" if hint else ""
        message = f"unknown {kind} {show(ident)}{hint}"
        index.problems.append(Problem(place.file, place.line, place.col, message))
