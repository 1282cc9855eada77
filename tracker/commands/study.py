"""``learnpath log``, ``today`` and ``stats``: study time, the day's next steps and the history."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.commands.common import (
    CommandError,
    ExitCode,
    open_service,
    output_lang,
    translate_errors,
)

if TYPE_CHECKING:
    from tracker.progress.study import Pace, StudyTime


def register(subparsers: Any) -> None:
    log = subparsers.add_parser(
        "log",
        help="log study time on a task or a stage",
        description="Log study time: DURATION as 45m, 1h30m, 1.5h or 90 (minutes), on a task "
        "(TASK_ID) or a stage (--stage STAGE_ID).",
    )
    log.add_argument("duration", metavar="DURATION")
    log.add_argument("task_id", metavar="TASK_ID", nargs="?")
    log.add_argument("--stage", metavar="STAGE_ID", help="log the time on a stage instead")
    log.add_argument("--on", metavar="YYYY-MM-DD", help="the day studied (default: today)")
    log.add_argument("--note", metavar="TEXT", help="a short note on what was done")
    log.set_defaults(func=run_log)

    today = subparsers.add_parser(
        "today", help="what to do next, minutes today, the streak and reviews due"
    )
    today.add_argument("--json", action="store_true", help="print JSON instead of text")
    today.set_defaults(func=run_today)

    stats = subparsers.add_parser(
        "stats", help="minutes per day and week, streaks and projected finish per stage"
    )
    stats.add_argument("--json", action="store_true", help="print JSON instead of text")
    stats.add_argument(
        "--weeks", metavar="N", type=int, default=12, help="how many weeks back (default 12)"
    )
    stats.set_defaults(func=run_stats)


def _study(service: Any) -> StudyTime:
    from tracker.progress.study import StudyTime

    return StudyTime(service)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"bad date {text!r}: use YYYY-MM-DD") from None


def run_log(args: argparse.Namespace) -> int:
    from tracker.progress.days import parse_duration
    from tracker.progress.records import ItemKind

    if (args.task_id is None) == (args.stage is None):
        raise CommandError("give either TASK_ID or --stage STAGE_ID")
    with translate_errors():
        minutes = parse_duration(args.duration)
    on = _day(args.on)
    kind, item = (ItemKind.STAGE, args.stage) if args.stage else (ItemKind.TASK, args.task_id)
    with open_service(args) as service, translate_errors():
        study = _study(service)
        study.log(minutes, kind, item, on=on, note=args.note)
        day = on or study.today()
        print(f"logged {_minutes(minutes)} on {kind.value} {item} ({day.isoformat()})")
    return ExitCode.OK


def _minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def run_today(args: argparse.Namespace) -> int:
    lang = output_lang(args)
    with open_service(args) as service, translate_errors():
        summary = _study(service).today_summary()
    if args.json:
        report = {
            "next_up": [
                {
                    "task_id": item.task_id,
                    "title": item.title.get(lang),
                    "stage_id": item.stage_id,
                    "status": item.status.value,
                }
                for item in summary.next_up
            ],
            "minutes_today": summary.minutes_today,
            "daily_goal_minutes": summary.daily_goal_minutes,
            "streak": {"current": summary.streak.current, "longest": summary.streak.longest},
            "reviews_due": summary.reviews_due,
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return ExitCode.OK
    print(
        f"today: {summary.minutes_today} of {summary.daily_goal_minutes} min    "
        f"streak: {summary.streak.current} days (longest {summary.streak.longest})    "
        f"reviews due: {summary.reviews_due}"
    )
    print("next up:")
    for item in summary.next_up:
        mark = "~" if item.status.value == "in_progress" else " "
        print(f"  [{mark}] {item.task_id}  {item.title.get(lang)}  ({item.stage_id})")
    if not summary.next_up:
        print("  nothing left to do")
    return ExitCode.OK


def _stages_json(pace: Pace) -> list[dict[str, Any]]:
    return [
        {
            "id": stage.stage_id,
            "remaining_hours": round(stage.remaining_hours, 2),
            "hours_per_week_actual": round(stage.hours_per_week_actual, 2),
            "projected_finish": stage.projected_finish.isoformat()
            if stage.projected_finish
            else None,
            "target_date": stage.target_date.isoformat() if stage.target_date else None,
        }
        for stage in pace.stages
    ]


def run_stats(args: argparse.Namespace) -> int:
    if args.weeks < 1 or args.weeks > 520:
        raise CommandError(f"--weeks must be between 1 and 520 (got {args.weeks})")
    with open_service(args) as service, translate_errors():
        stats = _study(service).stats(args.weeks)
    if args.json:
        report = {
            "days": [
                {"date": d.day.isoformat(), "minutes": d.minutes, "done": d.done}
                for d in stats.days
            ],
            "weeks": [
                {"week_start": w.week_start.isoformat(), "minutes": w.minutes} for w in stats.weeks
            ],
            "streak": {"current": stats.streak.current, "longest": stats.streak.longest},
            "stages": _stages_json(stats.pace),
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return ExitCode.OK
    print(f"streak: {stats.streak.current} days (longest {stats.streak.longest})")
    print(f"pace: {stats.pace.hours_per_week:.1f} h/week over the last four weeks")
    print("week of       minutes")
    for week in stats.weeks:
        print(f"{week.week_start.isoformat()}  {week.minutes:>7}")
    print("stage                     left h  h/week  projected   target")
    for stage in stats.pace.stages:
        finish = stage.projected_finish.isoformat() if stage.projected_finish else "-"
        target = stage.target_date.isoformat() if stage.target_date else "-"
        print(
            f"{stage.stage_id:<24}  {stage.remaining_hours:>6.1f}  "
            f"{stage.hours_per_week_actual:>6.1f}  {finish:<10}  {target}"
        )
    return ExitCode.OK
