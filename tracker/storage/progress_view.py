"""The roll-ups' in-memory view of statuses and plans, kept current through PRAGMA data_version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import count
from types import MappingProxyType

from sqlalchemy import Connection

from tracker.domain import TaskStatus
from tracker.storage.statements import _SELECT_PLANS, _SELECT_STATUSES

_GENERATIONS = count(1)


@dataclass
class _Snapshot:
    """What the roll-ups need of one profile and curriculum: statuses (not todo) and plans.

    Kept by the store and brought up to date in place by its own writes. ``version`` is the own
    connection's serial and ``PRAGMA data_version`` when it was read; ``generation`` changes
    whenever the contents do.
    """

    version: tuple[int, int]
    statuses: dict[str, TaskStatus] = field(default_factory=dict)
    plans: dict[str, date] = field(default_factory=dict)
    generation: int = field(default_factory=lambda: next(_GENERATIONS))

    def changed(self) -> None:
        self.generation = next(_GENERATIONS)


@dataclass(frozen=True)
class ProgressView:
    """A read-only view of the store's statuses and plans, for the roll-ups: use it at once (it
    follows later changes); ``generation`` tells whether anything changed since an earlier one."""

    statuses: Mapping[str, TaskStatus]
    plans: Mapping[str, date]
    generation: int


class _Snapshots:
    """The ``_Snapshot`` of each (profile, curriculum) the roll-ups asked for.

    A snapshot is valid while its version matches: only writes made through the own connection
    (which report their changes here themselves, under ``database.lock``) leave it unchanged.
    """

    def __init__(self) -> None:
        self._snapshots: dict[tuple[int, str], _Snapshot] = {}

    def view(
        self, conn: Connection, own_serial: int, profile_id: int, curriculum_id: str
    ) -> ProgressView:
        """The view of the scope, read again on ``conn`` unless the kept one is still valid."""
        key = (profile_id, curriculum_id)
        version = (own_serial, _data_version(conn))
        snapshot = self._snapshots.get(key)
        if snapshot is None or snapshot.version != version:
            params = {"pid": profile_id, "cid": curriculum_id}
            snapshot = _Snapshot(
                version,
                {
                    row.task_id: TaskStatus(row.status)
                    for row in conn.execute(_SELECT_STATUSES, params)
                },
                {
                    row.stage_id: row.target_date
                    for row in conn.execute(_SELECT_PLANS, params)
                    if row.target_date is not None  # unreadable: reported by its type
                },
            )
            self._snapshots = {k: v for k, v in self._snapshots.items() if v.version == version}
            self._snapshots[key] = snapshot
        return ProgressView(
            MappingProxyType(snapshot.statuses),
            MappingProxyType(snapshot.plans),
            snapshot.generation,
        )

    def forget(self) -> None:
        """Drop every snapshot (after a write whose outcome is unknown)."""
        self._snapshots.clear()

    def status_changed(
        self, profile_id: int, curriculum_id: str, task_id: str, status: TaskStatus
    ) -> None:
        snapshot = self._snapshots.get((profile_id, curriculum_id))
        if snapshot is not None:
            if status is TaskStatus.TODO:
                snapshot.statuses.pop(task_id, None)
            else:
                snapshot.statuses[task_id] = status
            snapshot.changed()

    def plan_changed(
        self, profile_id: int, curriculum_id: str, stage_id: str, target: date | None
    ) -> None:
        snapshot = self._snapshots.get((profile_id, curriculum_id))
        if snapshot is not None:
            if target is None:
                snapshot.plans.pop(stage_id, None)
            else:
                snapshot.plans[stage_id] = target
            snapshot.changed()


def _data_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA data_version").scalar_one())
