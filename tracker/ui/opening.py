"""File → Open Curriculum: ask for one, load it off the UI thread, and put it in use.

The curriculum in use stays until the new one is ready, and stays if the new one is broken.
Putting it in use goes through the window's write queue (it keeps the leaving curriculum's
titles): while another program holds the database's lock the window stays responsive, and the
new curriculum is shown (and remembered) once the switch is in; one that finally fails is
reported and the curriculum in use stays.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from tracker.curriculum.model import Curriculum, Lang
from tracker.ui.bridge import ProgressBridge, attempt


class CurriculumOpener(QObject):
    """Opens another curriculum for a window (one loader, made on first use).

    ``before_change`` runs before the curriculum changes (the window saves the note being
    typed); when it returns False the curriculum in use stays. ``cache_dir`` is where loaded
    curricula are cached (None: no cache); ``settings`` remembers the last curriculum (its
    ``state``), ``lang`` names the language the "Opened …" message uses, ``show_message`` puts
    that message in the status bar. ``parent`` is the window the file dialog and the progress
    sit over.
    """

    def __init__(
        self,
        bridge: ProgressBridge,
        dialogs: Any,
        before_change: Callable[[], bool],
        parent: QWidget,
        *,
        cache_dir: Path | None,
        settings: Any,
        lang: Callable[[], Lang],
        show_message: Callable[[str], object],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._bridge = bridge
        self._dialogs = dialogs
        self._before_change = before_change
        self._cache_dir = cache_dir
        self._settings = settings
        self._lang = lang
        self._show_message = show_message
        self._loader: Any = None

    def open(self) -> None:
        """Ask for a curriculum and load it (a big one off the UI thread)."""
        path = self._dialogs.ask_open_curriculum()
        if path is None:
            return
        self.loader().load(Path(path))

    def loader(self) -> Any:
        if self._loader is None:
            from tracker.ui.loading import CurriculumLoader

            loader = CurriculumLoader(
                self._parent, cache_dir=self._cache_dir, progress_parent=self._parent
            )
            loader.loaded.connect(lambda curriculum: self.use(curriculum, loader.path))
            loader.failed.connect(self._failed)
            self._loader = loader
        return self._loader

    def use(self, curriculum: Curriculum, path: Path | None) -> None:
        """Put a loaded curriculum (read from ``path``) in use and remember it."""
        if not self._before_change():
            return  # the note could not be saved and the learner keeps editing it
        title = self.tr("Could not open the curriculum")

        def in_use() -> None:
            state = getattr(self._settings, "state", None)
            if state is not None and path is not None:
                state.last_curriculum = str(path)
            self._show_message(
                self.tr("Opened {title}").format(title=curriculum.title.get(self._lang()))
            )

        def failed(error: BaseException) -> None:
            from tracker.ui.error_text import error_text

            self._dialogs.show_error(title, error_text(error))

        attempt(
            self._dialogs,
            title,
            lambda: self._bridge.set_curriculum(curriculum, later=in_use, failed_later=failed),
        )

    def _failed(self, error: BaseException) -> None:
        from tracker.ui.loading import failure_text

        title = self.tr("Could not open the curriculum")
        self._dialogs.show_error(title, failure_text(error))
