"""The spaced-review part of a progress summary: retention over the last 30 days and the cards
learned and mature per stage, rendered for Markdown, HTML and the PDF.

A curriculum without review cards, and a profile that never reviewed, get no section: the
summary is then exactly what it was before review existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from tracker.curriculum.model import Lang, Stage
from tracker.reports.model import review_in_use

if TYPE_CHECKING:
    from tracker.progress.review_backup import ReviewBackup
    from tracker.reports.model import Report

# key -> (zh, en), as tracker.reports.labels.LABELS
LABELS: dict[str, tuple[str, str]] = {
    "review": ("复习", "Review"),
    "retention": ("近 30 天记忆保持率", "Retention over the last 30 days"),
    "retention_value": (
        "{share}（{reviews} 次复习中未选「重来」的比例）",
        "{share} (share of {reviews} reviews not graded Again)",
    ),
    "no_reviews": ("近 30 天没有复习", "no reviews in the last 30 days"),
    "stage": ("阶段", "Stage"),
    "cards": ("卡片", "Cards"),
    "learned": ("已学习", "Learned"),
    "mature": ("已熟记", "Mature"),
    "orphans": (
        "{n} 张卡片已不在课程中（复习记录保留）",
        "{n} cards no longer in the curriculum (their history is kept)",
    ),
}


def _label(key: str, lang: Lang) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


@dataclass(frozen=True, slots=True)
class ReviewStageLine:
    stage_id: str
    title: str
    cards: int
    learned: int
    mature: int


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    """What the summary shows of spaced review (stages follow the report's scope)."""

    reviews: int
    retention: float | None
    stages: tuple[ReviewStageLine, ...]
    orphans: int = 0
    """Cards with a review history that left the curriculum (or own cards deleted)."""


def build_review_summary(
    service: Any, stages: tuple[Stage, ...], lang: Lang
) -> ReviewSummary | None:
    """The section's data, or None when there is nothing to show (no cards, no reviews)."""
    if not review_in_use(service):
        return None
    review = service.review
    stats = review.stats()
    by_id = {line.stage_id: line for line in stats.stages}
    lines = tuple(
        ReviewStageLine(
            stage.id, stage.title.get(lang), by_id[stage.id].cards, *_learned(by_id[stage.id])
        )
        for stage in stages
        if stage.id in by_id
    )
    orphans = len(review.orphans())
    if not (stats.reviews or orphans or any(line.cards or line.learned for line in lines)):
        return None
    return ReviewSummary(stats.reviews, stats.retention, lines, orphans)


def build_review_backup(service: Any) -> ReviewBackup | None:
    """The profile's review data for the JSON backup, None when it has none."""
    if not review_in_use(service):
        return None
    from tracker.progress.review_backup import review_backup

    found = review_backup(service)
    return None if found.empty else found


def _learned(line: Any) -> tuple[int, int]:
    return int(line.learned), int(line.mature)


def _retention(summary: ReviewSummary, lang: Lang) -> str:
    if summary.retention is None:
        return _label("no_reviews", lang)
    share = f"{summary.retention * 100:.0f} %"
    return _label("retention_value", lang).format(share=share, reviews=summary.reviews)


def review_markdown(report: Report) -> list[str]:
    summary = report.review
    if summary is None:
        return []
    lang = report.lang
    heads = [_label(k, lang) for k in ("stage", "cards", "learned", "mature")]
    out = ["", f"## {_label('review', lang)}", ""]
    out.append(f"- **{_label('retention', lang)}**: {_retention(summary, lang)}")
    out += ["", "| " + " | ".join(heads) + " |", "|---|---:|---:|---:|"]
    for line in summary.stages:
        title = line.title.replace("|", "\\|").replace("\n", " ")
        out.append(f"| {title} | {line.cards} | {line.learned} | {line.mature} |")
    if summary.orphans:
        out += ["", _label("orphans", lang).format(n=summary.orphans)]
    return out


def review_html(report: Report, *, for_qt: bool = False) -> str:
    """The section as HTML: for the page, or (``for_qt``) the PDF's Qt rich-text subset."""
    summary = report.review
    if summary is None:
        return ""
    lang = report.lang
    num = ' align="right"' if for_qt else ' class="num"'
    table = ' cellspacing="0" cellpadding="2" width="100%"' if for_qt else ""
    heads = "".join(
        f"<th{num if k != 'stage' else ''}>{escape(_label(k, lang))}</th>"
        for k in ("stage", "cards", "learned", "mature")
    )
    rows = "".join(
        f"<tr><td>{escape(line.title)}</td><td{num}>{line.cards}</td>"
        f"<td{num}>{line.learned}</td><td{num}>{line.mature}</td></tr>"
        for line in summary.stages
    )
    orphans = ""
    if summary.orphans:
        orphans = f"<p>{escape(_label('orphans', lang).format(n=summary.orphans))}</p>\n"
    return (
        f"<h2>{escape(_label('review', lang))}</h2>\n"
        f"<p><b>{escape(_label('retention', lang))}</b>: {escape(_retention(summary, lang))}</p>\n"
        f"<table{table}><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>\n{orphans}"
    )
