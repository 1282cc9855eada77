"""Loading a curriculum off the UI thread: results on the UI thread, errors with their place,
a busy dialog only for slow loads, and cancelling drops the result."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QThread
from PySide6.QtWidgets import QPushButton

from tracker.curriculum.errors import CurriculumError
from tracker.ui import loading
from tracker.ui.loading import CurriculumLoader, failure_text

MINIMAL = Path(__file__).parents[1] / "curriculum" / "fixtures" / "minimal"

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def broken_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    bad = folder / "curriculum.yaml"
    bad.write_text("id: x\nstages: [\n  - {id: a\n", encoding="utf-8")
    return bad


def test_a_small_curriculum_loads_in_place(qtbot: Any, tmp_path: Path) -> None:
    loader = CurriculumLoader(cache_dir=tmp_path / "cache")
    got: list[Any] = []
    loader.loaded.connect(got.append)
    assert loader.load(MINIMAL) is False  # done before load() returns
    assert [c.id for c in got] == ["my-first-path"]
    assert not loader.is_loading()
    assert loader.path == MINIMAL


def test_a_background_load_delivers_on_the_ui_thread(qtbot: Any, tmp_path: Path) -> None:
    loader = CurriculumLoader(cache_dir=tmp_path / "cache")
    threads: list[QThread] = []
    loader.loaded.connect(lambda _c: threads.append(QThread.currentThread()))
    with qtbot.waitSignal(loader.loaded, timeout=20_000) as blocker:
        assert loader.load(MINIMAL, background=True) is True
        assert loader.is_loading()
    assert blocker.args[0].id == "my-first-path"
    assert threads == [loader.thread()]
    assert not loader.is_loading()


def test_a_background_cache_hit_is_handed_over_without_reading_a_stage(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache hit defers its stages' tasks; the worker hands it over as it is (what the first
    screen shows comes from its outline), and a stage's tasks are made when first used."""
    from tracker.curriculum import slots

    loading.load_in_place(MINIMAL, tmp_path / "cache")  # the cache written
    threads: list[str] = []
    real = slots.new_Task  # type: ignore[attr-defined]

    def recording(*values: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real(*values)

    monkeypatch.setattr(slots, "new_Task", recording)
    loader = CurriculumLoader(cache_dir=tmp_path / "cache")
    with qtbot.waitSignal(loader.loaded, timeout=10_000) as blocker:
        loader.load(MINIMAL, background=True)
    curriculum = blocker.args[0]
    assert curriculum.task_count > 0
    made = len(threads)  # only the outline's first tasks of each stage
    assert len(list(curriculum.tasks())) == curriculum.task_count
    assert len(threads) - made == curriculum.task_count  # the stages' modules, read now
    assert set(threads[made:]) == {threading.current_thread().name}


def test_a_broken_curriculum_fails_with_file_line_col(qtbot: Any, tmp_path: Path) -> None:
    bad = broken_file(tmp_path / "broken")
    loader = CurriculumLoader(cache_dir=tmp_path / "cache")
    with qtbot.waitSignal(loader.failed, timeout=20_000) as blocker:
        loader.load(bad, background=True)
    error = blocker.args[0]
    assert isinstance(error, CurriculumError)
    assert re.match(rf"^{re.escape(str(bad))}:3:\d+: .+", failure_text(error)), failure_text(error)


def test_a_missing_folder_fails_with_a_message(qtbot: Any, tmp_path: Path) -> None:
    loader = CurriculumLoader(cache_dir=tmp_path / "cache")
    with qtbot.waitSignal(loader.failed, timeout=20_000) as blocker:
        loader.load(tmp_path / "nowhere", background=True)
    assert "nowhere" in failure_text(blocker.args[0])


class SlowLoads:
    """Loads wait for :meth:`set`, so a test can act while one is running; ``finished`` counts
    the loads that came back from the loader."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.finished = 0

    def set(self) -> None:
        self.release.set()


@pytest.fixture
def slow_load(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowLoads]:
    loads = SlowLoads()
    real = loading.load_in_place

    def waiting(path: Any, cache_dir: Any) -> Any:
        loads.release.wait(30)
        try:
            return real(path, cache_dir)
        finally:
            loads.finished += 1

    monkeypatch.setattr(loading, "load_in_place", waiting)
    yield loads
    loads.set()


def test_a_slow_load_shows_a_busy_dialog_that_cancels(
    qtbot: Any, tmp_path: Path, slow_load: SlowLoads
) -> None:
    loader = CurriculumLoader(cache_dir=tmp_path / "cache", delay_ms=50)
    got: list[Any] = []
    loader.loaded.connect(got.append)
    loader.failed.connect(got.append)
    with qtbot.waitSignal(loader.busy_changed, timeout=5_000):
        loader.load(MINIMAL, background=True)
    assert loader.progress_dialog is None  # not before the delay
    qtbot.waitUntil(lambda: loader.progress_dialog is not None, timeout=5_000)
    dialog = loader.progress_dialog
    assert dialog is not None and dialog.isVisible()
    assert "minimal" in dialog.labelText()
    with qtbot.waitSignal(loader.busy_changed, timeout=5_000) as blocker:
        dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    assert blocker.args == [False]
    assert loader.progress_dialog is None and not loader.is_loading()
    slow_load.set()
    _finish_workers()
    assert slow_load.finished == 1  # the worker did finish its load...
    assert got == []  # ...and its result was dropped


def test_a_newer_load_wins(qtbot: Any, tmp_path: Path, slow_load: SlowLoads) -> None:
    loader = CurriculumLoader(cache_dir=tmp_path / "cache")
    got: list[Any] = []
    loader.loaded.connect(got.append)
    loader.failed.connect(got.append)
    loader.load(broken_file(tmp_path / "broken"), background=True)
    loader.load(MINIMAL, background=True)
    with qtbot.waitSignal(loader.loaded, timeout=20_000):
        slow_load.set()
    _finish_workers()
    assert slow_load.finished == 2  # both loads ran to the end; the broken one's failure...
    assert [type(c).__name__ for c in got] == ["Curriculum"]  # ...was dropped


def test_deleting_the_loader_mid_load_is_harmless(
    qtbot: Any, tmp_path: Path, slow_load: SlowLoads, monkeypatch: pytest.MonkeyPatch
) -> None:
    raised: list[Any] = []
    monkeypatch.setattr(threading, "excepthook", raised.append)  # a worker's uncaught error
    owner = QObject()
    loader = CurriculumLoader(owner, cache_dir=tmp_path / "cache")
    loader.load(MINIMAL, background=True)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(loader), timeout=5_000)
    slow_load.set()
    _finish_workers()
    assert slow_load.finished == 1  # the worker finished its load, found its job dropped...
    assert raised == []  # ...and ended without touching the deleted loader


def _finish_workers() -> None:
    """Wait until every loader thread has ended, then deliver whatever it posted.

    A worker posts its outcome as a queued signal before it ends, so once the threads are joined,
    one round of event processing delivers anything they emitted: a check made after this sees
    every outcome there will ever be.
    """
    for worker in threading.enumerate():
        if worker.name == "curriculum-loader":
            worker.join(timeout=30)
            assert not worker.is_alive(), "a curriculum loader did not finish"
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents()


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True
