"""Study time, Today, stats, honest streaks and a pace from real data: the use cases.

``StudyTime(service)`` works on the service's database, profile and curriculum; every change
returns a ``Change`` (kind ``TIME`` or ``REPLAN``) and is undone by ``service.undo()`` like a tick.
Settings (hours per week, daily goal, streak minimum) belong to the profile.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from tracker.collector import collector_paused
from tracker.curriculum.model import Text
from tracker.progress import days as rules
from tracker.progress import rollup
from tracker.progress.days import Streak
from tracker.progress.errors import ProgressError
from tracker.progress.records import Change, ChangeKind, ItemKind, TaskStatus
from tracker.studytime import StudySession

if TYPE_CHECKING:
    from tracker.progress.service import ProgressService
    from tracker.storage.sessions import StudyStore

_DayInputs = tuple[list[StudySession], dict[date, float], dict[date, int]]

HOURS_PER_WEEK = "hours_per_week"
DAILY_GOAL = "daily_goal_minutes"
STREAK_MINIMUM = "streak_minimum_minutes"
NEXT_UP_TODO = 5
"""How many to-do tasks of the current stage Today lists after the tasks in progress."""


@dataclass(frozen=True, slots=True)
class StudySettings:
    """A profile's study settings; ``hours_per_week`` is None until the learner answers."""

    hours_per_week: float | None
    daily_goal_minutes: int
    streak_minimum_minutes: int

    @property
    def planned_hours_per_week(self) -> float:
        return self.hours_per_week or rollup.DEFAULT_HOURS_PER_WEEK


@dataclass(frozen=True, slots=True)
class NextUp:
    task_id: str
    title: Text
    stage_id: str
    status: TaskStatus


@dataclass(frozen=True, slots=True)
class StagePace:
    """A stage's remaining work against the learner's real pace."""

    stage_id: str
    remaining_hours: float
    hours_per_week_actual: float
    """Hours a week spent on this stage over the trailing four weeks."""
    projected_finish: date | None
    """At the overall real pace, stages in curriculum order; None when finished or no pace."""
    target_date: date | None
    finished: bool


@dataclass(frozen=True, slots=True)
class Pace:
    """The learner's real pace over the trailing four weeks, and where it comes from."""

    hours_per_week: float
    source: str  # "logged": time logged; "ticked": estimated hours of tasks done; "none"
    stages: tuple[StagePace, ...]


@dataclass(frozen=True, slots=True)
class TodaySummary:
    next_up: tuple[NextUp, ...]
    minutes_today: int
    daily_goal_minutes: int
    streak: Streak
    reviews_due: int
    pace: Pace


@dataclass(frozen=True, slots=True)
class DayActivity:
    day: date
    minutes: int
    done: int


@dataclass(frozen=True, slots=True)
class WeekMinutes:
    week_start: date
    minutes: int


@dataclass(frozen=True, slots=True)
class Stats:
    days: tuple[DayActivity, ...]
    weeks: tuple[WeekMinutes, ...]
    streak: Streak
    pace: Pace


@dataclass(frozen=True, slots=True)
class PlanProposal:
    stage_id: str
    current: date | None
    proposed: date


def reviews_due(service: ProgressService) -> int:
    """Cards to review now: those due and today's new ones, as the Review button counts them."""
    from tracker.progress.review import due_count

    return due_count(service).total


class StudyTime:
    """Study time of the service's current profile in its curriculum."""

    def __init__(self, service: ProgressService, *, zone: tzinfo | None = None) -> None:
        self._service = service
        self.zone = zone or rules.local_zone()
        self._inputs_key: object = None
        self._inputs_cache: _DayInputs | None = None

    # --- plumbing ---------------------------------------------------------------------------

    def _reader(self) -> StudyStore:
        from tracker.storage.sessions import StudyStore

        return StudyStore(self._service._store)

    @contextlib.contextmanager
    def _writer(self) -> Iterator[StudyStore]:
        from tracker.storage.sessions import StudyStore

        with self._service._writing() as store:
            yield StudyStore(store)

    @property
    def _scope(self) -> tuple[int, str]:
        return self._service._scope

    def now(self) -> datetime:
        return self._service._clock()

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    def _change(
        self, kind: ChangeKind, old: StudySession | None, new: StudySession | None
    ) -> Change:
        shown = new or old
        assert shown is not None
        return self._service._change(
            kind,
            ItemKind(shown.item_kind),
            shown.item_id,
            old.to_json() if old else None,
            new.to_json() if new else None,
            at=self.now(),
        )

    def _require_item(self, item_kind: ItemKind | str, item_id: str) -> ItemKind:
        kind = ItemKind(item_kind)
        if kind not in (ItemKind.TASK, ItemKind.STAGE):
            raise ProgressError("study time goes on a task or a stage")
        self._service._require(kind, item_id)
        return kind

    # --- settings ---------------------------------------------------------------------------

    def settings(self) -> StudySettings:
        stored = self._reader().settings(self._service.profile.id)
        hours = _number(stored.get(HOURS_PER_WEEK))
        return StudySettings(
            hours_per_week=hours if hours and hours > 0 else None,
            daily_goal_minutes=int(
                _number(stored.get(DAILY_GOAL)) or rules.DEFAULT_DAILY_GOAL_MINUTES
            ),
            streak_minimum_minutes=int(
                _number(stored.get(STREAK_MINIMUM)) or rules.DEFAULT_STREAK_MINUTES
            ),
        )

    def apply_settings(self) -> StudySettings:
        """Read the profile's settings and let the plan's pace use its hours per week."""
        settings = self.settings()
        self._service.hours_per_week = settings.planned_hours_per_week
        return settings

    def set_setting(self, key: str, value: float) -> None:
        """Set hours per week (0.5-100), the daily goal or the streak minimum (1-1440 min)."""
        low, high = (0.5, 100.0) if key == HOURS_PER_WEEK else (1.0, 1440.0)
        if key not in (HOURS_PER_WEEK, DAILY_GOAL, STREAK_MINIMUM):
            raise ProgressError(f"unknown setting {key!r}")
        if not low <= value <= high:
            raise ProgressError(f"{key} must be between {low:g} and {high:g} (got {value:g})")
        text = f"{value:g}" if key == HOURS_PER_WEEK else str(round(value))
        with self._writer() as studies:
            studies.set_setting(self._service.profile.id, key, text)
        self.apply_settings()

    # --- the timer --------------------------------------------------------------------------

    def start(
        self, item_kind: ItemKind | str, item_id: str, at: datetime | None = None
    ) -> StudySession:
        """Start timing at ``at`` (the click; default now, and never later than now); the
        session is committed before this returns. A start that waited for another program's
        lock passes the time it was asked, so the time waited is counted."""
        kind = self._require_item(item_kind, item_id)
        now = self.now()
        with self._writer() as studies:
            return studies.start(*self._scope, kind.value, item_id, min(at or now, now))

    def heartbeat(self, session: StudySession) -> None:
        """Note that ``session`` is still running (the app calls this once a minute)."""
        with self._writer() as studies:
            studies.heartbeat(self._service.profile.id, session.id, self.now())

    def stop(self, session: StudySession, end: datetime | None = None) -> Change | None:
        """Stop ``session`` now (or at ``end``); undoable. None if it was no longer running."""
        with self._writer() as studies:
            done = studies.finish(*self._scope, session.id, end or self.now(), self.now())
        return self._change(ChangeKind.TIME, None, done) if done else None

    def left_running(self) -> list[StudySession]:
        """Sessions still open in the database: left by a crash or a kill (or running in
        another window)."""
        return self._reader().running(*self._scope)

    def keep(self, session: StudySession) -> Change | None:
        """A session left running: count it up to now."""
        return self.stop(session, self.now())

    def trim(self, session: StudySession) -> Change | None:
        """A session left running: count it up to its last heartbeat."""
        return self.stop(session, session.last_seen_at)

    def discard(self, session: StudySession) -> bool:
        with self._writer() as studies:
            return studies.discard(self._service.profile.id, session.id)

    # --- manual entries ---------------------------------------------------------------------

    def log(
        self,
        minutes: int,
        item_kind: ItemKind | str,
        item_id: str,
        *,
        on: date | None = None,
        note: str | None = None,
    ) -> Change:
        """Log ``minutes`` on a task or stage on a local date (default today); undoable."""
        kind = self._require_item(item_kind, item_id)
        day = self._check_day(on)
        _check_minutes(minutes)
        with self._writer() as studies:
            added = studies.add_entry(
                *self._scope,
                kind.value,
                item_id,
                on_date=day,
                seconds=minutes * 60,
                note=note or None,
                now=self.now(),
            )
        return self._change(ChangeKind.TIME, None, added)

    def edit_entry(
        self, session_id: int, minutes: int, *, on: date | None = None, note: str | None = None
    ) -> Change | None:
        _check_minutes(minutes)
        day = self._check_day(on) if on is not None else None
        with self._writer() as studies:
            result = studies.edit_entry(
                *self._scope,
                session_id,
                on_date=day,
                seconds=minutes * 60,
                note=note or None,
                now=self.now(),
            )
        if result is None:
            raise ProgressError(f"no time entry #{session_id}")
        old, new = result
        return self._change(ChangeKind.TIME, old, new) if old != new else None

    def delete_entry(self, session_id: int) -> Change:
        with self._writer() as studies:
            old = studies.delete_entry(*self._scope, session_id, self.now())
        if old is None:
            raise ProgressError(f"no time entry #{session_id} (or it is still running)")
        return self._change(ChangeKind.TIME, old, None)

    def _check_day(self, on: date | None) -> date:
        today = self.today()
        if on is None:
            return today
        if on > today:
            raise ProgressError(f"{on.isoformat()} is in the future (today is {today})")
        return on

    # --- reads ------------------------------------------------------------------------------

    def sessions(self) -> list[StudySession]:
        return self._reader().sessions(*self._scope)

    def seconds_by_item(
        self, sessions: list[StudySession] | None = None
    ) -> dict[tuple[str, str], float]:
        """Seconds logged per (item kind, item id), running sessions up to their heartbeat."""
        totals: dict[tuple[str, str], float] = {}
        for session in self.sessions() if sessions is None else sessions:
            key = (session.item_kind, session.item_id)
            seconds = float(session.seconds)
            if session.running:
                seconds = (session.last_seen_at - session.started_at).total_seconds()
            totals[key] = totals.get(key, 0.0) + seconds
        return totals

    def _inputs(
        self,
    ) -> _DayInputs:
        """Sessions, and seconds and tasks done per local day; read again only when something
        was written since the last call."""
        # Thousands of small objects at once: the collector, which would walk them (and
        # everything else) several times over, is paused while they are made.
        with collector_paused():
            found = self._reader().day_inputs(*self._scope, self._inputs_key)
            if found is not None:
                key, sessions, stamps = found
                by_day = rules.seconds_by_day(sessions, self.zone)
                done = rules.done_by_day(stamps, self.zone)
                self._inputs_key, self._inputs_cache = key, (sessions, by_day, done)
        assert self._inputs_cache is not None
        return self._inputs_cache

    def today_summary(self, current_stage: str | None = None) -> TodaySummary:
        settings = self.apply_settings()
        sessions, by_day, done = self._inputs()
        today = self.today()
        counted = rules.counts_for_streak(by_day, done, settings.streak_minimum_minutes)
        return TodaySummary(
            next_up=self.next_up(current_stage),
            minutes_today=round(by_day.get(today, 0.0) / 60),
            daily_goal_minutes=settings.daily_goal_minutes,
            streak=rules.streak(counted, today),
            reviews_due=reviews_due(self._service),
            pace=self._pace(sessions, today),
        )

    def stats(self, weeks: int = 12) -> Stats:
        if weeks < 1:
            raise ProgressError("--weeks must be at least 1")
        settings = self.apply_settings()
        sessions, by_day, done = self._inputs()
        today = self.today()
        first_week = rules.week_start(today) - timedelta(weeks=weeks - 1)
        activity = sorted(day for day in set(by_day) | set(done) if first_week <= day <= today)
        week_seconds: dict[date, float] = {}
        for day in activity:
            start = rules.week_start(day)
            week_seconds[start] = week_seconds.get(start, 0.0) + by_day.get(day, 0.0)
        counted = rules.counts_for_streak(by_day, done, settings.streak_minimum_minutes)
        return Stats(
            days=tuple(
                DayActivity(day, round(by_day.get(day, 0.0) / 60), done.get(day, 0))
                for day in activity
            ),
            weeks=tuple(
                WeekMinutes(start, round(week_seconds.get(start, 0.0) / 60))
                for start in (first_week + timedelta(weeks=i) for i in range(weeks))
            ),
            streak=rules.streak(counted, today),
            pace=self._pace(sessions, today),
        )

    def next_up(self, current_stage: str | None = None) -> tuple[NextUp, ...]:
        """Tasks in progress across every stage (curriculum order), then the next to-do tasks
        of the current stage (the given one, else the first with a task still to do)."""
        service = self._service
        found = rollup.next_up(service.curriculum, service.statuses(), current_stage, NEXT_UP_TODO)
        return tuple(NextUp(task.id, task.title, stage.id, status) for task, stage, status in found)

    def activity_by_day(self) -> tuple[dict[date, int], dict[date, int]]:
        """Minutes logged and tasks done per local day, every day with either."""
        _sessions, by_day, done = self._inputs()
        return {day: round(seconds / 60) for day, seconds in by_day.items()}, dict(done)

    def sessions_kept(self) -> list[StudySession]:
        """Every session and entry, from the kept inputs (read again only after a write)."""
        return list(self._inputs()[0])

    def logged_by_item(self) -> dict[tuple[str, str], float]:
        """Seconds logged per (item kind, item id), from the kept inputs."""
        return self.seconds_by_item(self._inputs()[0])

    def burn_down(self, stage_id: str) -> list[tuple[date, float]]:
        """The stage's remaining estimated hours after each local day a task of it was done
        (from the tasks' current statuses; skipped tasks leave the total), starting with the
        total on the day before the first."""
        stage = self._service.curriculum.stage(stage_id)
        if stage is None:
            self._service._require(ItemKind.STAGE, stage_id)
            return []
        states = self._service._stored_states()
        total = 0.0
        finished: dict[date, float] = {}
        for task in stage.tasks():
            hours = float(task.estimate_hours or rollup.DEFAULT_TASK_HOURS)
            state = states.get(task.id)
            if state is not None and state.status is TaskStatus.SKIPPED:
                continue
            total += hours
            if state is not None and state.status is TaskStatus.DONE and state.done_at:
                day = state.done_at.astimezone(self.zone).date()
                finished[day] = finished.get(day, 0.0) + hours
        if not finished:
            return [(self.today(), total)]
        days = sorted(finished)
        points = [(days[0] - timedelta(days=1), total)]
        for day in days:
            total -= finished[day]
            points.append((day, total))
        if points[-1][0] < self.today():
            points.append((self.today(), total))
        return points

    # --- the pace ---------------------------------------------------------------------------

    def pace(self) -> Pace:
        return self._pace(self._inputs()[0], self.today())

    def _pace(self, sessions: list[StudySession], today: date) -> Pace:
        curriculum = self._service.curriculum
        window_start = rules.day_start(
            today - timedelta(days=rules.PACE_WINDOW_DAYS - 1), self.zone
        )
        weeks = rules.PACE_WINDOW_DAYS / 7
        per_stage: dict[str, float] = {}
        recent = [
            s
            for s in sessions
            if (s.on_date is not None and (today - s.on_date).days < rules.PACE_WINDOW_DAYS)
            or (s.on_date is None and s.started_at >= window_start)
        ]
        for (kind, item_id), seconds in self.seconds_by_item(recent).items():
            stage = curriculum.stage(item_id) if kind == "stage" else curriculum.stage_of(item_id)
            if stage is not None:
                per_stage[stage.id] = per_stage.get(stage.id, 0.0) + seconds / 3600
        source = "logged"
        if not per_stage:
            source = "ticked"
            seen: set[str] = set()
            since = window_start.isoformat(timespec="microseconds")
            for task_id, _at in self._reader().done_since(*self._scope, since):
                if task_id in seen:
                    continue
                seen.add(task_id)
                task, stage = curriculum.task(task_id), curriculum.stage_of(task_id)
                if task is not None and stage is not None:
                    hours = task.estimate_hours or rollup.DEFAULT_TASK_HOURS
                    per_stage[stage.id] = per_stage.get(stage.id, 0.0) + hours
        overall = sum(per_stage.values()) / weeks
        if overall <= 0:
            source = "none"
        stages: list[StagePace] = []
        cumulative = 0.0
        for progress in self._service.stages_progress():
            counts = progress.counts
            finished = bool(counts.total) and counts.done + counts.skipped == counts.total
            cumulative += progress.remaining_hours
            stages.append(
                StagePace(
                    stage_id=progress.stage_id,
                    remaining_hours=progress.remaining_hours,
                    hours_per_week_actual=per_stage.get(progress.stage_id, 0.0) / weeks,
                    projected_finish=None
                    if finished
                    else rules.finish_date(today, cumulative, overall),
                    target_date=progress.target_date,
                    finished=finished,
                )
            )
        return Pace(hours_per_week=overall, source=source, stages=tuple(stages))

    # --- re-plan from today -----------------------------------------------------------------

    def replan_proposal(self) -> list[PlanProposal]:
        """Target dates for every unfinished stage from today at the planned hours per week,
        stages one after another in curriculum order."""
        hours = self.apply_settings().planned_hours_per_week
        today = self.today()
        cumulative = 0.0
        proposals: list[PlanProposal] = []
        for progress in self._service.stages_progress():
            counts = progress.counts
            if counts.total and counts.done + counts.skipped == counts.total:
                continue
            cumulative += progress.remaining_hours
            proposed = rules.finish_date(today, cumulative, hours)
            assert proposed is not None
            proposals.append(PlanProposal(progress.stage_id, progress.target_date, proposed))
        return proposals

    def apply_replan(self, proposals: list[PlanProposal]) -> Change | None:
        """Write the proposed dates as one change that one undo takes back."""
        changed = [p for p in proposals if p.current != p.proposed]
        if not changed:
            return None
        for proposal in changed:
            self._service._require(ItemKind.STAGE, proposal.stage_id)
        old = {p.stage_id: self._service.target_date(p.stage_id) for p in changed}
        new: dict[str, date | None] = {p.stage_id: p.proposed for p in changed}
        with self._writer() as studies:
            studies.replan(*self._scope, old, new, self.now())
        self._service._forget_rollups()
        return self._service._change(
            ChangeKind.REPLAN,
            ItemKind.STAGE,
            ",".join(sorted(new)),
            None,
            str(len(new)),
            at=self.now(),
        )


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _check_minutes(minutes: int) -> None:
    if not 1 <= minutes <= rules.MAX_ENTRY_MINUTES:
        raise ProgressError(f"bad duration: {minutes} minutes (1 to 1440 in one entry)")
