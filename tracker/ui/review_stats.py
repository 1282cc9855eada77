"""The "Review" section of the History page: retention over the last 30 days (the share of
reviews not graded Again), how many reviews that is, and per stage the cards available, learned
(reviewed at least once) and mature.

The numbers are those of the summaries (``ReviewService.stats``); the History page builds this
section with itself, on first use, and reads it again when the page is shown and after a grade.
Without any card (none in the curriculum, no review data of the profile) there is no section.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.curriculum.model import Lang
from tracker.progress.review_records import ReviewStats
from tracker.ui.bridge import user_error_types
from tracker.ui.texts import stage_label

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ID_ROLE = Qt.ItemDataRole.UserRole
FIT_ROWS = 8
"""The stages the section shows without a scroll bar."""


class ReviewStatsPanel(QWidget):
    """See the module docstring. ``stats`` is what is shown (None before the first read)."""

    def __init__(self, service: Any, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_stats")
        self.service = service
        self.lang = lang
        self.stats: ReviewStats | None = None
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.retention = QLabel(self)
        self.retention.setObjectName("review_retention")
        self.retention.setWordWrap(True)
        self.stages = QTreeWidget(self)
        self.stages.setObjectName("review_stages")
        self.stages.setColumnCount(4)
        self.stages.setRootIsDecorated(False)
        header = self.stages.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.retention)
        layout.addWidget(self.stages, 1)
        self.retranslate()

    def refresh(self) -> None:
        """Read the statistics again; hide the section when review is not in use."""
        review: Any = getattr(self.service, "review", None)
        try:
            self.stats = review.stats() if review is not None and review.in_use() else None
        except user_error_types():  # the numbers are not worth a dialog; the next refresh retries
            import logging

            logging.getLogger("tracker.ui").warning("review statistics not read", exc_info=True)
            return
        self.setVisible(self.stats is not None)
        self._show()

    def _show(self) -> None:
        self.stages.clear()
        stats = self.stats
        if stats is None:
            self.retention.clear()
            return
        if stats.retention is None:
            self.retention.setText(self.tr("Retention over the last 30 days: no reviews yet"))
        else:
            self.retention.setText(
                self.tr("Retention over the last 30 days: {share} % of {reviews} reviews").format(
                    share=round(stats.retention * 100), reviews=stats.reviews
                )
            )
        curriculum = self.service.curriculum
        for line in stats.stages:
            stage = curriculum.stage(line.stage_id)
            name = stage_label(stage, self.lang) if stage is not None else line.stage_id
            item = QTreeWidgetItem([name, str(line.cards), str(line.learned), str(line.mature)])
            for column in (1, 2, 3):
                item.setTextAlignment(column, _RIGHT)
            item.setData(0, _ID_ROLE, line.stage_id)
            self.stages.addTopLevelItem(item)
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Tall enough for every stage (up to ``FIT_ROWS``) without scrolling."""
        rows = min(self.stages.topLevelItemCount(), FIT_ROWS)
        row = self.stages.sizeHintForRow(0) if rows else 0
        frame = 2 * self.stages.frameWidth()
        self.stages.setMinimumHeight(self.stages.header().sizeHint().height() + rows * row + frame)

    def row(self, stage_id: str) -> tuple[int, int, int] | None:
        """The cards, learned and mature counts shown for ``stage_id`` (None if not listed)."""
        for index in range(self.stages.topLevelItemCount()):
            item = self.stages.topLevelItem(index)
            if item is not None and item.data(0, _ID_ROLE) == stage_id:
                return int(item.text(1)), int(item.text(2)), int(item.text(3))
        return None

    def set_language(self, lang: Lang) -> None:
        self.lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Review"))
        self.stages.setHeaderLabels(
            [self.tr("Stage"), self.tr("Cards"), self.tr("Learned"), self.tr("Mature")]
        )
        header = self.stages.headerItem()
        header.setToolTip(1, self.tr("Cards available to review"))
        header.setToolTip(2, self.tr("Cards reviewed at least once"))
        header.setToolTip(3, self.tr("Cards remembered for three weeks or more"))
        self._show()
