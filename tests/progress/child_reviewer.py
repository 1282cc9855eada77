"""A child process for the review durability test: grades cards forever through the progress
layer and prints ``G<TAB>card<TAB>rating<TAB>time`` once each grade is committed.

    python child_reviewer.py DATA_DIR
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from card_curriculum import make_card_curriculum

from tracker.progress.records import TaskStatus
from tracker.progress.service import ProgressService

RATINGS = ("again", "hard", "good", "easy")


def main() -> None:
    service = ProgressService.open(Path(sys.argv[1]), make_card_curriculum())
    service.set_status("embeddings", TaskStatus.DONE)
    cards = ["attention-1", "attention-2", "attention-3", "tokenize-1", "vectors-1", "vectors-2"]
    print("ready", flush=True)
    for i in itertools.count():
        card, rating = cards[i % len(cards)], RATINGS[(i // len(cards)) % len(RATINGS)]
        result = service.review.grade(card, rating, duration_ms=i)
        print(f"G\t{card}\t{rating}\t{result.reviewed_at.isoformat()}", flush=True)


if __name__ == "__main__":
    main()
