"""Rules of study time on the calendar: durations, local days, streaks and the trailing pace.

Pure functions over plain values; ``progress.study`` feeds them the stored sessions and events.
Days are the learner's local days under the system's zone rules (``zoneinfo``): a session that
runs across midnight counts on both days, and a day with a DST change is 23 or 25 hours long.
"""

from __future__ import annotations

import bisect
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.progress.errors import ProgressError
from tracker.studytime import StudySession

DEFAULT_STREAK_MINUTES = 15
"""A day counts for the streak with at least this many minutes logged (or a task done)."""
DEFAULT_DAILY_GOAL_MINUTES = 30
PACE_WINDOW_DAYS = 28
"""The pace looks at the trailing four weeks."""
MAX_ENTRY_MINUTES = 24 * 60

_DURATION = re.compile(
    r"^\s*(?:(?P<hours>\d+(?:\.\d+)?)\s*h)?\s*(?:(?P<minutes>\d+)\s*m(?:in)?)?\s*$", re.IGNORECASE
)


def parse_duration(text: str) -> int:
    """Minutes from ``45m``, ``1h30m``, ``1.5h`` or ``90``; ``ProgressError`` otherwise."""
    cleaned = text.strip()
    if cleaned.isdigit():
        minutes = int(cleaned)
    else:
        match = _DURATION.match(cleaned)
        if not match or not (match["hours"] or match["minutes"]):
            raise ProgressError(f"bad duration {text!r}: use minutes (90), 45m, 1h30m or 1.5h")
        minutes = round(float(match["hours"] or 0) * 60) + int(match["minutes"] or 0)
    if minutes <= 0:
        raise ProgressError(f"bad duration {text!r}: it must be at least one minute")
    if minutes > MAX_ENTRY_MINUTES:
        raise ProgressError(f"bad duration {text!r}: at most 24 hours in one entry")
    return minutes


def local_zone() -> tzinfo:
    """The system's time zone with its rules (DST included), not just today's offset."""
    name = os.environ.get("TZ", "").lstrip(":")
    candidates = [name] if name else []
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for candidate in candidates:
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    offset = datetime.now().astimezone().tzinfo
    return offset if offset is not None else UTC


def day_start(day: date, zone: tzinfo) -> datetime:
    """Local midnight of ``day`` as a UTC instant."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _local_days(first: datetime, last: datetime, zone: tzinfo) -> tuple[list[date], list[datetime]]:
    """The local days from the one holding ``first`` to the one after ``last``, and where each
    begins (a UTC instant): days[i] runs from midnights[i] to midnights[i + 1]."""
    day = first.astimezone(zone).date()
    end = last.astimezone(zone).date() + timedelta(days=1)
    days, midnights = [], []
    while day <= end:
        days.append(day)
        midnights.append(day_start(day, zone))
        day += timedelta(days=1)
    return days, midnights


def seconds_by_day(
    sessions: Iterable[StudySession], zone: tzinfo, now: datetime | None = None
) -> dict[date, float]:
    """Seconds studied per local day. A running session counts up to its last heartbeat (up to
    ``now`` for the one being timed, when ``now`` is given and it is the newest).

    Timer sessions are placed among the local midnights by bisection (no time-zone conversion
    per session: thousands of them after two years)."""
    days: dict[date, float] = {}
    timed: list[tuple[datetime, datetime]] = []
    for session in sessions:
        if session.on_date is not None:
            days[session.on_date] = days.get(session.on_date, 0.0) + session.seconds
            continue
        # In UTC before any subtraction: between two times of one DST zone, Python subtracts
        # wall-clock times.
        start = session.started_at
        if start.tzinfo is not UTC:
            start = start.astimezone(UTC)
        end = session.ended_at or (now if now is not None else session.last_seen_at)
        if end.tzinfo is not UTC:
            end = end.astimezone(UTC)
        if start < end:
            timed.append((start, end))
    if not timed:
        return days
    local, midnights = _local_days(
        min(start for start, _ in timed), max(end for _, end in timed), zone
    )
    for first, end in timed:
        start, index = first, bisect.bisect_right(midnights, first) - 1
        while start < end:
            piece_end = min(end, midnights[index + 1])
            day = local[index]
            days[day] = days.get(day, 0.0) + (piece_end - start).total_seconds()
            start, index = piece_end, index + 1
    return days


def done_by_day(done_times: Iterable[str], zone: tzinfo) -> dict[date, int]:
    """Tasks done per local day, from times stored as ISO 8601 text in UTC (which sort as
    the instants do): each is placed among the local midnights by a bisection of the text, not
    parsed — two years of ticks are thousands of them."""
    stamps = sorted(done_times)
    if not stamps:
        return {}
    first = datetime.fromisoformat(stamps[0])
    last = datetime.fromisoformat(stamps[-1])
    first = first if first.tzinfo else first.replace(tzinfo=UTC)
    last = last if last.tzinfo else last.replace(tzinfo=UTC)
    day = first.astimezone(zone).date()
    days: list[date] = []
    midnights: list[str] = []  # midnights[i] is where days[i] begins, as stored text
    while True:
        days.append(day)
        midnights.append(day_start(day, zone).isoformat(timespec="microseconds"))
        if day > last.astimezone(zone).date():
            break
        day += timedelta(days=1)
    counts: dict[date, int] = {}
    for stamp in stamps:
        found = days[bisect.bisect_right(midnights, stamp) - 1]
        counts[found] = counts.get(found, 0) + 1
    return counts


@dataclass(frozen=True, slots=True)
class Streak:
    """Days in a row with real study: at least N minutes logged, or a task done."""

    current: int
    longest: int


def counts_for_streak(
    seconds: Mapping[date, float], done: Mapping[date, int], minimum_minutes: int
) -> set[date]:
    """The days that count: ``minimum_minutes`` logged or one task done. Opening the app is
    never recorded, so a mere visit cannot count."""
    minimum = minimum_minutes * 60
    counted = {day for day, total in seconds.items() if total >= minimum}
    counted.update(day for day, number in done.items() if number > 0)
    return counted


def streak(counted: set[date], today: date) -> Streak:
    """The current run ends today, or yesterday while today does not count yet (the day is not
    over); the longest is the longest run ever."""
    current = 0
    day = today if today in counted else today - timedelta(days=1)
    while day in counted:
        current += 1
        day -= timedelta(days=1)
    longest = run = 0
    previous: date | None = None
    for day in sorted(counted):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    return Streak(current=current, longest=max(longest, current))


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def weeks_to_finish(remaining_hours: float, hours_per_week: float) -> float | None:
    if remaining_hours <= 0:
        return 0.0
    if hours_per_week <= 0:
        return None
    return remaining_hours / hours_per_week


def finish_date(today: date, remaining_hours: float, hours_per_week: float) -> date | None:
    """The day ``remaining_hours`` are done at ``hours_per_week``, starting today."""
    weeks = weeks_to_finish(remaining_hours, hours_per_week)
    if weeks is None:
        return None
    return today + timedelta(days=math.ceil(weeks * 7))
