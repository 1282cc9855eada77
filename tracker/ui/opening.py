"""File → Open Curriculum: ask for one, load it off the UI thread, and put it in use.

The curriculum in use stays until the new one is ready, and stays if the new one is broken.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from tracker.ui.bridge import attempt

if TYPE_CHECKING:
    from tracker.ui.main_window import MainWindow


class CurriculumOpener(QObject):
    """Opens another curriculum for a ``MainWindow`` (one loader, made on first use)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._loader: Any = None

    def open(self) -> None:
        """Ask for a curriculum and load it (a big one off the UI thread)."""
        path = self.window.dialogs.ask_open_curriculum()
        if path is None:
            return
        self.loader().load(Path(path))

    def loader(self) -> Any:
        if self._loader is None:
            from tracker.ui.loading import CurriculumLoader

            w = self.window
            cache = getattr(w, "cache_dir", None)  # set by tracker.ui.app
            if cache is None and w.data_dir is not None:
                cache = Path(w.data_dir) / "cache"
            loader = CurriculumLoader(w, cache_dir=cache, progress_parent=w)
            loader.loaded.connect(self._loaded)
            loader.failed.connect(self._failed)
            self._loader = loader
        return self._loader

    def _loaded(self, curriculum: Any) -> None:
        w = self.window
        title = self.tr("Could not open the curriculum")
        if not w.settle_note():
            return  # the note could not be saved and the learner keeps editing it
        attempt(w.dialogs, title, lambda: w.bridge.set_curriculum(curriculum))
        if w.settings is not None and hasattr(w.settings, "state"):
            w.settings.state.last_curriculum = str(self._loader.path)
        w.statusBar().showMessage(
            self.tr("Opened {title}").format(title=curriculum.title.get(w.lang))
        )

    def _failed(self, error: BaseException) -> None:
        from tracker.ui.loading import failure_text

        title = self.tr("Could not open the curriculum")
        self.window.dialogs.show_error(title, failure_text(error))
