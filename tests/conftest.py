"""Shared test set-up: Qt runs offscreen unless told otherwise (no display needed)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
