"""The top of the centre column: the first-run banner, the stage's title and goal, its plan row.

Nothing here may move the checklist below it while the learner is pointing at it: the banner,
once it goes, leaves its space empty until the learner picks another stage (a click in the
stage list, away from the checklist), and the plan row keeps a line for its pace sentence.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from tracker.curriculum.model import Lang, Stage
from tracker.progress.records import StageProgress
from tracker.ui.plan import PlanPanel
from tracker.ui.texts import stage_label


class FirstRunBanner(QFrame):
    """A hint for a learner who has not started yet, with a × to close it.

    Signals:
        dismissed(): the learner closed the banner with its × button.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self._close_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 4, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate()

    def retranslate(self) -> None:
        self.close_button.setToolTip(self.tr("Close this hint"))
        self.close_button.setAccessibleName(self.tr("Close this hint"))

    def text(self) -> str:
        return self.label.text()

    def show_hint(self, text: str) -> None:
        self.label.setText(text)
        self._keep_space(False)
        self.show()

    def retire(self) -> None:
        """Go, but keep the space, so what is under the pointer stays where it is."""
        if self.isHidden():
            return  # already gone (and its space perhaps released): leave the layout alone
        self._keep_space(True)
        self.hide()

    def release_space(self) -> None:
        """Give the space of a retired banner back (when the whole view changes anyway)."""
        if self.isHidden():
            self._keep_space(False)

    def keeps_space(self) -> bool:
        return self.sizePolicy().retainSizeWhenHidden()

    def _keep_space(self, keep: bool) -> None:
        policy = self.sizePolicy()
        if policy.retainSizeWhenHidden() != keep:
            policy.setRetainSizeWhenHidden(keep)
            self.setSizePolicy(policy)

    def _close_clicked(self) -> None:
        self.retire()
        self.dismissed.emit()


class StageHeader(QWidget):
    """The first-run banner, then the selected stage's title, goal and plan row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = FirstRunBanner(self)
        self.title = QLabel(self)
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.35)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.goal = QLabel(self)
        self.goal.setWordWrap(True)
        self.goal.setTextFormat(Qt.TextFormat.PlainText)
        self.goal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plan_panel = PlanPanel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.banner, self.title, self.goal, self.plan_panel):
            layout.addWidget(widget)

    def retranslate(self) -> None:
        self.banner.retranslate()
        self.title.setAccessibleName(self.tr("Stage"))
        self.goal.setAccessibleName(self.tr("Stage goal"))
        self.plan_panel.retranslate()

    def show_stage(self, stage: Stage | None, progress: StageProgress | None, lang: Lang) -> None:
        if stage is None:
            self.title.setText("")
            self.goal.setText("")
            self.plan_panel.show_stage(None, None)
            return
        self.title.setText(stage_label(stage, lang))
        self.goal.setText(stage.goal.get(lang))
        self.plan_panel.show_stage(stage.id, progress)
