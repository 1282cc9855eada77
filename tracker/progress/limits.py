"""Bounds on what a learner can store, the same at every way in (window, command line, import)."""

from __future__ import annotations

from tracker.progress.errors import ProgressError

# A note holds at most this many characters (about 300 pages of text). The window's editor, the
# ``note`` command and an import all refuse a longer one with the same message, so every note
# the program keeps can be exported and imported again.
MAX_NOTE_CHARS = 1_000_000


class NoteTooLongError(ProgressError):
    """A note longer than ``MAX_NOTE_CHARS``; nothing was saved."""

    def __init__(self, length: int) -> None:
        super().__init__(
            f"a note can have at most {MAX_NOTE_CHARS:,} characters; this one has {length:,} "
            "— nothing was saved (split it over several notes)"
        )
        self.length = length


def check_note_length(text: str) -> None:
    """Raise ``NoteTooLongError`` for a note over the bound."""
    if len(text) > MAX_NOTE_CHARS:
        raise NoteTooLongError(len(text))
