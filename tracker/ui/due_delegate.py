"""The stage row with its due review cards: "· 3 due" after the stage's counts.

Its own module so that the main window's review menu can exist before the Stages page (and
the delegates it draws with) is built: the delegate is made when the stage list is.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractItemView

from tracker.progress.records import StageProgress
from tracker.ui.delegates import StageDelegate


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class DueStageDelegate(StageDelegate):
    """The stage row as ``StageDelegate`` draws it, with "· 3 due" after its counts."""

    def __init__(self, due: Mapping[str, int], parent: QAbstractItemView | None = None) -> None:
        super().__init__(parent)
        self.due = due

    def _detail(self, progress: StageProgress | None) -> str:  # type: ignore[override]
        text = StageDelegate._detail(progress)
        count = self.due.get(progress.stage_id, 0) if progress is not None else 0
        return text + _tr("ReviewMenu", " · {n} due").format(n=count) if count else text


__all__ = ["DueStageDelegate"]
