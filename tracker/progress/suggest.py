"""Ids to suggest for a mistyped one: close spellings first, else ids containing what was typed."""

from __future__ import annotations

from collections.abc import Iterable

from tracker.spelling import close_matches


def suggest_ids(wanted: str, known: Iterable[str], limit: int = 5) -> tuple[str, ...]:
    """Up to ``limit`` ids for ``wanted``: the close spellings (``close_matches``), or, when
    there are none, the ids that contain ``wanted`` (case-insensitive; shortest first, then
    alphabetical)."""
    ids = list(known)
    close = close_matches(wanted, ids, limit)
    if close:
        return close
    needle = wanted.strip().casefold()
    if not needle:
        return ()
    containing = sorted((i for i in ids if needle in i.casefold()), key=lambda i: (len(i), i))
    return tuple(containing[:limit])
