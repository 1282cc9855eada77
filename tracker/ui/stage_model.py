"""The stage list's model: the stages in learning order, each with its progress roll-up.

A tick re-reads one stage's roll-up (:meth:`StageListModel.refresh_stage`) and repaints its row;
the overall counts the window shows are the sum of the stages' roll-ups held here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from tracker.curriculum.model import Lang, Stage
from tracker.progress.records import Counts, Pace, StageProgress
from tracker.ui.inert_text import plain_tip
from tracker.ui.texts import counts_text, pace_text, stage_label

Index = QModelIndex | QPersistentModelIndex

PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 3
"""A stage row's ``StageProgress`` (the delegate paints its bar from it)."""
STAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 4


class StageListModel(QAbstractListModel):
    """The stages in learning order, each with its progress roll-up (``PROGRESS_ROLE``)."""

    def __init__(self, service: Any, lang: Lang, parent: Any = None) -> None:
        super().__init__(parent)
        self._service = service
        self._lang: Lang = lang
        self._stages: tuple[Stage, ...] = ()
        self._rows: dict[str, int] = {}
        self._progress: dict[str, StageProgress] = {}
        self._overall: Counts | None = None
        self.reload()

    def reload(self) -> None:
        """Re-read the curriculum and every stage's progress (new curriculum or profile)."""
        self.beginResetModel()
        self._stages = tuple(self._service.curriculum.stages)
        self._rows = {stage.id: row for row, stage in enumerate(self._stages)}
        self._progress = {p.stage_id: p for p in self._service.stages_progress()}
        self._overall = None
        self.endResetModel()

    def refresh_stage(self, stage_id: str) -> StageProgress | None:
        """Re-read one stage's roll-up (a tick, a plan) and repaint its row; the new roll-up."""
        row = self._rows.get(stage_id, -1)
        if row < 0:
            return None
        progress: StageProgress = self._service.stage_progress(stage_id)
        self._progress[stage_id] = progress
        self._overall = None
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)
        return progress

    def refresh_all(self) -> None:
        self._progress = {p.stage_id: p for p in self._service.stages_progress()}
        self._overall = None
        if self._stages:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._stages) - 1, 0))

    def overall(self) -> Counts:
        """The whole curriculum's counts: the sum of the stages' roll-ups held here (every task
        belongs to exactly one stage), so a tick re-reads one stage, not every task."""
        if self._overall is None:
            done = in_progress = skipped = total = 0
            for progress in self._progress.values():
                counts = progress.counts
                done += counts.done
                in_progress += counts.in_progress
                skipped += counts.skipped
                total += counts.total
            self._overall = Counts(done, in_progress, skipped, total)
        return self._overall

    def set_language(self, lang: Lang) -> None:
        self._lang = lang
        if self._stages:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._stages) - 1, 0))

    def row_of(self, stage_id: str) -> int:
        return self._rows.get(stage_id, -1)

    def stage_at(self, row: int) -> Stage | None:
        return self._stages[row] if 0 <= row < len(self._stages) else None

    def progress_of(self, stage_id: str) -> StageProgress | None:
        return self._progress.get(stage_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._stages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        stage = self.stage_at(index.row()) if index.isValid() else None
        if stage is None:
            return None
        progress = self._progress.get(stage.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return stage_label(stage, self._lang)
        if role == STAGE_ID_ROLE:
            return stage.id
        if role == PROGRESS_ROLE:
            return progress
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return plain_tip(self._describe(stage, progress))
        return None

    def multiData(self, index: Index, roleDataSpan: Any) -> None:  # noqa: N803 - Qt's name
        """The roles a delegate asks for at once (seven per painted row), answered in one call
        into Python instead of one per role; the values are ``data()``'s."""
        for role_data in roleDataSpan:
            role_data.setData(self.data(index, role_data.role()))

    def _describe(self, stage: Stage, progress: StageProgress | None) -> str:
        parts = [stage_label(stage, self._lang)]
        if progress is not None:
            parts.append(counts_text(progress.counts))
            if progress.pace is not Pace.NO_TARGET:
                parts.append(pace_text(progress.pace))
        return " — ".join(parts)
