"""Where bundled data and the learner's own data live.

Bundled files (the curriculum, icons, translations, templates) are found through
``importlib.resources`` so that an installed wheel works exactly like a checkout. The learner's
data folder comes from platformdirs unless ``--data-dir`` or ``LEARNPATH_DATA_DIR`` says otherwise.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

APP_NAME = "LearnPath"
APP_AUTHOR = "LearnPath"
DATA_DIR_ENV = "LEARNPATH_DATA_DIR"
CACHE_DIR_ENV = "LEARNPATH_CACHE_DIR"
DATABASE_NAME = "learnpath.sqlite3"
BUNDLED_CURRICULUM_ID = "llm-engineer"


def bundled_curricula() -> Traversable:
    """The folder holding every curriculum shipped with the app (one sub-folder each)."""
    return resources.files("tracker.bundled.curriculum")


def bundled_resources() -> Traversable:
    """The folder holding icons, styles, translations and templates."""
    return resources.files("tracker.bundled.resources")


def bundled_curriculum_path(curriculum_id: str = BUNDLED_CURRICULUM_ID) -> Path:
    """A real filesystem path to a bundled curriculum folder.

    The loader reports errors as ``FILE:LINE:COL``, so it needs real paths; packages installed
    from a wheel or a checkout are always on disk, never inside a zip.
    """
    return Path(str(bundled_curricula().joinpath(curriculum_id)))


def resource_path(*parts: str) -> Path:
    """A real filesystem path to a bundled resource such as ``("translations", "zh_CN.qm")``."""
    return Path(str(bundled_resources().joinpath(*parts)))


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The learner's data folder: the override, else ``$LEARNPATH_DATA_DIR``, else platformdirs."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder for rebuildable caches (never trusted over the source files)."""
    chosen = override or os.environ.get(CACHE_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, APP_AUTHOR))


def database_path(data_folder: Path) -> Path:
    """The SQLite file inside a data folder."""
    return data_folder / DATABASE_NAME
