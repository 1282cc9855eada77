"""The app's language: which one is in use, and switching it at run time.

The UI strings go through Qt's ``tr()``; their Chinese translations live in
``resources/translations/learnpath_zh_CN.qm`` (from the ``.ts`` made by
``resources/translations/update.py``). English is the source language, so English needs no file.
Qt's own strings (OK, Cancel, the file dialog) come from Qt's ``qtbase_zh_CN.qm``.

Installing or removing a translator makes Qt send ``QEvent.LanguageChange`` to every widget, so a
widget retranslates itself in ``changeEvent``. The curriculum's own text (``Text.get(lang)``)
follows the same choice: read ``current_lang()`` there, or listen to ``notifier().changed``.
"""

from __future__ import annotations

import logging
import re
from typing import Literal

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
    Signal,
)

from tracker import paths
from tracker.ui import settings as app_settings

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
QM_BASENAME = "learnpath"
# The Qt locale name of each language's translation files.
QT_LOCALE_NAMES: dict[Lang, str] = {"zh": "zh_CN", "en": "en_US"}

log = logging.getLogger("tracker.ui.i18n")

# Qt's own zh_CN catalogue (qtbase_zh_CN.qm, shipped with PySide6) predates the mnemonic forms
# of two file-dialog labels, so they stayed English. Our catalogue carries them under Qt's own
# context; Qt asks the later-installed qtbase translator first and falls back to ours.
QT_CATALOGUE_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


_PLACEHOLDER = re.compile(r"%([1-9])")


def fill(text: str, *values: object) -> str:
    """``text`` with each ``%1`` … ``%9`` replaced by the matching value, all in one pass (as
    Qt's ``QString.arg``): a value that itself holds ``%2`` (a path, a note) is put in as it is.
    The placeholders stay in the source strings, so translations may reorder them."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(values[index]) if index < len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, text)


class LanguageNotifier(QObject):
    """Tells non-widget listeners (models, the main window's content) that the language changed.

    Signals:
        changed(str): the new language, ``"zh"`` or ``"en"``, after the translators are in place.
    """

    changed = Signal(str)


_current: Lang = "en"
_chosen = False  # set_language has run: _current is what the app shows
_translators: list[QTranslator] = []
_notifier: LanguageNotifier | None = None


def current_lang() -> Lang:
    """The language the app shows now (UI and curriculum content)."""
    return _current


def is_set() -> bool:
    """Whether the app has chosen its language yet (``current_lang`` is then what it shows)."""
    return _chosen


def notifier() -> LanguageNotifier:
    """The object whose ``changed`` signal fires after each ``set_language``."""
    global _notifier  # noqa: PLW0603 - one per process, created lazily after QApplication
    if _notifier is None:
        _notifier = LanguageNotifier()
    return _notifier


def system_lang() -> Lang:
    """``"zh"`` for any Chinese system locale (mainland, Taiwan, Hong Kong, …), else ``"en"``."""
    return lang_of_locale(QLocale.system())


def lang_of_locale(locale: QLocale) -> Lang:
    """The app language that suits ``locale``: Chinese of any region → ``"zh"``, else ``"en"``."""
    if locale.language() == QLocale.Language.Chinese:
        return "zh"
    for name in locale.uiLanguages():
        if name.lower().startswith("zh"):
            return "zh"
    return "en"


def normalise(lang: str | None) -> Lang | None:
    """``"zh"``/``"en"`` from a loose spelling (``zh_CN``, ``zh-Hans``, ``EN``), else None."""
    if not lang:
        return None
    head = lang.strip().lower().replace("-", "_").split("_")[0]
    if head == "zh":
        return "zh"
    if head == "en":
        return "en"
    return None


def startup_lang(cli_lang: str | None, saved: str | None) -> Lang:
    """The language to start in: ``--lang``, else the saved preference, else the system's."""
    return normalise(cli_lang) or normalise(saved) or system_lang()


def set_language(lang: str, *, remember: bool = True) -> Lang:
    """Switch the whole app to ``lang`` now, without a restart.

    Replaces the installed translators (ours and Qt's own), sets the default ``QLocale`` (dates,
    numbers, the date picker), and, when ``remember`` is true, saves the choice as the learner's
    preference. ``--lang`` passes ``remember=False``: it overrides for one session only.
    Returns the language now in use (an unknown value falls back to English).
    """
    global _current, _chosen  # noqa: PLW0603 - the app has exactly one current language
    chosen: Lang = normalise(lang) or "en"
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("set_language needs a QApplication")
    for translator in _translators:
        QCoreApplication.removeTranslator(translator)
    _translators.clear()
    if chosen != "en":
        for translator in _load_translators(chosen):
            # Parented to the app so Python's collector cannot free one Qt still uses.
            translator.setParent(app)
            QCoreApplication.installTranslator(translator)
            _translators.append(translator)
    # Keep the learner's own regional formats (en_GB dates, zh_TW digits) when they match.
    system = QLocale.system()
    QLocale.setDefault(system if system_lang() == chosen else QLocale(QT_LOCALE_NAMES[chosen]))
    _current = chosen
    _chosen = True
    if remember and (store := app_settings.current()) is not None:
        store.preferences.language = chosen
    notifier().changed.emit(chosen)
    return chosen


def _load_translators(lang: Lang) -> list[QTranslator]:
    """Our translator and Qt's base translator for ``lang``; a missing file is logged, not fatal."""
    locale_name = QT_LOCALE_NAMES[lang]
    found: list[QTranslator] = []
    ours = QTranslator()
    our_file = paths.resource_path("translations", f"{QM_BASENAME}_{locale_name}.qm")
    if ours.load(str(our_file)):
        found.append(ours)
    else:
        log.warning("no translation file at %s", our_file)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue in ("qtbase",):
        qt_translator = QTranslator()
        if qt_translator.load(f"{catalogue}_{locale_name}", qt_dir):
            found.append(qt_translator)
        else:
            log.info("Qt has no %s translation for %s in %s", catalogue, locale_name, qt_dir)
    return found


def installed_translators() -> tuple[QTranslator, ...]:
    """The translators ``set_language`` installed (for tests and diagnostics)."""
    return tuple(_translators)
