"""``learnpath review``, ``review grade`` and ``cards add``, run as a learner would."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from test_cli_progress import run

TASK = "large-model-basic-concepts"  # references the primer's concepts
CARD = "large-model-definition-def-what"


def test_review_lists_nothing_until_a_stage_is_started(tmp_path: Path) -> None:
    result = run(tmp_path, "review", "--json")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])
    assert run(tmp_path, "review").stdout == "nothing to review now\n"


def test_review_json_lists_cards_with_the_contract_keys(tmp_path: Path) -> None:
    assert run(tmp_path, "tick", TASK).returncode == 0
    cards = json.loads(run(tmp_path, "review", "--json").stdout)
    assert len(cards) == 10  # the daily limit of new cards
    assert all(set(card) == {"card_id", "front", "due", "state"} for card in cards)
    assert cards[0]["card_id"] == CARD and cards[0]["state"] == "new"
    zh = json.loads(run(tmp_path, "--lang", "zh", "review", "--json").stdout)
    assert zh[0]["front"].startswith("用一句话说")


def test_grade_prints_the_next_due_date_and_the_card_leaves_the_list(tmp_path: Path) -> None:
    run(tmp_path, "tick", TASK)
    result = run(tmp_path, "review", "grade", CARD, "Easy")
    assert result.returncode == 0, result.stderr
    due = datetime.fromisoformat(result.stdout.strip().rsplit(" ", 1)[1])
    assert result.stdout.startswith(f"{CARD}: easy; next due ")
    cards = json.loads(run(tmp_path, "review", "--json").stdout)
    assert CARD not in [card["card_id"] for card in cards]
    assert (due - datetime.now().astimezone()).days >= 1


def test_grade_exit_codes_unknown_card_2_bad_rating_1(tmp_path: Path) -> None:
    run(tmp_path, "tick", TASK)
    unknown = run(tmp_path, "review", "grade", "large-model-definition-def-wht", "good")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith(
        "learnpath: unknown card 'large-model-definition-def-wht'; "
        "did you mean: large-model-definition-def-what"
    )
    assert unknown.stderr.count("\n") == 1
    bad = run(tmp_path, "review", "grade", CARD, "perfect")
    assert bad.returncode == 1
    assert bad.stderr.startswith("learnpath: unknown rating 'perfect'")


def test_cards_add_on_a_task_a_concept_or_a_stage(tmp_path: Path) -> None:
    first = run(tmp_path, "cards", "add", TASK, "--front", "What is L2?", "--back", "Vertical")
    assert (first.returncode, first.stdout) == (0, f"added card u:1 on task {TASK}\n")
    second = run(tmp_path, "cards", "add", "--concept", "llm", "--front", "Q", "--back", "A")
    assert second.stdout == "added card u:2 on concept llm\n"
    third = run(tmp_path, "cards", "add", "--stage", "agents", "--front", "Q", "--back", "A")
    assert third.returncode == 0, third.stderr
    cards = json.loads(run(tmp_path, "review", "--json").stdout)
    assert [c["card_id"] for c in cards] == ["u:1", "u:2", "u:3"]
    assert cards[0]["front"] == "What is L2?"
    missing = run(tmp_path, "cards", "add", "--stage", "nope", "--front", "Q", "--back", "A")
    assert (missing.returncode, missing.stderr) == (2, "learnpath: unknown stage 'nope'\n")
    empty = run(tmp_path, "cards", "add", TASK, "--front", " ", "--back", "A")
    assert empty.returncode == 1


def test_cards_add_refuses_control_characters_that_would_reach_the_terminal(
    tmp_path: Path,
) -> None:
    escape = run(tmp_path, "cards", "add", TASK, "--front", "Q\x1b[2J\x07", "--back", "A")
    assert escape.returncode == 1
    assert escape.stderr == (
        "learnpath: a card may not hold control characters (found U+001B); "
        "only line breaks and tabs\n"
    )
    assert run(tmp_path, "cards", "add", TASK, "--front", "Q", "--back", "A\x7f").returncode == 1
    fine = run(tmp_path, "cards", "add", TASK, "--front", "Q\tq", "--back", "line\nline")
    assert fine.returncode == 0, fine.stderr
    listed = run(tmp_path, "review").stdout
    assert "\x1b" not in listed


def test_review_lists_one_line_of_four_fields_per_card_even_for_a_multiline_front(
    tmp_path: Path,
) -> None:
    run(tmp_path, "cards", "add", "--stage", "nlp-foundations", "--front", "Two\nlines\tand a tab",
        "--back", "A")  # fmt: skip
    lines = run(tmp_path, "review").stdout.splitlines()
    assert lines == ["u:1\tnew\tnew\tTwo lines and a tab"]
