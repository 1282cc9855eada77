"""Reads curriculum YAML into the frozen model, reporting every problem as FILE:LINE:COL.

The files are found and read here; ``yamltree`` turns each into a tree of positioned nodes and
``schema`` checks the trees and builds the model.
"""

from __future__ import annotations

import os
import stat
from typing import Any

from tracker.collector import collector_paused
from tracker.curriculum.errors import CurriculumError, Problem
from tracker.curriculum.model import Curriculum
from tracker.curriculum.scalars import plain_kind
from tracker.curriculum.schema import FileChecker, Index, assemble
from tracker.curriculum.yamltree import (
    DEFAULT_PARSER,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Budget,
    TreeBuilder,
    decode,
    read_file,
)

__all__ = ["MAX_DEPTH", "MAX_FILES", "MAX_FILE_BYTES", "load_curriculum", "plain_kind"]

MAX_FILES = 1000

# Looked up on every load (not bound into the tree builder), so a test can swap in the
# pure-Python parser.
_YamlLoader: Any = DEFAULT_PARSER


def load_curriculum(path: str | os.PathLike[str]) -> Curriculum:
    """The curriculum in ``path`` (a folder of ``*.yaml`` files read in name order, or one file).

    Raises ``CurriculumError`` listing every problem found, and nothing else, whatever the input.
    """
    # Nothing built here is garbage until the load ends; pausing the collector halves the time.
    with collector_paused():
        return _load(os.fsdecode(path))


def _load(path: str) -> Curriculum:
    index = Index()
    problems = index.problems
    files = _curriculum_files(path, problems)
    complete = bool(files)
    budget = Budget()
    for file in files:
        data = read_file(file, problems, budget)
        text = None if data is None else decode(file, data, problems)
        if text is None:
            complete = False
            continue
        builder = TreeBuilder(file, problems, budget)
        root = builder.build(text, _YamlLoader)
        if builder.failed or not FileChecker(file, index).check_file(root) or builder.lossy:
            complete = False  # cross-file checks would report what is only missing
        if budget.nodes < 0 or budget.bytes < 0:
            break
    if files:
        curriculum = assemble(index, files[0], complete)
        if not problems:
            return curriculum
    order = {file: number for number, file in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.file, -1), p.line, p.column))
    raise CurriculumError(problems)


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
