"""Start-up discipline: code paths import only the heavy modules their design says they need.

The design, checked each time in a fresh interpreter (``sys.modules`` of this test process is
already full):

* ``learnpath`` builds its argument parser without Qt, SQLAlchemy or PyYAML: every subcommand
  imports what it needs inside its handler, so ``--version``, ``--help`` and errors stay quick.
* A curriculum read from the cache (files unchanged) never imports PyYAML or the loader.
* The app's start to its first paint, with the curriculum cached and the database already at
  the current schema, imports neither the PDF writer (nor any report writer), nor PyYAML, nor
  Alembic (only a schema upgrade needs it), nor QtWebEngine.
* Nor SQLAlchemy: with the database at the current schema, the first screen (the learner's
  progress included) is read with the stdlib ``sqlite3``; ``service.finish_opening()``, which
  the app calls after the first paint, imports it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tracker.paths import bundled_curriculum_path


def imported_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The names in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    script = textwrap.dedent(code) + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def heavy(modules: set[str], *prefixes: str) -> list[str]:
    """The modules among ``modules`` that are, or live inside, one of ``prefixes``."""
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_building_the_cli_parser_imports_no_qt_sqlalchemy_or_yaml() -> None:
    modules = imported_after("import tracker.cli\ntracker.cli.build_parser()")

    assert heavy(modules, "PySide6", "shiboken6", "sqlalchemy", "alembic", "yaml") == []


def test_a_cache_hit_does_not_import_yaml(tmp_path: Path) -> None:
    from tracker.curriculum.cache import load_curriculum_cached

    curriculum = bundled_curriculum_path()
    load_curriculum_cached(curriculum, tmp_path)  # warm the cache in this process

    modules = imported_after(
        f"""
        from tracker.curriculum.cache import load_curriculum_cached
        assert load_curriculum_cached({str(curriculum)!r}, {str(tmp_path)!r}).task_count > 0
        """
    )

    assert heavy(modules, "yaml", "_yaml", "tracker.curriculum.loader") == []


START_TO_FIRST_PAINT = """
import sys
from tracker.cli import build_parser
from tracker.ui import app as ui_app

args = build_parser().parse_args(["--curriculum", CURRICULUM, "--data-dir", DATA_DIR])
qt_app = ui_app.create_application()
started = ui_app.bootstrap(args)
started.window.show()
qt_app.processEvents()
started.close()
"""


@pytest.mark.slow
def test_the_start_to_the_first_paint_imports_no_report_writer_yaml_or_alembic(
    tmp_path: Path,
) -> None:
    env = {"LEARNPATH_CACHE_DIR": str(tmp_path / "cache")}
    code = START_TO_FIRST_PAINT.replace("CURRICULUM", repr(str(bundled_curriculum_path()))).replace(
        "DATA_DIR", repr(str(tmp_path / "data"))
    )
    imported_after(code, env)  # the first start creates the database and fills the cache

    modules = imported_after(code, env)

    assert "tracker.ui.main_window" in modules  # the test really reached the window
    assert heavy(modules, "tracker.reports", "PySide6.QtPrintSupport") == []
    assert heavy(modules, "yaml", "_yaml", "tracker.curriculum.loader") == []
    assert heavy(modules, "alembic", "mako") == []
    assert heavy(modules, "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets") == []
    assert heavy(modules, *SEARCH_MODULES) == []  # nothing of search before the first paint
    # Spaced review: the scheduler and the review window wait until a review is opened.
    assert heavy(modules, "fsrs", "tracker.ui.review_window", "tracker.ui.card_dialog") == []
    # Dialog-only modules load with their first dialog.
    assert heavy(modules, "tracker.ui.study_dialogs", "tracker.ui.export_dialog") == []


SEARCH_MODULES = (
    "tracker.progress.search",
    "tracker.storage.search_index",
    "tracker.ui.search_palette",
)


@pytest.mark.slow
def test_search_is_imported_and_built_when_the_palette_first_opens(tmp_path: Path) -> None:
    env = {"LEARNPATH_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        START_TO_FIRST_PAINT.replace("CURRICULUM", repr(str(bundled_curriculum_path())))
        .replace("DATA_DIR", repr(str(tmp_path / "data")))
        .replace(
            "started.close()",
            "started.window.open_search()\n"
            "started.window.search_palette().query_edit.setText('transformer')\n"
            "assert started.window.search_palette().model.rowCount() > 0\n"
            "started.close()",
        )
    )

    modules = imported_after(code, env)

    assert heavy(modules, *SEARCH_MODULES) == sorted(SEARCH_MODULES)


FIRST_PAINT_WITHOUT_SQLALCHEMY = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from tracker.cli import build_parser
from tracker.ui import app as ui_app

args = build_parser().parse_args(["--curriculum", CURRICULUM, "--data-dir", DATA_DIR])
qt_app = ui_app.create_application()
started = ui_app.bootstrap(args)
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if (
            not seen
            and event.type() == QEvent.Type.Paint
            and watched.isWidgetType()
            and watched.window() is started.window
        ):
            seen["painted"] = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
            seen["store_open"] = started.service.store_open
        return False

watcher = FirstPaint()
qt_app.installEventFilter(watcher)
started.window.show()
qt_app.processEvents()
assert seen, "the window did not paint"
seen["done"] = started.service.overall().done
started.service.finish_opening()
seen["after"] = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
seen["store_open_after"] = started.service.store_open
seen["done_after"] = started.service.overall().done
started.close()
print(json.dumps(seen))
"""


@pytest.mark.slow
def test_the_first_paint_of_the_learners_progress_imports_no_sqlalchemy(tmp_path: Path) -> None:
    from tracker.curriculum.cache import load_curriculum_cached
    from tracker.progress.records import TaskStatus
    from tracker.progress.service import ProgressService

    curriculum_path = bundled_curriculum_path()
    cache, data = tmp_path / "cache", tmp_path / "data"
    curriculum = load_curriculum_cached(curriculum_path, cache)
    service = ProgressService.open(data, curriculum)  # a database at HEAD, with progress
    try:
        tasks = [task.id for task in curriculum.tasks()][:3]
        for task in tasks:
            service.set_status(task, TaskStatus.DONE)
    finally:
        service.close()
    code = (
        FIRST_PAINT_WITHOUT_SQLALCHEMY.replace("CURRICULUM", repr(str(curriculum_path)))
        .replace("DATA_DIR", repr(str(data)))
        .replace("HEAVY", repr({"sqlalchemy", "alembic", "mako", "aiosqlite", "greenlet"}))
    )
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "LEARNPATH_CACHE_DIR": str(cache)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    assert seen["painted"] == [] and seen["store_open"] is False
    assert seen["done"] == 3  # the progress shown came from the database
    assert "sqlalchemy" in seen["after"] and seen["store_open_after"] is True
    assert "alembic" not in seen["after"]  # the schema was already current
    assert seen["done_after"] == 3


TODAY_FIRST = FIRST_PAINT_WITHOUT_SQLALCHEMY.replace(
    'seen["store_open"] = started.service.store_open',
    'seen["store_open"] = started.service.store_open\n'
    '            seen["page"] = started.window.daily.tabs.currentWidget().objectName()\n'
    '            seen["charts"] = sorted(m for m in sys.modules if m in CHARTS)',
)


@pytest.mark.slow
def test_today_as_the_first_screen_paints_before_sqlalchemy_and_any_chart(
    tmp_path: Path,
) -> None:
    """The app opens on Today; its first paint needs neither SQLAlchemy (the study figures are
    read just after it) nor the History page and its charts."""
    from tracker.curriculum.cache import load_curriculum_cached
    from tracker.progress.service import ProgressService
    from tracker.progress.study import StudyTime

    curriculum_path = bundled_curriculum_path()
    cache, data = tmp_path / "cache", tmp_path / "data"
    curriculum = load_curriculum_cached(curriculum_path, cache)
    service = ProgressService.open(data, curriculum)
    try:
        StudyTime(service).log(30, "task", next(iter(curriculum.tasks())).id)
    finally:
        service.close()
    charts = {"tracker.ui.history", "tracker.ui.charts", "PySide6.QtCharts"}
    code = (
        TODAY_FIRST.replace("CURRICULUM", repr(str(curriculum_path)))
        .replace("DATA_DIR", repr(str(data)))
        .replace("HEAVY", repr({"sqlalchemy", "alembic", "mako"}))
        .replace("CHARTS", repr(charts))
    )
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "LEARNPATH_CACHE_DIR": str(cache)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    assert seen["page"] == "today_page"
    assert seen["painted"] == [] and seen["store_open"] is False
    assert seen["charts"] == []
    assert "sqlalchemy" in seen["after"]
