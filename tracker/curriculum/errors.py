"""What a broken curriculum looks like to the rest of the app: problems with a place in a file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a curriculum, at a 1-based line and column of a file."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class CurriculumError(Exception):
    """A curriculum that cannot be used; ``problems`` lists every fault found, in file order.

    This is the user's fault (a bad file), never a bug: the message is meant to be shown as is,
    one ``FILE:LINE:COL: message`` line per problem.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("a CurriculumError needs at least one problem")
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
