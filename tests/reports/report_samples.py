"""Sample data for the report tests: a small bilingual curriculum, fixed progress recorded on a
real ProgressService, and a clock that only moves when told."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from tracker.curriculum.model import (
    Curriculum,
    Module,
    Stage,
    Task,
    TaskKind,
    Text,
)
from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService
from tracker.reports.model import Report, build_report

GENERATED_AT = datetime(2030, 3, 15, 8, 30, tzinfo=UTC)
LEARNER = "李雷 Lei"
STAGE_ONE_ZH = "基础阶段"
HOSTILE_NOTE = (
    "<script>alert(1)</script>\n"
    "<img src=x onerror=alert(1)>\n"
    "[x](javascript:alert(1))\n"
    "![local](file:///etc/passwd)\n"
    '<a href="file:///etc/passwd" onclick="steal()">x</a> | pipe'
)


class StillClock:
    """A clock that reads the same time until a test moves it, so stored times are exact."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def sample_curriculum(*, with_retired_task: bool = False) -> Curriculum:
    """Two stages with Chinese and English texts; one task title full of table-breaking marks."""
    basics = (
        Task(id="tokenize", title=Text("分词", "Tokenization"), estimate_hours=2),
        Task(
            id="attention",
            title=Text("注意力 | 机制", "Attention | mechanism"),
            estimate_hours=3.5,
        ),
        Task(
            id="formula",
            title=Text("=SUM(A1) 公式", "=SUM(A1) formulas"),
            kind=TaskKind.PRACTICE,
            estimate_hours=1,
        ),
    )
    if with_retired_task:
        basics = (*basics, Task(id="retired", title=Text("旧任务", "Old task")))
    stages = (
        Stage(
            id="basics",
            order=1,
            title=Text(STAGE_ONE_ZH, "Foundations"),
            goal=Text("打好基础", "Lay the groundwork"),
            modules=(Module(id="nlp", title=Text("自然语言处理", "NLP"), tasks=basics),),
        ),
        Stage(
            id="practice",
            order=2,
            title=Text("实践阶段", "Practice"),
            goal=Text("动手", "Build things"),
            modules=(
                Module(
                    id="rag",
                    title=Text("检索增强", "RAG"),
                    tasks=(
                        Task(
                            id="build-index",
                            title=Text("构建索引", "Build an index"),
                            kind=TaskKind.PRACTICE,
                            estimate_hours=4,
                        ),
                        Task(id="rerank", title=Text("重排序", "Rerank"), estimate_hours=2),
                    ),
                ),
            ),
        ),
    )
    return Curriculum(
        id="sample",
        version="2030.1",
        title=Text("示例路线", "Sample path"),
        stages=stages,
    )


def record_fixed_progress(service: ProgressService, clock: StillClock) -> None:
    """The same statuses, notes, plan and orphan every time, at known times."""
    service.set_status("retired", TaskStatus.DONE)
    clock.advance(hours=1)
    service.set_status("tokenize", TaskStatus.IN_PROGRESS)
    clock.advance(days=1)
    service.set_status("tokenize", TaskStatus.DONE)
    clock.advance(hours=2)
    service.set_status("attention", TaskStatus.IN_PROGRESS)
    clock.advance(hours=2)
    service.set_status("rerank", TaskStatus.SKIPPED)
    clock.advance(minutes=5)
    service.set_note(ItemKind.TASK, "attention", HOSTILE_NOTE)
    service.set_note(ItemKind.TASK, "tokenize", "=1+1\n@cmd\n-2\n+3\ttab\rcr")
    service.set_note(ItemKind.STAGE, "basics", "Stage note: 先读论文 `code` *stars*")
    service.set_target_date("basics", date(2030, 4, 1))
    # The curriculum moves on: "retired" is gone, its progress must still be reported.
    service.set_curriculum(sample_curriculum())


def open_service(
    folder: Path, clock: StillClock, user: str | None = LEARNER, *, retired: bool = True
) -> ProgressService:
    """A service on the sample curriculum (with the task that ``record_fixed_progress`` retires)."""
    return ProgressService.open(
        folder, sample_curriculum(with_retired_task=retired), user, clock=clock
    )


def make_report(service: ProgressService, **options: Any) -> Report:
    """The report with the fixed generated-at time, dates shown in UTC."""
    return build_report(service, now=GENERATED_AT, tz=UTC, **options)
