"""How the main window fits the screen, and what it remembers between runs.

Pane widths follow the window: on a small screen the stages and notes panes give up room so the
checklist can show its task titles, and every pane shrinks in proportion when the window does.
Geometry remembered on a bigger screen is clamped to the one the window opens on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

# First run: a screen smaller than this gets a maximised window, a larger one 85% of it.
SMALL_SCREEN = QSize(1600, 1000)
FIRST_RUN_SHARE = 0.85
NARROW_WINDOW = 1280
"""Below this width the side panes take a smaller share, and less than their usual minimum."""
CHECKLIST_ROOM = 380
"""A checklist narrower than this after restoring the panes gets the default widths again."""

NOTES_SHOWN_KEY = "main_window/notes_shown"
BANNER_DISMISSED_KEY = "main_window/first_run_banner_dismissed"


def pane_widths(width: int) -> tuple[int, int, int]:
    """The stages, centre and notes pane widths for a window ``width`` pixels wide."""
    if width < NARROW_WINDOW:
        navigator = max(180, round(width * 0.17))
        notes = max(190, round(width * 0.19))
    else:
        navigator = max(220, round(width * 0.18))
        notes = max(230, round(width * 0.17))
    return navigator, max(400, width - navigator - notes), notes


def concept_width(centre: int) -> int:
    """How much of the centre the concept list takes beside the checklist."""
    share = 0.26 if centre < 700 else 0.28
    return max(170, round(centre * share))


def clamped(frame: QRect, area: QRect) -> QRect:
    """``frame`` made to fit in ``area``: shrunk if it is bigger, moved in if it sticks out."""
    width = min(frame.width(), area.width())
    height = min(frame.height(), area.height())
    left = min(max(frame.left(), area.left()), area.left() + area.width() - width)
    top = min(max(frame.top(), area.top()), area.top() + area.height() - height)
    return QRect(left, top, width, height)


class WindowMemory(QObject):
    """Sizes a main window for its screen and saves and restores what it remembers.

    The panes come with the Stages page, which may be built after the window is shown:
    ``restore()`` does the window's geometry and state, ``attach_panes()`` and
    ``restore_panes()`` the pane widths once the page exists (``main_splitter`` holds the
    stages, the centre and ``notes``; ``centre_splitter`` the concepts and the checklist).
    ``settings`` keeps the remembered values (its ``state``; None: nothing is remembered).
    """

    def __init__(self, window: QMainWindow, settings: Any) -> None:
        super().__init__(window)
        self.window = window
        self._settings = settings
        self._main_splitter: QSplitter | None = None
        self._centre_splitter: QSplitter | None = None
        self._notes: QWidget | None = None
        self._fitted = False
        """The window was fitted to the screen (nothing remembered): default pane widths."""
        self._clamped = False
        """Remembered geometry had to shrink to the screen: remembered widths may not fit."""

    def attach_panes(
        self, *, main_splitter: QSplitter, centre_splitter: QSplitter, notes: QWidget
    ) -> None:
        self._main_splitter = main_splitter
        self._centre_splitter = centre_splitter
        self._notes = notes

    @property
    def state(self) -> Any:
        return getattr(self._settings, "state", None)

    # -- sizes -------------------------------------------------------------------------------

    def spread_panes(self) -> None:
        """Default pane widths for the window's width: the checklist gets the most room."""
        if self._main_splitter is None or self._centre_splitter is None or self._notes is None:
            return  # no panes yet: ``restore_panes`` spreads them
        navigator, centre, notes = pane_widths(self.window.width())
        if self._notes.isHidden():
            centre += notes
        self._main_splitter.setSizes([navigator, centre, notes])
        concepts = concept_width(centre)
        self._centre_splitter.setSizes([concepts, centre - concepts])

    def fit_to_screen(self) -> None:
        """First run: maximised on a small screen, else 85% of it and centred."""
        w = self.window
        screen = w.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        if area.width() < SMALL_SCREEN.width() or area.height() < SMALL_SCREEN.height():
            w.resize(area.size())
            w.setWindowState(w.windowState() | Qt.WindowState.WindowMaximized)
        else:
            w.resize(area.size() * FIRST_RUN_SHARE)
            w.move(area.center() - w.rect().center())
        self._fitted = True
        self.spread_panes()

    def clamp_to_screen(self) -> bool:
        """Keep a restored window inside the screen it opens on (it may come from a bigger one);
        True if it had to change."""
        w = self.window
        if w.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
            return False
        screen = w.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return False
        area = screen.availableGeometry()
        frame = w.frameGeometry()
        # The frame (title bar, borders) is outside the client size that resize() sets.
        extra = QSize(frame.width() - w.width(), frame.height() - w.height())
        fitted = clamped(frame, area)
        if fitted == frame:
            return False
        w.resize(fitted.size() - extra)
        w.move(fitted.topLeft())
        return True

    def checklist_is_cramped(self) -> bool:
        centre = self._centre_splitter
        return centre is not None and bool(centre.sizes()[1] < CHECKLIST_ROOM)

    # -- remembered state --------------------------------------------------------------------

    def notes_shown(self) -> bool | None:
        """Whether the notes pane was shown when the window last closed (None: not known)."""
        state = self.state
        return bool(state.value(NOTES_SHOWN_KEY, True)) if state is not None else None

    def restore(self) -> None:
        """Geometry and window state as remembered; the pane widths too if the panes are
        attached (else ``restore_panes`` does them when they are)."""
        w = self.window
        state = self.state
        if state is None or state.window_geometry.isEmpty():
            self.fit_to_screen()
        if state is None:
            return
        if not state.window_geometry.isEmpty():
            w.restoreGeometry(state.window_geometry)
            self._clamped = self.clamp_to_screen()
            # The title bar and borders are known only once shown: fit the frame again then.
            w.installEventFilter(self)
        if not state.window_state.isEmpty():
            w.restoreState(state.window_state)
        if self._main_splitter is not None:
            self._restore_splitters()

    def restore_panes(self) -> None:
        """The attached panes' widths, as ``restore`` would have set them (the window has shown
        or hidden the notes pane and spread the panes for its width first)."""
        if self._fitted:
            self.spread_panes()
        if self.state is not None:
            self._restore_splitters()

    def _restore_splitters(self) -> None:
        state = self.state
        for splitter in self._splitters():
            saved = state.splitter(splitter.objectName())
            if not saved.isEmpty():
                splitter.restoreState(saved)
        if self._clamped and self.checklist_is_cramped():
            self.spread_panes()  # widths from a bigger screen: start again from the defaults

    def _splitters(self) -> tuple[QSplitter, ...]:
        main, centre = self._main_splitter, self._centre_splitter
        return (main, centre) if main is not None and centre is not None else ()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            self.clamp_to_screen()
        return False

    def save(self) -> None:
        w = self.window
        state = self.state
        if state is None:
            return
        state.window_geometry = QByteArray(w.saveGeometry())
        state.window_state = QByteArray(w.saveState())
        for splitter in self._splitters():  # never built: the widths remembered stay
            state.set_splitter(splitter.objectName(), splitter.saveState())
        if self._notes is not None:  # else the window remembered each change
            state.set_value(NOTES_SHOWN_KEY, not self._notes.isHidden())
        if hasattr(self._settings, "sync"):
            self._settings.sync()

    def last_stage(self, profile: str) -> str:
        """The stage last shown to ``profile`` ("" if none is remembered)."""
        state = self.state
        return str(state.value(f"last_stage/{profile}", "")) if state is not None else ""

    def remember_stage(self, profile: str, stage_id: str) -> None:
        state = self.state
        if state is not None:
            state.set_value(f"last_stage/{profile}", stage_id)

    def remember_notes_shown(self, shown: bool) -> None:
        state = self.state
        if state is not None:
            state.set_value(NOTES_SHOWN_KEY, shown)

    def banner_dismissed(self) -> bool:
        state = self.state
        return bool(state.value(BANNER_DISMISSED_KEY, False)) if state is not None else False

    def dismiss_banner(self) -> None:
        state = self.state
        if state is not None:
            state.set_value(BANNER_DISMISSED_KEY, True)
