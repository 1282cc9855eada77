"""Ids to suggest for a mistyped one: close spellings first, else ids containing what was typed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggest_ids(wanted: str, known: Iterable[str], limit: int = 5) -> tuple[str, ...]:
    """Up to ``limit`` ids for ``wanted``: difflib's close matches, or, when there are none, the
    ids that contain ``wanted`` (case-insensitive; shortest first, then alphabetical)."""
    ids = list(known)
    close = difflib.get_close_matches(wanted, ids, n=limit, cutoff=0.6)
    if close:
        return tuple(close)
    needle = wanted.strip().casefold()
    if not needle:
        return ()
    containing = sorted((i for i in ids if needle in i.casefold()), key=lambda i: (len(i), i))
    return tuple(containing[:limit])
