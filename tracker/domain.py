"""The value types every layer shares: task statuses, kinds of change, counts, events, backups.

This module sits below storage and the progress layer alike and imports neither (nor SQLAlchemy,
nor Qt): storage reads and writes these shapes, the progress layer hands them to the UI, the
command line and the reports (through ``tracker.progress.records``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from tracker.studytime import StudySession


class TaskStatus(enum.StrEnum):
    """Where a learner stands on one task."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


class ItemKind(enum.StrEnum):
    """What a note (or an event) is attached to."""

    TASK = "task"
    STAGE = "stage"
    CONCEPT = "concept"


class ChangeKind(enum.StrEnum):
    """What a change record is about; the UI refreshes what the kind touches."""

    STATUS = "status"
    NOTE = "note"
    PLAN = "plan"
    PROFILE = "profile"
    IMPORT = "import"
    TIME = "time"  # study time added, edited or deleted
    REPLAN = "replan"  # several target dates set as one change


class Pace(enum.StrEnum):
    """How a stage stands against its target date."""

    NO_TARGET = "no_target"
    DONE = "done"
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class Profile:
    """A local learner profile."""

    id: int
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TaskState:
    """A task's status with the times (UTC) it last changed, was started and was finished."""

    task_id: str
    status: TaskStatus
    changed_at: datetime | None = None
    started_at: datetime | None = None
    done_at: datetime | None = None


def round_half_up(value: float, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals, halves rounded up (``6.25`` -> ``6.3``, where
    ``f"{6.25:.1f}"`` gives ``6.2``): the one rounding of every percentage shown or written."""
    step = Decimal(1).scaleb(-digits)
    return str(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class Counts:
    """A roll-up of task statuses. Skipped tasks are counted apart, never as done."""

    done: int = 0
    in_progress: int = 0
    skipped: int = 0
    total: int = 0

    @property
    def todo(self) -> int:
        return self.total - self.done - self.in_progress - self.skipped

    @property
    def counted(self) -> int:
        """The tasks the percentage is taken of: all but the skipped ones."""
        return self.total - self.skipped

    @property
    def finished(self) -> bool:
        """Every task done or skipped (and there is at least one)."""
        return bool(self.total) and self.done + self.skipped == self.total

    @property
    def percent(self) -> float:
        """Done as a share of the tasks not skipped, 0-100; 100 when every task is skipped.

        Skipped tasks leave the denominator and are reported apart, so a stage whose every task
        is done or skipped is at 100 %, wherever it is shown (window, CLI, exports).
        """
        if self.counted:
            return 100.0 * self.done / self.counted
        return 100.0 if self.total else 0.0

    def percent_text(self, digits: int = 1) -> str:
        """The percentage rounded half up to ``digits`` places (6.25 -> ``6.3``), no sign."""
        return round_half_up(self.percent, digits)

    def as_json(self) -> dict[str, int | float]:
        """The counts as the JSON outputs (``status --json``, the JSON export) write them."""
        return {
            "done": self.done,
            "in_progress": self.in_progress,
            "skipped": self.skipped,
            "todo": self.todo,
            "total": self.total,
            "percent": float(self.percent_text(1)),
        }


@dataclass(frozen=True, slots=True)
class ModuleProgress:
    module_id: str
    counts: Counts


@dataclass(frozen=True, slots=True)
class StageProgress:
    """A stage's roll-up, plan and pace."""

    stage_id: str
    counts: Counts
    modules: tuple[ModuleProgress, ...]
    remaining_hours: float
    target_date: date | None
    pace: Pace


@dataclass(frozen=True, slots=True)
class Change:
    """One change, as returned by every mutation and broadcast by the UI.

    ``old`` and ``new`` are the values as text (a status value, a note, an ISO date, a name).
    """

    kind: ChangeKind
    profile: str
    item_kind: ItemKind | None
    item_id: str | None
    old: str | None
    new: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Orphan:
    """Progress kept for an id that is no longer in the curriculum."""

    item_kind: ItemKind
    item_id: str
    status: TaskStatus | None
    note: str | None
    changed_at: datetime | None


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the append-only activity log."""

    id: int
    profile: str
    kind: ChangeKind
    item_kind: ItemKind | None
    item_id: str | None
    old: str | None
    new: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Note:
    """A learner's Markdown note on a task, stage or concept, stored byte for byte."""

    item_kind: ItemKind
    item_id: str
    text: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StagePlan:
    """A stage's target date."""

    stage_id: str
    target_date: date
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ProfileBackup:
    """Everything a profile holds for one curriculum: what a JSON backup carries and restores.

    Ids no longer in the curriculum are kept (they are shown as "no longer in the curriculum").
    """

    profile: str
    curriculum_id: str
    task_states: tuple[TaskState, ...]
    notes: tuple[Note, ...]
    plans: tuple[StagePlan, ...]
    events: tuple[Event, ...]
    sessions: tuple[StudySession, ...] = ()
    """Study time: finished timer sessions and manual entries."""
    settings: tuple[tuple[str, str], ...] = ()
    """The profile's study settings (hours per week, daily goal, streak minimum), sorted."""
