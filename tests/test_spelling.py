"""One "did you mean" policy: the same close spellings for curriculum keys, ids and cards."""

from __future__ import annotations

import re
from pathlib import Path

from tracker.spelling import close_matches

KNOWN = ["self-attention", "multi-head-attention", "attention-sinks", "tokenize"]


def test_a_typo_finds_the_id_it_misspells_first() -> None:
    assert close_matches("self-atention", KNOWN)[0] == "self-attention"
    assert close_matches("tokenise", KNOWN) == ("tokenize",)


def test_an_unrelated_word_finds_nothing() -> None:
    assert close_matches("zzzzqqqq", KNOWN) == ()
    assert close_matches("attention", ["tokenize", "embedding"]) == ()


def test_at_most_limit_matches_best_first() -> None:
    known = ["stage-1", "stage-2", "stage-3", "stage-4"]
    assert close_matches("stage-5", known, limit=2) == ("stage-4", "stage-3")
    assert len(close_matches("stage-5", known)) == 3


def test_no_other_module_has_its_own_difflib_wrapper() -> None:
    package = Path(__file__).resolve().parents[1] / "tracker"
    users = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"^\s*(import difflib|from difflib)", path.read_text("utf-8"), re.M)
    )
    assert users == ["spelling.py"]
