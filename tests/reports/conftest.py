"""Fixtures for progress summaries: fixed progress on a real ProgressService in a temporary
folder, a clock that only moves when told, and reports built from it in both languages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from report_samples import StillClock, make_report, open_service, record_fixed_progress

from tracker.progress.service import ProgressService
from tracker.reports.model import Report


@pytest.fixture(autouse=True)
def _widgets_app(qapp: object) -> object:
    """A QApplication before anything else: the PDF writer would otherwise create a bare
    QGuiApplication, and widget tests later in the session need the full one."""
    return qapp


@pytest.fixture
def clock() -> StillClock:
    return StillClock(datetime(2030, 3, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def service(tmp_path: Path, clock: StillClock) -> Iterator[ProgressService]:
    """A real service in a temporary data folder, holding the fixed progress."""
    opened = open_service(tmp_path / "data", clock)
    record_fixed_progress(opened, clock)
    yield opened
    opened.close()


@pytest.fixture
def report_en(service: ProgressService) -> Report:
    return make_report(service, lang="en")


@pytest.fixture
def report_zh(service: ProgressService) -> Report:
    return make_report(service, lang="zh")
