"""Storage faults the learner can act on (a bad, locked or full file), kept apart from our bugs."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """A user-readable storage fault; the message names the file or folder concerned.

    Anything else escaping the storage layer (``IntegrityError``, ``AttributeError``...) is a bug.
    """

    code = "storage"
    """The kind of fault, with ``details`` (its values), so a window in another language can
    say it in its own words; the message is the English."""

    def __init__(
        self, message: str, path: Path | None = None, *, code: str | None = None, **details: object
    ) -> None:
        super().__init__(message)
        self.path = path
        if code is not None:
            self.code = code
        self.details: dict[str, object] = {"path": str(path) if path is not None else "", **details}


class DamagedDatabaseError(StorageError):
    """The file is empty, truncated, corrupt or not a database; it was left where it is."""


class NewerSchemaError(StorageError):
    """The database was written by a newer LearnPath; it was left untouched."""


class ProfileGoneError(StorageError):
    """A write for a profile that no longer exists (removed by another window or program)."""

    def __init__(self, message: str, path: Path | None, profile_id: int) -> None:
        super().__init__(message, path)
        self.profile_id = profile_id


class NoteChangedError(Exception):
    """A note write that expected another stored text (changed meanwhile by another program);
    nothing was written. ``stored`` is the text in the database now."""

    def __init__(self, stored: str) -> None:
        super().__init__("the note was changed meanwhile by another program")
        self.stored = stored
