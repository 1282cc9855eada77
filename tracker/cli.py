"""The ``learnpath`` command: global options, subcommands, and one-line errors.

Each subcommand lives in ``tracker.commands.<name>`` and registers itself through ``register``;
what they share (exit codes, ``CommandError``, the opened service) is in
``tracker.commands.common``, which imports neither this module nor the command modules.
Heavy modules (Qt, SQLAlchemy) are imported only inside the handlers that need them, so
``learnpath --version`` and ``learnpath validate`` stay quick.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from tracker import __version__
from tracker.commands.common import CommandError, ExitCode

# Modules under tracker.commands, each with ``register(subparsers) -> None``.
COMMAND_MODULES = (
    "gui",
    "validate",
    "users",
    "progress",
    "export",
    "backup",
    "search",
    "review",
    "server",
    "cohort",
    "sync",
    "study",
)


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR", help="folder holding your progress database")
    parser.add_argument("--user", metavar="NAME", help="profile to use (default: the last used)")
    parser.add_argument("--curriculum", metavar="PATH", help="curriculum folder or file to use")
    parser.add_argument("--lang", choices=("zh", "en"), help="language of the app and output")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="learnpath",
        description="Track your way through a multi-stage learning path.",
    )
    parser.add_argument("--version", action="version", version=f"learnpath {__version__}")
    _add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"tracker.commands.{name}")
        module.register(subparsers)
    return parser


class _NotTheWindowError(Exception):
    """The arguments are not the window's alone: the whole parser must read them."""


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheWindowError(message)


def parse_window_args(argv: Sequence[str] | None = None) -> argparse.Namespace | None:
    """The arguments when they only start the window (global options, no command), read
    without importing the command modules and building their parsers (a sixth of the window's
    start); None for anything else (a command, ``--help``, ``--version``, a mistake), which
    ``build_parser()`` then reads and reports as always."""
    parser = _WindowParser(prog="learnpath", add_help=False)
    _add_global_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotTheWindowError:
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_window_args(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    if args.command is None:
        from tracker.commands.gui import run_gui

        return run_gui(args)
    try:
        result: int = args.func(args)
    except CommandError as error:
        print(f"learnpath: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("learnpath: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
    return result
