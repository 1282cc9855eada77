"""Reading a file the learner named, safely: regular files only, never more than a bound.

A FIFO would block the reader forever and ``/dev/zero`` would fill the memory; both are refused
before anything is read (the file is opened without blocking and checked through its descriptor,
so a file swapped for a FIFO after a look at its name is refused too).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotARegularFile(OSError):  # noqa: N818 - an OSError, named as the learner reads it
    """The path is a folder, FIFO, device or socket."""


class TooLarge(OSError):  # noqa: N818
    """The file holds more than the bound."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words ("a folder", "a FIFO (named pipe)", ...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises ``NotARegularFile``, ``TooLarge`` or the ``OSError`` of the open or read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(f"{path} is {kind_of(mode)}, not a file")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(f"{path} is larger than {describe_size(limit)}")
    return data


def describe_size(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MiB"
    return f"{size:,} bytes"


def non_regular(path: Path) -> str | None:
    """What ``path`` is if it exists and is not a regular file (without following a FIFO)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else kind_of(mode)
