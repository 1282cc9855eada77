"""Reads curriculum YAML into the frozen model, reporting every problem as FILE:LINE:COL.

The YAML is read as a stream of libyaml parser events into a small tree of our own that keeps
each value's line and column. PyYAML's constructor is never used: it follows aliases (alias
bombs), obeys tags (``!!python/...``), keeps the last of two duplicate keys silently, and turns
``no`` into ``False`` and ``1.10`` into ``1.1`` before we could object. Here the schema decides
what a scalar means, and every refusal is a ``Problem``.
"""

from __future__ import annotations

import codecs
import gc
import math
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlsplit

import yaml

from tracker.curriculum.errors import CurriculumError, Problem
from tracker.curriculum.model import (
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

MAX_FILE_BYTES = 8 * 1024 * 1024
"""A single YAML file larger than this is refused (split a big curriculum into several files)."""
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_FILES = 1000
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings; the real schema needs fewer than ten levels."""
MAX_NODES = 5_000_000
"""Scalars, lists and mappings across all files (a 100,000-task curriculum has about 2.3M)."""
MAX_ESTIMATE_HOURS = 10_000

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 64

# libyaml's parser when PyYAML was built with it (about eight times faster); pure Python otherwise.
_YamlLoader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

# Everything YAML 1.1 accepts as a character; anything else is reported by us with a position.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

# How YAML 1.1 (and so PyYAML) would read a plain, unquoted scalar.
_NULL = re.compile(r"(?:~|null|Null|NULL|)")
_BOOL = re.compile(
    r"(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)"
)
_INT = re.compile(
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
)
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}"
    r":[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
_MAYBE_NOT_STRING = frozenset("-+.0123456789~nNtTfFyYoO")

STRING, NULL, BOOLEAN = "string", "null", "boolean"
INTEGER, FLOAT, DATE = "integer", "float", "date"


def plain_kind(value: str) -> str:
    """What YAML would make of an unquoted scalar: ``string``, ``null``, ``boolean``, ``integer``,
    ``float`` or ``date``."""
    if value and value[0] not in _MAYBE_NOT_STRING:
        return STRING
    for kind, pattern in (
        (NULL, _NULL),
        (BOOLEAN, _BOOL),
        (INTEGER, _INT),
        (FLOAT, _FLOAT),
        (DATE, _DATE),
    ):
        if pattern.fullmatch(value):
            return kind
    return STRING


# ---------------------------------------------------------------------------------------------
# The light YAML tree


class _Node:
    __slots__ = ("col", "line")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col


class _Scalar(_Node):
    __slots__ = ("plain", "value")

    def __init__(self, line: int, col: int, value: str, plain: bool) -> None:
        self.line = line  # not through super(): this runs once per scalar of a large file
        self.col = col
        self.value = value
        self.plain = plain  # unquoted, so YAML's implicit typing applies

    @property
    def kind(self) -> str:
        return plain_kind(self.value) if self.plain else STRING


class _Map(_Node):
    __slots__ = ("items", "pending_key")

    def __init__(self, line: int, col: int) -> None:
        super().__init__(line, col)
        self.items: dict[str, tuple[_Scalar, _Node]] = {}
        self.pending_key: _Scalar | None = None  # while building: the key awaiting its value


class _Seq(_Node):
    __slots__ = ("items",)

    def __init__(self, line: int, col: int) -> None:
        super().__init__(line, col)
        self.items: list[_Node] = []


class _StopReadingError(Exception):
    """Reading this file cannot usefully go on (unsafe or absurd input)."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


class _Broken(_Scalar):
    """Stands for an alias: already reported, so nothing said about it later is worth saying."""

    __slots__ = ()


_SKIP = _Scalar(0, 0, "", False)  # stands for a key we refused, so its value is dropped
_ALIAS_MESSAGE = "YAML aliases (*name) are not allowed; write the value out"


@dataclass
class _Budget:
    """Limits shared by all the files of one curriculum."""

    nodes: int = MAX_NODES
    bytes: int = MAX_TOTAL_BYTES


class _TreeBuilder:
    """Turns one file's parser events into a tree, refusing aliases, tags and duplicate keys."""

    def __init__(self, file: str, problems: list[Problem], budget: _Budget) -> None:
        self.file = file
        self.problems = problems
        self.budget = budget
        self.lossy = False  # something was left out (an alias), so the file's content is partial
        self.failed = False  # the file could not be read to the end

    def report(self, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, col, message))

    def build(self, text: str) -> _Node | None:
        """The document's root node, or None when the file is empty or unusable (reported)."""
        parser = _YamlLoader(text)
        self.failed = True
        try:
            root = self._walk(parser)
            self.failed = False
            return root
        except _StopReadingError as stop:
            self.report(stop.line, stop.col, stop.message)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            message = error.problem or error.context or "not valid YAML"
            if error.context and error.context_mark and error.problem:
                start = error.context_mark
                message += f" ({error.context} at line {start.line + 1}, column {start.column + 1})"
            self.report(line, col, f"YAML syntax error: {_one_line(message)}")
        except yaml.YAMLError as error:
            position = getattr(error, "position", None)
            line, col = _line_col(text, position) if isinstance(position, int) else (1, 1)
            self.report(line, col, f"YAML error: {_one_line(str(error))}")
        except RecursionError:
            self.report(1, 1, "the YAML is nested too deeply to read")
        finally:
            parser.dispose()
        return None

    def _walk(self, parser: Any) -> _Node | None:  # noqa: PLR0915 (one flat loop is fastest)
        # The hot loop of a load: one pass over the events, with the common cases inlined.
        root: _Node | None = None
        open_nodes: list[_Map | _Seq] = []
        documents = 0
        get_event = parser.get_event
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        budget = self.budget
        while True:
            event = get_event()
            kind = type(event)
            node: _Node
            if kind is scalar_event:
                mark = event.start_mark
                node = _Scalar(mark.line + 1, mark.column + 1, event.value, event.implicit[0])
                if event.anchor is not None or event.tag is not None:
                    self._check_anchor_and_tag(event, node)
            elif kind is mapping_end or kind is sequence_end:
                node = open_nodes.pop()
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                node = (_Map if kind is mapping_start else _Seq)(mark.line + 1, mark.column + 1)
                if event.anchor is not None or event.tag is not None:
                    self._check_anchor_and_tag(event, node)
                if len(open_nodes) >= MAX_DEPTH:
                    message = f"nested more than {MAX_DEPTH} levels deep"
                    raise _StopReadingError(node.line, node.col, message)
                budget.nodes -= 1
                open_nodes.append(node)
                continue
            elif kind is alias_event:
                # Never followed (that is what makes alias bombs explode); the file is read on
                # so that its other problems are reported too.
                mark = event.start_mark
                node = _Broken(mark.line + 1, mark.column + 1, "", False)
                self.report(node.line, node.col, _ALIAS_MESSAGE)
                self.lossy = True
            elif event is None or kind is yaml.StreamEndEvent:
                return root
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    message = "a second YAML document ('---'); use one per file"
                    raise _StopReadingError(mark.line + 1, mark.column + 1, message)
                continue
            else:  # stream start, document end
                continue
            if kind is not mapping_end and kind is not sequence_end:
                budget.nodes -= 1
                if budget.nodes < 0:
                    message = f"too many YAML values in the curriculum (the limit is {MAX_NODES:,})"
                    raise _StopReadingError(node.line, node.col, message)
            if not open_nodes:
                root = node
                continue
            parent = open_nodes[-1]
            if type(parent) is _Seq:
                parent.items.append(node)
                continue
            assert isinstance(parent, _Map)
            key = parent.pending_key
            if key is None and type(node) is _Scalar:
                parent.pending_key = node
            elif key is not None and key is not _SKIP and key.value not in parent.items:
                parent.items[key.value] = (key, node)
                parent.pending_key = None
            else:
                self._attach_rarely(parent, node)

    def _attach_rarely(self, parent: _Map, node: _Node) -> None:
        """The mapping cases that are mistakes: a key that is not a string, a duplicate key."""
        key = parent.pending_key
        if key is None:  # this node is a key
            if type(node) is not _Broken:
                self.report(node.line, node.col, "mapping keys must be plain strings")
            parent.pending_key = _SKIP
            return
        parent.pending_key = None
        if key is _SKIP:
            return
        first = parent.items[key.value][0]
        where = f"line {first.line}, column {first.col}"
        self.report(key.line, key.col, f"duplicate key {_show(key.value)} (first at {where})")

    def _check_anchor_and_tag(self, event: Any, node: _Node) -> None:
        if event.anchor is not None:
            message = "YAML anchors (&name) are not allowed; write the value out"
            self.report(node.line, node.col, message)
        if event.tag is not None:
            self.report(
                node.line, node.col, f"YAML tags are not allowed (found {_show(event.tag)})"
            )


# ---------------------------------------------------------------------------------------------
# Reading files


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    index = max(0, min(index, len(text)))
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _decode(file: str, data: bytes, problems: list[Problem]) -> str | None:
    """Strict UTF-8 (a BOM is allowed and dropped); None, with a problem, for anything else."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        col = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        byte = data[error.start]
        message = f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8"
        problems.append(Problem(file, line, col, message))
        return None
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line, col = _line_col(text, bad.start())
        message = f"character U+{ord(bad.group()):04X} is not allowed in YAML"
        problems.append(Problem(file, line, col, message))
        return None
    return text


def _read(file: str, problems: list[Problem], budget: _Budget) -> bytes | None:
    try:
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode):
            problems.append(Problem(file, 1, 1, "not a regular file"))
            return None
        if info.st_size > MAX_FILE_BYTES:
            problems.append(Problem(file, 1, 1, _too_big(info.st_size)))
            return None
        with open(file, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        problems.append(Problem(file, 1, 1, f"cannot read the file: {error.strerror or error}"))
        return None
    if len(data) > MAX_FILE_BYTES:  # it grew while we looked
        problems.append(Problem(file, 1, 1, _too_big(len(data))))
        return None
    budget.bytes -= len(data)
    if budget.bytes < 0:
        limit = MAX_TOTAL_BYTES // (1024 * 1024)
        problems.append(
            Problem(file, 1, 1, f"the curriculum's files add up to more than {limit} MiB")
        )
        return None
    return data


def _too_big(size: int) -> str:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    return (
        f"file is too large ({size:,} bytes; the limit is {limit} MiB): split it into several files"
    )


def _curriculum_files(path: str, problems: list[Problem]) -> list[str]:
    """The YAML files to read, in name order; a problem (and no files) when there are none."""
    try:
        info = os.stat(path)
    except OSError as error:
        reason = (
            "no such file or folder" if isinstance(error, FileNotFoundError) else error.strerror
        )
        problems.append(Problem(path, 1, 1, f"cannot open the curriculum: {reason or error}"))
        return []
    if not stat.S_ISDIR(info.st_mode):
        return [path]
    try:
        with os.scandir(path) as entries:
            names = sorted(
                entry.name
                for entry in entries
                if entry.name.endswith(".yaml") and not entry.name.startswith(".")
            )
    except OSError as error:
        problems.append(Problem(path, 1, 1, f"cannot list the folder: {error.strerror or error}"))
        return []
    if not names:
        problems.append(Problem(path, 1, 1, "no .yaml files in this folder"))
    elif len(names) > MAX_FILES:
        problems.append(Problem(path, 1, 1, f"more than {MAX_FILES} .yaml files in this folder"))
        return []
    return [os.path.join(path, name) for name in names]


# ---------------------------------------------------------------------------------------------
# Checking the schema and building the model


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _show(value: str, limit: int = 60) -> str:
    """A user's string quoted for a one-line message: control characters escaped, long ones cut."""
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    if not value.isprintable():
        value = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in value)
    return f"'{value}'"


_GOT = {
    STRING: "a string",
    BOOLEAN: "a boolean",
    INTEGER: "a number",
    FLOAT: "a number",
    DATE: "a date",
}


def _describe(node: _Node) -> str:
    if type(node) is _Map:
        return "a mapping"
    if type(node) is _Seq:
        return "a list"
    assert isinstance(node, _Scalar)
    kind = node.kind
    if kind == NULL:
        return "an empty value" if node.value == "" else "null"
    return _GOT[kind]


def _suggest(word: str, choices: Iterable[str]) -> str:
    import difflib  # only ever needed for a broken file

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {_show(close[0])}?" if close else ""


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
)
CONCEPT_KEYS = ("id", "title", "summary", "points", "timeline", "related", "resources")
TIMELINE_KEYS = ("when", "text")
RESOURCE_KEYS = ("id", "title", "kind", "authors", "year", "url", "note")
FILE_KEYS = ("curriculum", "stages", "concepts", "resources")
TEXT_KEYS = ("zh", "en")

_Choice = TypeVar("_Choice", bound=StrEnum)
_Item = TypeVar("_Item")


@dataclass
class _Place:
    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class _Index:
    """What all files together define and refer to, checked once every file has been read."""

    problems: list[Problem] = field(default_factory=list)
    items: dict[str, tuple[str, _Place]] = field(default_factory=dict)  # stage/module/task ids
    concepts: dict[str, _Place] = field(default_factory=dict)
    resources: dict[str, _Place] = field(default_factory=dict)
    references: list[tuple[str, str, _Place]] = field(default_factory=list)  # (kind, id, place)
    orders: dict[int, _Place] = field(default_factory=dict)
    headers: list[tuple[_Node, _Place]] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    concept_list: list[Concept] = field(default_factory=list)
    resource_list: list[Resource] = field(default_factory=list)


class _FileChecker:
    """Checks one file's tree against the schema, recording ids, references and problems."""

    def __init__(self, file: str, index: _Index) -> None:
        self.file = file
        self.index = index

    def report(self, node: _Node, message: str) -> None:
        if type(node) is _Broken:
            return
        self.index.problems.append(Problem(self.file, node.line, node.col, message))

    def place(self, node: _Node) -> _Place:
        return _Place(self.file, node.line, node.col)

    # -- generic shapes --------------------------------------------------------------------

    def fields(
        self, node: _Node, what: str, keys: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, _Node] | None:
        """The mapping's values by key; unknown and missing keys are reported."""
        if type(node) is not _Map:
            self.report(node, f"expected a {what} (a mapping), got {_describe(node)}")
            return None
        values: dict[str, _Node] = {}
        for key, (key_node, value) in node.items.items():
            if key in keys:
                values[key] = value
                continue
            hint = _suggest(key, keys)
            hint = f"{hint} " if hint else ""
            expected = ", ".join(keys)
            self.report(
                key_node, f"unknown key {_show(key)} in {what}; {hint}expected one of {expected}"
            )
        for key in required:
            if key not in values:
                ident = values.get("id")
                name = f" {_show(ident.value)}" if type(ident) is _Scalar else ""
                self.report(node, f"{what}{name} is missing required key {_show(key)}")
        return values

    def items(self, node: _Node, what: str) -> list[_Node]:
        if type(node) is not _Seq:
            self.report(node, f"expected a list of {what}, got {_describe(node)}")
            return []
        return node.items

    def checked_string(self, node: _Node, what: str) -> str | None:
        """A string value, or None (reported) for anything else, including unquoted scalars
        that YAML would read as another type (``no``, ``1.10``, ``2017``)."""
        if type(node) is not _Scalar:
            self.report(node, f"expected {what}, got {_describe(node)}")
            return None
        if node.plain:
            kind = node.kind
            if kind != STRING:
                hint = "" if kind == NULL else "; quote it"
                self.report(node, f"expected {what}, got {_describe(node)}{hint}")
                return None
        return node.value

    def string(self, node: _Node, what: str = "a string") -> str:
        return self.checked_string(node, what) or ""

    def nonempty(self, node: _Node, what: str = "a string") -> str:
        value = self.checked_string(node, what)
        if value is None:
            return ""
        if not value.strip():
            self.report(node, f"expected {what}, got an empty string")
        return value

    def ident(self, node: _Node) -> str:
        value = self.string(node, "an id (a string)")
        if value and (len(value) > MAX_ID_LENGTH or not ID_PATTERN.fullmatch(value)):
            self.report(
                node,
                f"bad id {_show(value)}: use lowercase letters, digits and single hyphens "
                f"(like 'self-attention'), at most {MAX_ID_LENGTH} characters",
            )
        return value

    def text(self, node: _Node) -> Text:
        """``{zh: ..., en: ...}`` or one string meaning both."""
        what = "text (a string or {zh: ..., en: ...})"
        if type(node) is _Map:
            values = self.fields(node, "text", TEXT_KEYS, TEXT_KEYS)
            if values is None:
                return Text("", "")
            zh = self.nonempty(values["zh"], "the Chinese text") if "zh" in values else ""
            en = self.nonempty(values["en"], "the English text") if "en" in values else ""
            return Text(zh=zh, en=en)
        return Text.both(self.nonempty(node, what))

    def wrong_type(self, node: _Node, what: str, kinds: tuple[str, ...]) -> None:
        quoted = type(node) is _Scalar and not node.plain and plain_kind(node.value) in kinds
        hint = "; remove the quotes" if quoted else ""
        self.report(node, f"expected {what}, got {_describe(node)}{hint}")

    def integer(self, node: _Node, what: str = "an integer") -> int | None:
        if type(node) is not _Scalar or not node.plain or node.kind != INTEGER:
            self.wrong_type(node, what, (INTEGER,))
            return None
        try:
            return _yaml_int(node.value)
        except ValueError:
            self.report(node, f"expected {what}, got {_show(node.value)}")
            return None

    def number(self, node: _Node, what: str = "a number") -> float | None:
        if type(node) is not _Scalar or not node.plain or node.kind not in (INTEGER, FLOAT):
            self.wrong_type(node, what, (INTEGER, FLOAT))
            return None
        try:
            return float(_yaml_int(node.value)) if node.kind == INTEGER else _yaml_float(node.value)
        except (ValueError, OverflowError):
            self.report(node, f"expected {what}, got {_show(node.value)}")
            return None

    def boolean(self, node: _Node) -> bool:
        if type(node) is not _Scalar or not node.plain or node.kind != BOOLEAN:
            self.wrong_type(node, "true or false", (BOOLEAN,))
            return False
        return node.value.lower() in ("yes", "true", "on")

    def choice(self, node: _Node, choices: type[_Choice], default: _Choice) -> _Choice:
        names = [member.value for member in choices]
        value = self.string(node, "one of " + ", ".join(names))
        if not value:
            return default
        if value not in names:
            hint = _suggest(value, names)
            hint = f"; {hint}" if hint else ""
            self.report(node, f"expected one of {', '.join(names)}, got {_show(value)}{hint}")
            return default
        return choices(value)

    def references(self, node: _Node, kind: str) -> tuple[str, ...]:
        """A list of concept or resource ids, each checked once all files are read."""
        ids = []
        for item in self.items(node, f"{kind} ids"):
            ident = self.ident(item)
            if ident:
                ids.append(ident)
                self.index.references.append((kind, ident, self.place(item)))
        return tuple(ids)

    def listed(self, node: _Node, what: str, build: Callable[[_Node], _Item]) -> tuple[_Item, ...]:
        return tuple(build(item) for item in self.items(node, what))

    # -- ids ---------------------------------------------------------------------------------

    def define(self, values: dict[str, _Node], what: str) -> str:
        node = values.get("id")
        if node is None:
            return ""
        ident = self.ident(node)
        if not ident:
            return ident
        index = self.index
        place = self.place(node)
        if what in ("concept", "resource"):
            known = index.concepts if what == "concept" else index.resources
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
        self.report(node, f"duplicate id {_show(ident)}: already the id of a {previous} at {first}")
        return ident

    # -- the schema --------------------------------------------------------------------------

    def check_file(self, root: _Node | None) -> bool:
        """Checks a whole file; False when it is not a mapping (so its content is unknown)."""
        if root is None:  # an empty file (or only comments) adds nothing
            return True
        values = self.fields(root, "curriculum file", FILE_KEYS, ())
        if values is None or type(root) is not _Map:
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

    def header(self, node: _Node) -> tuple[str, str, Text, Text | None]:
        values = self.fields(node, "curriculum header", CURRICULUM_KEYS, CURRICULUM_KEYS[:3]) or {}
        ident = self.ident(values["id"]) if "id" in values else ""
        version = (
            self.nonempty(values["version"], "a version string") if "version" in values else ""
        )
        title = self.text(values["title"]) if "title" in values else Text("", "")
        summary = self.text(values["summary"]) if "summary" in values else None
        return ident, version, title, summary

    def stage(self, node: _Node) -> Stage:
        values = self.fields(node, "stage", STAGE_KEYS, ("id", "order", "title", "goal", "modules"))
        values = values or {}
        ident = self.define(values, "stage")
        order = self.order(values["order"]) if "order" in values else 0
        modules: tuple[Module, ...] = ()
        if "modules" in values:
            modules = self.listed(values["modules"], "modules", self.module)
            if not modules and type(values["modules"]) is _Seq:
                self.report(values["modules"], f"stage {_show(ident)} has no modules")
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

    def order(self, node: _Node) -> int:
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

    def module(self, node: _Node) -> Module:
        values = self.fields(node, "module", MODULE_KEYS, ("id", "title", "tasks")) or {}
        ident = self.define(values, "module")
        tasks: tuple[Task, ...] = ()
        if "tasks" in values:
            tasks = self.listed(values["tasks"], "tasks", self.task)
            if not tasks and type(values["tasks"]) is _Seq:
                self.report(values["tasks"], f"module {_show(ident)} has no tasks")
        return Module(
            id=ident,
            title=self.text(values["title"]) if "title" in values else Text("", ""),
            tasks=tasks,
            summary=self.text(values["summary"]) if "summary" in values else None,
            addition=self.boolean(values["addition"]) if "addition" in values else False,
        )

    def task(self, node: _Node) -> Task:
        values = self.fields(node, "task", TASK_KEYS, ("id", "title")) or {}
        hours = None
        if "estimate_hours" in values:
            hours = self.number(values["estimate_hours"], "a number of hours")
            if hours is not None and not (0 < hours <= MAX_ESTIMATE_HOURS):
                limit = f"more than 0 and at most {MAX_ESTIMATE_HOURS}"
                self.report(
                    values["estimate_hours"], f"estimate_hours must be {limit}, got {hours:g}"
                )
        return Task(
            id=self.define(values, "task"),
            title=self.text(values["title"]) if "title" in values else Text("", ""),
            kind=self.choice(values["kind"], TaskKind, TaskKind.TOPIC)
            if "kind" in values
            else TaskKind.TOPIC,
            estimate_hours=hours,
            details=self.text(values["details"]) if "details" in values else None,
            concepts=self.references(values["concepts"], "concept") if "concepts" in values else (),
            resources=self.references(values["resources"], "resource")
            if "resources" in values
            else (),
            addition=self.boolean(values["addition"]) if "addition" in values else False,
        )

    def concept(self, node: _Node) -> Concept:
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
        )

    def event(self, node: _Node) -> TimelineEntry:
        values = self.fields(node, "timeline entry", TIMELINE_KEYS, TIMELINE_KEYS) or {}
        return TimelineEntry(
            when=self.nonempty(values["when"], "a string (the date or period)")
            if "when" in values
            else "",
            text=self.text(values["text"]) if "text" in values else Text("", ""),
        )

    def resource(self, node: _Node) -> Resource:
        values = self.fields(node, "resource", RESOURCE_KEYS, ("id", "title", "kind")) or {}
        url = None
        if "url" in values:
            url = self.string(values["url"], "a URL (a string)")
            if url and not _is_web_url(url):
                self.report(values["url"], f"expected an http:// or https:// URL, got {_show(url)}")
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


def _yaml_int(text: str) -> int:
    """An integer as YAML 1.1 writes it (``1_000``, ``0x1f``, ``017``, ``1:30``)."""
    value = text.replace("_", "")
    sign = 1
    if value and value[0] in "+-":
        sign = -1 if value[0] == "-" else 1
        value = value[1:]
    if value == "0":
        return 0
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if value.startswith("0"):
        return sign * int(value, 8)
    if ":" in value:
        result = 0
        for part in value.split(":"):
            result = result * 60 + int(part)
        return sign * result
    return sign * int(value)


def _yaml_float(text: str) -> float:
    """A float as YAML 1.1 writes it (``1.5``, ``.5``, ``1_000.0``, ``.inf``, ``1:30.0``)."""
    value = text.replace("_", "").lower()
    sign = 1
    if value and value[0] in "+-":
        sign = -1 if value[0] == "-" else 1
        value = value[1:]
    if value == ".inf":
        return sign * math.inf
    if value == ".nan":
        return math.nan
    if ":" in value:
        result = 0.0
        for part in value.split(":"):
            result = result * 60 + float(part)
        return sign * result
    return sign * float(value)


def _is_web_url(url: str) -> bool:
    if any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


# ---------------------------------------------------------------------------------------------
# The whole curriculum


def load_curriculum(path: str | os.PathLike[str]) -> Curriculum:
    """The curriculum in ``path`` (a folder of ``*.yaml`` files read in name order, or one file).

    Raises ``CurriculumError`` listing every problem found, and nothing else, whatever the input.
    """
    # Nothing built here is garbage until the load ends; pausing the collector halves the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(os.fsdecode(path))
    finally:
        if collecting:
            gc.enable()


def _load(path: str) -> Curriculum:
    index = _Index()
    problems = index.problems
    files = _curriculum_files(path, problems)
    complete = bool(files)
    budget = _Budget()
    for file in files:
        data = _read(file, problems, budget)
        text = None if data is None else _decode(file, data, problems)
        if text is None:
            complete = False
            continue
        builder = _TreeBuilder(file, problems, budget)
        root = builder.build(text)
        if builder.failed or not _FileChecker(file, index).check_file(root) or builder.lossy:
            complete = False  # cross-file checks would report what is only missing
        if budget.nodes < 0 or budget.bytes < 0:
            break
    if files:
        curriculum = _assemble(index, files[0], complete)
        if not problems:
            return curriculum
    order = {file: number for number, file in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.file, -1), p.line, p.column))
    raise CurriculumError(problems)


def _assemble(index: _Index, first_file: str, complete: bool) -> Curriculum:
    """The checks that need every file, then the model (only returned if nothing was wrong)."""
    problems = index.problems
    ident, version, title, summary = "", "", Text("", ""), None
    if index.headers:
        node, place = index.headers[0]
        ident, version, title, summary = _FileChecker(place.file, index).header(node)
        for _, extra in index.headers[1:]:
            message = f"a second 'curriculum:' header (the first is at {place}); keep only one"
            problems.append(Problem(extra.file, extra.line, extra.col, message))
    if complete:
        if not index.headers:
            message = "no 'curriculum:' header (with id, version and title) in any file"
            problems.append(Problem(first_file, 1, 1, message))
        if not index.stages:
            where = index.headers[0][1] if index.headers else _Place(first_file, 1, 1)
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


def _check_references(index: _Index) -> None:
    for kind, ident, place in index.references:
        known = index.concepts if kind == "concept" else index.resources
        if ident in known:
            continue
        hint = _suggest(ident, list(known))
        hint = f"; {hint}" if hint else ""
        message = f"unknown {kind} {_show(ident)}{hint}"
        index.problems.append(Problem(place.file, place.line, place.col, message))
