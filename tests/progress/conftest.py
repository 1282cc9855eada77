"""Fixtures for the progress layer: a small hand-built curriculum, a fixed clock, a service."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sample_curriculum import FakeClock, make_curriculum

from tracker.curriculum.model import Curriculum
from tracker.progress.service import ProgressService


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2030, 3, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def curriculum() -> Curriculum:
    return make_curriculum()


@pytest.fixture
def service(tmp_path: Path, curriculum: Curriculum, clock: FakeClock) -> Iterator[ProgressService]:
    opened = ProgressService.open(tmp_path, curriculum, clock=clock)
    yield opened
    opened.close()
