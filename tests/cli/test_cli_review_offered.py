"""``learnpath review grade`` keeps to what the review window offers: a new card only once it is
unlocked (its stage started) and while today's limit of new cards has room. A refusal is one line
on stderr, exit 1, and nothing is stored; a card already in review can be graded at any time."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_progress import CURRICULUM, run

from tracker.curriculum.loader import load_curriculum
from tracker.progress.service import ProgressService

TASK = "large-model-basic-concepts"  # starts the primer stage
CARD = "large-model-definition-def-what"


def _listed(data_dir: Path) -> dict[str, str]:
    """Card id → state of what ``learnpath review`` lists now."""
    cards = json.loads(run(data_dir, "review", "--json").stdout)
    return {card["card_id"]: card["state"] for card in cards}


def test_a_card_not_unlocked_yet_is_refused_with_exit_1(tmp_path: Path) -> None:
    refused = run(tmp_path, "review", "grade", CARD, "good")
    assert refused.returncode == 1
    assert refused.stderr == (
        f"learnpath: card '{CARD}' is not unlocked yet: start its stage first\n"
    )
    assert run(tmp_path, "tick", TASK).returncode == 0
    assert _listed(tmp_path)[CARD] == "new"  # the refusal stored nothing
    graded = run(tmp_path, "review", "grade", CARD, "good")
    assert graded.returncode == 0, graded.stderr


def test_a_new_card_past_todays_limit_is_refused_but_a_card_in_review_is_not(
    tmp_path: Path,
) -> None:
    assert run(tmp_path, "tick", TASK).returncode == 0
    first, second, *_ = _listed(tmp_path)
    assert first == CARD
    service = ProgressService.open(tmp_path, load_curriculum(CURRICULUM))
    try:
        service.review.set_settings(new_per_day=1)
    finally:
        service.close()
    assert run(tmp_path, "review", "grade", CARD, "again").returncode == 0  # today's new card

    refused = run(tmp_path, "review", "grade", second, "good")
    assert refused.returncode == 1
    assert refused.stderr == (
        f"learnpath: today's new cards are done (limit 1 a day); card '{second}' is new: "
        "grade it tomorrow\n"
    )
    assert second not in _listed(tmp_path)  # nothing stored: still new, still waiting
    again = run(tmp_path, "review", "grade", CARD, "good")  # in review: any time
    assert again.returncode == 0, again.stderr
