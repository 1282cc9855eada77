"""The profile switcher in the toolbar, and creating, renaming and removing local profiles.

Each profile change goes through the bridge's write queue: while another program holds the
database's lock it waits without freezing the window (which says it is waiting), behind the
changes asked for before it; the profile box and the views change once it is committed (the
broadcast change), and one that finally fails is reported under the same title as at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from tracker.ui.bridge import ProgressBridge, attempt


class ProfileSwitcher(QObject):
    """A label and a combo box (added to a toolbar by the window) and the profile actions.

    ``before_change`` runs before the profile in use changes, so a note being typed is saved
    to the profile it was typed in; when it returns False (the note could not be saved and the
    learner keeps editing it) the profile does not change.
    """

    def __init__(
        self,
        bridge: ProgressBridge,
        dialogs: Any,
        before_change: Callable[[], object],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.dialogs = dialogs
        self._before_change = before_change
        self.label = QLabel(parent)
        self.combo = QComboBox(parent)
        self.combo.setMinimumContentsLength(12)
        self.label.setBuddy(self.combo)
        self.combo.activated.connect(self._chosen)

    @property
    def service(self) -> Any:
        return self.bridge.service

    def retranslate(self) -> None:
        self.label.setText(self.tr("&Profile:"))
        self.combo.setAccessibleName(self.tr("Profile"))

    def reload(self) -> None:
        """List the profiles again, with the one in use selected."""
        current = self.service.profile.name
        self.combo.blockSignals(True)
        try:
            self.combo.clear()
            for profile in self.service.profiles():
                self.combo.addItem(profile.name)
            self.combo.setCurrentIndex(self.combo.findText(current))
        finally:
            self.combo.blockSignals(False)

    def _failed_later(self, title: str) -> Callable[[BaseException], None]:
        """Report a profile change that waited for the lock and finally failed."""

        def failed(error: BaseException) -> None:
            from tracker.ui.error_text import error_text

            self.reload()
            self.dialogs.show_error(title, error_text(error))

        return failed

    def switch_to(self, name: str) -> None:
        if name == self.service.profile.name:
            return
        if not self._before_change():
            return
        title = self.tr("Could not switch profile")
        attempt(
            self.dialogs,
            title,
            lambda: self.bridge.switch_profile(name, failed_later=self._failed_later(title)),
        )

    def _chosen(self, index: int) -> None:
        self.switch_to(self.combo.itemText(index))
        self.reload()

    def add(self) -> None:
        name = self.dialogs.ask_text(self.tr("New profile"), self.tr("Name of the new profile:"))
        if not name:
            return
        title = self.tr("Could not add the profile")
        added = attempt(
            self.dialogs,
            title,
            lambda: self.bridge.add_profile(
                name,
                later=lambda _change: self.switch_to(name),  # once it waited for the lock
                failed_later=self._failed_later(title),
            ),
        )
        if added is not None:
            self.switch_to(name)

    def rename(self) -> None:
        old = self.service.profile.name
        new = self.dialogs.ask_text(self.tr("Rename profile"), self.tr("New name:"), old)
        if new and new != old:
            title = self.tr("Could not rename the profile")
            attempt(
                self.dialogs,
                title,
                lambda: self.bridge.rename_profile(
                    old, new, failed_later=self._failed_later(title)
                ),
            )
            self.reload()

    def remove(self) -> None:
        """Remove the current profile; the service then opens the most recently used other one."""
        name = self.service.profile.name
        if len(self.service.profiles()) <= 1:
            self.dialogs.show_error(
                self.tr("Could not remove the profile"),
                self.tr("This is the only profile; add another one first."),
            )
            return
        question = self.tr(
            "Remove the profile “{name}” with all its progress and notes? This cannot be undone."
        ).format(name=name)
        if not self.dialogs.confirm(self.tr("Remove profile"), question):
            return
        if not self._before_change():
            self.reload()
            return
        title = self.tr("Could not remove the profile")
        attempt(
            self.dialogs,
            title,
            lambda: self.bridge.remove_profile(name, failed_later=self._failed_later(title)),
        )
        self.reload()
