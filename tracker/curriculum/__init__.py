"""The curriculum as data: the frozen model, the YAML loader and the problems it reports.

Importing this package stays cheap: the loader (and PyYAML) is imported on the first call of
``load_curriculum``, so code that only needs the model types never pays for YAML.
"""

from __future__ import annotations

import os

from tracker.curriculum.errors import CurriculumError, Problem
from tracker.curriculum.model import (
    LANGS,
    Concept,
    Curriculum,
    Lang,
    Module,
    Resource,
    ResourceKind,
    Stage,
    Task,
    TaskKind,
    Text,
    TimelineEntry,
)

__all__ = [
    "LANGS",
    "Concept",
    "Curriculum",
    "CurriculumError",
    "Lang",
    "Module",
    "Problem",
    "Resource",
    "ResourceKind",
    "Stage",
    "Task",
    "TaskKind",
    "Text",
    "TimelineEntry",
    "load_curriculum",
]


def load_curriculum(path: str | os.PathLike[str]) -> Curriculum:
    """The curriculum in ``path`` (a folder of ``*.yaml`` files, or one file).

    Raises ``CurriculumError`` (and nothing else) listing every problem as ``FILE:LINE:COL``.
    """
    from tracker.curriculum.loader import load_curriculum as load

    return load(path)
