"""Shared by the cohort, server and sync commands: a server call with one-line errors, asking
for the password (kept in memory only) when the server wants one and we are on a terminal."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import TypeVar

from tracker.cli import CommandError

T = TypeVar("T")


def call(
    action: Callable[[str | None], T], url: str, *, unknown: type[Exception] | None = None
) -> T:
    """``action(password)`` with ``None`` first (libpq's own means), then a typed password.
    An ``unknown`` error (a name that is not there) exits with 2, other failures with 1."""
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
            code = 2 if unknown is not None and isinstance(error, unknown) else 1
            raise CommandError(str(error), exit_code=code) from None
