"""The report model: one frozen snapshot of a profile's progress that every format renders.

It is built once, on the caller's thread, from the progress service; renderers only read it, so a
UI can render it on a worker thread without touching the database.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from tracker import __version__
from tracker.collector import collector_paused
from tracker.curriculum.model import Curriculum, Lang, Stage, TaskKind
from tracker.curriculum.slots import fast_constructor
from tracker.progress import rollup
from tracker.progress.records import (
    Counts,
    ItemKind,
    Pace,
    ProfileBackup,
    TaskState,
    TaskStatus,
)

if TYPE_CHECKING:
    from tracker.progress.review_backup import ReviewBackup
    from tracker.progress.service import ProgressService
    from tracker.reports.review_section import ReviewSummary


class ReportError(Exception):
    """A report cannot be built as asked (for example an unknown stage id)."""


@dataclass(frozen=True, slots=True)
class TaskLine:
    """One task as the report shows it; texts are already in the report's language."""

    stage_id: str
    stage_title: str
    module_id: str
    module_title: str
    task_id: str
    title: str
    kind: TaskKind
    status: TaskStatus
    started_at: datetime | None
    done_at: datetime | None
    changed_at: datetime | None
    estimate_hours: float | None
    note: str | None


@dataclass(frozen=True, slots=True)
class StageLine:
    """One stage: its roll-up, plan, pace, note and tasks."""

    stage_id: str
    order: int
    title: str
    counts: Counts
    target_date: date | None
    pace: Pace
    remaining_hours: float
    note: str | None
    tasks: tuple[TaskLine, ...]


@dataclass(frozen=True, slots=True)
class OrphanLine:
    """Progress kept for an id that is no longer in the curriculum."""

    item_kind: ItemKind
    item_id: str
    status: TaskStatus | None
    changed_at: datetime | None
    note: str | None


@dataclass(frozen=True, slots=True)
class ConceptNoteLine:
    """A note on a concept of the curriculum, with the concept's title in the report's language."""

    concept_id: str
    title: str
    note: str


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a progress summary shows, plus the full backup the JSON format carries.

    ``stages`` and ``overall`` follow the scope (``stage_id`` or the whole curriculum); ``backup``
    is always the whole profile with notes, whatever the scope, so a JSON export can be imported;
    its event log only when ``event_log`` (see ``build_report``).
    """

    profile: str
    curriculum_id: str
    curriculum_version: str
    curriculum_title: str
    generated_at: datetime
    lang: Lang
    tz: tzinfo
    stage_id: str | None
    include_notes: bool
    overall: Counts
    stages: tuple[StageLine, ...]
    orphans: tuple[OrphanLine, ...]
    backup: ProfileBackup
    generator: str = f"learnpath {__version__}"
    review: ReviewSummary | None = None
    """Spaced review (``review_section``); None without cards or reviews."""
    review_backup: ReviewBackup | None = None
    """The profile's review cards, states and logs for the JSON backup; None without any."""
    concept_notes: tuple[ConceptNoteLine, ...] = ()
    """Notes on the concepts in scope (all of them, or those a stage in scope refers to)."""
    short: bool = False
    """The one-page summary for a mentor (``short_summary``) instead of the full one."""
    event_log: bool = True
    """``backup.events`` holds the whole event log; False when built for a summary that prints
    none (the events are then there only for the study-time streak)."""
    task_lines: bool = True
    """Each ``StageLine.tasks`` holds the stage's task lines; False when built for a format that
    prints none (the JSON backup): every stage's ``tasks`` is then empty, its roll-up complete."""

    @property
    def scope_title(self) -> str | None:
        """The title of the one stage in scope, or None for the whole curriculum."""
        return self.stages[0].title if self.stage_id is not None and self.stages else None

    def tasks(self) -> list[TaskLine]:
        return [task for stage in self.stages for task in stage.tasks]


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; naive ones are taken to be UTC already (that is how we store them)."""
    tz = moment.tzinfo
    if tz is UTC:  # how the store returns them: nothing to convert
        return moment
    if tz is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _opt_utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is UTC:
        return moment
    return as_utc(moment)


def build_report(
    service: ProgressService,
    *,
    stage_id: str | None = None,
    lang: Lang = "en",
    include_notes: bool = True,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    short: bool = False,
    event_log: bool = True,
    task_lines: bool = True,
) -> Report:
    """Snapshot the current profile's progress for a progress summary.

    ``now`` fixes the generated-at time and ``tz`` the zone dates are shown in (both for tests);
    by default they are the current time and the local zone. ``event_log=False`` skips reading
    the event log, which only the JSON backup prints (``ExportFormat.event_log``); such a report
    renders every other format to the same bytes. ``task_lines=False`` leaves the task lines
    out (``ExportFormat.task_lines``: only the JSON backup, which prints the states themselves).
    """
    with collector_paused():  # some 30,000 records for 9,000 tasks, none of them cyclic
        return _build_report(
            service,
            stage_id=stage_id,
            lang=lang,
            include_notes=include_notes,
            now=now,
            tz=tz,
            short=short,
            event_log=event_log,
            task_lines=task_lines,
        )


def _build_report(
    service: ProgressService,
    *,
    stage_id: str | None,
    lang: Lang,
    include_notes: bool,
    now: datetime | None,
    tz: tzinfo | None,
    short: bool,
    event_log: bool,
    task_lines: bool,
) -> Report:
    curriculum = service.curriculum
    if stage_id is not None:
        only = curriculum.stage(stage_id)
        if only is None:
            known = ", ".join(s.id for s in curriculum.stages)
            raise ReportError(f"unknown stage {stage_id!r} (stages: {known})")
        stages: tuple[Stage, ...] = (only,)
    else:
        stages = curriculum.stages
    generated = as_utc(now) if now is not None else datetime.now(UTC)
    zone = tz if tz is not None else _local_zone()
    # One read of the database: the backup holds every state, note and plan of the profile, and
    # the roll-ups are computed from it the way the service computes them (each service roll-up
    # would read the states again, which costs most of the time for 9,000 tasks).
    backup = service.backup(event_log=event_log)
    states = {s.task_id: s for s in backup.task_states}
    plans = {p.stage_id: p.target_date for p in backup.plans}
    today = service.today()
    hours = service.hours_per_week
    notes = {(n.item_kind, n.item_id): n.text for n in backup.notes} if include_notes else {}
    task_kind = ItemKind.TASK
    # Task notes by id alone: one dict lookup per task instead of a tuple key built for each.
    task_notes = {item_id: text for (kind, item_id), text in notes.items() if kind is task_kind}
    lines = tuple(
        _stage_line(
            stage,
            target=plans.get(stage.id),
            today=today,
            hours_per_week=hours,
            states=states,
            notes=notes,
            task_notes=task_notes,
            lang=lang,
            with_tasks=task_lines,
        )
        for stage in stages
    )
    overall = lines[0].counts if stage_id is not None else _sum_counts(lines)
    review: ReviewSummary | None = None
    review_backup: ReviewBackup | None = None
    if review_in_use(service):  # else the review modules are not even imported
        from tracker.reports.review_section import build_review_backup, build_review_summary

        review = build_review_summary(service, stages, lang)
        review_backup = build_review_backup(service)
    orphans: tuple[OrphanLine, ...] = ()
    if stage_id is None:
        orphans = _orphans(curriculum, backup, include_notes)
    return Report(
        profile=backup.profile,
        curriculum_id=curriculum.id,
        curriculum_version=curriculum.version,
        curriculum_title=curriculum.title.get(lang),
        generated_at=generated,
        lang=lang,
        tz=zone,
        stage_id=stage_id,
        include_notes=include_notes,
        overall=overall,
        stages=lines,
        orphans=orphans,
        backup=backup,
        review=review,
        review_backup=review_backup,
        concept_notes=_concept_notes(curriculum, stages, notes, lang, whole=stage_id is None),
        short=short,
        event_log=event_log,
        task_lines=task_lines,
    )


def review_in_use(service: Any) -> bool:
    """Whether the service's profile has cards or review data (asked without loading the
    review module where the service can)."""
    asks = getattr(service, "review_in_use", None)
    if asks is not None:
        return bool(asks())
    review = getattr(service, "review", None)
    return review is not None and bool(review.in_use())


def _concept_notes(
    curriculum: Curriculum,
    stages: tuple[Stage, ...],
    notes: dict[tuple[ItemKind, str], str],
    lang: Lang,
    *,
    whole: bool,
) -> tuple[ConceptNoteLine, ...]:
    """The notes on the curriculum's concepts, in its order: every concept for the whole
    curriculum, else those the stages in scope (or their tasks) refer to."""
    if not notes:
        return ()
    wanted: set[str] | None = None
    if not whole:
        wanted = set()
        for stage in stages:
            wanted.update(stage.concepts)
            for task in stage.tasks():
                wanted.update(task.concepts)
    return tuple(
        ConceptNoteLine(concept.id, concept.title.get(lang), text)
        for concept in curriculum.concepts
        if (wanted is None or concept.id in wanted)
        and (text := notes.get((ItemKind.CONCEPT, concept.id)))
    )


def _orphans(
    curriculum: Curriculum, backup: ProfileBackup, include_notes: bool
) -> tuple[OrphanLine, ...]:
    """Progress, plans and notes kept for ids the curriculum no longer has, sorted by kind and id
    (the same rule as ``ProgressService.orphans``)."""
    task_of = curriculum.task  # a lookup per state: no set of 9,000 ids made for the question
    known = {
        ItemKind.STAGE: frozenset(s.id for s in curriculum.stages),
        ItemKind.CONCEPT: frozenset(c.id for c in curriculum.concepts),
    }
    found: dict[tuple[ItemKind, str], OrphanLine] = {}
    for state in backup.task_states:
        if task_of(state.task_id) is None:
            key = (ItemKind.TASK, state.task_id)
            found[key] = OrphanLine(*key, state.status, _opt_utc(state.changed_at), None)
    for plan in backup.plans:
        if plan.stage_id not in known[ItemKind.STAGE]:
            key = (ItemKind.STAGE, plan.stage_id)
            found[key] = OrphanLine(*key, None, as_utc(plan.updated_at), None)
    for note in backup.notes:
        if note.item_kind is ItemKind.TASK:
            if task_of(note.item_id) is not None:
                continue
        elif note.item_id in known[note.item_kind]:
            continue
        key = (note.item_kind, note.item_id)
        before = found.get(key)
        changed = as_utc(note.updated_at)
        if before is not None and before.changed_at is not None:
            changed = max(changed, before.changed_at)
        text = note.text if include_notes else None
        found[key] = OrphanLine(*key, before.status if before else None, changed, text)
    return tuple(found[key] for key in sorted(found, key=lambda k: (k[0].value, k[1])))


def _local_zone() -> tzinfo:
    """The local time zone with its rules, so each date gets the offset of its own day.

    Today's offset (``datetime.now().astimezone().tzinfo``) put every date on the other side of
    a daylight-saving change an hour off, a day off near midnight. ``TZ`` names the zone when
    set, else the system's ``/etc/localtime``; where neither can be read, the C library's own
    local-time rules are asked for each moment.
    """
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ValueError, OSError):
            pass  # e.g. a POSIX rule string ("CET-1CEST"): the C library reads those
    else:
        try:
            with open("/etc/localtime", "rb") as file:
                return ZoneInfo.from_file(file, key="localtime")
        except (ValueError, OSError):
            pass
    return SystemLocalZone()


class SystemLocalZone(tzinfo):
    """The C library's local time, daylight saving included, asked for each moment."""

    def fromutc(self, dt: datetime) -> datetime:
        stamp = dt.replace(tzinfo=UTC).timestamp()
        local = time.localtime(stamp)
        return datetime(*local[:6], dt.microsecond, tzinfo=self)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=time.localtime().tm_gmtoff)
        stamp = time.mktime((*dt.timetuple()[:8], -1))
        return timedelta(seconds=time.localtime(stamp).tm_gmtoff)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return time.strftime("%Z", time.localtime()) if dt is None else None


def _sum_counts(lines: tuple[StageLine, ...]) -> Counts:
    """The curriculum's counts as the sum of its stages' (every task is in one stage): what
    ``rollup.count`` over ``Curriculum.tasks()`` gives, without walking the tasks again."""
    return Counts(
        done=sum(line.counts.done for line in lines),
        in_progress=sum(line.counts.in_progress for line in lines),
        skipped=sum(line.counts.skipped for line in lines),
        total=sum(line.counts.total for line in lines),
    )


def _stage_line(
    stage: Stage,
    *,
    target: date | None,
    today: date,
    hours_per_week: float,
    states: dict[str, TaskState],
    notes: dict[tuple[ItemKind, str], str],
    task_notes: dict[str, str],
    lang: Lang,
    with_tasks: bool,
) -> StageLine:
    """A stage's task lines, and its roll-up worked out from the statuses met on the way: the
    counts, remaining hours and pace ``rollup.stage_progress`` gives (``test_report_rollups``
    checks them against it), in the same walk of the stage's tasks."""
    title = stage.title.get(lang)
    stage_id = stage.id
    tasks: list[TaskLine] = []
    add = tasks.append
    found: list[TaskStatus] = []  # each task's status, for the counts
    seen = found.append
    left: list[float] = []  # the estimate of each task neither done nor skipped
    still = left.append
    new_line = _new_task_line
    todo, done_, skipped = TaskStatus.TODO, TaskStatus.DONE, TaskStatus.SKIPPED
    default_hours = rollup.DEFAULT_TASK_HOURS
    note_of = task_notes.get
    state_of = states.get
    for module in stage.modules:
        module_title = module.title.get(lang)
        module_id = module.id
        for task in module.tasks:
            task_id = task.id
            state = state_of(task_id)
            if state is None:
                status, started, done, changed = todo, None, None, None
            else:
                status = state.status
                started, done, changed = state.started_at, state.done_at, state.changed_at
                # _opt_utc inline: the store's datetimes are in UTC already
                if started is not None and started.tzinfo is not UTC:
                    started = as_utc(started)
                if done is not None and done.tzinfo is not UTC:
                    done = as_utc(done)
                if changed is not None and changed.tzinfo is not UTC:
                    changed = as_utc(changed)
            seen(status)
            estimate = task.estimate_hours
            if status is not done_ and status is not skipped:
                still(estimate if estimate is not None else default_hours)
            if not with_tasks:
                continue
            add(
                new_line(
                    stage_id,
                    title,
                    module_id,
                    module_title,
                    task_id,
                    task.title.get(lang),
                    task.kind,
                    status,
                    started,
                    done,
                    changed,
                    estimate,
                    note_of(task_id) if task_notes else None,
                )
            )
    counts = Counts(
        done=found.count(done_),
        in_progress=found.count(TaskStatus.IN_PROGRESS),
        skipped=found.count(skipped),
        total=len(found),
    )
    whole = sum(left)  # as rollup.remaining_hours adds them: an int when every one is
    remaining = whole if isinstance(whole, int) else math.fsum(left)
    return StageLine(
        stage_id=stage_id,
        order=stage.order,
        title=title,
        counts=counts,
        target_date=target,
        pace=rollup.pace(counts, remaining, target, today, hours_per_week),
        remaining_hours=remaining,
        note=notes.get((ItemKind.STAGE, stage_id)),
        tasks=tuple(tasks),
    )


_new_task_line = fast_constructor(TaskLine)
"""``TaskLine(...)`` by position without the frozen dataclass ``__init__`` (9,000 per report)."""


def format_date(moment: datetime | None, report: Report) -> str:
    """A timestamp as a calendar date in the report's zone, or "" when there is none."""
    if moment is None:
        return ""
    tz = report.tz
    if isinstance(tz, timezone) and moment.tzinfo is not None:
        # A fixed offset (the local zone as ``build_report`` takes it, or UTC): the same date
        # as ``astimezone`` gives, without building a datetime in that zone for every cell.
        offset = tz.utcoffset(None) - moment.utcoffset()  # type: ignore[operator]
        return (moment + offset).date().isoformat() if offset else moment.date().isoformat()
    return moment.astimezone(tz).date().isoformat()


def date_formatter(report: Report) -> Callable[[datetime | None], str]:
    """``format_date(moment, report)`` as a function of the moment alone, for a table's many
    cells: the same text, with the report's zone looked at once."""
    tz = report.tz
    if not isinstance(tz, timezone):
        as_local = datetime.astimezone
        # Each moment's date once: a task ticked done was changed, started and finished at
        # the same moment (equal moments are the same instant, so the same date in the zone).
        dates: dict[datetime, str] = {}

        def in_zone(moment: datetime | None) -> str:
            if moment is None:
                return ""
            text = dates.get(moment)
            if text is None:
                text = dates[moment] = as_local(moment, tz).date().isoformat()
            return text

        return in_zone

    def fixed(moment: datetime | None) -> str:
        return "" if moment is None else format_date(moment, report)

    return fixed


def format_datetime(moment: datetime, report: Report) -> str:
    """A timestamp to the minute in the report's zone, with its UTC offset."""
    return moment.astimezone(report.tz).strftime("%Y-%m-%d %H:%M %z")


def format_percent(counts: Counts) -> str:
    return f"{counts.percent_text()}%"


def format_hours(hours: float | None) -> str:
    if hours is None:
        return ""
    return f"{hours:g}"
