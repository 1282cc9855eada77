"""Load a curriculum off the UI thread, with a busy indication only when the load is slow.

Parsing and validating a 100,000-task curriculum takes seconds; done on the UI thread it would
freeze the window. :class:`CurriculumLoader` runs ``load_curriculum_cached(path, cache_dir)`` —
pure Python, no Qt — in a daemon thread and hands the result back on the UI thread:

    loader = CurriculumLoader(window, cache_dir=cache, progress_parent=window)
    loader.loaded.connect(use_it)        # loaded(Curriculum)
    loader.failed.connect(tell_user)     # failed(CurriculumError | OSError | Exception)
    loader.load(path)                    # returns at once (or loads in place when small)

A busy dialog ("Loading <name>…", with Cancel) appears only if the load is still running after
``delay_ms`` (300 ms): most loads, cached or small, finish before anyone would notice. Cancelling
(or starting another load, or deleting the loader) simply drops the result; the thread runs to
its end, which is harmless because it only builds immutable data.

``load(path, background=None)`` decides by size: a curriculum whose YAML is small
(:data:`BACKGROUND_BYTES`) is loaded in place, which is faster than a thread round trip and keeps
the result synchronous for callers that expect it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

if TYPE_CHECKING:
    from tracker.curriculum.model import Curriculum

log = logging.getLogger("tracker.ui.loading")

BACKGROUND_BYTES = 1024 * 1024
"""Curricula whose YAML files add up to more than this are loaded in a worker thread."""
PROGRESS_DELAY_MS = 300
"""How long a load may run before the busy indication appears."""
_YAML_SUFFIXES = (".yaml", ".yml")


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def loading_text(path: str | os.PathLike[str]) -> str:
    """``Loading <name>…``, for the busy dialog and the status bar."""
    name = Path(path).name or str(path)
    return _tr("Loading", "Loading {name}…").format(name=name)


def yaml_size(path: str | os.PathLike[str]) -> int:
    """The total size in bytes of the curriculum's YAML (a folder's files, or one file).

    Unreadable entries count as nothing: the loader reports them properly, with their place.
    """
    source = Path(path)
    try:
        if not source.is_dir():
            return source.stat().st_size
        total = 0
        for file in source.rglob("*"):
            if file.suffix in _YAML_SUFFIXES:
                with contextlib.suppress(OSError):
                    total += file.stat().st_size
        return total
    except OSError:
        return 0


def is_large(path: str | os.PathLike[str], limit: int = BACKGROUND_BYTES) -> bool:
    """True when the curriculum is big enough to be worth loading off the UI thread."""
    return yaml_size(path) > limit


def placeholder(path: str | os.PathLike[str]) -> Curriculum:
    """An empty curriculum that says what is loading, shown until the real one is ready."""
    from tracker.curriculum import model

    return model.Curriculum(id="", version="", title=model.Text.both(loading_text(path)), stages=())


def is_placeholder(curriculum: Curriculum) -> bool:
    """True for what :func:`placeholder` makes (a loaded curriculum always has an id)."""
    return not curriculum.id and not curriculum.stages


def failure_text(error: BaseException) -> str:
    """What to show for a failed load: one ``FILE:LINE:COL: message`` line per problem."""
    problems = getattr(error, "problems", None)
    if problems:
        return "\n".join(str(problem) for problem in problems)
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror}"
    return str(error) or type(error).__name__


def load_in_place(path: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None) -> Any:
    """The same load the worker runs, on the calling thread (raises what the loader raises)."""
    from tracker.curriculum.cache import load_curriculum_cached

    return load_curriculum_cached(Path(path), cache_dir)


@dataclass
class _Job:
    """One load: the worker posts its outcome through ``relay`` unless the job was dropped.

    ``lock`` makes "dropped" and "post the result" exclusive, so the worker never emits on a
    relay that the UI thread is deleting.
    """

    path: Path
    relay: _Relay
    dropped: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def drop(self) -> None:
        with self.lock:
            self.dropped = True

    def post(self, ok: bool, value: object) -> None:
        with self.lock:
            if self.dropped:
                return
            try:
                self.relay.done.emit(self, ok, value)  # queued: the relay lives on the UI thread
            except RuntimeError:  # the relay is gone (the loader was deleted)
                self.dropped = True


class _Relay(QObject):
    """Lives on the UI thread; a signal emitted on it from the worker arrives there, queued."""

    done = Signal(object, bool, object)


class CurriculumLoader(QObject):
    """Loads one curriculum at a time off the UI thread; results arrive on the UI thread.

    Signals:
        loaded(Curriculum): the curriculum of the latest ``load`` is ready.
        failed(object): it could not be loaded: a ``CurriculumError`` (``str()`` gives one
            ``FILE:LINE:COL: message`` line per problem), an ``OSError``, or an unexpected
            exception (logged with its traceback). :func:`failure_text` words it.
        busy_changed(bool): a load started (True) or ended, failed or was cancelled (False).

    Only the latest load counts: a new ``load``, ``cancel()`` or deleting the loader drops the
    result of the one running.
    """

    loaded = Signal(object)
    failed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        progress_parent: QWidget | None = None,
        show_progress: bool = True,
        delay_ms: int = PROGRESS_DELAY_MS,
        background_bytes: int = BACKGROUND_BYTES,
    ) -> None:
        super().__init__(parent)
        self.cache_dir = cache_dir
        self.progress_parent = progress_parent
        self.show_progress = show_progress
        self.background_bytes = background_bytes
        self._relay = _Relay(self)
        self._relay.done.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._job: _Job | None = None
        self._running: list[_Job] = []  # the same job, for the `destroyed` slot
        self._path: Path | None = None
        self._dialog: QProgressDialog | None = None
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(delay_ms)
        self._delay.timeout.connect(self._show_progress)
        self.destroyed.connect(_drop_on_destroyed(self._running))

    # -- state ---------------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The curriculum being loaded (or last asked for)."""
        return self._path

    def is_loading(self) -> bool:
        return self._job is not None

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        """The busy dialog while it is shown (for tests)."""
        return self._dialog

    # -- loading -------------------------------------------------------------------------------

    def load(self, path: str | os.PathLike[str], *, background: bool | None = None) -> bool:
        """Load ``path``; True when it runs in the background, False when done already.

        ``background=None`` loads in place when the YAML is small (``background_bytes``), so
        ``loaded``/``failed`` are emitted before this returns; otherwise a worker thread runs the
        load and this returns at once. Any load still running is dropped first.
        """
        self.cancel()
        self._path = Path(path)
        if background is None:
            background = is_large(self._path, self.background_bytes)
        if not background:
            self.busy_changed.emit(True)
            try:
                curriculum = load_in_place(self._path, self.cache_dir)
            except Exception as error:  # handed to the caller through `failed`
                self._deliver(False, error)
            else:
                self._deliver(True, curriculum)
            return False
        job = _Job(self._path, self._relay)
        self._job = job
        self._running[:] = [job]
        worker = threading.Thread(
            target=_run, args=(job, self.cache_dir), name="curriculum-loader", daemon=True
        )
        self.busy_changed.emit(True)
        worker.start()
        if self.show_progress:
            self._delay.start()
        return True

    def cancel(self) -> None:
        """Drop the running load, if any: its result is ignored; nothing is emitted."""
        job, self._job = self._job, None
        self._running.clear()
        if job is None:
            return
        job.drop()
        self._end_progress()
        self.busy_changed.emit(False)

    def _finished(self, job: _Job, ok: bool, value: object) -> None:
        if job is not self._job:
            return  # an older load, dropped meanwhile
        self._job = None
        self._running.clear()
        self._end_progress()
        self._deliver(ok, value)

    def _deliver(self, ok: bool, value: object) -> None:
        self.busy_changed.emit(False)
        if ok:
            self.loaded.emit(value)
            return
        if not _expected(value):
            log.error("curriculum %s did not load", self._path, exc_info=value)  # type: ignore[arg-type]
        self.failed.emit(value)

    # -- the busy indication -------------------------------------------------------------------

    def _show_progress(self) -> None:
        if self._job is None or self._dialog is not None:
            return
        dialog = QProgressDialog(self.progress_parent)
        dialog.setLabelText(loading_text(self._path or ""))
        dialog.setRange(0, 0)  # busy: no percentage to promise
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog
        dialog.show()

    def _end_progress(self) -> None:
        self._delay.stop()
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.hide()
            dialog.deleteLater()


def _drop_on_destroyed(box: list[_Job]) -> Any:
    """A slot for ``destroyed`` that drops the running job; it holds no reference to the loader."""

    def drop(*_args: object) -> None:
        for job in box:
            job.drop()

    return drop


def _expected(value: object) -> bool:
    from tracker.curriculum.errors import CurriculumError

    return isinstance(value, CurriculumError | OSError)


def _run(job: _Job, cache_dir: str | os.PathLike[str] | None) -> None:
    """The worker: the pure-Python load, then its outcome posted to the UI thread."""
    try:
        curriculum = load_in_place(job.path, cache_dir)
    except BaseException as error:  # every outcome goes to the UI thread
        job.post(False, error)
    else:
        job.post(True, curriculum)
