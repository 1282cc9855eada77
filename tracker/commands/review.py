"""``learnpath review`` (the cards due, grading one) and ``learnpath cards add`` (own cards)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tracker.commands.common import ExitCode, open_service, output_lang, translate_errors

if TYPE_CHECKING:
    from tracker.progress.review import ReviewCard


def register(subparsers: Any) -> None:
    review = subparsers.add_parser(
        "review",
        help="list the review cards due now, or grade one",
        description="List the cards to review now (due ones, then today's new ones), or grade "
        "one with 'learnpath review grade CARD_ID again|hard|good|easy'.",
    )
    review.add_argument("--json", action="store_true", help="print JSON instead of lines")
    review.set_defaults(func=run_review)
    actions = review.add_subparsers(dest="review_action", metavar="ACTION")
    grade = actions.add_parser(
        "grade",
        help="grade one card and print its next due date",
        description="Grade one card and print its next due date. As in the review window, a new "
        "card is graded only once it is unlocked (its stage started) and while today's limit of "
        "new cards has room; a card in review can be graded at any time.",
    )
    grade.add_argument("card_id", metavar="CARD_ID")
    grade.add_argument("rating", metavar="RATING", help="again, hard, good or easy")
    grade.set_defaults(func=run_grade)

    cards = subparsers.add_parser("cards", help="the learner's own review cards")
    card_actions = cards.add_subparsers(dest="cards_action", metavar="ACTION", required=True)
    add = card_actions.add_parser("add", help="add a card on a task, a concept or a stage")
    target = add.add_mutually_exclusive_group(required=True)
    target.add_argument("task_id", nargs="?", metavar="TASK_ID")
    target.add_argument("--concept", metavar="ID")
    target.add_argument("--stage", metavar="ID")
    add.add_argument("--front", required=True, metavar="TEXT", help="the question")
    add.add_argument("--back", required=True, metavar="TEXT", help="the answer")
    add.set_defaults(func=run_cards_add)


def _local(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="minutes")


def run_review(args: argparse.Namespace) -> int:
    lang = output_lang(args)
    with open_service(args) as service, translate_errors():
        now = service.review.now()
        cards = service.review.queue()
    if args.json:
        print(json.dumps([_json(card, now, lang) for card in cards], ensure_ascii=False, indent=2))
        return ExitCode.OK
    if not cards:
        print("nothing to review now")
        return ExitCode.OK
    for card in cards:
        due = _local(card.due) if card.due else "new"
        front = " ".join(card.front.get(lang).split())  # one line, no tab, per card
        print(f"{card.card_id}\t{card.state.value}\t{due}\t{front}")
    return ExitCode.OK


def _json(card: ReviewCard, now: datetime, lang: str) -> dict[str, str]:
    """``due`` is the stored due time; a new card is due now."""
    return {
        "card_id": card.card_id,
        "front": card.front.get("zh" if lang == "zh" else "en"),
        "due": (card.due or now).isoformat(),
        "state": card.state.value,
    }


def run_grade(args: argparse.Namespace) -> int:
    from tracker.progress.review import Rating

    with translate_errors():
        rating = Rating.parse(args.rating)
    with open_service(args) as service, translate_errors():
        service.review.check_offered(args.card_id)  # what the review window would offer now
        result = service.review.grade(args.card_id, rating)
    print(f"{result.card_id}: {rating.name.lower()}; next due {_local(result.due)}")
    return ExitCode.OK


def run_cards_add(args: argparse.Namespace) -> int:
    from tracker.progress.records import ItemKind

    if args.concept:
        kind, item = ItemKind.CONCEPT, args.concept
    elif args.stage:
        kind, item = ItemKind.STAGE, args.stage
    else:
        kind, item = ItemKind.TASK, args.task_id
    with open_service(args) as service, translate_errors():
        card_id = service.review.add_card(kind, item, args.front, args.back)
    sys.stdout.write(f"added card {card_id} on {kind.value} {item}\n")
    return ExitCode.OK
