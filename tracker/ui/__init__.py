"""The PySide6 desktop app: start-up (``app``), main window, models, dialogs, settings, i18n."""
