"""The first-run hint over the stage header: shown until the learner starts something."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from tracker.curriculum.model import Lang, Stage
from tracker.progress.records import Counts
from tracker.ui.header import FirstRunBanner
from tracker.ui.texts import stage_label


class FirstRunHint(QObject):
    """Says where to start in ``banner`` until something is ticked, a task is picked, or the
    learner closes it (``dismissed``/``dismiss`` read and keep that choice)."""

    def __init__(
        self,
        banner: FirstRunBanner,
        dismissed: Callable[[], bool],
        dismiss: Callable[[], None],
    ) -> None:
        super().__init__(banner)
        self.banner = banner
        self._dismissed = dismissed
        self._dismiss = dismiss
        self.begun = False
        """The learner has started something since the views were (re)loaded: the banner stays
        away even if every task is unticked again (no layout jump mid-session)."""
        banner.dismissed.connect(self._closed)

    def reset(self) -> None:
        """Another profile or curriculum, which may be untouched: the hint may show again."""
        self.begun = False

    def update(self, counts: Counts, first: Stage | None, lang: Lang) -> None:
        if counts.done + counts.in_progress + counts.skipped:
            self.begun = True
        if self.begun or first is None or self._dismissed():
            self.banner.retire()  # its space stays until the next stage switch
            return
        self.banner.show_hint(
            self.tr(
                "New here? Start with {stage}: read a concept on the left, then tick a "
                "task when you finish it (click its box or press Space)."
            ).format(stage=stage_label(first, lang))
        )

    def task_found(self) -> None:
        """The learner has found the checklist: the hint has done its job."""
        if not self.begun:
            self.begun = True
            self.banner.retire()

    def _closed(self) -> None:
        self.begun = True
        self._dismiss()


__all__ = ["FirstRunHint"]
