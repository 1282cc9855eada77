"""Reading values this program did not write (edited by hand, or by a newer LearnPath): a value
that cannot be understood is reported once in the log and read as unknown; the row is kept in
the file, never changed and never fatal.

Used by the ORM column types, the store's reads of the log and the stdlib start-up view alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TypeVar

log = logging.getLogger("tracker.storage")

T = TypeVar("T")

UNKNOWN_TIME = datetime(1970, 1, 1, tzinfo=UTC)
"""Stands for an unreadable time where a record needs one (a profile's creation, an event's)."""

_reported: set[tuple[str, str]] = set()


def report(what: str, value: object) -> None:
    """Log (once per process for each value) a value that was read as unknown."""
    key = (what, repr(value))
    if key in _reported:
        return
    _reported.add(key)
    log.warning(
        "the database holds %s %r that this version cannot read; it is kept and shown as unknown",
        what,
        value,
    )


def utc_datetime(value: object) -> datetime | None:
    """ISO 8601 text as an aware UTC datetime (naive meaning UTC); None (reported) if unreadable."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        report("a date and time", value)
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def calendar_date(value: object) -> date | None:
    """``YYYY-MM-DD`` as a date; None (reported) if unreadable."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        report("a date", value)
        return None


def member(lookup: Callable[[str], T], what: str, value: str) -> T | None:
    """``lookup(value)`` (an enum, a dict's ``__getitem__``); None (reported) if unknown."""
    try:
        return lookup(value)
    except (KeyError, ValueError):
        report(what, value)
        return None
