"""Close spellings of a mistyped id or key, for "did you mean …?" hints in every layer."""

from __future__ import annotations

from collections.abc import Iterable

CUTOFF = 0.6
"""How alike (difflib's ratio, 0–1) a known word must be to be offered: one or two wrong,
missing or swapped letters in an id pass, an unrelated word does not."""


def close_matches(wanted: str, known: Iterable[str], limit: int = 3) -> tuple[str, ...]:
    """Up to ``limit`` of the ``known`` words closest to ``wanted``, best first."""
    import difflib  # only ever needed for a mistyped word

    return tuple(difflib.get_close_matches(wanted, list(known), n=limit, cutoff=CUTOFF))
