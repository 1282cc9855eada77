"""Start the desktop app: QApplication, settings, language, theme, curriculum, progress, window.

``run(args)`` is what ``learnpath`` calls. The work is in ``bootstrap(args)``, which returns the
main window without entering the event loop, so a test can drive start-up with a fake
``Dialogs`` and check what the learner would have been told:

    started = bootstrap(args, dialogs=recording_dialogs)   # raises StartupError if fatal
    started.window ... ; started.close()

Start-up stays fast by importing only what the first paint needs: the main window is imported
inside ``bootstrap``; anything else is deferred. The progress service opens lazily: with a
database already at the current schema, the first screen is read with the stdlib ``sqlite3`` and
SQLAlchemy is imported by ``service.finish_opening()``, called just after the window's first
paint (or earlier, by the first change the learner makes).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from tracker import __version__, paths
from tracker.ui import i18n
from tracker.ui.dialogs import Dialogs
from tracker.ui.settings import Settings, set_current
from tracker.ui.theme import Theme, apply_fonts

if TYPE_CHECKING:
    from tracker.curriculum.model import Curriculum
    from tracker.progress.service import ProgressService

log = logging.getLogger("tracker.ui.app")

ICON_FILE = ("icons", "learnpath.svg")
EXIT_STARTUP_FAILED = 1
EXIT_BAD_PROFILE = 2


def _tr(context: str, text: str) -> str:
    """``QCoreApplication.translate``; update.py tells lupdate to collect ``_tr`` calls too."""
    return QCoreApplication.translate(context, text)


class StartupError(Exception):
    """Start-up cannot go on; the learner has already been told why through ``Dialogs``."""

    def __init__(self, message: str, exit_code: int = EXIT_STARTUP_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class Started:
    """What a successful start-up made: the window and what it runs on."""

    window: QWidget
    service: ProgressService
    settings: Settings
    dialogs: Dialogs
    theme: Theme
    curriculum_path: Path
    data_dir: Path
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(title, message) pairs to tell the learner once the window is up (a broken curriculum)."""
    loader: Any = None
    """The ``CurriculumLoader`` of a big curriculum still loading after start-up, else None."""
    after_paint: Any = None
    """What opens the progress store just after the first paint (see ``_AfterFirstPaint``)."""

    def report_problems(self) -> None:
        """Show the start-up problems, each once, over the main window."""
        while self.problems:
            title, message = self.problems.pop(0)
            self.dialogs.show_error(title, message)

    def close(self) -> None:
        """Close the progress database (the window has saved its notes and state by now);
        changes still queued for another program's lock are committed first."""
        bridge = getattr(self.window, "bridge", None)
        if bridge is not None:
            bridge.flush_writes()
        self.settings.sync()
        self.service.close()


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, with names, icon and high-DPI behaviour set (reused if one exists)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # Fractional scale factors (125 %, 150 %) as they are, not rounded: crisp text on laptops.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("learnpath")
    icon_file = paths.resource_path(*ICON_FILE)
    if icon_file.is_file():
        app.setWindowIcon(QIcon(str(icon_file)))
    return app


def bootstrap(
    args: argparse.Namespace,
    *,
    dialogs: Dialogs | None = None,
    settings: Settings | None = None,
    window_factory: Callable[..., QWidget] | None = None,
) -> Started:
    """Everything between the QApplication and ``app.exec()``; returns the (unshown) window.

    A curriculum that does not load is reported (after the window is up) and the bundled one is
    used instead. A database that cannot be opened is reported at once and ends start-up with
    ``StartupError``. ``dialogs``, ``settings`` and ``window_factory`` are seams for tests.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("bootstrap needs a QApplication; call create_application() first")
    data_override = getattr(args, "data_dir", None)
    settings = settings or Settings.open(data_override)
    set_current(settings)
    i18n.set_language(
        i18n.startup_lang(getattr(args, "lang", None), settings.preferences.language),
        remember=False,
    )
    theme = Theme(app, settings.preferences.theme)
    apply_fonts(app)
    dialogs = dialogs if dialogs is not None else Dialogs()

    problems: list[tuple[str, str]] = []
    curriculum, curriculum_path, pending = _load_start_curriculum(args, settings, problems, dialogs)
    data_dir = paths.data_dir(data_override)
    service = _open_progress(data_dir, curriculum, getattr(args, "user", None), dialogs)
    try:
        from tracker.ui.main_window import MainWindow

        later: dict[str, Any] = {}
        if window_factory is None:
            window_factory = MainWindow
            later["stages_later"] = True  # Today first: the Stages page waits for the paint
        window = window_factory(
            service,
            settings=settings,
            dialogs=dialogs,
            data_dir=data_dir,
            cache_dir=_cache_dir(data_override),
            **later,
        )
    except BaseException:
        service.close()
        raise
    dialogs.attach(window)
    if window_factory is MainWindow and isinstance(window, MainWindow):  # Today, timer, History
        window.install_daily()
    started = Started(
        window, service, settings, dialogs, theme, curriculum_path, data_dir, problems
    )
    if pending is not None:
        _load_in_background(started, pending, args, dialogs)
    if problems:
        # After the event loop starts, so the message sits over the window, not before it.
        QTimer.singleShot(0, started.report_problems)
    if not service.store_open:
        _finish_opening_after_first_paint(started)
    return started


def create_main_window(args: argparse.Namespace, **seams: Any) -> QWidget:
    """The main window ``run`` would show (see ``bootstrap`` for the seams)."""
    return bootstrap(args, **seams).window


def run(args: argparse.Namespace, *, dialogs: Dialogs | None = None) -> int:
    """Open the app and run it until the window closes; the process exit code."""
    _configure_logging()
    app = create_application()
    previous_hook = sys.excepthook
    sys.excepthook = _report_bug
    try:
        try:
            started = bootstrap(args, dialogs=dialogs)
        except StartupError as error:
            log.info("start-up stopped: %s", error)
            return error.exit_code
        started.window.show()
        try:
            return app.exec()
        finally:
            started.close()
    finally:
        sys.excepthook = previous_hook


# -- the curriculum --------------------------------------------------------------------------


def _load_start_curriculum(
    args: argparse.Namespace,
    settings: Settings,
    problems: list[tuple[str, str]],
    dialogs: Dialogs,
) -> tuple[Curriculum, Path, Path | None]:
    """``--curriculum``, else the last one opened, else the bundled one; broken → bundled.

    A big curriculum (see ``tracker.ui.loading``) is not loaded here: an empty placeholder
    is returned with its path as the third item, and ``bootstrap`` loads it in the background
    once the window exists. Small ones load here: that is faster than a thread round trip.
    """
    from tracker.curriculum.errors import CurriculumError

    bundled = paths.bundled_curriculum_path()
    wanted = getattr(args, "curriculum", None) or settings.state.last_curriculum or None
    path = Path(wanted).expanduser() if wanted else bundled
    if path != bundled:
        from tracker.ui.loading import is_large  # the bundled curriculum is small

        if is_large(path):
            from tracker.curriculum.cache import cached_curriculum

            # A cache hit reads only the entry's overview: quicker in place than in a thread.
            hit = cached_curriculum(path, _cache_dir(getattr(args, "data_dir", None)))
            return (_placeholder(path), path, path) if hit is None else (hit, path, None)
    try:
        return _load(path, args), path, None
    except CurriculumError as error:
        if path == bundled:
            raise _fatal_curriculum(dialogs, path, str(error)) from error
        problems.append(_fallback_problem(path, str(error)))
        log.warning("curriculum %s did not load; using the bundled one:\n%s", path, error)
        _forget_last_curriculum(settings, path)
    return _load_bundled(args, dialogs), bundled, None


def _forget_last_curriculum(settings: Any, path: Path) -> None:
    """A remembered curriculum that failed is told once, then forgotten: the next start opens
    the bundled one without the same error again."""
    state = getattr(settings, "state", None)
    if state is None:
        return
    remembered = getattr(state, "last_curriculum", "")
    if remembered and Path(remembered).expanduser() == path:
        state.last_curriculum = ""


def _load_bundled(args: argparse.Namespace, dialogs: Dialogs) -> Curriculum:
    from tracker.curriculum.errors import CurriculumError

    bundled = paths.bundled_curriculum_path()
    try:
        return _load(bundled, args)
    except CurriculumError as error:
        raise _fatal_curriculum(dialogs, bundled, str(error)) from error


def _fallback_problem(path: Path, problems: str) -> tuple[str, str]:
    return (
        _tr("App", "The curriculum could not be opened"),
        i18n.fill(
            _tr("App", "%1\n\n%2\n\nLearnPath opened its bundled curriculum instead."),
            path,
            problems,
        ),
    )


def _placeholder(path: Path) -> Curriculum:
    """An empty curriculum that says what is loading, shown until the real one is ready."""
    from tracker.ui.loading import placeholder

    return placeholder(path)


def _load_in_background(
    started: Started, path: Path, args: argparse.Namespace, dialogs: Dialogs
) -> None:
    """Load the big start-up curriculum off the UI thread; the window switches when it is ready.

    A broken one is reported as at start-up and the bundled curriculum is used instead.
    """
    from tracker.ui.loading import CurriculumLoader, failure_text, loading_text

    window = started.window
    loader = CurriculumLoader(
        window, cache_dir=_cache_dir(getattr(args, "data_dir", None)), show_progress=False
    )
    started.loader = loader

    def use(curriculum: Curriculum, used: Path = path) -> None:
        def in_use() -> None:
            started.curriculum_path = used

        bridge = getattr(window, "bridge", None)
        if bridge is not None:  # queued behind the store's opening if that waits for a lock
            bridge.set_curriculum(curriculum, later=in_use)
        else:
            started.service.set_curriculum(curriculum)
            in_use()
        started.loader = None
        if started.after_paint is not None:
            started.after_paint.curriculum_ready()
        _status(window, "")

    def fall_back(error: BaseException) -> None:
        log.warning("curriculum %s did not load; using the bundled one:\n%s", path, error)
        started.problems.append(_fallback_problem(path, failure_text(error)))
        _forget_last_curriculum(started.settings, path)
        try:
            use(_load_bundled(args, dialogs), paths.bundled_curriculum_path())
        except StartupError:
            window.close()
            return
        started.report_problems()

    loader.loaded.connect(use)
    loader.failed.connect(fall_back)
    _status(window, loading_text(path))
    loader.load(path, background=True)


def _status(window: QWidget, message: str) -> None:
    status_bar = getattr(window, "statusBar", None)
    if callable(status_bar):
        if message:
            status_bar().showMessage(message)
        else:
            status_bar().clearMessage()


def _load(path: Path, args: argparse.Namespace) -> Curriculum:
    from tracker.curriculum.cache import load_curriculum_cached

    return load_curriculum_cached(path, _cache_dir(getattr(args, "data_dir", None)))


def _cache_dir(data_override: str | None) -> Path:
    """The user cache folder, or ``<data dir>/cache`` for a data folder given on purpose.

    A test or a portable data folder then leaves nothing behind in the real user cache.
    """
    if data_override and not os.environ.get(paths.CACHE_DIR_ENV):
        return paths.data_dir(data_override) / "cache"
    return paths.cache_dir()


def _fatal_curriculum(dialogs: Dialogs, path: Path, problems: str) -> StartupError:
    """The bundled curriculum itself is broken: nothing to fall back to (a packaging bug)."""
    dialogs.show_error(
        _tr("App", "LearnPath's own curriculum could not be opened"),
        i18n.fill(_tr("App", "%1\n\n%2\n\nPlease reinstall LearnPath."), path, problems),
    )
    return StartupError(f"bundled curriculum {path} does not load")


# -- the progress database -------------------------------------------------------------------


def _open_progress(
    data_dir: Path, curriculum: Curriculum, user: str | None, dialogs: Dialogs
) -> ProgressService:
    """The progress service on ``data_dir``; a problem is shown and ends start-up."""
    from tracker.progress.errors import ProgressError, StorageError
    from tracker.progress.service import ProgressService

    database = paths.database_path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        return ProgressService.open(data_dir, curriculum, user, lazy=True)
    except StorageError as error:
        _tell_not_opened(dialogs, error)
        raise StartupError(str(error)) from error
    except ProgressError as error:
        from tracker.ui.error_text import error_text

        dialogs.show_error(_tr("App", "This profile could not be opened"), error_text(error))
        raise StartupError(str(error), EXIT_BAD_PROFILE) from error
    except OSError as error:
        dialogs.show_error(
            _tr("App", "Your progress could not be opened"),
            f"{database}\n\n{error.strerror or error}",
        )
        raise StartupError(str(error)) from error


def _tell_not_opened(dialogs: Dialogs, error: Exception) -> None:
    from tracker.ui.error_text import error_text

    dialogs.show_error(
        _tr("App", "Your progress could not be opened"),
        i18n.fill(
            _tr(
                "App",
                "%1\n\nNothing was changed. If another LearnPath window is using this folder, "
                "close it and start again; or choose another folder with --data-dir.",
            ),
            error_text(error),
        ),
    )


class _AfterFirstPaint(QObject):
    """Runs ``action`` once, just after the first paint of ``started``'s window that shows the
    curriculum (not a placeholder while a big one loads).

    It watches the window alone, not the whole application: an application-wide filter sees
    every event of every widget until it fires, and each kind of event it sees costs PySide6
    its Python wrapper classes before the first paint. A window painted while a big
    curriculum still loads is not repainted as a whole when it arrives, so ``curriculum_ready``
    runs the action then instead."""

    def __init__(self, started: Started, action: Callable[[], None]) -> None:
        super().__init__(started.window)
        self._started = started
        self._action = action
        self._painted = False
        self._fired = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._fired and event.type() == QEvent.Type.Paint:
            self._painted = True
            if self._started.loader is None:
                self._fire()
        return False

    def curriculum_ready(self) -> None:
        """The curriculum loading at start-up is in use: fire if the window has been painted
        meanwhile (else its first paint will)."""
        if self._painted and not self._fired:
            self._fire()

    def _fire(self) -> None:
        self._fired = True
        self._started.window.removeEventFilter(self)
        QTimer.singleShot(0, self._action)  # after this frame has painted


def _finish_opening_after_first_paint(started: Started) -> None:
    """Open the progress store (importing SQLAlchemy) once the window is on screen.

    Opening writes (a probe that the folder is writable, the profile marked as last used), so it
    goes through the window's write queue: while another program holds the lock the window
    stays responsive and says it is waiting, and the changes asked for meanwhile queue behind
    it. A store that cannot open (a lock held past the busy timeout) is reported as at
    start-up; the window keeps showing what was read, and the next change tries again (and
    reports again).
    """

    def failed(error: BaseException) -> None:
        log.warning("progress store did not open after the first paint: %s", error)
        _tell_not_opened(started.dialogs, error)  # type: ignore[arg-type]

    def finish() -> None:
        from tracker.progress.errors import StorageError

        bridge = getattr(started.window, "bridge", None)
        try:
            if bridge is None:
                started.service.finish_opening()
            else:
                bridge.write(started.service.finish_opening, failed_later=failed, any_profile=True)
        except StorageError as error:
            failed(error)

    started.after_paint = _AfterFirstPaint(started, finish)
    started.window.installEventFilter(started.after_paint)


# -- bugs --------------------------------------------------------------------------------------


def _report_bug(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """An exception nobody caught in a Qt slot: log it and tell the learner, don't vanish."""
    text = "".join(traceback.format_exception(kind, error, trace))
    log.error("unexpected error:\n%s", text)
    if isinstance(error, KeyboardInterrupt) or QApplication.instance() is None:
        sys.__excepthook__(kind, error, trace)
        return
    Dialogs(QApplication.activeWindow()).show_error(
        _tr("App", "Something went wrong inside LearnPath"),
        i18n.fill(_tr("App", "This is a bug. Your saved progress is safe.\n\n%1"), text),
    )


def _configure_logging() -> None:
    if not logging.getLogger().handlers:
        level = os.environ.get("LEARNPATH_LOG", "WARNING").upper()
        logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
