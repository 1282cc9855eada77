"""The main window's menus and actions, their shortcuts, and the texts they show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from tracker.curriculum.model import Lang
from tracker.progress.records import TaskStatus
from tracker.ui import theme
from tracker.ui.theme import MODES as THEME_MODES

# One key per status, in the order a task goes through them; Space toggles done.
STATUS_KEYS: tuple[tuple[TaskStatus, str], ...] = (
    (TaskStatus.TODO, "Ctrl+1"),
    (TaskStatus.IN_PROGRESS, "Ctrl+2"),
    (TaskStatus.DONE, "Ctrl+3"),
    (TaskStatus.SKIPPED, "Ctrl+4"),
)


def _redo_keys() -> list[QKeySequence]:
    """The platform's Redo keys, plus Ctrl+Shift+Z everywhere (the issue asks for it)."""
    keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    wanted = QKeySequence("Ctrl+Shift+Z")
    if wanted not in keys:
        keys.append(wanted)
    return keys


_Keys = QKeySequence | QKeySequence.StandardKey | Qt.Key | str | list[QKeySequence]


@dataclass(frozen=True)
class MenuCommands:
    """What the menus' actions do: the window's own operations, handed to ``WindowMenus``."""

    open_curriculum: Callable[[], object]
    export: Callable[[], object]
    import_backup: Callable[[], object]
    restore_from_backup: Callable[[], object]
    check_database: Callable[[], object]
    undo: Callable[[], object]
    redo: Callable[[], object]
    set_notes_shown: Callable[[bool], object]
    new_profile: Callable[[], object]
    rename_profile: Callable[[], object]
    remove_profile: Callable[[], object]
    show_about: Callable[[], object]
    show_data_location: Callable[[], object]
    toggle_current_done: Callable[[], object]
    set_current_status: Callable[[TaskStatus], object]


class WindowMenus(QObject):
    """Builds the menu bar of a window and the checklist's status actions.

    The actions run ``commands``; the status actions are added to the checklist given to
    ``attach_checklist`` (their keys work there only; the checklist may be built after the
    menus), Find focuses the line edit ``filter_edit()`` returns. ``preferences`` is the
    learner's settings object (its ``theme``), or None to use the current settings'; ``lang``
    says which language is shown.

    Texts go through ``self.tr``, so lupdate files them under ``WindowMenus``, the context Qt
    looks them up in at run time (a borrowed ``window.tr`` would look in ``MainWindow``).
    """

    def __init__(
        self,
        window: QMainWindow,
        commands: MenuCommands,
        *,
        filter_edit: Callable[[], Any],
        preferences: Any,
        lang: Callable[[], Lang],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._commands = commands
        self._filter_edit = filter_edit
        self._chosen_preferences = preferences
        self._lang = lang
        self._build_actions()
        self._build_menus()

    def _action(
        self,
        slot: object = None,
        keys: _Keys | None = None,
    ) -> QAction:
        action = QAction(self._window)
        if keys is not None:
            if isinstance(keys, list):
                action.setShortcuts(keys)
            else:
                action.setShortcut(QKeySequence(keys))
        if slot is not None:
            action.triggered.connect(slot)  # type: ignore[arg-type]
        return action

    def _build_actions(self) -> None:
        w = self._commands
        self.open_action = self._action(w.open_curriculum, QKeySequence.StandardKey.Open)
        self.export_action = self._action(w.export, "Ctrl+E")
        self.import_action = self._action(w.import_backup)
        self.restore_action = self._action(w.restore_from_backup)
        self.check_action = self._action(w.check_database)
        self.quit_action = self._action(self._window.close, QKeySequence.StandardKey.Quit)
        self.undo_action = self._action(
            w.undo, list(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        )
        self.redo_action = self._action(w.redo, _redo_keys())
        self.filter_action = self._action(self._focus_filter, QKeySequence.StandardKey.Find)
        self.notes_action = self._action()
        self.notes_action.setCheckable(True)
        self.notes_action.setChecked(True)
        self.notes_action.toggled.connect(w.set_notes_shown)
        self.theme_group = QActionGroup(self)
        self.theme_action: dict[str, QAction] = {}
        for mode in THEME_MODES:
            action = self._action(lambda _=False, m=mode: self._set_theme(m))
            action.setCheckable(True)
            self.theme_group.addAction(action)
            self.theme_action[mode] = action
        self.lang_group = QActionGroup(self)
        self.lang_zh_action = self._action(lambda: self._set_language("zh"))
        self.lang_en_action = self._action(lambda: self._set_language("en"))
        for action in (self.lang_zh_action, self.lang_en_action):
            action.setCheckable(True)
            self.lang_group.addAction(action)
        self.new_profile_action = self._action(w.new_profile)
        self.rename_profile_action = self._action(w.rename_profile)
        self.remove_profile_action = self._action(w.remove_profile)
        self.about_action = self._action(w.show_about)
        self.data_action = self._action(w.show_data_location)

        # Status actions live on the checklist, so Space and Ctrl+1..4 in the notes editor or the
        # filter box keep meaning what they mean there.
        self.toggle_done_action = self._action(w.toggle_current_done, Qt.Key.Key_Space)
        self.status_action: dict[TaskStatus, QAction] = {}
        for status, keys in STATUS_KEYS:
            action = self._action(lambda _=False, s=status: w.set_current_status(s), keys)
            self.status_action[status] = action
        for action in self.status_actions():
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.export_action.setEnabled(self._module_exists("tracker.ui.export_dialog"))
        self.import_action.setEnabled(self._module_exists("tracker.ui.export_dialog"))

    def status_actions(self) -> list[QAction]:
        return [self.toggle_done_action, *self.status_action.values()]

    def attach_checklist(self, checklist: QWidget) -> None:
        """The status actions' keys work in ``checklist`` (and only there) from now on."""
        checklist.addActions(self.status_actions())

    def _build_menus(self) -> None:
        bar = self._window.menuBar()
        self.file_menu = QMenu(bar)
        self.file_menu.addActions([self.open_action, self.export_action, self.import_action])
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = QMenu(bar)
        self.edit_menu.addActions([self.undo_action, self.redo_action])
        self.view_menu = QMenu(bar)
        self.language_menu = QMenu(self.view_menu)
        self.language_menu.addActions([self.lang_zh_action, self.lang_en_action])
        self.view_menu.addMenu(self.language_menu)
        self.theme_menu = QMenu(self.view_menu)
        self.theme_menu.addActions(list(self.theme_action.values()))
        self.view_menu.addMenu(self.theme_menu)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.notes_action)
        self.view_menu.addAction(self.filter_action)
        self.profile_menu = QMenu(bar)
        self.profile_menu.addActions(
            [self.new_profile_action, self.rename_profile_action, self.remove_profile_action]
        )
        self.help_menu = QMenu(bar)
        self.help_menu.addActions([self.about_action, self.data_action, self.check_action])
        for menu in (
            self.file_menu,
            self.edit_menu,
            self.view_menu,
            self.profile_menu,
            self.help_menu,
        ):
            bar.addMenu(menu)

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.profile_menu.setTitle(self.tr("&Profile"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.open_action.setText(self.tr("&Open Curriculum…"))
        self.export_action.setText(self.tr("&Export…"))
        self.import_action.setText(self.tr("&Import Backup…"))
        self.restore_action.setText(self.tr("Restore from &Backup…"))
        self.check_action.setText(self.tr("&Check Database"))
        self.quit_action.setText(self.tr("&Quit"))
        self.undo_action.setText(self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo"))
        self.filter_action.setText(self.tr("&Filter Tasks"))
        self.notes_action.setText(self.tr("Show &Notes"))
        self.theme_menu.setTitle(self.tr("&Theme"))
        names = {
            "system": self.tr("&System"),
            "light": self.tr("&Light"),
            "dark": self.tr("&Dark"),
        }
        for mode, action in self.theme_action.items():
            action.setText(names[mode])
        self._show_theme()
        # Language names are shown in their own language, never translated.
        self.lang_zh_action.setText("简体中文")
        self.lang_en_action.setText("English")
        lang = self._lang()
        (self.lang_zh_action if lang == "zh" else self.lang_en_action).setChecked(True)
        self.new_profile_action.setText(self.tr("&New Profile…"))
        self.rename_profile_action.setText(self.tr("&Rename Profile…"))
        self.remove_profile_action.setText(self.tr("Re&move Profile…"))
        self.about_action.setText(self.tr("&About LearnPath"))
        self.data_action.setText(self.tr("&Where Is My Data?"))
        self.toggle_done_action.setText(self.tr("Mark Done / To Do"))
        statuses = {
            TaskStatus.TODO: self.tr("Mark To Do"),
            TaskStatus.IN_PROGRESS: self.tr("Mark In Progress"),
            TaskStatus.DONE: self.tr("Mark Done"),
            TaskStatus.SKIPPED: self.tr("Mark Skipped"),
        }
        for status, action in self.status_action.items():
            action.setText(statuses[status])

    # -- slots -------------------------------------------------------------------------------

    def _focus_filter(self) -> None:
        edit = self._filter_edit()
        edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        edit.selectAll()

    def _preferences(self) -> Any:
        from tracker.ui import settings

        chosen = self._chosen_preferences
        current = settings.current()
        return chosen if chosen is not None else getattr(current, "preferences", None)

    def _show_theme(self) -> None:
        """Tick the theme in use; with ``$LEARNPATH_THEME`` set the menu cannot change it."""
        forced = theme.forced_mode()
        prefs = self._preferences()
        mode = forced or (prefs.theme if prefs is not None else "system")
        self.theme_action.get(mode, self.theme_action["system"]).setChecked(True)
        tip_of_forced = self.tr("Set by LEARNPATH_THEME") if forced else ""
        for action in self.theme_action.values():
            action.setEnabled(forced is None)
            action.setToolTip(tip_of_forced or action.text().replace("&", ""))
        self.theme_menu.setToolTipsVisible(bool(forced))

    def _set_theme(self, mode: str) -> None:
        """Remember the learner's theme and apply it now, no restart needed."""
        prefs = self._preferences()
        if prefs is not None:
            prefs.theme = mode
        applied = theme.current()
        if applied is not None:
            applied.set_mode(mode)

    def _set_language(self, lang: str) -> None:
        from tracker.ui import i18n

        i18n.set_language(lang)

    @staticmethod
    def _module_exists(name: str) -> bool:
        import importlib.util

        return importlib.util.find_spec(name) is not None
