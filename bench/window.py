"""Cold start to the painted main window: the app's own start-up, stopped at the first paint.

    python bench/window.py CURRICULUM DATA_DIR CACHE_DIR

The child stops at the first paint of the window once what it shows holds the curriculum's
tasks (so a window that paints first and loads later is timed until the tasks show), prints its
peak memory and exits at once; ``bench/run.py`` times the whole process from the outside.

"Holds the tasks": the checklist has rows, once the Stages page exists. A window that opens on
Today builds the Stages page just after its first paint; until then the Today page is all the
learner sees, and it shows the curriculum once the curriculum in use has tasks (a big one
loading in the background is an empty placeholder until it is ready). Reading the checklist
there would build the page inside the measurement, before the paint it waits for.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from _child import leave, missing, peak_rss_mib, report


def open_main_window(curriculum: Path, data_dir: Path, cache_dir: Path) -> tuple[Any, Any]:
    """The QApplication and the main window, made exactly as ``tracker.ui.app.run`` makes them."""
    os.environ["LEARNPATH_DATA_DIR"] = str(data_dir)
    os.environ["LEARNPATH_CACHE_DIR"] = str(cache_dir)
    try:
        from tracker.ui import app as ui_app
    except ImportError as error:
        missing(f"tracker.ui.app ({error.name})")
    if not hasattr(ui_app, "bootstrap"):
        missing("tracker.ui.app.bootstrap")
    from tracker import cli

    argv = ["--curriculum", str(curriculum), "--data-dir", str(data_dir)]
    # As ``learnpath`` reads them: the window's own arguments without the commands' parsers.
    quick = getattr(cli, "parse_window_args", None)
    args = quick(argv) if quick is not None else None
    if args is None:
        args = cli.build_parser().parse_args(argv)
    app = ui_app.create_application()
    started = ui_app.bootstrap(args)
    started.window.show()
    return app, started.window


def checklist_rows(window: Any) -> int | None:
    """How many top-level rows the checklist shows; None when the window has no checklist.

    Before the Stages page is built (``stages_built`` False): the curriculum in use's task
    count, what the Today page shows from (see the module docstring)."""
    if getattr(window, "stages_built", True) is False:
        return int(window.service.curriculum.task_count)
    view = getattr(window, "checklist_view", None)
    if view is None or view.model() is None:
        return None
    return int(view.model().rowCount())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("curriculum", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("cache_dir", type=Path)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    app, window = open_main_window(args.curriculum, args.data_dir, args.cache_dir)
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        """Watches the window itself, as the app's own after-paint work does: a top-level
        window's paint starts every frame of it. An application-wide filter would see every
        event of every widget and make PySide6 build Python wrappers for each kind before the
        paint, a cost the learner's start does not have. While a big curriculum still loads,
        its arrival repaints only the window's parts, so the watch widens to every widget
        then (that start is timed with that small extra cost)."""

        widened = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() != QEvent.Type.Paint or not watched.isWidgetType():
                return False
            if watched.window() is not window:
                return False
            rows = checklist_rows(window)
            if rows is None or rows != 0:
                QTimer.singleShot(0, finish)  # let the rest of this frame paint
            elif not self.widened:
                self.widened = True
                app.installEventFilter(self)
            return False

    def finish() -> None:
        report(rss_mib=peak_rss_mib(), rows=checklist_rows(window))
        leave()

    def give_up() -> None:
        report(error=f"no painted checklist within {args.timeout:.0f} s")
        leave(1)

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    QTimer.singleShot(int(args.timeout * 1000), give_up)
    app.exec()


if __name__ == "__main__":
    main()
