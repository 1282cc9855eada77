"""The service's one read path: the start-up view until the store is open, then the store.

A lazy ``ProgressService`` starts on a ``StartupView`` (stdlib ``sqlite3``, no SQLAlchemy) and
opens the ``ProgressStore`` later. ``ReadPath`` hides that choice: each read it answers asks the
start-up view while the store is not open, and the store once it is, or as soon as the view is
stale (``StaleStartupView``: something else committed since the view was read). Reads the view
does not cover go to ``store``, which opens the store on first use.

The roll-ups' inputs (``progress``) carry a *generation*: a number that changes whenever the
statuses or plans do. The store's roll-up cache draws its generations from a counter; the
start-up view, whose contents never change while it is current, has one fixed generation of its
own, negative so that it never equals one of the store's.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tracker.domain import ItemKind, Profile, TaskState, TaskStatus
from tracker.storage.startup_view import StaleStartupView, StartupView

if TYPE_CHECKING:
    from tracker.storage.store import ProgressStore

Scope = tuple[int, str]
"""(profile id, curriculum id)"""

T = TypeVar("T")

_STARTUP_GENERATIONS = itertools.count(1)  # negated: never equal to a store's generation


@dataclass(frozen=True)
class RollupInputs:
    """What the roll-ups are computed from: statuses other than todo, target dates, and the
    generation they belong to (see the module's docstring). Use at once; do not modify."""

    statuses: Mapping[str, TaskStatus]
    plans: Mapping[str, date]
    generation: int


class ReadPath:
    """Where the service's reads go, and the store it writes through.

    ``open_store(view)`` is called at most once, under a lock, to open the store while the
    start-up view is still in use (the service re-reads its profile there); the view is closed
    once the store has taken over.
    """

    def __init__(
        self,
        *,
        store: ProgressStore | None = None,
        startup: StartupView | None = None,
        open_store: Callable[[StartupView], ProgressStore] | None = None,
    ) -> None:
        if store is None and (startup is None or open_store is None):
            raise ValueError("a ReadPath needs a store, or a start-up view and a way to open one")
        self._store = store
        self._startup = startup if store is None else None
        self._open_store = open_store
        self._opening = threading.Lock()
        self._startup_generation = -next(_STARTUP_GENERATIONS)
        self.path: Path = store.path if store is not None else startup.path  # type: ignore[union-attr]

    # --- the store ----------------------------------------------------------------------------

    @property
    def store_open(self) -> bool:
        return self._store is not None

    @property
    def opened(self) -> ProgressStore | None:
        """The store if it is open, else None (never opens it)."""
        return self._store

    @property
    def store(self) -> ProgressStore:
        """The store, opened now if it is not open yet (``StorageError`` as opening would)."""
        store = self._store
        if store is None:
            store = self._open()
        return store

    def _open(self) -> ProgressStore:
        with self._opening:
            if self._store is not None:
                return self._store
            view, opener = self._startup, self._open_store
            assert view is not None and opener is not None
            store = opener(view)
            self._store, self._startup = store, None
            view.close()
            return store

    def close(self) -> None:
        """Close the store, or the start-up view of a store that never opened."""
        with self._opening:
            if self._store is not None:
                self._store.close()
            if self._startup is not None:
                self._startup.close()

    def _view(self) -> StartupView | None:
        """The start-up view while the store is not open."""
        return self._startup if self._store is None else None

    def _first(
        self, from_view: Callable[[StartupView], T], from_store: Callable[[ProgressStore], T]
    ) -> T:
        """``from_view`` while the start-up view is in use and current, else ``from_store``
        (opening the store if need be)."""
        view = self._view()
        if view is not None:
            try:
                return from_view(view)
            except StaleStartupView:
                pass
        return from_store(self.store)

    # --- reads ------------------------------------------------------------------------------

    def outside_version(self) -> object:
        """Changes when something other than this process's own connection commits."""
        view = self._view()
        if view is not None:
            return view.outside_version()
        return self.store.database.outside_version()

    def profiles(self) -> list[Profile]:
        return self._first(lambda view: view.profiles(), lambda store: store.profiles())

    def task_state(self, scope: Scope, task_id: str) -> TaskState | None:
        return self._first(
            lambda view: view.task_states(*scope).get(task_id),
            lambda store: store.task_state(*scope, task_id),
        )

    def task_states(self, scope: Scope) -> dict[str, TaskState]:
        """Every stored state of the scope, whatever its ids."""
        return self._first(
            lambda view: view.task_states(*scope), lambda store: store.task_states(*scope)
        )

    def note(self, scope: Scope, kind: ItemKind, item_id: str) -> str:
        return self._first(
            lambda view: view.note(*scope, kind, item_id),
            lambda store: store.note(*scope, kind, item_id),
        )

    def noted(self, scope: Scope, kind: ItemKind) -> frozenset[str]:
        return self._first(
            lambda view: view.noted(*scope, kind), lambda store: store.noted(*scope, kind)
        )

    def can_undo(self, scope: Scope) -> bool:
        return self._first(lambda view: view.can_undo(*scope), lambda store: store.can_undo(*scope))

    def can_redo(self, scope: Scope) -> bool:
        return self._first(lambda view: view.can_redo(*scope), lambda store: store.can_redo(*scope))

    def rollup_inputs(self, scope: Scope) -> RollupInputs:
        """The statuses and plans the roll-ups need, with their generation."""

        def from_view(view: StartupView) -> RollupInputs:
            statuses, plans = view.statuses(*scope), view.plans(*scope)
            return RollupInputs(statuses, plans, self._startup_generation)

        def from_store(store: ProgressStore) -> RollupInputs:
            cached = store.progress_view(*scope)
            return RollupInputs(cached.statuses, cached.plans, cached.generation)

        return self._first(from_view, from_store)
