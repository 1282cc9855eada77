"""The roll-up cache: the statuses and plans the roll-ups need, kept in memory by the store.

``RollupCache`` holds one ``_CachedScope`` per profile and curriculum asked for, valid while the
own connection's serial and ``PRAGMA data_version`` are those it was read at; the store's own
writes update it in place. Each change of a scope's contents draws a new *generation* (from one
counter), so a reader can tell whether anything changed since it last looked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import count
from types import MappingProxyType

from sqlalchemy import Connection

from tracker.domain import TaskStatus
from tracker.storage.statements import SELECT_PLANS, SELECT_STATUSES

_GENERATIONS = count(1)


@dataclass
class _CachedScope:
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


class RollupCache:
    """The ``_CachedScope`` of each (profile, curriculum) the roll-ups asked for.

    A cached scope is valid while its version matches: only writes made through the own connection
    (which report their changes here themselves, under ``database.lock``) leave it unchanged.
    """

    def __init__(self) -> None:
        self._scopes: dict[tuple[int, str], _CachedScope] = {}

    def view(
        self, conn: Connection, own_serial: int, profile_id: int, curriculum_id: str
    ) -> ProgressView:
        """The view of the scope, read again on ``conn`` unless the kept one is still valid."""
        key = (profile_id, curriculum_id)
        version = (own_serial, _data_version(conn))
        cached = self._scopes.get(key)
        if cached is None or cached.version != version:
            params = {"pid": profile_id, "cid": curriculum_id}
            cached = _CachedScope(
                version,
                {
                    row.task_id: TaskStatus(row.status)
                    for row in conn.execute(SELECT_STATUSES, params)
                },
                {
                    row.stage_id: row.target_date
                    for row in conn.execute(SELECT_PLANS, params)
                    if row.target_date is not None  # unreadable: reported by its type
                },
            )
            self._scopes = {k: v for k, v in self._scopes.items() if v.version == version}
            self._scopes[key] = cached
        return ProgressView(
            MappingProxyType(cached.statuses),
            MappingProxyType(cached.plans),
            cached.generation,
        )

    def forget(self) -> None:
        """Drop every cached scope (after a write whose outcome is unknown)."""
        self._scopes.clear()

    def status_changed(
        self, profile_id: int, curriculum_id: str, task_id: str, status: TaskStatus
    ) -> None:
        cached = self._scopes.get((profile_id, curriculum_id))
        if cached is not None:
            if status is TaskStatus.TODO:
                cached.statuses.pop(task_id, None)
            else:
                cached.statuses[task_id] = status
            cached.changed()

    def plan_changed(
        self, profile_id: int, curriculum_id: str, stage_id: str, target: date | None
    ) -> None:
        cached = self._scopes.get((profile_id, curriculum_id))
        if cached is not None:
            if target is None:
                cached.plans.pop(stage_id, None)
            else:
                cached.plans[stage_id] = target
            cached.changed()


def _data_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA data_version").scalar_one())
