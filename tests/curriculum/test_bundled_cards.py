"""The bundled curriculum's review cards: every concept has at least three, all pass
``learnpath validate``, and both languages are filled in."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

from tracker.curriculum import load_curriculum
from tracker.curriculum.model import Concept
from tracker.paths import bundled_curriculum_path

PATH = bundled_curriculum_path()


def test_every_bundled_card_passes_learnpath_validate() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "validate", str(PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    curriculum = load_curriculum(PATH)
    count = sum(1 for _ in curriculum.cards())
    assert f", {count} cards\n" in result.stdout


def test_every_concept_has_at_least_three_cards_and_there_are_sixty_or_more() -> None:
    curriculum = load_curriculum(PATH)
    per_concept = Counter(owner.id for _, owner in curriculum.cards() if isinstance(owner, Concept))
    assert {c.id for c in curriculum.concepts} == set(per_concept)
    assert min(per_concept.values()) >= 3
    assert sum(per_concept.values()) >= 60


def test_every_card_is_bilingual_and_its_two_sides_differ() -> None:
    for card, _ in load_curriculum(PATH).cards():
        for text in (card.front, card.back):
            assert text.zh and text.en and text.zh != text.en, card.id
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text.zh), card.id
        assert card.front != card.back, card.id
