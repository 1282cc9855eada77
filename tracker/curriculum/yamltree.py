"""Turns curriculum YAML bytes into a light tree of nodes with positions, refusing unsafe YAML.

The YAML is read as a stream of libyaml parser events into a small tree of our own that keeps
each value's line and column. PyYAML's constructor is never used: it follows aliases (alias
bombs), obeys tags (``!!python/...``), keeps the last of two duplicate keys silently, and turns
``no`` into ``False`` and ``1.10`` into ``1.1`` before we could object. Here the schema decides
what a scalar means, and every refusal is a ``Problem``.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from typing import Any

import yaml

from tracker.curriculum.errors import Problem
from tracker.curriculum.scalars import STRING, plain_kind

MAX_FILE_BYTES = 8 * 1024 * 1024
"""A single YAML file larger than this is refused (split a big curriculum into several files)."""
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings; the real schema needs fewer than ten levels."""
MAX_NODES = 5_000_000
"""Scalars, lists and mappings across all files (a 100,000-task curriculum has about 2.3M)."""

# libyaml's parser when PyYAML was built with it (about eight times faster); pure Python otherwise.
DEFAULT_PARSER: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

# Everything YAML 1.1 accepts as a character; anything else is reported by us with a position.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def show(value: str, limit: int = 60) -> str:
    """A user's string quoted for a one-line message: control characters escaped, long ones cut."""
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    if not value.isprintable():
        value = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in value)
    return f"'{value}'"


# ---------------------------------------------------------------------------------------------
# The light YAML tree


class Node:
    __slots__ = ("col", "line")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col


class Scalar(Node):
    __slots__ = ("plain", "value")

    def __init__(self, line: int, col: int, value: str, plain: bool) -> None:
        self.line = line  # not through super(): this runs once per scalar of a large file
        self.col = col
        self.value = value
        self.plain = plain  # unquoted, so YAML's implicit typing applies

    @property
    def kind(self) -> str:
        return plain_kind(self.value) if self.plain else STRING


class Map(Node):
    __slots__ = ("items", "pending_key")

    def __init__(self, line: int, col: int) -> None:
        super().__init__(line, col)
        self.items: dict[str, tuple[Scalar, Node]] = {}
        self.pending_key: Scalar | None = None  # while building: the key awaiting its value


class Seq(Node):
    __slots__ = ("items",)

    def __init__(self, line: int, col: int) -> None:
        super().__init__(line, col)
        self.items: list[Node] = []


class _StopReadingError(Exception):
    """Reading this file cannot usefully go on (unsafe or absurd input)."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


class Broken(Scalar):
    """Stands for an alias: already reported, so nothing said about it later is worth saying."""

    __slots__ = ()


_SKIP = Scalar(0, 0, "", False)  # stands for a key we refused, so its value is dropped
_ALIAS_MESSAGE = "YAML aliases (*name) are not allowed; write the value out"


@dataclass
class Budget:
    """Limits shared by all the files of one curriculum."""

    nodes: int = MAX_NODES
    bytes: int = MAX_TOTAL_BYTES


class TreeBuilder:
    """Turns one file's parser events into a tree, refusing aliases, tags and duplicate keys."""

    def __init__(self, file: str, problems: list[Problem], budget: Budget) -> None:
        self.file = file
        self.problems = problems
        self.budget = budget
        self.lossy = False  # something was left out (an alias), so the file's content is partial
        self.failed = False  # the file could not be read to the end

    def report(self, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, col, message))

    def build(self, text: str, parser_class: Any = DEFAULT_PARSER) -> Node | None:
        """The document's root node, or None when the file is empty or unusable (reported)."""
        parser = parser_class(text)
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

    def _walk(self, parser: Any) -> Node | None:
        budget = self.budget
        left = [budget.nodes]  # values still allowed, kept in a local while walking
        try:
            return self._walk_events(parser, left)
        finally:
            budget.nodes = left[0]

    def _walk_events(  # noqa: PLR0915 (one flat loop is fastest)
        self, parser: Any, left: list[int]
    ) -> Node | None:
        # The hot loop of a load: one pass over the events, with the common cases inlined.
        # Scalars (most events) are attached where they stand; a mapping or list is attached
        # to its parent when it ends.
        root: Node | None = None
        open_nodes: list[Map | Seq] = []
        parent: Any = None  # the Map or Seq open_nodes[-1], kept in step (None at the top)
        documents = 0
        get_event = parser.get_event
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        scalar = Scalar
        new = object.__new__
        nodes = left[0]
        try:
            while True:
                event = get_event()
                kind = type(event)
                node: Node
                if kind is scalar_event:
                    mark = event.start_mark
                    node = new(scalar)
                    node.line = mark.line + 1
                    node.col = mark.column + 1
                    node.value = event.value
                    node.plain = event.implicit[0]
                    if event.anchor is not None or event.tag is not None:
                        self._check_anchor_and_tag(event, node)
                    nodes -= 1
                    if nodes < 0:
                        message = (
                            f"too many YAML values in the curriculum (the limit is {MAX_NODES:,})"
                        )
                        raise _StopReadingError(node.line, node.col, message)
                    if parent is None:
                        root = node
                        continue
                    if type(parent) is Seq:
                        parent.items.append(node)
                        continue
                    key = parent.pending_key
                    if key is None:
                        parent.pending_key = node
                        continue
                    if key is not _SKIP and key.value not in parent.items:
                        parent.items[key.value] = (key, node)
                        parent.pending_key = None
                        continue
                    self._attach_rarely(parent, node)
                    continue
                if kind is mapping_end or kind is sequence_end:
                    node = open_nodes.pop()
                    parent = open_nodes[-1] if open_nodes else None
                elif kind is mapping_start or kind is sequence_start:
                    mark = event.start_mark
                    opened = (Map if kind is mapping_start else Seq)(mark.line + 1, mark.column + 1)
                    if event.anchor is not None or event.tag is not None:
                        self._check_anchor_and_tag(event, opened)
                    if len(open_nodes) >= MAX_DEPTH:
                        message = f"nested more than {MAX_DEPTH} levels deep"
                        raise _StopReadingError(opened.line, opened.col, message)
                    nodes -= 1
                    open_nodes.append(opened)
                    parent = opened
                    continue
                elif kind is alias_event:
                    # Never followed (that is what makes alias bombs explode); the file is read
                    # on so that its other problems are reported too.
                    mark = event.start_mark
                    node = Broken(mark.line + 1, mark.column + 1, "", False)
                    self.report(node.line, node.col, _ALIAS_MESSAGE)
                    self.lossy = True
                    nodes -= 1
                    if nodes < 0:
                        message = (
                            f"too many YAML values in the curriculum (the limit is {MAX_NODES:,})"
                        )
                        raise _StopReadingError(node.line, node.col, message)
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
                # A finished mapping or list, or an alias: attached like a scalar.
                if parent is None:
                    root = node
                    continue
                if type(parent) is Seq:
                    parent.items.append(node)
                    continue
                key = parent.pending_key
                if key is None and type(node) is scalar:
                    parent.pending_key = node
                elif key is not None and key is not _SKIP and key.value not in parent.items:
                    parent.items[key.value] = (key, node)
                    parent.pending_key = None
                else:
                    self._attach_rarely(parent, node)
        finally:
            left[0] = nodes

    def _attach_rarely(self, parent: Map, node: Node) -> None:
        """The mapping cases that are mistakes: a key that is not a string, a duplicate key."""
        key = parent.pending_key
        if key is None:  # this node is a key
            if type(node) is not Broken:
                self.report(node.line, node.col, "mapping keys must be plain strings")
            parent.pending_key = _SKIP
            return
        parent.pending_key = None
        if key is _SKIP:
            return
        first = parent.items[key.value][0]
        where = f"line {first.line}, column {first.col}"
        self.report(key.line, key.col, f"duplicate key {show(key.value)} (first at {where})")

    def _check_anchor_and_tag(self, event: Any, node: Node) -> None:
        if event.anchor is not None:
            message = "YAML anchors (&name) are not allowed; write the value out"
            self.report(node.line, node.col, message)
        if event.tag is not None:
            self.report(node.line, node.col, f"YAML tags are not allowed (found {show(event.tag)})")


# ---------------------------------------------------------------------------------------------
# Reading files


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    index = max(0, min(index, len(text)))
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def decode(file: str, data: bytes, problems: list[Problem]) -> str | None:
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


def read_file(file: str, problems: list[Problem], budget: Budget) -> bytes | None:
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
