"""A big curriculum loading in the background at start-up: the window paints an empty
placeholder first, and the Today page's study figures (which open the store, importing
SQLAlchemy on the UI thread) wait for the loaded curriculum instead of competing with the load.
"""

from __future__ import annotations

import argparse
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from tracker.paths import bundled_curriculum_path
from tracker.ui import app as shell
from tracker.ui import i18n, loading, theme
from tracker.ui import settings as app_settings
from tracker.ui.dialogs import Dialogs


class Paints(QObject):
    """Counts paint events of one window's widgets."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            self.count += 1
        return False


@pytest.fixture
def gated_load(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every curriculum counts as big, and the worker's load waits for the event."""
    gate = threading.Event()
    real = loading.load_in_place

    def waiting(path: Any, cache_dir: Any) -> Any:
        gate.wait(30)
        return real(path, cache_dir)

    monkeypatch.setattr(loading, "is_large", lambda *_args, **_kwargs: True)
    monkeypatch.setattr(loading, "load_in_place", waiting)
    monkeypatch.setenv(theme.THEME_ENV, "light")
    yield gate
    gate.set()
    i18n.set_language("en", remember=False)
    app_settings.set_current(None)


def test_study_figures_wait_for_the_curriculum_loading_in_the_background(
    qapp: QApplication, qtbot: Any, tmp_path: Path, gated_load: threading.Event
) -> None:
    mine = tmp_path / "course"
    shutil.copytree(bundled_curriculum_path(), mine)
    args = argparse.Namespace(
        data_dir=str(tmp_path / "data"), user=None, curriculum=str(mine), lang="en"
    )
    started = shell.bootstrap(args, dialogs=Dialogs())
    window = started.window
    qtbot.addWidget(window)
    paints = Paints(window)
    qapp.installEventFilter(paints)
    try:
        assert loading.is_placeholder(started.service.curriculum)
        window.show()
        qtbot.waitUntil(lambda: paints.count > 0)
        today = window.daily.today
        assert not window.daily.started and not today.study_loaded  # still waiting
        assert today.reviews_label.text() == "Reviews due: …"

        gated_load.set()
        qtbot.waitUntil(lambda: today.study_loaded, timeout=30_000)
        assert started.service.curriculum.id == "llm-engineer"
        assert today.reviews_label.text() != "Reviews due: …"
    finally:
        qapp.removeEventFilter(paints)
        window.close()
        started.close()


def test_the_stages_page_waits_for_the_first_paint_of_the_loaded_curriculum(
    qapp: QApplication, qtbot: Any, tmp_path: Path, gated_load: threading.Event
) -> None:
    """The placeholder's paint does not build the Stages page (it would be built, and show its
    stage, before the loaded curriculum's first paint); the loaded curriculum's paint does."""
    mine = tmp_path / "course"
    shutil.copytree(bundled_curriculum_path(), mine)
    args = argparse.Namespace(
        data_dir=str(tmp_path / "data"), user=None, curriculum=str(mine), lang="en"
    )
    started = shell.bootstrap(args, dialogs=Dialogs())
    window = started.window
    qtbot.addWidget(window)
    seen: list[tuple[bool, bool]] = []  # per paint: (placeholder in use, Stages page built)

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and watched is window:
                curriculum = started.service.curriculum
                seen.append((loading.is_placeholder(curriculum), window.stages_built))
            return False

    watch = Watch()
    window.installEventFilter(watch)
    try:
        window.show()
        qtbot.waitUntil(lambda: len(seen) > 0)
        qapp.processEvents()
        assert not window.stages_built
        gated_load.set()
        qtbot.waitUntil(lambda: window.stages_built, timeout=30_000)
        assert seen[0] == (True, False)
        assert (False, False) in seen  # the loaded curriculum painted before the page was built
    finally:
        window.removeEventFilter(watch)
        window.close()
        started.close()
