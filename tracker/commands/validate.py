"""``learnpath validate PATH...`` (filled in by the loader work)."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Not wired yet."""
