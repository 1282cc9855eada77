"""Start-up and around it: settings, theme and fonts, and what a bad file does to start-up."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QFont, QFontInfo, QPalette
from PySide6.QtWidgets import QApplication

from tracker.paths import bundled_curriculum_path
from tracker.ui import app as shell
from tracker.ui import i18n, theme
from tracker.ui import settings as app_settings
from tracker.ui.dialogs import Dialogs
from tracker.ui.settings import Settings


class RecordingDialogs(Dialogs):
    """Dialogs that write down what they were asked to show, and never block."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[tuple[str, str]] = []

    def show_error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def show_info(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def confirm(self, title: str, question: str) -> bool:
        return True


@pytest.fixture
def shell_env(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QApplication]:
    """A light theme, and the app put back as it was (English, palette, no settings)."""
    monkeypatch.setenv(theme.THEME_ENV, "light")
    palette = QPalette(qapp.palette())
    font = qapp.font()
    yield qapp
    i18n.set_language("en", remember=False)
    app_settings.set_current(None)
    qapp.setPalette(palette)
    qapp.setFont(font)


def arguments(data_dir: Path, **given: Any) -> argparse.Namespace:
    values: dict[str, Any] = {"data_dir": str(data_dir), "user": None, "curriculum": None}
    values["lang"] = "en"
    values.update(given)
    return argparse.Namespace(**values)


def broken_curriculum(folder: Path) -> Path:
    folder.mkdir()
    broken = folder / "course.yaml"
    broken.write_text("id: mine\nversion: '1'\nstages: [\n", encoding="utf-8")
    return broken


def close(started: shell.Started) -> None:
    started.window.close()
    started.close()


# -- settings -----------------------------------------------------------------------------------


def test_settings_round_trip_in_the_data_folder(tmp_path: Path) -> None:
    settings = Settings.open(tmp_path)
    assert settings.file == tmp_path / app_settings.SETTINGS_FILE_NAME
    assert settings.preferences.language == ""
    assert settings.preferences.theme == "system"
    assert settings.state.window_geometry.isEmpty()
    geometry = QByteArray(b"\x01\xd9\xd0\xcb\x00\x03\x00\x00geometry\x00\xff")
    settings.preferences.language = "zh"
    settings.preferences.theme = "dark"
    settings.state.window_geometry = geometry
    settings.state.set_splitter("main_splitter", b"\x00\x00\x00\xff splitter")
    settings.state.last_curriculum = "/courses/mine"
    settings.state.export_include_notes = False
    settings.sync()

    again = Settings.open(tmp_path)
    assert again.preferences.language == "zh"
    assert again.preferences.theme == "dark"
    assert bytes(again.state.window_geometry) == bytes(geometry)
    assert bytes(again.state.splitter("main_splitter")) == b"\x00\x00\x00\xff splitter"
    assert again.state.last_curriculum == "/courses/mine"
    assert again.state.export_include_notes is False


def test_preferences_are_kept_apart_from_remembered_state(tmp_path: Path) -> None:
    settings = Settings.open(tmp_path)
    settings.preferences.language = "zh"
    settings.state.window_geometry = QByteArray(b"geometry")
    settings.state.last_curriculum = "/courses/mine"
    settings.state.reset()
    settings.sync()
    again = Settings.open(tmp_path)
    assert again.preferences.language == "zh"
    assert again.state.window_geometry.isEmpty()
    assert again.state.last_curriculum == ""
    groups = set(QSettings(str(settings.file), QSettings.Format.IniFormat).childGroups())
    assert groups == {"preferences"}


def test_a_bad_stored_value_reads_as_the_default(tmp_path: Path) -> None:
    settings = Settings.open(tmp_path)
    settings.store.setValue("preferences/language", "klingon")
    settings.store.setValue("preferences/theme", 42)
    assert settings.preferences.language == ""
    assert settings.preferences.theme == "system"


# -- theme and fonts ------------------------------------------------------------------------


def test_theme_env_forces_dark_or_light(shell_env: QApplication, monkeypatch: Any) -> None:
    monkeypatch.setenv(theme.THEME_ENV, "dark")
    current = theme.Theme(shell_env, "light")
    assert current.mode == "dark"
    assert theme.is_dark()
    with_light = theme.Theme(shell_env, "system")
    monkeypatch.setenv(theme.THEME_ENV, "")
    with_light.set_mode("light")
    assert not theme.is_dark()


def test_theme_follows_the_system_only_in_system_mode(
    shell_env: QApplication, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(theme.THEME_ENV)
    system_dark = [False]
    monkeypatch.setattr(theme, "system_prefers_dark", lambda: system_dark[0])
    current = theme.Theme(shell_env, "system")
    assert not theme.is_dark()
    system_dark[0] = True
    with qtbot.waitSignal(current.changed) as blocker:
        current._on_system_scheme_changed(None)  # what colorSchemeChanged calls
    assert blocker.args == [True]
    assert theme.is_dark()
    current.set_mode("light")
    current._on_system_scheme_changed(None)
    assert not theme.is_dark()


def test_app_font_falls_back_to_a_simplified_chinese_face(shell_env: QApplication) -> None:
    before = shell_env.font()
    shell_env.setFont(QFont("Ubuntu Sans"))  # a named platform font stays first
    try:
        font = theme.apply_fonts(shell_env)
    finally:
        shell_env.setFont(before)
    families = font.families()
    assert families[0] == "Ubuntu Sans"
    assert "Noto Sans CJK SC" in families
    assert families.index("Noto Sans CJK SC") > 0


@pytest.mark.parametrize("platform_font", ["Sans Serif", "Noto Sans CJK SC"])
def test_latin_text_is_drawn_in_a_latin_face_before_the_cjk_one(
    shell_env: QApplication, platform_font: str
) -> None:
    """Where the system font is only "Sans Serif" (or a CJK face), a named Latin face comes
    first, so English text never takes the CJK face's full-width ’ “ ·."""
    before = shell_env.font()
    shell_env.setFont(QFont(platform_font))
    try:
        font = theme.apply_fonts(shell_env)
    finally:
        shell_env.setFont(before)
    families = font.families()
    assert families[0] in theme.LATIN_FAMILIES
    assert not theme.is_cjk_family(families[0])
    assert families.index("Noto Sans CJK SC") > 0
    assert "CJK" not in QFontInfo(font).family()


# -- start-up -------------------------------------------------------------------------------


def test_bootstrap_opens_the_bundled_curriculum_on_first_start(
    shell_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    dialogs = RecordingDialogs()
    started = shell.bootstrap(arguments(tmp_path / "data"), dialogs=dialogs)
    qtbot.addWidget(started.window)
    try:
        assert started.curriculum_path == bundled_curriculum_path()
        assert len(started.service.curriculum.stages) == 6
        assert started.data_dir == tmp_path / "data"
        assert (tmp_path / "data" / app_settings.SETTINGS_FILE_NAME).parent.is_dir()
        assert dialogs.window is started.window
        assert dialogs.errors == []
    finally:
        close(started)


def test_broken_curriculum_falls_back_to_the_bundled_one_and_says_where(
    shell_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    broken = broken_curriculum(tmp_path / "course")
    dialogs = RecordingDialogs()
    started = shell.bootstrap(arguments(tmp_path / "data", curriculum=str(broken)), dialogs=dialogs)
    qtbot.addWidget(started.window)
    try:
        assert started.curriculum_path == bundled_curriculum_path()
        assert started.service.curriculum.id == "llm-engineer"
        qtbot.waitUntil(lambda: dialogs.errors != [])
        [(title, message)] = dialogs.errors
        assert title == "The curriculum could not be opened"
        assert f"{broken}:4:1:" in message or f"{broken}:3:" in message
        assert "bundled curriculum instead" in message
    finally:
        close(started)


def test_last_curriculum_that_broke_since_also_falls_back(
    shell_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    broken = broken_curriculum(tmp_path / "course")
    settings = Settings.open(tmp_path / "data")
    settings.state.last_curriculum = str(broken)
    dialogs = RecordingDialogs()
    started = shell.bootstrap(arguments(tmp_path / "data"), dialogs=dialogs, settings=settings)
    qtbot.addWidget(started.window)
    try:
        assert started.curriculum_path == bundled_curriculum_path()
        qtbot.waitUntil(lambda: dialogs.errors != [])
        assert str(broken) in dialogs.errors[0][1]
    finally:
        close(started)
    # told once, then forgotten: the next start opens the bundled curriculum without the error
    again = Settings.open(tmp_path / "data")
    assert again.state.last_curriculum == ""
    second = RecordingDialogs()
    restarted = shell.bootstrap(arguments(tmp_path / "data"), dialogs=second, settings=again)
    qtbot.addWidget(restarted.window)
    try:
        assert restarted.curriculum_path == bundled_curriculum_path()
        restarted.report_problems()
        assert second.errors == []
    finally:
        close(restarted)


def test_garbage_database_is_a_readable_error_not_a_crash(
    shell_env: QApplication, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = data / "learnpath.sqlite3"
    database.write_bytes(b"this is not a database, just some text that fills the header\n" * 50)
    dialogs = RecordingDialogs()
    code = shell.run(arguments(data), dialogs=dialogs)
    assert code != 0
    [(title, message)] = dialogs.errors
    assert title == "Your progress could not be opened"
    assert str(database) in message or str(data) in message
    assert "Traceback" not in message
    assert database.read_bytes().startswith(b"this is not a database")


def test_unknown_profile_ends_start_up_with_a_message(
    shell_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    first = shell.bootstrap(arguments(tmp_path / "data"), dialogs=RecordingDialogs())
    qtbot.addWidget(first.window)
    close(first)
    dialogs = RecordingDialogs()
    with pytest.raises(shell.StartupError) as raised:
        shell.bootstrap(arguments(tmp_path / "data", user="nobody"), dialogs=dialogs)
    assert raised.value.exit_code == shell.EXIT_BAD_PROFILE
    assert "nobody" in dialogs.errors[0][1]


def test_lang_option_wins_for_the_session_only(
    shell_env: QApplication, tmp_path: Path, qtbot: Any
) -> None:
    settings = Settings.open(tmp_path / "data")
    settings.preferences.language = "en"
    started = shell.bootstrap(
        arguments(tmp_path / "data", lang="zh"), dialogs=RecordingDialogs(), settings=settings
    )
    qtbot.addWidget(started.window)
    try:
        assert i18n.current_lang() == "zh"
        assert settings.preferences.language == "en"
    finally:
        close(started)
    settings.preferences.language = "zh"
    started = shell.bootstrap(
        arguments(tmp_path / "data", lang=None), dialogs=RecordingDialogs(), settings=settings
    )
    qtbot.addWidget(started.window)
    try:
        assert i18n.current_lang() == "zh"
    finally:
        close(started)


def test_application_has_its_name_and_icon(qapp: QApplication) -> None:
    app = shell.create_application()
    assert app is qapp
    assert app.applicationName() == "LearnPath"
    assert not app.windowIcon().isNull()
