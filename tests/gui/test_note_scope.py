"""A note belongs to one profile's progress in one curriculum: it is read, and saved, only there."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tracker.progress.records import ItemKind
from tracker.storage.errors import StorageError
from tracker.ui.main_window import MainWindow

Opener = Callable[..., MainWindow]
BASICS = (ItemKind.STAGE, "basics")


def fail_next_saves(monkeypatch: pytest.MonkeyPatch, window: MainWindow, times: int = 1) -> None:
    service = window.service
    real = service.set_note
    left = [times]

    def flaky(*args: Any, **kwargs: Any) -> Any:
        if left[0] > 0:
            left[0] -= 1
            raise StorageError("database is locked (simulated)")
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "set_note", flaky)


def test_opening_another_curriculum_shows_its_own_note(open_window: Opener) -> None:
    window = open_window()
    service = window.service
    first = service.curriculum
    other = dataclasses.replace(first, id="other", version="2")
    assert window.notes.item == BASICS
    window.notes_edit.setPlainText("NOTE IN A")
    assert window.notes.flush()
    service.set_curriculum(other)
    service.set_note(ItemKind.STAGE, "basics", "B's own note")
    service.set_curriculum(first)

    window.notes.flush()
    window.bridge.set_curriculum(other)

    assert window.notes.item == BASICS
    assert window.notes_edit.toPlainText() == "B's own note"
    window.notes_edit.appendPlainText("more")
    assert window.notes.flush()
    assert service.note(ItemKind.STAGE, "basics") == "B's own note\nmore"
    service.set_curriculum(first)
    assert service.note(ItemKind.STAGE, "basics") == "NOTE IN A"


@pytest.fixture
def two_profiles(open_window: Opener) -> MainWindow:
    window = open_window("alice")
    service = window.service
    service.add_profile("bob")
    service.switch_profile("bob")
    service.set_note(ItemKind.STAGE, "basics", "BOB PRIVATE")
    service.switch_profile("alice")
    window.profiles.reload()
    window.notes.reload()
    return window


def test_failed_save_then_switch_keeps_editing_when_asked(
    two_profiles: MainWindow, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = two_profiles
    fail_next_saves(monkeypatch, window)
    dialogs.confirm_answer = False  # keep editing
    window.notes_edit.setPlainText("ALICE TYPED THIS")
    window.switch_profile("bob")
    assert window.service.profile.name == "alice"
    assert window.notes_edit.toPlainText() == "ALICE TYPED THIS"
    assert "confirm" in dialogs.names()
    assert window.notes.flush()  # the retry succeeds, into alice
    window.switch_profile("bob")
    assert window.service.profile.name == "bob"
    assert window.notes_edit.toPlainText() == "BOB PRIVATE"
    assert window.service.note(ItemKind.STAGE, "basics") == "BOB PRIVATE"
    window.service.switch_profile("alice")
    assert window.service.note(ItemKind.STAGE, "basics") == "ALICE TYPED THIS"


def test_failed_save_then_switch_can_discard(
    two_profiles: MainWindow, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = two_profiles
    fail_next_saves(monkeypatch, window)
    dialogs.confirm_answer = True  # discard and go on
    window.notes_edit.setPlainText("ALICE TYPED THIS")
    window.switch_profile("bob")
    assert window.service.profile.name == "bob"
    assert window.notes_edit.toPlainText() == "BOB PRIVATE"
    assert not window.notes.dirty
    assert window.service.note(ItemKind.STAGE, "basics") == "BOB PRIVATE"


def test_failed_save_then_remove_profile_does_not_proceed(
    two_profiles: MainWindow, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = two_profiles
    fail_next_saves(monkeypatch, window)
    window.notes_edit.setPlainText("ALICE TYPED THIS")
    answers = iter([True, False])  # yes, remove; then: keep editing
    monkeypatch.setattr(dialogs, "confirm", lambda *_args: next(answers))
    window.profiles.remove()
    assert {p.name for p in window.service.profiles()} == {"alice", "bob"}
    assert window.service.profile.name == "alice"
    assert window.notes_edit.toPlainText() == "ALICE TYPED THIS"


def test_failed_save_then_open_curriculum_does_not_proceed(
    two_profiles: MainWindow, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = two_profiles
    first = window.service.curriculum
    other = dataclasses.replace(first, id="other", version="2")
    fail_next_saves(monkeypatch, window)
    dialogs.confirm_answer = False
    window.notes_edit.setPlainText("ALICE TYPED THIS")
    window.opener.use(other, Path("x.yaml"))
    assert window.service.curriculum.id == first.id
    assert window.notes_edit.toPlainText() == "ALICE TYPED THIS"


def test_failed_save_then_import_does_not_proceed(
    two_profiles: MainWindow, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.ui import export_dialog

    window = two_profiles
    called: list[object] = []
    monkeypatch.setattr(export_dialog, "run_import", lambda *args: called.append(args))
    fail_next_saves(monkeypatch, window)
    dialogs.confirm_answer = False
    window.notes_edit.setPlainText("ALICE TYPED THIS")
    window.menus.import_action.trigger()
    assert called == []
    assert window.notes_edit.toPlainText() == "ALICE TYPED THIS"


def test_pending_text_is_never_saved_under_another_scope(two_profiles: MainWindow) -> None:
    """Even if the profile changes under the pane, its text is not stored into the new one."""
    window = two_profiles
    window.notes_edit.setPlainText("ALICE TYPED THIS")
    window.service.switch_profile("bob")  # behind the window's back
    assert not window.notes.flush()
    assert window.service.note(ItemKind.STAGE, "basics") == "BOB PRIVATE"
    window.service.switch_profile("alice")
    assert window.notes.flush()
    assert window.service.note(ItemKind.STAGE, "basics") == "ALICE TYPED THIS"
