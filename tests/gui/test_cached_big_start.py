"""A big curriculum the cache holds starts in place: the cache hit reads only the entry's
overview, so the window's first paint already shows it (no placeholder, no worker), and no
stage's modules are read before that paint (but for the review counts' cards)."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from tracker.curriculum import slots
from tracker.curriculum.cache import load_curriculum_cached
from tracker.paths import bundled_curriculum_path
from tracker.ui import app as shell
from tracker.ui import i18n, loading, review_menu, theme
from tracker.ui import settings as app_settings
from tracker.ui.dialogs import Dialogs


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every curriculum counts as big."""
    monkeypatch.setattr(loading, "is_large", lambda *_args, **_kwargs: True)
    monkeypatch.setenv(theme.THEME_ENV, "light")
    yield
    i18n.set_language("en", remember=False)
    app_settings.set_current(None)


def _args(tmp_path: Path, mine: Path) -> argparse.Namespace:
    return argparse.Namespace(
        data_dir=str(tmp_path / "data"), user=None, curriculum=str(mine), lang="en"
    )


def test_a_big_curriculum_in_the_cache_is_in_use_at_the_first_paint(
    qapp: QApplication, qtbot: Any, tmp_path: Path, big: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "course"
    shutil.copytree(bundled_curriculum_path(), mine)
    args = _args(tmp_path, mine)
    load_curriculum_cached(mine, shell._cache_dir(args.data_dir))  # the cache written
    made: list[str] = []
    original = slots.new_Task  # type: ignore[attr-defined]

    def counting(*values: object) -> object:
        made.append(str(values[0]))
        return original(*values)

    monkeypatch.setattr(slots, "new_Task", counting)
    # The review counts read the stages whose tasks hold cards or refer to concepts holding
    # them (most of the bundled curriculum's); left out here, the rest of the start reads none.
    monkeypatch.setattr(review_menu.ReviewMenu, "refresh", lambda _self: None)
    started = shell.bootstrap(args, dialogs=Dialogs())
    window = started.window
    qtbot.addWidget(window)
    first_paint: list[tuple[str, int]] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and watched is window and not first_paint:
                first_paint.append((started.service.curriculum.id, len(made)))
            return False

    watch = Watch()
    window.installEventFilter(watch)
    try:
        assert started.loader is None  # no load in the background
        curriculum = started.service.curriculum
        assert not loading.is_placeholder(curriculum)
        heads = len(made)  # the outline's first tasks of each stage, nothing more
        assert heads <= sum(len(head) for head in curriculum.outline().heads)
        window.show()
        qtbot.waitUntil(lambda: bool(first_paint))
        assert first_paint == [("llm-engineer", heads)]  # no stage read before the paint
        qtbot.waitUntil(lambda: window.stages_built)
        assert len(made) > heads  # the Stages page reads the stage it shows, after the paint
    finally:
        window.removeEventFilter(watch)
        window.close()
        started.close()


def test_a_big_curriculum_not_in_the_cache_still_loads_in_the_background(
    qapp: QApplication, qtbot: Any, tmp_path: Path, big: None
) -> None:
    mine = tmp_path / "course"
    shutil.copytree(bundled_curriculum_path(), mine)
    started = shell.bootstrap(_args(tmp_path, mine), dialogs=Dialogs())
    window = started.window
    qtbot.addWidget(window)
    try:
        assert loading.is_placeholder(started.service.curriculum)
        assert started.loader is not None
        qtbot.waitUntil(lambda: started.service.curriculum.id == "llm-engineer", timeout=30_000)
    finally:
        window.close()
        started.close()
