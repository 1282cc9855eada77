"""Review cards in the curriculum: optional on concepts and tasks, ids unique among all cards,
every problem located as FILE:LINE:COL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.curriculum import CurriculumError, load_curriculum
from tracker.curriculum.model import Text

GOOD = """\
curriculum:
  id: test-path
  version: "1"
  title: Test path
concepts:
  - id: attention
    title: Attention
    summary: Weighing every position by relevance.
    cards:
      - id: attention-what
        front: {zh: 注意力做什么？, en: What does attention do?}
        back: {zh: 按相关性给每个位置加权。, en: It weighs every position by relevance.}
stages:
  - id: basics
    order: 1
    title: Basics
    goal: Learn the basics.
    modules:
      - id: first-module
        title: First module
        tasks:
          - id: read-paper
            title: Read the paper
            concepts: [attention]
            cards:
              - id: paper-year
                front: When was the paper published?
                back: "2017"
"""


def _load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return load_curriculum(path)


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(CurriculumError) as caught:
        _load(tmp_path, text)
    return [str(p).replace(str(tmp_path / "c.yaml"), "c.yaml") for p in caught.value.problems]


def test_cards_on_concepts_and_tasks_are_loaded_with_their_owner(tmp_path: Path) -> None:
    curriculum = _load(tmp_path, GOOD)
    cards = [(card.id, owner.id) for card, owner in curriculum.cards()]  # type: ignore[attr-defined]
    assert cards == [("attention-what", "attention"), ("paper-year", "read-paper")]
    concept = curriculum.concept("attention")  # type: ignore[attr-defined]
    assert concept.cards[0].front == Text("注意力做什么？", "What does attention do?")
    task = curriculum.task("read-paper")  # type: ignore[attr-defined]
    assert task.cards[0].back == Text.both("2017")


def test_a_card_id_used_twice_is_reported_where_the_second_one_is(tmp_path: Path) -> None:
    text = GOOD.replace("id: paper-year", "id: attention-what")
    assert _problems(tmp_path, text) == [
        "c.yaml:10:13: duplicate id 'attention-what': already the id of a card at c.yaml:26"
    ]


def test_a_card_id_may_equal_a_task_or_concept_id(tmp_path: Path) -> None:
    """Card ids form their own kind, as concept ids do."""
    _load(tmp_path, GOOD.replace("id: paper-year", "id: read-paper"))


def test_a_card_without_back_and_with_an_unknown_key_is_located(tmp_path: Path) -> None:
    text = GOOD.replace('                back: "2017"', '                answer: "2017"')
    assert _problems(tmp_path, text) == [
        "c.yaml:26:17: card 'paper-year' is missing required key 'back'",
        "c.yaml:28:17: unknown key 'answer' in card; expected one of id, front, back",
    ]


def test_cards_must_be_a_list_and_texts_non_empty(tmp_path: Path) -> None:
    text = GOOD.replace("front: When was the paper published?", 'front: ""')
    assert _problems(tmp_path, text) == [
        "c.yaml:27:24: expected text (a string or {zh: ..., en: ...}), got an empty string"
    ]
    text = GOOD.split("            cards:", maxsplit=1)[0] + "            cards: 3\n"
    assert _problems(tmp_path, text) == ["c.yaml:25:20: expected a list of cards, got a number"]
