"""The Today summary's "reviews due" is the review queue's count: nothing before a stage is
started, then the cards its concepts unlock, as many as the Review button shows."""

from __future__ import annotations

from pathlib import Path

from tracker.curriculum.loader import load_curriculum
from tracker.paths import bundled_curriculum_path
from tracker.progress.records import TaskStatus
from tracker.progress.review import due_count
from tracker.progress.service import ProgressService
from tracker.progress.study import StudyTime, reviews_due


def test_reviews_due_follows_the_review_queue(tmp_path: Path) -> None:
    curriculum = load_curriculum(bundled_curriculum_path())
    service = ProgressService.open(tmp_path / "data", curriculum)
    try:
        assert reviews_due(service) == 0  # no stage started: no card is unlocked yet
        first_task = curriculum.stages[0].modules[0].tasks[0]
        service.set_status(first_task.id, TaskStatus.IN_PROGRESS)
        counted = due_count(service)
        assert counted.total > 0
        assert reviews_due(service) == counted.total
        assert StudyTime(service).today_summary().reviews_due == counted.total
    finally:
        service.close()
