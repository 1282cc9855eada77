"""The language switch: translators in and out at run time, and a catalogue with nothing missing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtWidgets import QWidget

from tracker.paths import resource_path
from tracker.progress.records import TaskStatus
from tracker.ui import i18n
from tracker.ui import settings as app_settings
from tracker.ui.dialogs import Dialogs
from tracker.ui.main_window import MainWindow
from tracker.ui.settings import Settings

TS_FILE = resource_path("translations", "learnpath_zh_CN.ts")
QM_FILE = resource_path("translations", "learnpath_zh_CN.qm")
REPOSITORY = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%(?:n|\d)|\{\w*\}")


class LanguageWatcher(QWidget):
    """A widget that counts the LanguageChange events Qt sends it."""

    def __init__(self) -> None:
        super().__init__()
        self.language_changes = 0

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.language_changes += 1
        super().changeEvent(event)


@pytest.fixture
def english_afterwards(qapp: object) -> Iterator[None]:
    """Every test leaves the app in English with no settings registered."""
    yield
    i18n.set_language("en", remember=False)
    app_settings.set_current(None)


def messages() -> list[ET.Element]:
    return list(ET.parse(TS_FILE).getroot().iter("message"))


def translations_of(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = translation.findall("numerusform")
    return [form.text or "" for form in forms] if forms else [translation.text or ""]


@pytest.mark.usefixtures("english_afterwards")
def test_switching_language_retranslates_widgets_at_once(qtbot: object) -> None:
    watcher = LanguageWatcher()
    qtbot.addWidget(watcher)  # type: ignore[attr-defined]
    dialogs = Dialogs()
    assert dialogs.data_location_box(Path("/data")).windowTitle() == "Where Your Data Lives"

    assert i18n.set_language("zh", remember=False) == "zh"
    qtbot.waitUntil(lambda: watcher.language_changes >= 1)  # type: ignore[attr-defined]
    assert i18n.current_lang() == "zh"
    assert len(i18n.installed_translators()) == 2  # ours and Qt's own qtbase
    assert dialogs.data_location_box(Path("/data")).windowTitle() == "数据存放位置"
    assert QLocale().language() == QLocale.Language.Chinese

    seen = watcher.language_changes
    assert i18n.set_language("en", remember=False) == "en"
    qtbot.waitUntil(lambda: watcher.language_changes > seen)  # type: ignore[attr-defined]
    assert i18n.installed_translators() == ()
    assert dialogs.data_location_box(Path("/data")).windowTitle() == "Where Your Data Lives"


@pytest.mark.usefixtures("english_afterwards")
def test_qt_standard_buttons_are_translated_too(qtbot: object) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    i18n.set_language("zh", remember=False)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)  # type: ignore[attr-defined]
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text().replace("&", "") in {"取消", "取消(C)"}


@pytest.mark.usefixtures("english_afterwards")
def test_language_notifier_tells_listeners(qtbot: object) -> None:
    with qtbot.waitSignal(i18n.notifier().changed) as blocker:  # type: ignore[attr-defined]
        i18n.set_language("zh", remember=False)
    assert blocker.args == ["zh"]


@pytest.mark.usefixtures("english_afterwards")
def test_menu_choice_is_remembered_but_lang_option_is_not(tmp_path: Path) -> None:
    settings = Settings.open(tmp_path)
    app_settings.set_current(settings)
    i18n.set_language("zh", remember=False)  # --lang zh: this session only
    assert settings.preferences.language == ""
    i18n.set_language("zh")  # the menu switch
    assert Settings.open(tmp_path).preferences.language == "zh"


def test_start_language_prefers_option_then_saved_then_system() -> None:
    assert i18n.startup_lang("en", "zh") == "en"
    assert i18n.startup_lang(None, "zh") == "zh"
    assert i18n.startup_lang(None, "") == i18n.system_lang()
    assert i18n.startup_lang("zh_CN", None) == "zh"
    assert i18n.normalise("zh-Hant") == "zh"
    assert i18n.normalise("fr") is None


@pytest.mark.parametrize(
    ("locale", "lang"),
    [("zh_CN", "zh"), ("zh_TW", "zh"), ("zh_HK", "zh"), ("en_GB", "en"), ("de_DE", "en")],
)
def test_any_chinese_locale_means_chinese(locale: str, lang: str) -> None:
    assert i18n.lang_of_locale(QLocale(locale)) == lang


def test_compiled_translations_ship() -> None:
    assert QM_FILE.is_file()
    assert QM_FILE.stat().st_size > 1000
    assert QM_FILE.stat().st_mtime >= TS_FILE.stat().st_mtime - 1, "run update.py to recompile"


def test_every_string_is_translated() -> None:
    found = messages()
    assert len(found) > 50
    missing = []
    for message in found:
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type")
        texts = translations_of(message)
        if kind in {"unfinished", "vanished", "obsolete"} or not all(t.strip() for t in texts):
            missing.append(message.findtext("source"))
    assert missing == [], "translate these in learnpath_zh_CN.ts, then run update.py"


def test_translations_keep_their_placeholders() -> None:
    for message in messages():
        source = message.findtext("source") or ""
        wanted = sorted(set(PLACEHOLDER.findall(source)))
        for text in translations_of(message):
            assert sorted(set(PLACEHOLDER.findall(text))) == wanted, source


def test_catalogue_has_every_string_in_the_code(tmp_path: Path) -> None:
    """A tr() string added to tracker/ui without running update.py fails here."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    tool = str(lupdate) if lupdate.exists() else shutil.which("pyside6-lupdate")
    assert tool is not None, "pyside6-lupdate ships with PySide6-Essentials; is the venv complete?"
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPOSITORY / "tracker" / "ui").glob("*.py"))
    command = [tool, *sources, "-tr-function-alias", "translate+=_tr", "-ts", str(fresh)]
    subprocess.run(command, check=True, capture_output=True)

    def keys(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()
        return {
            (context.findtext("name") or "", message.findtext("source") or "")
            for context in root.iter("context")
            for message in context.iter("message")
        }

    assert keys(fresh) - keys(TS_FILE) == set(), "run resources/translations/update.py"


def catalogue() -> dict[tuple[str, str], str]:
    """(context, source) -> Chinese, from the catalogue the app ships."""
    root = ET.parse(TS_FILE).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): translations_of(
            message
        )[0]
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_no_string_is_filed_under_an_empty_context() -> None:
    """``tr = other.tr; tr("…")`` hides the context from lupdate; Qt then finds nothing."""
    root = ET.parse(TS_FILE).getroot()
    empty = [
        message.findtext("source")
        for context in root.iter("context")
        if not (context.findtext("name") or "").strip()
        for message in context.iter("message")
    ]
    assert empty == []


@pytest.mark.usefixtures("english_afterwards")
def test_menus_and_main_labels_are_chinese_when_chinese_is_chosen(
    qtbot: object, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    chinese = catalogue()
    i18n.set_language("zh", remember=False)
    menus = window.menus
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: menus.file_menu.title() == chinese[("WindowMenus", "&File")]
    )
    assert menus.file_menu.title() == "文件(&F)"
    shown = {
        ("WindowMenus", "&File"): menus.file_menu.title(),
        ("WindowMenus", "&Edit"): menus.edit_menu.title(),
        ("WindowMenus", "&View"): menus.view_menu.title(),
        ("WindowMenus", "&Language"): menus.language_menu.title(),
        ("WindowMenus", "&Profile"): menus.profile_menu.title(),
        ("WindowMenus", "&Help"): menus.help_menu.title(),
        ("WindowMenus", "&Undo"): menus.undo_action.text(),
        ("WindowMenus", "Mark Done"): menus.status_action[TaskStatus.DONE].text(),
        ("StageNavigator", "&Stages"): window.navigator.stages_label.text(),
        ("ConceptPanel", "&Concepts"): window.concepts.label.text(),
        ("ChecklistPanel", "Chec&klist"): window.checklist.label.text(),
        ("ChecklistPanel", "Filter tasks…"): window.filter_edit.placeholderText(),
        ("ChecklistPanel", "All tasks"): window.status_filter.itemText(0),
        ("ProfileSwitcher", "&Profile:"): window.profiles.label.text(),
        ("PlanPanel", "&Target date:"): window.plan_panel.label.text(),
    }
    assert shown == {key: chinese[key] for key in shown}
    for text in shown.values():
        assert re.search(r"[\u4e00-\u9fff]", text), text
    header = window.checklist_model.headerData(0, Qt.Orientation.Horizontal)
    assert re.search(r"[\u4e00-\u9fff]", header), header


@pytest.mark.usefixtures("english_afterwards")
def test_notes_heading_follows_a_language_switch_at_once(open_window: Callable[..., Any]) -> None:
    window = open_window()
    assert window.notes.heading.text() == "Notes on Stage 1: Foundations"
    i18n.set_language("zh", remember=False)
    assert window.notes.heading.text() == "关于阶段 1：基础的笔记"
    window.select_task("read-attention")
    assert window.notes.heading.text() == "关于阅读注意力论文的笔记"
    i18n.set_language("en", remember=False)
    assert window.notes.heading.text() == "Notes on Read the attention paper"
    window.show_concept("attention")
    i18n.set_language("zh", remember=False)
    assert window.notes.heading.text() == "关于注意力机制的笔记"


@pytest.mark.usefixtures("english_afterwards")
def test_notes_heading_retranslates_on_language_change_event(
    qtbot: Any, open_window: Callable[..., Any]
) -> None:
    from PySide6.QtCore import QCoreApplication

    window = open_window()
    i18n.set_language("zh", remember=False)
    window.notes.heading.setText("stale")
    QCoreApplication.sendEvent(window.notes, QEvent(QEvent.Type.LanguageChange))
    assert window.notes.heading.text() == "关于阶段 1：基础的笔记"


@pytest.mark.usefixtures("english_afterwards")
def test_qt_file_dialog_is_translated_too(qtbot: Any) -> None:
    """Qt's own catalogue (qtbase_zh_CN.qm ships with PySide6) and ours cover the file dialog."""
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtWidgets import QFileDialog, QLabel

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert (folder / "qtbase_zh_CN.qm").is_file()
    i18n.set_language("zh", remember=False)
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "查找范围(&L)："
    assert labels["fileTypeLabel"] == "文件类型(&T)："
    assert labels["fileNameLabel"] == "文件名称(&N)："  # straight from Qt's catalogue
