"""Spaced review at scale: the due count, and opening the review window, over 10,000 cards with
100,000 review logs.

    python bench/review.py DATA_DIR due       due_count() through the progress layer: due_ms
    python bench/review.py DATA_DIR window    ReviewWindow made and painted: seconds

The curriculum (100 concepts of 100 cards, one stage listing them all) is built in memory; the
data folder is seeded once (a task in progress unlocks every card; a fifth of the cards are due,
ten review logs each) and reused by later runs.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _child import leave, report

CONCEPTS, CARDS_PER_CONCEPT, LOGS_PER_CARD = 100, 100, 10


def curriculum() -> Any:
    from tracker.curriculum.model import Card, Concept, Curriculum, Module, Stage, Task, Text

    concepts = tuple(
        Concept(
            f"concept-{c}",
            Text.both(f"Concept {c}"),
            Text.both("s"),
            cards=tuple(
                Card(f"card-{c}-{n}", Text(f"问题 {c}-{n}", f"Question {c}-{n}"), Text.both("A"))
                for n in range(CARDS_PER_CONCEPT)
            ),
        )
        for c in range(CONCEPTS)
    )
    stage = Stage(
        "all",
        1,
        Text.both("All"),
        Text.both("g"),
        (Module("m", Text.both("M"), (Task("start", Text.both("Start")),)),),
        concepts=tuple(c.id for c in concepts),
    )
    return Curriculum("review-bench", "1", Text.both("Bench"), (stage,), concepts=concepts)


def seed(data_dir: Path) -> None:
    if (data_dir / ".seeded").exists():
        return
    from tracker.progress.records import TaskStatus
    from tracker.progress.service import ProgressService

    service = ProgressService.open(data_dir, curriculum())
    service.set_status("start", TaskStatus.IN_PROGRESS)
    profile = service.profile.id
    service.close()
    now = datetime.now(UTC)
    stamp = lambda moment: moment.isoformat(timespec="microseconds")  # noqa: E731
    states, logs = [], []
    for number in range(CONCEPTS * CARDS_PER_CONCEPT):
        c, n = divmod(number, CARDS_PER_CONCEPT)
        due = now - timedelta(hours=1) if number % 5 == 0 else now + timedelta(days=1 + number % 90)
        states.append(
            (number + 1, profile, "review-bench", f"card-{c}-{n}", 2, None, 12.0, 5.0,
             stamp(due), stamp(now - timedelta(days=3)), stamp(now - timedelta(days=200)))
        )  # fmt: skip
        for k in range(LOGS_PER_CARD):
            logs.append((number + 1, 1 + k % 4, stamp(now - timedelta(days=200 - k * 20)), 3000))
    connection = sqlite3.connect(data_dir / "learnpath.sqlite3")
    with connection:
        connection.executemany(
            "INSERT INTO card_states VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", states
        )
        connection.executemany(
            "INSERT INTO review_logs (card_id, rating, review_datetime, review_duration) "
            "VALUES (?, ?, ?, ?)",
            logs,
        )
    connection.close()
    (data_dir / ".seeded").touch()


def bench_due(data_dir: Path) -> None:
    from tracker.progress.service import ProgressService

    service = ProgressService.open(data_dir, curriculum())
    review = service.review
    first_started = time.perf_counter()
    counts = review.due_count()
    first = time.perf_counter() - first_started
    times = []
    for _ in range(30):
        started = time.perf_counter()
        review.due_count()
        times.append(time.perf_counter() - started)
    report(
        due_ms=statistics.median(times) * 1000,
        first_ms=first * 1000,
        due=counts.due,
        new=counts.new,
    )
    leave()


def bench_window(data_dir: Path) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from tracker.progress.service import ProgressService

    app = QApplication([])
    service = ProgressService.open(data_dir, curriculum())
    service.review.due_count()  # the store is open and counted, as in the app's toolbar
    started = time.perf_counter()
    from tracker.ui.review_window import ReviewWindow  # imported on first use, as in the app

    window = ReviewWindow(service.review, "en", None)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and watched is window.front:
                report(seconds=time.perf_counter() - started, front=window.front.text())
                leave()
            return False

    painted = FirstPaint()
    window.front.installEventFilter(painted)
    window.show()
    app.exec()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("what", choices=("due", "window"))
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    seed(args.data_dir)
    (bench_due if args.what == "due" else bench_window)(args.data_dir)


if __name__ == "__main__":
    main()
