"""The roll-ups kept in step with the service's own changes: a ``rollup.Tally`` and its checks.

The store keeps the statuses and plans the roll-ups need (its roll-up cache) and brings them up
to date after each change, re-reading them when another process or connection wrote, so a
repaint after a tick costs one ``PRAGMA data_version`` instead of reading every state again.

On top of that ``KeptTally`` keeps a ``rollup.Tally``: counts per module, stage and curriculum
and remaining hours per stage, moved by each status change the service makes (set, undo, redo)
at a constant cost, so a roll-up never passes over the tasks. The tally is tied to the scope
and to the *generation* of the inputs it was built from, plus the number of changes made here
since: the store's cache draws one new generation per change of its contents, so
``generation == seen + own changes`` means nothing else changed them. Anything else (another
process or connection, an import, a profile switch or removal, another curriculum, a failed
write, the start-up view giving way to the store) gives another generation or forgets the
tally, and it is built again from the statuses (one pass).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from tracker.curriculum.model import Curriculum
from tracker.domain import TaskStatus
from tracker.progress import rollup
from tracker.progress.reads import RollupInputs, Scope


class Moves:
    """The changes one write made to the roll-ups' inputs, applied to the tally (if any)."""

    __slots__ = ("changes", "stale", "tally")

    def __init__(self, tally: rollup.Tally | None) -> None:
        self.tally = tally
        self.changes = 0  # changes of the store's cache: one new generation each
        self.stale = False  # the store knew another status than the tally did

    def status(self, task_id: str, new: TaskStatus, old: TaskStatus | None = None) -> None:
        """A task's status is now ``new``; ``old`` is what the store found (None: it changed
        the status without saying, as undo and redo do)."""
        if old is not None and old is new:
            return  # nothing written
        self.changes += 1
        tally = self.tally
        if tally is not None:
            if old is not None:
                self.stale |= tally.statuses.get(task_id, TaskStatus.TODO) is not old
            tally.move(task_id, new)

    def plan(self, changed: bool) -> None:
        """A target date was written; ``changed``: it differs from the one before."""
        self.changes += changed


class KeptTally:
    """The tally of one scope and curriculum, checked against the inputs on each use."""

    def __init__(self) -> None:
        self.tally: rollup.Tally | None = None
        self._layout: rollup.Layout | None = None
        self._of: tuple[Scope, int] | None = None  # (scope, generation)
        self._moves = 0  # own changes to the roll-ups' inputs since that generation

    def current(self, scope: Scope, curriculum: Curriculum, inputs: RollupInputs) -> rollup.Tally:
        """The tally for ``inputs``: the kept one if nothing else changed them, else rebuilt."""
        tally, seen = self.tally, self._of
        if (
            tally is None
            or seen is None
            or seen[0] != scope
            or tally.layout.curriculum is not curriculum
            or inputs.generation != seen[1] + self._moves
        ):
            layout = self._layout
            if layout is None or layout.curriculum is not curriculum:
                layout = self._layout = rollup.Layout(curriculum)
            tally = self.tally = rollup.Tally(layout, inputs.statuses)
        self._of, self._moves = (scope, inputs.generation), 0
        return tally

    def forget(self) -> None:
        self.tally = self._of = None
        self._moves = 0

    @contextlib.contextmanager
    def keeping(self, scope: Callable[[], Scope]) -> Iterator[Moves]:
        """Around one write in the scope ``scope()`` gives: its changes move the tally; a
        failed write, or a scope changed meanwhile, forgets it."""
        before = scope()
        seen = self._of
        moves = Moves(self.tally if seen is not None and seen[0] == before else None)
        try:
            yield moves
        except BaseException:
            self.forget()  # what a failed commit left behind is unknown
            raise
        if moves.stale or scope() != before:
            self.forget()
        else:
            self._moves += moves.changes
