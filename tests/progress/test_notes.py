"""Notes are stored byte for byte, on tasks, stages and concepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.curriculum.model import Curriculum
from tracker.progress.errors import UnknownIdError
from tracker.progress.records import ChangeKind, ItemKind
from tracker.progress.service import ProgressService

AWKWARD = [
    "#include <vector>\nint main() { std::vector<int> v; }",
    "a<b>c & d > e",
    "<script>alert(1)</script>",
    "emoji 🎉👩‍💻 and Chinese 注意力机制是核心",
    "windows\r\nline\r\nendings\r\n",
    "  leading and trailing spaces and tabs\t ",
    "\n\n\n",
    "nul \x00 inside",
    "x" * 100_000,
]


@pytest.mark.parametrize("text", AWKWARD)
def test_note_round_trips_byte_for_byte(tmp_path: Path, curriculum: Curriculum, text: str) -> None:
    service = ProgressService.open(tmp_path, curriculum)
    service.set_note(ItemKind.TASK, "attention", text)
    service.close()
    again = ProgressService.open(tmp_path, curriculum)
    try:
        assert again.note(ItemKind.TASK, "attention").encode() == text.encode()
    finally:
        again.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300))
def test_any_text_round_trips(service: ProgressService, text: str) -> None:
    service.set_note(ItemKind.STAGE, "basics", text)
    assert service.note(ItemKind.STAGE, "basics") == text


def test_notes_on_stages_and_concepts_are_separate(service: ProgressService) -> None:
    service.set_note(ItemKind.STAGE, "basics", "stage note")
    service.set_note(ItemKind.CONCEPT, "transformer", "concept note")
    assert service.note(ItemKind.STAGE, "basics") == "stage note"
    assert service.note(ItemKind.CONCEPT, "transformer") == "concept note"
    assert service.note(ItemKind.TASK, "tokenize") == ""


def test_unchanged_note_returns_none_and_logs_nothing(service: ProgressService) -> None:
    change = service.set_note(ItemKind.TASK, "tokenize", "hello")
    assert change is not None and change.kind is ChangeKind.NOTE
    assert (change.old, change.new) == ("", "hello")
    assert service.set_note(ItemKind.TASK, "tokenize", "hello") is None
    assert len(service.history()) == 1


def test_empty_text_removes_the_note(service: ProgressService) -> None:
    service.set_note(ItemKind.TASK, "tokenize", "hello")
    service.set_note(ItemKind.TASK, "tokenize", "")
    assert service.note(ItemKind.TASK, "tokenize") == ""
    assert service.backup().notes == ()


def test_note_on_unknown_id_is_refused(service: ProgressService) -> None:
    with pytest.raises(UnknownIdError, match="unknown concept 'transformers'"):
        service.set_note(ItemKind.CONCEPT, "transformers", "x")
