"""Charts of the History page, painted with ``QPainter``: an activity heatmap, bars of minutes
per week, and a burn-down of a stage's remaining hours with its projected finish.

Drawn by hand rather than with QtCharts (PySide6-Addons, ≈ 160 MB more to install) or a
plotting library (an import of several F): three small widgets, nothing imported before the
History page is first opened. Colours come from the palette, so light and dark themes work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

CELL = 13
GAP = 3
LEVELS = 5


@dataclass(frozen=True)
class HeatDay:
    day: date
    minutes: int
    done: int
    what: str = ""
    """What was done, in words, for the tooltip."""


def level(day: HeatDay | None) -> int:
    """0-4: minutes when time was logged, else tasks done."""
    if day is None:
        return 0
    if day.minutes:
        return 1 if day.minutes < 15 else 2 if day.minutes < 45 else 3 if day.minutes < 90 else 4
    return min(4, day.done) if day.done else 0


def shade(palette: QPalette, step: int) -> QColor:
    base = palette.color(QPalette.ColorRole.Base)
    accent = palette.color(QPalette.ColorRole.Highlight)
    if step == 0:
        mid = palette.color(QPalette.ColorRole.Mid)
        return QColor(
            (base.red() * 3 + mid.red()) // 4,
            (base.green() * 3 + mid.green()) // 4,
            (base.blue() * 3 + mid.blue()) // 4,
        )
    share = 0.3 + 0.7 * step / (LEVELS - 1)
    return QColor(
        round(base.red() + (accent.red() - base.red()) * share),
        round(base.green() + (accent.green() - base.green()) * share),
        round(base.blue() + (accent.blue() - base.blue()) * share),
    )


class Heatmap(QWidget):
    """A cell per day over the last 53 weeks, Monday at the top; hover tells the day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heatmap")
        self.setMouseTracking(True)
        self.days: dict[date, HeatDay] = {}
        self.today = date.today()
        self.tooltip_text = ""
        self.describe: Callable[[HeatDay], str] = lambda day: f"{day.day}: {day.minutes} min"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.sizeHint().height())

    def set_days(self, days: dict[date, HeatDay], today: date) -> None:
        self.days, self.today = days, today
        self.update()

    def first_day(self) -> date:
        return self.today - timedelta(days=self.today.weekday()) - timedelta(weeks=52)

    def month_name(self, month: int) -> str:
        from PySide6.QtCore import QLocale

        return QLocale().standaloneMonthName(month, QLocale.FormatType.ShortFormat)

    def sizeHint(self) -> QSize:
        return QSize(53 * (CELL + GAP) + 30, 7 * (CELL + GAP) + 20)

    def cell_rect(self, day: date) -> QRectF:
        offset = (day - self.first_day()).days
        week, weekday = divmod(offset, 7)
        return QRectF(24 + week * (CELL + GAP), 16 + weekday * (CELL + GAP), CELL, CELL)

    def day_at(self, x: float, y: float) -> date | None:
        week = int((x - 24) // (CELL + GAP))
        weekday = int((y - 16) // (CELL + GAP))
        if not (0 <= week < 53 and 0 <= weekday < 7):
            return None
        day = self.first_day() + timedelta(weeks=week, days=weekday)
        return day if day <= self.today else None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        small = painter.font()
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        painter.setFont(small)
        day = self.first_day()
        month = -1
        while day <= self.today:
            rect = self.cell_rect(day)
            if day.month != month and day.weekday() == 0:
                month = day.month
                painter.drawText(QPointF(rect.left(), 11), self.month_name(month))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(shade(palette, level(self.days.get(day))))
            painter.drawRoundedRect(rect, 2, 2)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            day += timedelta(days=1)
        painter.end()

    def tooltip_for(self, x: float, y: float) -> str:
        day = self.day_at(x, y)
        if day is None:
            return ""
        return self.describe(self.days.get(day) or HeatDay(day, 0, 0))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        self.tooltip_text = self.tooltip_for(position.x(), position.y())
        super().mouseMoveEvent(event)

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            text = self.tooltip_for(event.pos().x(), event.pos().y())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]


class WeekBars(QWidget):
    """Minutes per week as bars, oldest on the left; the newest week is labelled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("week_bars")
        self.weeks: list[tuple[date, int]] = []
        self.setMinimumSize(320, 150)

    def set_weeks(self, weeks: list[tuple[date, int]]) -> None:
        self.weeks = weeks
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        area = QRectF(self.rect()).adjusted(8, 20, -8, -22)
        top = max((minutes for _start, minutes in self.weeks), default=0) or 60
        count = max(1, len(self.weeks))
        width = area.width() / count
        text = palette.color(QPalette.ColorRole.Text)
        for index, (start, minutes) in enumerate(self.weeks):
            height = area.height() * minutes / top
            bar = QRectF(area.left() + index * width + 3, area.bottom() - height, width - 6, height)
            painter.fillRect(bar, palette.color(QPalette.ColorRole.Highlight))
            painter.setPen(text)
            if minutes:
                painter.drawText(
                    QRectF(bar.left() - 4, bar.top() - 16, bar.width() + 8, 14),
                    Qt.AlignmentFlag.AlignCenter,
                    f"{minutes / 60:.1f}",
                )
            if (count - 1 - index) % 2 == 0:  # every other week, back from this one
                painter.drawText(
                    QRectF(bar.left() - 8, area.bottom() + 4, bar.width() + 16, 16),
                    Qt.AlignmentFlag.AlignCenter,
                    f"{start.month}/{start.day}",
                )
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid)))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.end()


class BurnDown(QWidget):
    """A stage's remaining estimated hours over time, then a dashed line to its projected
    finish (and the target date as a mark)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("burn_down")
        self.points: list[tuple[date, float]] = []
        self.projected: date | None = None
        self.target: date | None = None
        self.setMinimumSize(320, 150)

    def set_data(
        self, points: list[tuple[date, float]], projected: date | None, target: date | None
    ) -> None:
        self.points, self.projected, self.target = points, projected, target
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        area = QRectF(self.rect()).adjusted(34, 10, -12, -22)
        text = palette.color(QPalette.ColorRole.Text)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid)))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        if not self.points:
            painter.end()
            return
        first = self.points[0][0]
        last = max(d for d in [self.points[-1][0], self.projected, self.target] if d is not None)
        span = max(1, (last - first).days)
        top = max(hours for _d, hours in self.points) or 1.0

        def at(day: date, hours: float) -> QPointF:
            return QPointF(
                area.left() + area.width() * (day - first).days / span,
                area.bottom() - area.height() * hours / top,
            )

        accent = palette.color(QPalette.ColorRole.Highlight)
        pen = QPen(accent, 2)
        painter.setPen(pen)
        for (d1, h1), (d2, h2) in zip(self.points, self.points[1:], strict=False):
            painter.drawLine(at(d1, h1), at(d2, h1))
            painter.drawLine(at(d2, h1), at(d2, h2))
        end_day, end_hours = self.points[-1]
        if self.projected is not None and end_hours > 0:
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(at(end_day, end_hours), at(self.projected, 0))
        if self.target is not None:
            mark = at(self.target, 0)
            painter.setPen(QPen(text, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(mark.x(), area.top()), QPointF(mark.x(), area.bottom()))
        painter.setPen(text)
        painter.drawText(
            QRectF(0, area.top() - 6, 30, 14), Qt.AlignmentFlag.AlignRight, f"{top:g} h"
        )
        painter.drawText(
            QRectF(area.left(), area.bottom() + 4, 120, 16),
            Qt.AlignmentFlag.AlignLeft,
            first.isoformat(),
        )
        painter.drawText(
            QRectF(area.right() - 120, area.bottom() + 4, 120, 16),
            Qt.AlignmentFlag.AlignRight,
            last.isoformat(),
        )
        painter.end()
