"""Light and dark: follow the system's colour scheme, or the learner's choice, and CJK-ready fonts.

The app runs on the Fusion style everywhere, because Fusion draws a dark palette properly on
Linux desktops whose native style ignores it. ``system`` follows ``QStyleHints.colorScheme()``
and changes with it at run time; ``light`` and ``dark`` force one. The hidden environment variable
``LEARNPATH_THEME=light|dark|system`` overrides the preference (screenshots, bug reports).

Widgets get ``QEvent.PaletteChange`` when the theme changes; code that paints by hand should use
palette roles, or ``is_dark()`` when it needs a colour of its own.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionFrame,
    QWidget,
)

THEME_ENV = "LEARNPATH_THEME"
MODES = ("system", "light", "dark")

# After the platform's UI font, so Latin text keeps it and Chinese glyphs come from a Simplified
# Chinese face (not whatever CJK face fontconfig finds first, often the Japanese one).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
)

# Named Latin faces, one of which goes first when the platform's font is only a generic name
# ("Sans Serif"): fontconfig may resolve that to a CJK face in a Chinese locale, which draws
# ’ “ · full width in English text. Chinese still comes from CJK_FAMILIES after it.
LATIN_FAMILIES = (
    "Noto Sans",
    "DejaVu Sans",
    "Cantarell",
    "Ubuntu",
    "Liberation Sans",
    "Segoe UI",
    "Helvetica Neue",
    "Arial",
    "Nimbus Sans",
)
GENERIC_FAMILIES = frozenset({"", "sans serif", "sans-serif", "sans", "serif", "system-ui"})

log = logging.getLogger("tracker.ui.theme")

# Fusion draws the outlines of check boxes, fields and bars in the window colour made darker,
# which vanishes on a dark palette. In dark mode these are drawn as if the window were this grey,
# so the outline comes out light enough to see (Fusion's outline is the window colour darker(140)).
DARK_OUTLINE_SOURCE = QColor("#80848b")
_OUTLINED_PRIMITIVES = frozenset(
    {
        QStyle.PrimitiveElement.PE_IndicatorCheckBox,
        QStyle.PrimitiveElement.PE_IndicatorRadioButton,
        QStyle.PrimitiveElement.PE_FrameLineEdit,
        QStyle.PrimitiveElement.PE_Frame,
        QStyle.PrimitiveElement.PE_FrameGroupBox,
        QStyle.PrimitiveElement.PE_FrameTabWidget,
    }
)
_OUTLINED_CONTROLS = frozenset({QStyle.ControlElement.CE_ProgressBarGroove})


class FusionStyle(QProxyStyle):
    """Fusion, with outlines that stay visible on a dark palette and lists that show focus.

    Fusion marks the focused line edit or button but not the focused list, tree or text view,
    so a keyboard user cannot see whether Tab landed in the stages, the checklist or the notes;
    those frames get the highlight colour while they have focus.
    """

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.dark = False

    def _outlined(self, option: QStyleOption) -> QStyleOption:
        copy = type(option)(option)  # type: ignore[call-arg]
        palette = QPalette(option.palette)
        palette.setColor(QPalette.ColorRole.Window, DARK_OUTLINE_SOURCE)
        copy.palette = palette
        return copy

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if self.dark and element in _OUTLINED_PRIMITIVES:
            option = self._outlined(option)
        super().drawPrimitive(element, option, painter, widget)
        if (
            element is QStyle.PrimitiveElement.PE_Frame
            and isinstance(widget, QAbstractScrollArea)
            and option.state & QStyle.StateFlag.State_HasFocus  # type: ignore[attr-defined]
        ):
            self._draw_focus_frame(option, painter)

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        # Two pixels of frame round lists and text views, so the focus ring is two pixels wide.
        if metric is QStyle.PixelMetric.PM_DefaultFrameWidth and isinstance(
            widget, QAbstractScrollArea
        ):
            return 2
        return super().pixelMetric(metric, option, widget)

    @staticmethod
    def _draw_focus_frame(option: QStyleOption, painter: QPainter) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        colour = option.palette.color(QPalette.ColorRole.Highlight)  # type: ignore[attr-defined]
        painter.setPen(colour)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = option.rect  # type: ignore[attr-defined]
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if self.dark and element in _OUTLINED_CONTROLS:
            option = self._outlined(option)
        super().drawControl(element, option, painter, widget)


class PlainCells(QObject):
    """An item view drawn by a plain Fusion in light mode, its frame still by the theme's style.

    Every call into ``FusionStyle`` crosses into Python, and a view calls into its style for
    every part of every cell it paints (the row's and the cell's panels, the check box, the
    focus-frame margin a few times): about 80 calls for the rows one tick repaints. None of
    the overrides changes a cell in light mode (they touch scroll-area frames and, when dark,
    outlines), so the view itself gets a plain Fusion that never leaves C++, and this filter
    paints the view's frame with the app's style as ``QFrame`` would (the focus ring). The two
    pixels of frame the theme gives lists come from a sunken box shape, which is two pixels
    wide without asking a style. In dark mode the view goes back to the app's style.
    """

    def __init__(self, view: QAbstractScrollArea, theme: Theme) -> None:
        super().__init__(view)
        self.view = view
        view.setFrameShape(QFrame.Shape.Box)  # 2 px: the line and the sunken shadow's
        view.setLineWidth(1)
        view.setMidLineWidth(0)
        view.installEventFilter(self)
        # The view's own: Qt deletes a widget's style with the widget, so it is never shared.
        self.plain = QStyleFactory.create("Fusion")
        theme.changed.connect(self._follow)
        self._follow(theme.style.dark)

    def _follow(self, dark: bool) -> None:
        self.view.setStyle(None if dark else self.plain)  # type: ignore[arg-type] # None: the app's

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.view or event.type() != QEvent.Type.Paint:
            return False
        view = self.view
        option = QStyleOptionFrame()
        option.initFrom(view)
        option.rect = view.frameRect()  # type: ignore[attr-defined]
        option.frameShape = QFrame.Shape.StyledPanel  # type: ignore[attr-defined]
        option.lineWidth = view.lineWidth()  # type: ignore[attr-defined]
        option.midLineWidth = view.midLineWidth()  # type: ignore[attr-defined]
        option.state |= QStyle.StateFlag.State_Sunken  # type: ignore[attr-defined]
        painter = QPainter(view)
        QApplication.style().drawPrimitive(QStyle.PrimitiveElement.PE_Frame, option, painter, view)
        painter.end()
        return True


def plain_cells(view: QAbstractScrollArea) -> None:
    """Have ``view`` paint its cells without Python in between (see ``PlainCells``); nothing
    happens when the app does not run on the theme's style (a bare test)."""
    theme = current()
    if theme is not None and QApplication.style() is theme.style:
        PlainCells(view, theme)


def dark_palette() -> QPalette:
    """A calm dark palette for Fusion: light text on dark grey, a blue accent."""
    palette = QPalette()
    text = QColor("#e6e6e6")
    disabled = QColor("#7f7f7f")
    accent = QColor("#3d7fd9")
    colours = {
        QPalette.ColorRole.Window: QColor("#2b2d30"),
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: QColor("#1f2023"),
        QPalette.ColorRole.AlternateBase: QColor("#26282b"),
        QPalette.ColorRole.ToolTipBase: QColor("#37393d"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor("#8c8c8c"),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#35373b"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Light: QColor("#4a4d52"),
        QPalette.ColorRole.Midlight: QColor("#3c3f43"),
        QPalette.ColorRole.Mid: QColor("#26282b"),
        QPalette.ColorRole.Dark: QColor("#18191b"),
        QPalette.ColorRole.Shadow: QColor("#0b0b0c"),
        QPalette.ColorRole.Highlight: accent,
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#7ab3ff"),
        QPalette.ColorRole.LinkVisited: QColor("#b99cf0"),
        QPalette.ColorRole.Accent: accent,
    }
    for role, colour in colours.items():
        palette.setColor(role, colour)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor("#4a4d52"))
    return palette


def light_palette() -> QPalette:
    """Fusion's own light palette."""
    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()


def palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def is_dark() -> bool:
    """Whether the app is showing a dark palette now."""
    return palette_is_dark(QGuiApplication.palette())


def system_prefers_dark() -> bool:
    """Whether the desktop asks for dark (False when it does not say, as under Xvfb)."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def forced_mode() -> str | None:
    """The mode ``$LEARNPATH_THEME`` forces, if it names one."""
    forced = os.environ.get(THEME_ENV, "").strip().lower()
    return forced if forced in MODES else None


def chosen_mode(preference: str) -> str:
    """The theme mode to use: ``$LEARNPATH_THEME`` if valid, else the preference, else system."""
    forced = os.environ.get(THEME_ENV, "").strip().lower()
    if forced in MODES:
        return forced
    return preference if preference in MODES else "system"


class Theme(QObject):
    """Applies a light or dark palette to the app and keeps following the system if asked.

    Signals:
        changed(bool): the palette changed; the argument is whether it is dark now.
    """

    changed = Signal(bool)

    def __init__(self, app: QApplication, mode: str = "system") -> None:
        super().__init__(app)
        self._app = app
        self.style = FusionStyle()
        app.setStyle(self.style)
        # What the platform offered before we touched anything: kept when it already matches.
        self._platform_palette = QPalette(app.palette())
        self._mode = chosen_mode(mode)
        set_current(self)
        app.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)
        self.apply()

    @property
    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        """``system``, ``light`` or ``dark``, applied at once (``$LEARNPATH_THEME`` still wins)."""
        self._mode = chosen_mode(mode)
        self.apply()

    def wants_dark(self) -> bool:
        if self._mode == "system":
            return system_prefers_dark()
        return self._mode == "dark"

    def apply(self) -> None:
        dark = self.wants_dark()
        if palette_is_dark(self._platform_palette) == dark:
            palette = QPalette(self._platform_palette)
        else:
            palette = dark_palette() if dark else light_palette()
        self.style.dark = dark
        self._app.setPalette(palette)
        log.debug("theme %s: %s palette", self._mode, "dark" if dark else "light")
        self.changed.emit(dark)

    def _on_system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._mode == "system":
            self.apply()


_current: Theme | None = None


def current() -> Theme | None:
    """The theme the running app applies (None before start-up, e.g. in a bare test)."""
    return _current


def set_current(theme: Theme | None) -> None:
    global _current  # noqa: PLW0603 - one theme per app, like the settings
    _current = theme


def is_cjk_family(family: str) -> bool:
    return "CJK" in family or family in CJK_FAMILIES or "Han Sans" in family


def latin_first(families: list[str]) -> list[str]:
    """A named Latin face for the front when the first family is generic or a CJK face."""
    first = families[0] if families else ""
    if first.casefold() not in GENERIC_FAMILIES and not is_cjk_family(first):
        return []
    from PySide6.QtGui import QFontDatabase

    installed = set(QFontDatabase.families())
    return [name for name in LATIN_FAMILIES if name in installed][:1]


def apply_fonts(app: QApplication) -> QFont:
    """Give the app font a CJK fallback list after the platform UI font (or after a named Latin
    face, when the platform names only "Sans Serif"); returns the new font."""
    font = app.font()
    given = [family for family in (*font.families(), font.family()) if family]
    families: list[str] = []
    for family in (*latin_first(given), *given, *CJK_FAMILIES):
        if family and family not in families:
            families.append(family)
    font.setFamilies(families)
    app.setFont(font)
    return font
