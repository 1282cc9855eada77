"""What every ``learnpath`` subcommand shares: exit codes, one-line errors, the opened service.

Imported by ``tracker.cli`` and by each module under ``tracker.commands``; it imports neither,
so the commands depend one way: cli → command modules → common. Heavy modules (SQLAlchemy, the
progress service) are imported inside the functions, so ``learnpath --help`` stays quick.
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import getpass
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from tracker.curriculum.model import Curriculum, Lang
    from tracker.progress.service import ProgressService

T = TypeVar("T")


class ExitCode(enum.IntEnum):
    """The exit status of ``learnpath``; the numbers are part of the command-line contract."""

    OK = 0
    BAD_INPUT = 1
    """Bad input (a file, an argument's value) or a storage problem (a locked, full, damaged or
    unreadable database), a check that found a problem, or no display for the app."""
    UNKNOWN = 2
    """An unknown id, profile or name."""
    USAGE = 2
    """Options that do not go together: argparse's own status for a usage error (the same
    number as ``UNKNOWN``)."""
    INTERRUPTED = 130
    """Stopped with Ctrl+C (128 + SIGINT, as a shell reports it)."""


class CommandError(Exception):
    """A user-facing failure: printed as one line on stderr, exits with ``exit_code``."""

    def __init__(self, message: str, exit_code: ExitCode = ExitCode.BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def count_of(number: int, noun: str) -> str:
    """``"1 note"``, ``"2 notes"``, ``"0 notes"`` (the nouns used here all take an "s")."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def output_lang(args: argparse.Namespace) -> Lang:
    """``--lang``, else English."""
    return "zh" if args.lang == "zh" else "en"


def load_curriculum_for(args: argparse.Namespace) -> Curriculum:
    """The curriculum named by ``--curriculum``, else the bundled one; problems → exit 1."""
    from tracker.curriculum.errors import CurriculumError
    from tracker.curriculum.loader import load_curriculum

    if args.curriculum:
        path = Path(args.curriculum)
    else:
        from tracker.paths import bundled_curriculum_path

        try:
            path = bundled_curriculum_path()
        except (ImportError, OSError) as error:
            raise CommandError(
                f"the bundled curriculum cannot be found ({error}); pass --curriculum PATH"
            ) from error
    try:
        return load_curriculum(path)
    except CurriculumError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise CommandError(f"cannot use the curriculum at {path}") from error


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """Storage and progress errors become one-line ``CommandError``s (``UNKNOWN`` for a bad id,
    card or name, ``BAD_INPUT`` for the rest)."""
    from tracker.progress.errors import (
        ProfileNameError,
        ProgressError,
        UnknownIdError,
        UnknownProfileError,
    )
    from tracker.progress.review_records import UnknownCardError
    from tracker.storage.errors import StorageError

    try:
        yield
    except (UnknownIdError, UnknownCardError, ProfileNameError, UnknownProfileError) as error:
        raise CommandError(str(error), ExitCode.UNKNOWN) from error
    except (ProgressError, StorageError) as error:
        raise CommandError(str(error), ExitCode.BAD_INPUT) from error


@contextlib.contextmanager
def open_service(args: argparse.Namespace) -> Iterator[ProgressService]:
    """The progress service for the global options, closed on exit."""
    from tracker.paths import data_dir
    from tracker.progress.service import ProgressService

    curriculum = load_curriculum_for(args)
    with translate_errors():
        service = ProgressService.open(data_dir(args.data_dir), curriculum, args.user)
        try:
            yield service
        except BaseException:
            service.close(keep_titles=False)  # a failed command leaves the file as it found it
            raise
        service.close()


def call_server(
    action: Callable[[str | None], T], url: str, *, unknown: type[Exception] | None = None
) -> T:
    """``action(password)`` against a cohort server with ``None`` first (libpq's own means),
    then a password typed on the terminal (kept in memory only) if the server asks for one;
    a refusal or a storage fault becomes one ``CommandError``: an ``unknown`` error (a name
    that is not there) exits with ``UNKNOWN``, any other with ``BAD_INPUT``."""
    from tracker.storage.errors import StorageError
    from tracker.storage.server.connect import PasswordRefused, describe

    password: str | None = None
    while True:
        try:
            return action(password)
        except PasswordRefused as error:
            if not (error.missing and password is None and sys.stdin.isatty()):
                raise CommandError(str(error)) from None
            password = getpass.getpass(f"password for {describe(url)}: ")
        except StorageError as error:
            known = unknown is not None and isinstance(error, unknown)
            code = ExitCode.UNKNOWN if known else ExitCode.BAD_INPUT
            raise CommandError(str(error), exit_code=code) from None
