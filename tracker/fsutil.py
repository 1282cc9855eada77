"""Durable file writes: a temporary file beside the target, synced, renamed, the folder synced.

A write through ``atomic_writer`` or ``write_atomic`` either leaves the complete new file under
the target's name or (on any failure: a full disk, a kill, an exception while writing) the old
file exactly as it was and no temporary file; after a power cut the rename itself survives
because the folder is synced too. The standard library only, so every layer can use it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def sync_file(path: Path | str) -> None:
    """Flush a file's data to the disk (it must exist and be readable)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path | str) -> None:
    """Flush a folder's entries (a rename, a new name) to the disk, where the system allows it:
    a folder cannot be opened for syncing on Windows, and that is not an error."""
    with contextlib.suppress(OSError):
        sync_file(folder)


def replace_durably(source: Path | str, target: Path | str) -> None:
    """Rename the finished file ``source`` over ``target`` (same folder) so that it survives a
    power cut: the file is synced before the rename and the folder after it."""
    sync_file(source)
    os.replace(source, target)
    sync_folder(Path(target).parent)


@contextlib.contextmanager
def atomic_writer(
    path: Path, *, mode: int | None = None, durable: bool = True
) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` when the ``with`` block ends normally.

    The stream is a hidden ``.<name>.<random>.tmp`` file in the target's folder. ``mode`` sets
    the permission bits; by default an existing file keeps its own and a new one gets what a
    plain ``open`` would give. ``durable=False`` skips the syncs (still atomic, not crash-proof:
    for caches that are rebuilt when unreadable). If the block raises, the temporary file is
    removed, the target is untouched and the exception propagates.
    """
    if mode is None:
        try:
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        with contextlib.suppress(OSError):  # a file system without permission bits
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        sync_folder(path.parent)


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` durably and atomically (see ``atomic_writer``)."""
    with atomic_writer(path, mode=mode) as stream:
        stream.write(data)


def _read_umask() -> int:
    # Read once at import: os.umask sets as it reads, and writes may run on worker threads.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
