"""Which profile a service opens on, and finding the profile shown again after a reopen."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tracker.progress.errors import UnknownProfileError
from tracker.progress.profiles import DEFAULT_PROFILE
from tracker.progress.records import Profile

if TYPE_CHECKING:
    from tracker.storage.store import ProgressStore


def choose_profile(store: ProgressStore, wanted: str | None, now: datetime) -> Profile:
    """``wanted`` if given, else the last used profile; with no profiles at all, one named
    ``wanted`` (or "default") is created. Marked last used. ``UnknownProfileError`` when
    ``wanted`` is not among existing profiles."""
    profile = store.profile_by_name(wanted) if wanted else store.last_used_profile()
    if profile is None:
        existing = store.profiles()
        if existing and wanted is None:  # made meanwhile by another process: look again
            return choose_profile(store, wanted, now)
        if existing:
            names = ", ".join(p.name for p in existing)
            raise UnknownProfileError(
                f"no profile named {wanted!r} (profiles: {names})",
                code="no_profile",
                name=wanted,
            )
        profile = store.add_profile(wanted or DEFAULT_PROFILE, now, use=True)
        if profile is None:  # created meanwhile by another process
            profile = store.profile_by_name(wanted or DEFAULT_PROFILE)
        assert profile is not None
    store.touch_profile(profile.id, now)
    return profile


def same_profile(store: ProgressStore, shown: Profile) -> Profile | None:
    """``shown`` as the store holds it now (renamed meanwhile: the new name); None when it was
    removed. Same id and creation time: the same profile (ids are never reused since 0003)."""
    return next(
        (p for p in store.profiles() if p.id == shown.id and p.created_at == shown.created_at),
        None,
    )
