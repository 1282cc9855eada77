"""Study time and study settings in the JSON backup (``learnpath.progress/1``, minor addition).

Two optional top-level keys, written only when the profile has any: ``sessions`` (finished
timer sessions and manual time entries) and ``settings`` (an object of the profile's study
settings). A backup without them (every older one) imports as before; see
``docs/progress-json.md``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.progress.records import ProfileBackup
from tracker.studytime import StudySession

SESSION_KEYS = frozenset(
    {"item_kind", "item_id", "started_at", "ended_at", "on_date", "seconds", "note"}
)
SETTING_KEYS = frozenset({"hours_per_week", "daily_goal_minutes", "streak_minimum_minutes"})
MAX_SECONDS = 7 * 24 * 3600


def study_to_dict(backup: ProfileBackup) -> dict[str, Any]:
    from tracker.reports.backup import timestamp

    found: dict[str, Any] = {}
    if backup.sessions:
        found["sessions"] = sorted(
            (
                {
                    "item_kind": s.item_kind,
                    "item_id": s.item_id,
                    "started_at": timestamp(s.started_at),
                    "ended_at": timestamp(s.ended_at) if s.ended_at else None,
                    "on_date": s.on_date.isoformat() if s.on_date else None,
                    "seconds": s.seconds,
                    "note": s.note,
                }
                for s in backup.sessions
            ),
            key=lambda s: (s["started_at"], s["item_kind"], s["item_id"], s["seconds"]),
        )
    if backup.settings:
        found["settings"] = dict(sorted(backup.settings))
    return found


def parse_study(
    top: dict[str, Any],
) -> tuple[tuple[StudySession, ...], tuple[tuple[str, str], ...]]:
    """The ``sessions`` and ``settings`` of a backup document, checked; empty when absent."""
    from tracker.reports.backup import (
        BackupError,
        _ident,
        _moment,
        _object,
        _opt_moment,
        _opt_text,
    )

    raw_sessions = top.get("sessions", [])
    if not isinstance(raw_sessions, list):
        raise BackupError('"sessions" must be a list')
    sessions = []
    for index, item in enumerate(raw_sessions):
        where = f"sessions[{index}]"
        obj = _object(item, where, SESSION_KEYS)
        kind = obj["item_kind"]
        if kind not in ("task", "stage"):
            raise BackupError(f'{where}.item_kind must be "task" or "stage"')
        seconds = obj["seconds"]
        if not isinstance(seconds, int) or isinstance(seconds, bool):
            raise BackupError(f"{where}.seconds must be a whole number")
        if not 0 <= seconds <= MAX_SECONDS:
            raise BackupError(f"{where}.seconds must be between 0 and {MAX_SECONDS}")
        on = obj["on_date"]
        try:
            on_date = None if on is None else date.fromisoformat(str(on))
        except ValueError:
            raise BackupError(f"{where}.on_date is not a date (YYYY-MM-DD)") from None
        started = _moment(obj["started_at"], f"{where}.started_at")
        ended = _opt_moment(obj["ended_at"], f"{where}.ended_at")
        sessions.append(
            StudySession(
                id=0,
                item_kind=kind,
                item_id=_ident(obj["item_id"], f"{where}.item_id"),
                started_at=started,
                ended_at=ended or started,
                last_seen_at=ended or started,
                on_date=on_date,
                seconds=seconds,
                note=_opt_text(obj["note"], f"{where}.note"),
            )
        )
    raw_settings = top.get("settings", {})
    settings = []
    for name, value in _object(raw_settings, "settings").items():
        if name not in SETTING_KEYS:
            raise BackupError(f"unknown setting {name!r} in settings")
        if not isinstance(value, str) or not value.replace(".", "", 1).isdigit():
            raise BackupError(f"settings.{name} must be a number written as text")
        settings.append((name, value))
    return tuple(sessions), tuple(sorted(settings))
