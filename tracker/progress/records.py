"""The records the progress layer hands to the UI, the command line and the reports.

They are the shared value types of ``tracker.domain``, named again here so that code above the
progress layer needs no other door: these are the only shapes that leave it.
"""

from __future__ import annotations

from tracker.domain import (
    Change,
    ChangeKind,
    Counts,
    Event,
    ItemKind,
    ModuleProgress,
    Note,
    Orphan,
    Pace,
    Profile,
    ProfileBackup,
    StagePlan,
    StageProgress,
    TaskState,
    TaskStatus,
    round_half_up,
)

__all__ = [
    "Change",
    "ChangeKind",
    "Counts",
    "Event",
    "ItemKind",
    "ModuleProgress",
    "Note",
    "Orphan",
    "Pace",
    "Profile",
    "ProfileBackup",
    "StagePlan",
    "StageProgress",
    "TaskState",
    "TaskStatus",
    "round_half_up",
]
