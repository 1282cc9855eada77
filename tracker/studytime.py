"""Study-time records shared by storage, progress, the UI and the reports (importing none of them).

A ``StudySession`` is either a timer session (``on_date`` None: counted from ``started_at`` to
``ended_at``, split at the learner's local midnights) or a manual entry (counted whole on
``on_date``). A timer session whose ``ended_at`` is None is still running, or was left running by
a crash; ``last_seen_at`` is its latest heartbeat.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

TIME_KIND = "time"
"""The activity-log kind of a change to study time (an entry added, edited or deleted)."""
REPLAN_KIND = "replan"
"""The activity-log kind of a re-plan: several target dates changed as one undoable step."""


@dataclass(frozen=True, slots=True)
class StudySession:
    """Study time on one task or stage."""

    id: int
    item_kind: str
    item_id: str
    started_at: datetime
    ended_at: datetime | None
    last_seen_at: datetime
    on_date: date | None = None
    seconds: int = 0
    note: str | None = None

    @property
    def running(self) -> bool:
        return self.on_date is None and self.ended_at is None

    @property
    def manual(self) -> bool:
        return self.on_date is not None

    def to_json(self) -> str:
        """The session as the activity log keeps it (so undo can restore it exactly)."""
        return json.dumps(
            {
                "id": self.id,
                "item_kind": self.item_kind,
                "item_id": self.item_id,
                "started_at": self.started_at.astimezone(UTC).isoformat(),
                "ended_at": self.ended_at.astimezone(UTC).isoformat() if self.ended_at else None,
                "on_date": self.on_date.isoformat() if self.on_date else None,
                "seconds": self.seconds,
                "note": self.note,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> StudySession:
        data = json.loads(text)
        started = datetime.fromisoformat(data["started_at"])
        ended = datetime.fromisoformat(data["ended_at"]) if data.get("ended_at") else None
        return cls(
            id=int(data["id"]),
            item_kind=str(data["item_kind"]),
            item_id=str(data["item_id"]),
            started_at=started,
            ended_at=ended,
            last_seen_at=ended or started,
            on_date=date.fromisoformat(data["on_date"]) if data.get("on_date") else None,
            seconds=int(data.get("seconds") or 0),
            note=data.get("note"),
        )
