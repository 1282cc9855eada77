"""The words the UI shows for progress values: statuses, pace, kinds, hours, counts, stage names.

Used by every view that names a status or a stage; each goes through ``QCoreApplication.translate``
in the context lupdate files it under, so the translation follows the UI language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from tracker.curriculum.model import Lang, Stage, TaskKind
from tracker.progress.records import Counts, Pace, TaskStatus


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def status_text(status: TaskStatus) -> str:
    """The learner-facing name of a status, in the UI language."""
    names = {
        TaskStatus.TODO: _tr("Status", "To do"),
        TaskStatus.IN_PROGRESS: _tr("Status", "In progress"),
        TaskStatus.DONE: _tr("Status", "Done"),
        TaskStatus.SKIPPED: _tr("Status", "Skipped"),
    }
    return names[status]


def pace_text(pace: Pace) -> str:
    """How a stage stands against its target date, in words (never colour alone)."""
    names = {
        Pace.NO_TARGET: "",
        Pace.DONE: _tr("Pace", "Finished"),
        Pace.AHEAD: _tr("Pace", "Ahead"),
        Pace.ON_TRACK: _tr("Pace", "On track"),
        Pace.BEHIND: _tr("Pace", "Behind"),
        Pace.OVERDUE: _tr("Pace", "Overdue"),
    }
    return names[pace]


def kind_text(kind: TaskKind) -> str:
    if kind is TaskKind.PRACTICE:
        return _tr("Kind", "Practice")
    return _tr("Kind", "Topic")


def hours_text(hours: float | None) -> str:
    if hours is None:
        return ""
    shown = f"{hours:g}"
    return _tr("Hours", "{hours} h").format(hours=shown)


def stage_label(stage: Stage, lang: Lang) -> str:
    """``Stage 2: Title``; a title that already names its stage ("阶段二：…") is kept as is."""
    title = stage.title.get(lang)
    if title.casefold().startswith(("stage", "阶段", "第")):
        return title
    return _tr("StageList", "Stage {order}: {title}").format(order=stage.order, title=title)


def counts_text(counts: Counts, *, skipped: bool = True) -> str:
    """``3 of 8 done``: skipped tasks are out of the count and said apart (`` · 1 skipped``)."""
    text = _tr("Counts", "{done} of {total} done").format(done=counts.done, total=counts.counted)
    if skipped and counts.skipped:
        text += _tr("Counts", " · {n} skipped").format(n=counts.skipped)
    return text
