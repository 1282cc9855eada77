"""``learnpath validate PATH...``: check curriculum files; list what is wrong or what is there."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from tracker.commands.common import ExitCode, count_of


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check curriculum folders or files",
        description=(
            "Check curriculum folders or YAML files. Every problem is printed on stderr as "
            "FILE:LINE:COL: message; a valid curriculum gets a one-line count on stdout. "
            "Exits 0 if all are valid, 1 otherwise."
        ),
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="a curriculum folder or .yaml file"
    )
    parser.set_defaults(func=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    from tracker.curriculum import CurriculumError, load_curriculum

    all_valid = True
    for path in args.paths:
        try:
            curriculum = load_curriculum(path)
        except CurriculumError as error:
            all_valid = False
            for problem in error.problems:
                _say(sys.stderr, str(problem))
            continue
        tasks = list(curriculum.tasks())
        practice = sum(1 for task in tasks if task.kind == "practice")
        modules = sum(len(stage.modules) for stage in curriculum.stages)
        counts = ", ".join(
            (
                count_of(len(curriculum.stages), "stage"),
                count_of(modules, "module"),
                f"{count_of(len(tasks), 'task')} ({practice} practice)",
                count_of(len(curriculum.concepts), "concept"),
                count_of(len(curriculum.resources), "resource"),
            )
        )
        cards = sum(1 for _ in curriculum.cards())
        if cards:
            counts += ", " + count_of(cards, "card")
        _say(sys.stdout, f"{path}: valid — {counts}")
    return ExitCode.OK if all_valid else ExitCode.BAD_INPUT


def _say(stream: TextIO, line: str) -> None:
    """Print a line even where the console cannot show every character (escaped instead)."""
    try:
        print(line, file=stream)
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        print(line.encode(encoding, "backslashreplace").decode(encoding), file=stream)
