"""Study time in the summaries: time per stage and per task beside the estimates, the streak,
hours per week, and (HTML) a 12-month heatmap as inline SVG.

Built from the report's backup (its sessions and events), so the report model needs nothing
more; a profile with no study time gets no section, and the summary reads as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.curriculum.model import Lang
from tracker.progress import days as rules
from tracker.progress.records import ChangeKind, TaskStatus
from tracker.reports.model import Report

WEEKS = 12

_TEXT: dict[str, tuple[str, str]] = {
    "study_time": ("Study time", "学习时间"),
    "total": ("Total logged", "累计记录"),
    "streak": ("Streak", "连续学习"),
    "days": ("days", "天"),
    "longest": ("longest", "最长"),
    "per_week": ("Hours per week", "每周学时"),
    "week_of": ("Week of", "周起始"),
    "hours": ("Hours", "学时"),
    "stage": ("Stage", "阶段"),
    "task": ("Task", "任务"),
    "logged": ("Logged (h)", "已记录（学时）"),
    "estimate": ("Estimate (h)", "预估（学时）"),
    "heatmap": ("The last 12 months", "最近 12 个月"),
}


def _t(key: str, lang: Lang) -> str:
    en, zh = _TEXT[key]
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class StudyLines:
    total_hours: float
    streak: rules.Streak
    weeks: tuple[tuple[date, float], ...]
    stages: tuple[tuple[str, str, float, float], ...]  # id, title, logged h, estimate h
    tasks: tuple[tuple[str, str, float, float | None], ...]  # id, title, logged h, estimate h
    days: dict[date, int]  # minutes per local day
    today: date


def study_lines(report: Report) -> StudyLines | None:
    """The study figures of the report's profile, or None when it has logged no time."""
    sessions = report.backup.sessions
    if not sessions:
        return None
    zone = report.tz
    seconds = rules.seconds_by_day(sessions, zone)
    done = rules.done_by_day(
        (
            e.at.isoformat(timespec="microseconds")
            for e in report.backup.events
            if e.kind is ChangeKind.STATUS and e.new == TaskStatus.DONE.value
        ),
        zone,
    )
    today = report.generated_at.astimezone(zone).date()
    counted = rules.counts_for_streak(seconds, done, rules.DEFAULT_STREAK_MINUTES)
    first_week = rules.week_start(today) - timedelta(weeks=WEEKS - 1)
    weekly: dict[date, float] = {}
    for day, total in seconds.items():
        if first_week <= day <= today:
            start = rules.week_start(day)
            weekly[start] = weekly.get(start, 0.0) + total
    by_item: dict[tuple[str, str], float] = {}
    for session in sessions:
        key = (session.item_kind, session.item_id)
        by_item[key] = by_item.get(key, 0.0) + session.seconds
    stages, tasks = [], []
    for stage in report.stages:
        logged = by_item.get(("stage", stage.stage_id), 0.0)
        estimate = 0.0
        for task in stage.tasks:
            on_task = by_item.get(("task", task.task_id), 0.0)
            logged += on_task
            estimate += task.estimate_hours or 0.0
            if on_task:
                tasks.append((task.task_id, task.title, on_task / 3600, task.estimate_hours))
        if logged:
            stages.append((stage.stage_id, stage.title, logged / 3600, estimate))
    return StudyLines(
        total_hours=sum(s.seconds for s in sessions) / 3600,
        streak=rules.streak(counted, today),
        weeks=tuple(
            (start, weekly.get(start, 0.0) / 3600)
            for start in (first_week + timedelta(weeks=i) for i in range(WEEKS))
        ),
        stages=tuple(stages),
        tasks=tuple(tasks),
        days={day: round(total / 60) for day, total in seconds.items()},
        today=today,
    )


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def study_markdown(report: Report) -> list[str]:
    """The study-time section of the Markdown summary (per-week sums, per stage, per task)."""
    from tracker.reports.markdown import cell

    found = study_lines(report)
    if found is None:
        return []
    lang = report.lang
    out = ["", f"## {_t('study_time', lang)}", ""]
    out.append(
        f"- **{_t('total', lang)}**: {found.total_hours:.1f} h · **{_t('streak', lang)}**: "
        f"{found.streak.current} {_t('days', lang)} ({_t('longest', lang)} "
        f"{found.streak.longest})"
    )
    out += ["", f"### {_t('per_week', lang)}", ""]
    out += [f"| {_t('week_of', lang)} | {_t('hours', lang)} |", "|---|---:|"]
    out += [f"| {start.isoformat()} | {hours:.1f} |" for start, hours in found.weeks]
    out += ["", f"| {_t('stage', lang)} | {_t('logged', lang)} | {_t('estimate', lang)} |"]
    out.append("|---|---:|---:|")
    out += [f"| {cell(title)} | {h:.1f} | {e:.1f} |" for _id, title, h, e in found.stages]
    out += ["", f"| {_t('task', lang)} | {_t('logged', lang)} | {_t('estimate', lang)} |"]
    out.append("|---|---:|---:|")
    out += [f"| {cell(title)} | {h:.1f} | {_hours(e)} |" for _id, title, h, e in found.tasks]
    return out


def study_html(report: Report) -> str:
    """The study-time section of the HTML page, with the heatmap as inline SVG (numbers and
    escaped text only: nothing a note or a title could turn into markup)."""
    from tracker.reports.html_page import esc

    found = study_lines(report)
    if found is None:
        return ""
    lang = report.lang
    parts = [f"<h2>{esc(_t('study_time', lang))}</h2>\n"]
    parts.append(
        f"<p>{esc(_t('total', lang))}: {found.total_hours:.1f} h · {esc(_t('streak', lang))}: "
        f"{found.streak.current} {esc(_t('days', lang))} ({esc(_t('longest', lang))} "
        f"{found.streak.longest})</p>\n"
    )
    parts.append(f"<h3>{esc(_t('heatmap', lang))}</h3>\n{heatmap_svg(found)}\n")
    parts.append(f"<h3>{esc(_t('per_week', lang))}</h3>\n<table>")
    parts.append(f"<tr><th>{esc(_t('week_of', lang))}</th><th>{esc(_t('hours', lang))}</th></tr>")
    parts += [f"<tr><td>{s.isoformat()}</td><td>{h:.1f}</td></tr>" for s, h in found.weeks]
    parts.append("</table>\n<table>")
    head = (_t("stage", lang), _t("logged", lang), _t("estimate", lang))
    parts.append("<tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>")
    parts += [
        f"<tr><td>{esc(title)}</td><td>{h:.1f}</td><td>{e:.1f}</td></tr>"
        for _id, title, h, e in found.stages
    ]
    parts.append("</table>\n<table>")
    head = (_t("task", lang), _t("logged", lang), _t("estimate", lang))
    parts.append("<tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>")
    parts += [
        f"<tr><td>{esc(title)}</td><td>{h:.1f}</td><td>{_hours(e)}</td></tr>"
        for _id, title, h, e in found.tasks
    ]
    parts.append("</table>\n")
    return "".join(parts)


_SHADES = ("#ebedf0", "#c6e48b", "#7bc96f", "#239a3b", "#196127")


def shade(minutes: int) -> int:
    """The heatmap's shade (an index into ``_SHADES``) for a day's minutes."""
    if minutes >= 90:
        return 4
    return 0 if not minutes else 1 if minutes < 15 else 2 if minutes < 45 else 3


def heatmap_svg(found: StudyLines, cell: int = 11, gap: int = 2) -> str:
    """A cell per day of the last 53 weeks, coloured by minutes, as an SVG element."""
    first = found.today - timedelta(days=found.today.weekday()) - timedelta(weeks=52)
    rects = []
    day = first
    while day <= found.today:
        offset = (day - first).days
        week, weekday = divmod(offset, 7)
        minutes = found.days.get(day, 0)
        rects.append(
            f'<rect x="{week * (cell + gap)}" y="{weekday * (cell + gap)}" width="{cell}" '
            f'height="{cell}" rx="2" fill="{_SHADES[shade(minutes)]}">'
            f"<title>{day.isoformat()}: {minutes} min</title></rect>"
        )
        day += timedelta(days=1)
    width, height = 53 * (cell + gap), 7 * (cell + gap)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">{"".join(rects)}</svg>'
    )


def study_csv_rows(report: Report) -> list[list[str]]:
    """Per-week sums for the CSV, one row a week after the tasks, in the task columns: the first
    cell names the block (as the orphans' rows do), the third the week's Monday, the hours
    column the hours logged that week. None without study time."""
    found = study_lines(report)
    if found is None:
        return []
    lang = report.lang
    block, week = _t("per_week", lang), _t("week_of", lang)
    return [
        [block, week, start.isoformat(), "", "", "", "", "", "", f"{hours:.2f}", ""]
        for start, hours in found.weeks
    ]
