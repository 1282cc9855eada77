"""The short summary for a mentor: one page with the stages in progress, the last two weeks
(time logged, tasks done) and nothing still to do.

``build_report(..., short=True)`` marks the report; the Markdown, HTML and PDF renderers then
hand it to the functions here. The figures come from the report (its stages and its backup's
sessions), so nothing more is read from the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.curriculum.model import Lang
from tracker.progress import days as rules
from tracker.progress.records import TaskStatus
from tracker.reports.labels import colon, label, pace_label
from tracker.reports.model import Report, StageLine, TaskLine, format_percent

DAYS = 14
"""The period the short summary looks back over, today included."""

SHORT_FORMATS = ("md", "html", "pdf")
"""The formats a short summary can be written in."""

_TEXT: dict[str, tuple[str, str]] = {
    "title": ("Short summary for a mentor", "导师简报"),
    "period": ("The last two weeks", "最近两周"),
    "logged": ("Time logged", "学习时间"),
    "done": ("Tasks done", "完成任务"),
    "streak": ("Streak", "连续学习"),
    "days": ("days", "天"),
    "in_progress": ("Stages in progress", "进行中的阶段"),
    "working_on": ("Working on", "正在学习"),
    "none_done": ("No task done in these two weeks.", "这两周没有完成任务。"),
    "none_open": ("No stage in progress.", "没有进行中的阶段。"),
}


def t(key: str, lang: Lang) -> str:
    en, zh = _TEXT[key]
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class ShortLines:
    first: date
    last: date
    hours: float
    streak: int
    done: tuple[tuple[TaskLine, date], ...]  # done in the period, newest first
    stages: tuple[tuple[StageLine, tuple[TaskLine, ...]], ...]  # in progress, their open tasks


def in_progress(stage: StageLine) -> bool:
    """A stage is in progress once a task is started or done, until all are finished."""
    c = stage.counts
    return not c.finished and (c.in_progress > 0 or c.done > 0)


def short_lines(report: Report) -> ShortLines:
    zone = report.tz
    last = report.generated_at.astimezone(zone).date()
    first = last - timedelta(days=DAYS - 1)
    seconds = rules.seconds_by_day(report.backup.sessions, zone)
    hours = sum(s for day, s in seconds.items() if first <= day <= last) / 3600
    done_days: dict[date, int] = {}
    done: list[tuple[TaskLine, date]] = []
    for task in report.tasks():
        if task.status is TaskStatus.DONE and task.done_at is not None:
            day = task.done_at.astimezone(zone).date()
            done_days[day] = done_days.get(day, 0) + 1
            if first <= day <= last:
                done.append((task, day))
    done.sort(key=lambda pair: pair[1], reverse=True)
    counted = rules.counts_for_streak(seconds, done_days, rules.DEFAULT_STREAK_MINUTES)
    stages = tuple(
        (stage, tuple(task for task in stage.tasks if task.status is TaskStatus.IN_PROGRESS))
        for stage in report.stages
        if in_progress(stage)
    )
    return ShortLines(first, last, hours, rules.streak(counted, last).current, tuple(done), stages)


def short_markdown(report: Report) -> str:
    from tracker.reports.markdown import cell

    lang = report.lang
    c_ = colon(lang)
    found = short_lines(report)
    out = [f"# {t('title', lang)}: {cell(report.curriculum_title)}", ""]
    out.append(
        f"- **{label('learner', lang)}**{c_}{cell(report.profile)} · "
        f"{found.first.isoformat()} – {found.last.isoformat()}"
    )
    c = report.overall
    out.append(f"- **{label('overall', lang)}**{c_}{format_percent(c)} ({c.done}/{c.counted})")
    out += ["", f"## {t('period', lang)}", ""]
    out.append(
        f"- **{t('logged', lang)}**{c_}{found.hours:.1f} h · **{t('done', lang)}**{c_}"
        f"{len(found.done)} · **{t('streak', lang)}**{c_}{found.streak} {t('days', lang)}"
    )
    out += [f"- {day.isoformat()} {cell(task.title)}" for task, day in found.done]
    if not found.done:
        out.append(f"- {t('none_done', lang)}")
    out += ["", f"## {t('in_progress', lang)}", ""]
    if not found.stages:
        out.append(t("none_open", lang))
    for stage, tasks in found.stages:
        c = stage.counts
        target = f" · {stage.target_date.isoformat()}" if stage.target_date else ""
        out.append(
            f"- **{cell(stage.title)}**{c_}{format_percent(c)} ({c.done}/{c.counted}){target} · "
            f"{pace_label(stage.pace, lang)}"
        )
        if tasks:
            titles = ", ".join(cell(task.title) for task in tasks)
            out.append(f"  - {t('working_on', lang)}{c_}{titles}")
    return "\n".join(out) + "\n"


def short_body(report: Report) -> str:
    """The summary as escaped HTML for a page or Qt's rich text (tables and lists only)."""
    from tracker.reports.html_page import esc

    lang = report.lang
    c_ = colon(lang)
    found = short_lines(report)
    c = report.overall
    parts = [
        f"<h1>{esc(t('title', lang))}: {esc(report.curriculum_title)}</h1>\n",
        f"<p><b>{esc(label('learner', lang))}</b>{c_}{esc(report.profile)} · "
        f"{found.first.isoformat()} – {found.last.isoformat()}<br>\n"
        f"<b>{esc(label('overall', lang))}</b>{c_}{format_percent(c)} ({c.done}/{c.counted})</p>\n",
        f"<h2>{esc(t('period', lang))}</h2>\n",
        f"<p><b>{esc(t('logged', lang))}</b>{c_}{found.hours:.1f} h · "
        f"<b>{esc(t('done', lang))}</b>{c_}{len(found.done)} · "
        f"<b>{esc(t('streak', lang))}</b>{c_}{found.streak} {esc(t('days', lang))}</p>\n",
    ]
    if found.done:
        items = "".join(f"<li>{day.isoformat()} {esc(task.title)}</li>" for task, day in found.done)
        parts.append(f"<ul>{items}</ul>\n")
    else:
        parts.append(f"<p>{esc(t('none_done', lang))}</p>\n")
    parts.append(f"<h2>{esc(t('in_progress', lang))}</h2>\n")
    if not found.stages:
        parts.append(f"<p>{esc(t('none_open', lang))}</p>\n")
    for stage, tasks in found.stages:
        sc = stage.counts
        target = f" · {stage.target_date.isoformat()}" if stage.target_date else ""
        parts.append(
            f"<p><b>{esc(stage.title)}</b>{c_}{format_percent(sc)} ({sc.done}/{sc.counted})"
            f"{target} · {esc(pace_label(stage.pace, lang))}"
        )
        if tasks:
            titles = ", ".join(esc(task.title) for task in tasks)
            parts.append(f"<br>\n{esc(t('working_on', lang))}{c_}{titles}")
        parts.append("</p>\n")
    return "".join(parts)


def short_html(report: Report) -> str:
    """The short summary as a self-contained HTML page."""
    from tracker.reports.html_page import esc

    lang = report.lang
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{esc(t("title", lang))}</title>\n'
        "<style>body { font-family: sans-serif; color: #1d232a; margin: 2em auto; "
        "max-width: 45em; line-height: 1.45; } h2 { border-bottom: 1px solid #d0d7de; }"
        "</style>\n</head>\n<body>\n"
        f"{short_body(report)}</body>\n</html>\n"
    )
