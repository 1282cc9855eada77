"""The PySide6 desktop app: start-up (``app``), main window, models, dialogs, settings, i18n."""

from __future__ import annotations

from pathlib import Path

from tracker import paths

_REPOSITORY = Path(__file__).resolve().parents[2]


def bundled_resource(*parts: str) -> Path:
    """A bundled resource (``"translations", "learnpath_zh_CN.qm"``), in a wheel or a checkout.

    ``tracker.paths`` finds bundled files through the ``tracker.bundled`` package, which a wheel
    has but an editable checkout run from the repository does not (setuptools' editable finder
    does not map package folders nested under a mapped one); fall back to ``resources/`` there.
    """
    try:
        return paths.resource_path(*parts)
    except ModuleNotFoundError:
        return _REPOSITORY.joinpath("resources", *parts)


def bundled_curriculum() -> Path:
    """The bundled curriculum folder, in a wheel or a checkout (see ``bundled_resource``)."""
    try:
        return paths.bundled_curriculum_path()
    except ModuleNotFoundError:
        return _REPOSITORY / "curriculum" / paths.BUNDLED_CURRICULUM_ID
