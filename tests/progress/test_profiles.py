"""Profiles: the first open, names, rename, remove, last used remembered, data kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.curriculum.model import Curriculum
from tracker.progress.errors import ProfileNameError, ProgressError, UnknownProfileError
from tracker.progress.records import ChangeKind, TaskStatus
from tracker.progress.service import ProgressService


def test_first_open_creates_default(service: ProgressService) -> None:
    assert [p.name for p in service.profiles()] == ["default"]
    assert service.profile.name == "default"


def test_first_open_with_a_user_creates_that_user(tmp_path: Path, curriculum: Curriculum) -> None:
    service = ProgressService.open(tmp_path, curriculum, "  Ana  ")
    try:
        assert [p.name for p in service.profiles()] == ["Ana"]
    finally:
        service.close()


def test_unknown_user_is_refused_when_profiles_exist(
    service: ProgressService, tmp_path: Path, curriculum: Curriculum
) -> None:
    with pytest.raises(UnknownProfileError, match="no profile named 'bob'"):
        ProgressService.open(tmp_path, curriculum, "bob")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 65, "at most 64"),
        ("a\x00b", "control"),
        ("tab\there", "control"),
        ("zero\u200bwidth", "control"),
        ("line\u2028break", "control"),
    ],
)
def test_bad_profile_names_are_refused(service: ProgressService, name: str, message: str) -> None:
    with pytest.raises(ProfileNameError, match=message):
        service.add_profile(name)


def test_names_are_trimmed_and_64_characters_allowed(service: ProgressService) -> None:
    service.add_profile("  学习者  ")
    service.add_profile("y" * 64)
    assert [p.name for p in service.profiles()] == ["default", "学习者", "y" * 64]


def test_duplicate_name_is_refused(service: ProgressService) -> None:
    service.add_profile("ana")
    with pytest.raises(ProfileNameError, match="already exists"):
        service.add_profile(" ana ")
    with pytest.raises(ProfileNameError, match="already exists"):
        service.rename_profile("default", "ana")


def test_rename_keeps_progress_and_updates_the_current_profile(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    change = service.rename_profile("default", "Ana")
    assert (change.kind, change.old, change.new) == (ChangeKind.PROFILE, "default", "Ana")
    assert service.profile.name == "Ana"
    assert service.task_state("tokenize").status is TaskStatus.DONE


def test_profiles_keep_their_progress_apart(service: ProgressService) -> None:
    service.set_status("tokenize", TaskStatus.DONE)
    service.add_profile("ana")
    service.switch_profile("ana")
    assert service.task_state("tokenize").status is TaskStatus.TODO
    service.switch_profile("default")
    assert service.task_state("tokenize").status is TaskStatus.DONE


def test_last_used_profile_opens_next_time(
    service: ProgressService, tmp_path: Path, curriculum: Curriculum
) -> None:
    service.add_profile("ana")
    service.switch_profile("ana")
    again = ProgressService.open(
        tmp_path, curriculum, clock=lambda: service.profile.created_at.replace(year=2031)
    )
    try:
        assert again.profile.name == "ana"
    finally:
        again.close()


def test_remove_deletes_the_profile_and_its_progress(service: ProgressService) -> None:
    service.add_profile("ana")
    service.switch_profile("ana")
    service.set_status("tokenize", TaskStatus.DONE)
    service.switch_profile("default")
    service.remove_profile("ana")
    assert [p.name for p in service.profiles()] == ["default"]
    service.add_profile("ana")
    service.switch_profile("ana")
    assert service.task_state("tokenize").status is TaskStatus.TODO


def test_removing_the_current_profile_switches_to_another(service: ProgressService) -> None:
    service.add_profile("ana")
    change = service.remove_profile("default")
    assert change.old == "default"
    assert service.profile.name == "ana"


def test_the_only_profile_cannot_be_removed(service: ProgressService) -> None:
    with pytest.raises(ProgressError, match="only profile"):
        service.remove_profile("default")


def test_unknown_profile_for_rename_remove_switch(service: ProgressService) -> None:
    for action in (
        lambda: service.rename_profile("nobody", "x"),
        lambda: service.remove_profile("nobody"),
        lambda: service.switch_profile("nobody"),
    ):
        with pytest.raises(UnknownProfileError):
            action()
