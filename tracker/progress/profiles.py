"""Rules for profile names."""

from __future__ import annotations

import unicodedata

from tracker.progress.errors import ProfileNameError

MAX_NAME_LENGTH = 64
DEFAULT_PROFILE = "default"


def clean_name(name: str) -> str:
    """The name trimmed of surrounding spaces; ``ProfileNameError`` if it is not acceptable.

    A name is 1-64 characters with no control, format or line-separator characters.
    """
    cleaned = name.strip()
    if not cleaned:
        raise ProfileNameError("a profile name cannot be empty", code="name_empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ProfileNameError(
            f"a profile name can have at most {MAX_NAME_LENGTH} characters ({len(cleaned)} given)",
            code="name_too_long",
            most=MAX_NAME_LENGTH,
            given=len(cleaned),
        )
    for char in cleaned:
        if unicodedata.category(char)[0] == "C" or unicodedata.category(char) in ("Zl", "Zp"):
            raise ProfileNameError(
                f"a profile name cannot contain control characters (found U+{ord(char):04X})",
                code="name_control",
                char=f"U+{ord(char):04X}",
            )
    return cleaned
