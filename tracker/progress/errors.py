"""Mistakes in what the learner asked for (an unknown id, a bad profile name), as exceptions.

Storage faults (a bad, locked or full database) are ``StorageError`` and its kinds, defined by the
storage layer and named here again, so that the UI and the command line catch every error of the
layers below through this one module. Both carry a message fit to show as is.
"""

from __future__ import annotations

from tracker.progress.records import ItemKind
from tracker.storage.errors import DamagedDatabaseError, NewerSchemaError, StorageError

__all__ = [
    "CurriculumChangedError",
    "DamagedDatabaseError",
    "NewerSchemaError",
    "NoteConflictError",
    "ProfileChangedError",
    "ProfileNameError",
    "ProgressError",
    "RemovedProfileError",
    "StorageError",
    "UnknownIdError",
    "UnknownProfileError",
]


class ProgressError(Exception):
    """A request the progress layer cannot carry out; the message is user-readable.

    ``code`` names the kind of fault and ``details`` its values (a name, a count), so a window
    in another language can say the same thing in its own words; the message is the English.
    """

    code = "progress"

    def __init__(self, message: str, *, code: str | None = None, **details: object) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.details: dict[str, object] = details


class UnknownIdError(ProgressError):
    """No task, stage or concept with this id in the curriculum; ``suggestions`` are close ids."""

    def __init__(self, item_kind: ItemKind, item_id: str, suggestions: tuple[str, ...]) -> None:
        message = f"unknown {item_kind.value} {item_id!r}"
        if suggestions:
            message += f"; did you mean: {', '.join(suggestions)}?"
        super().__init__(
            message,
            code="unknown_id",
            kind=item_kind.value,
            id=item_id,
            suggestions=", ".join(suggestions),
        )
        self.item_kind = item_kind
        self.item_id = item_id
        self.suggestions = suggestions


class ProfileNameError(ProgressError):
    """A profile name that is empty, too long, has control characters, or is already taken."""


class UnknownProfileError(ProgressError):
    """No profile by that name."""


class RemovedProfileError(ProgressError):
    """The profile shown was removed meanwhile (by another window or program); nothing was saved."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"the profile {name!r} was removed (in another window or program); nothing was "
            "saved — switch to another profile",
            code="profile_removed",
            name=name,
        )
        self.name = name


class ProfileChangedError(ProgressError):
    """A change asked for in one profile reached the store after a profile change that was
    waiting ahead of it (another program held the lock); nothing was saved."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"this change was made in the profile {name!r}, which is no longer the one in use; "
            "nothing was saved",
            code="profile_changed",
            name=name,
        )
        self.name = name


class CurriculumChangedError(ProgressError):
    """A change asked for in one curriculum reached the store after the switch to another that
    was waiting ahead of it (another program held the lock); nothing was saved."""

    def __init__(self) -> None:
        super().__init__(
            "this change was made before another curriculum was opened; nothing was saved",
            code="curriculum_changed",
        )


class NoteConflictError(ProgressError):
    """The note was changed by another program since it was read here; nothing was saved.

    ``theirs`` is the text stored now; the caller keeps both versions and lets the learner choose.
    """

    def __init__(self, theirs: str) -> None:
        super().__init__("this note was changed by another program; nothing was saved")
        self.theirs = theirs
