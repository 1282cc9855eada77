"""Typed settings over QSettings: the learner's preferences kept apart from remembered UI state.

Every setting is declared once, with its key, type and default (the way Picard's ``options.py``
does it). ``Preferences`` holds what the learner chose (language, theme); ``UiState`` holds what
the app remembers on its own (window geometry, splitter positions, the last curriculum opened,
the export dialog's choices). Clearing the state never loses a preference.

The file lives in the data folder when one was given (``--data-dir`` or ``LEARNPATH_DATA_DIR``), so
tests and portable use never touch the real user configuration; otherwise it is the platform's
usual per-user config location.

    settings = Settings.open(data_dir_override)
    settings.preferences.language = "zh"
    window.restoreGeometry(settings.state.window_geometry)
    splitter.restoreState(settings.state.splitter("main"))
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings

from tracker.paths import APP_AUTHOR, APP_NAME, DATA_DIR_ENV

SETTINGS_FILE_NAME = "learnpath-settings.ini"
LANGUAGES = ("zh", "en")
THEMES = ("system", "light", "dark")

T = TypeVar("T")


class Setting(Generic[T]):
    """One declared setting: a key under its group, a Python type and a default.

    Used as a descriptor on a ``_SettingsGroup`` subclass, so ``prefs.language`` reads the stored
    value (or the default) and ``prefs.language = "zh"`` writes it.
    """

    def __init__(self, key: str, default: T, choices: tuple[T, ...] | None = None) -> None:
        self.key = key
        self.default = default
        self.choices = choices

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, obj: _SettingsGroup, owner: type) -> T: ...
    def __get__(self, obj: _SettingsGroup | None, owner: type) -> Setting[T] | T:
        if obj is None:
            return self
        return obj.read(self)

    def __set__(self, obj: _SettingsGroup, value: T) -> None:
        obj.write(self, value)

    def convert(self, raw: Any) -> T:
        """The stored value as this setting's type, or the default if it cannot be read."""
        default: Any = self.default
        value: Any
        try:
            if isinstance(default, bool):
                value = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")
            elif isinstance(default, QByteArray):
                value = raw if isinstance(raw, QByteArray) else QByteArray(bytes(raw))
            elif isinstance(default, list):
                value = [str(item) for item in raw] if isinstance(raw, list) else [str(raw)]
            else:
                value = type(default)(raw)
        except (TypeError, ValueError):
            return self.default
        if self.choices is not None and value not in self.choices:
            return self.default
        return value  # type: ignore[no-any-return]


class _SettingsGroup:
    """A set of settings under one QSettings group (``preferences/`` or ``state/``)."""

    GROUP = ""

    def __init__(self, store: QSettings) -> None:
        self._store = store

    def _full_key(self, key: str) -> str:
        return f"{self.GROUP}/{key}"

    def read(self, setting: Setting[T]) -> T:
        raw = self._store.value(self._full_key(setting.key))
        if raw is None:
            return setting.default
        return setting.convert(raw)

    def write(self, setting: Setting[T], value: T) -> None:
        self._store.setValue(self._full_key(setting.key), value)

    def reset(self) -> None:
        """Forget every value in this group (the defaults apply again)."""
        self._store.remove(self.GROUP)

    @classmethod
    def declared(cls) -> dict[str, Setting[Any]]:
        """Every setting declared on this group, by attribute name."""
        found: dict[str, Setting[Any]] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, Setting):
                    found[name] = value
        return found


class Preferences(_SettingsGroup):
    """What the learner chose. An empty language means "follow the system"."""

    GROUP = "preferences"

    language = Setting[str]("language", "", choices=("", *LANGUAGES))
    theme = Setting[str]("theme", "system", choices=THEMES)


class UiState(_SettingsGroup):
    """What the app remembers by itself between runs."""

    GROUP = "state"

    window_geometry = Setting[QByteArray]("main_window/geometry", QByteArray())
    window_state = Setting[QByteArray]("main_window/state", QByteArray())
    last_curriculum = Setting[str]("last_curriculum", "")
    last_curriculum_dir = Setting[str]("last_curriculum_dir", "")
    export_format = Setting[str]("export/format", "md")
    export_scope = Setting[str]("export/scope", "all")
    export_include_notes = Setting[bool]("export/include_notes", True)
    export_dir = Setting[str]("export/dir", "")

    def splitter(self, name: str) -> QByteArray:
        """The saved state of the splitter called ``name`` (empty if never saved)."""
        raw = self._store.value(self._full_key(f"splitters/{name}"))
        return raw if isinstance(raw, QByteArray) else QByteArray()

    def set_splitter(self, name: str, state: QByteArray | bytes) -> None:
        self._store.setValue(self._full_key(f"splitters/{name}"), QByteArray(state))

    def value(self, key: str, default: T) -> T:
        """A remembered value not worth declaring (a view's column widths, a toggle)."""
        raw = self._store.value(self._full_key(key))
        return default if raw is None else Setting(key, default).convert(raw)

    def set_value(self, key: str, value: object) -> None:
        self._store.setValue(self._full_key(key), value)


class Settings:
    """The app's settings: ``preferences`` and ``state`` over one QSettings store."""

    def __init__(self, store: QSettings) -> None:
        self.store = store
        self.preferences = Preferences(store)
        self.state = UiState(store)

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None) -> Settings:
        """Settings in ``data_dir`` (or ``$LEARNPATH_DATA_DIR``) if given, else the user config."""
        chosen = data_dir or os.environ.get(DATA_DIR_ENV)
        if chosen:
            folder = Path(chosen).expanduser()
            return cls.at(folder / SETTINGS_FILE_NAME)
        store = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_AUTHOR, APP_NAME
        )
        return cls(store)

    @classmethod
    def at(cls, file: Path) -> Settings:
        """Settings kept in one INI file (created on the first write)."""
        return cls(QSettings(str(file), QSettings.Format.IniFormat))

    @property
    def file(self) -> Path:
        return Path(self.store.fileName())

    def sync(self) -> None:
        """Write pending changes to disk now (QSettings also does it on its own)."""
        self.store.sync()


_current: Settings | None = None


def current() -> Settings | None:
    """The settings the running app opened (None before start-up, e.g. in a bare test)."""
    return _current


def set_current(settings: Settings | None) -> None:
    """Make ``settings`` the app-wide settings (done once by ``tracker.ui.app``)."""
    global _current  # noqa: PLW0603 - one app-wide settings object, as in Picard's config
    _current = settings
