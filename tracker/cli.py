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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="learnpath",
        description="Track your way through a multi-stage learning path.",
    )
    parser.add_argument("--version", action="version", version=f"learnpath {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="folder holding your progress database")
    parser.add_argument("--user", metavar="NAME", help="profile to use (default: the last used)")
    parser.add_argument("--curriculum", metavar="PATH", help="curriculum folder or file to use")
    parser.add_argument("--lang", choices=("zh", "en"), help="language of the app and output")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"tracker.commands.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
