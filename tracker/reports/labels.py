"""The fixed words of a progress summary in Chinese and English (reports run without Qt)."""

from __future__ import annotations

from tracker.curriculum.model import Lang, TaskKind
from tracker.progress.records import Counts, ItemKind, Pace, TaskStatus

# key -> (zh, en). Reports are plain files, so they cannot use Qt's tr(); this small table is
# their translation, and a test checks that both columns are filled. The words follow the app's
# own (resources/translations/learnpath_zh_CN.ts): 待办, 学时, 课程, Topic/知识点, the pace words.
LABELS: dict[str, tuple[str, str]] = {
    "report_title": ("学习进度报告", "Progress summary"),
    "learner": ("学习者", "Learner"),
    "curriculum": ("课程", "Curriculum"),
    "version": ("版本", "Version"),
    "generated_at": ("生成时间", "Generated"),
    "scope": ("范围", "Scope"),
    "scope_all": ("全部阶段", "All stages"),
    "overall": ("总体进度", "Overall progress"),
    "stages": ("各阶段进度", "Progress by stage"),
    "stage": ("阶段", "Stage"),
    "module": ("模块", "Module"),
    "task": ("任务", "Task"),
    "task_id": ("编号", "ID"),
    "kind": ("类型", "Kind"),
    "status": ("状态", "Status"),
    "done": ("已完成", "Done"),
    "in_progress": ("进行中", "In progress"),
    "skipped": ("已跳过", "Skipped"),
    "todo": ("待办", "To do"),
    "total": ("总数", "Total"),
    "percent": ("完成率", "Percent"),
    "target_date": ("目标日期", "Target date"),
    "pace": ("进度状态", "Pace"),
    "remaining_hours": ("剩余学时", "Hours left"),
    "started": ("开始", "Started"),
    "finished": ("完成", "Finished"),
    "changed": ("更新", "Changed"),
    "estimate": ("学时", "Hours"),
    "note": ("笔记", "Note"),
    "stage_note": ("阶段笔记", "Stage note"),
    "concept_notes": ("概念笔记", "Concept notes"),
    "tasks": ("任务列表", "Tasks"),
    "orphans": ("已不在课程中的条目", "No longer in the curriculum"),
    "item_kind": ("条目类型", "Item"),
    "none": ("无", "none"),
    "no_tasks": ("没有任务。", "No tasks."),
    "page": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "dates": ("日期", "Dates"),
    "profile": ("档案", "Profile"),
    "overall_row": ("总体", "Overall"),
}

_STATUS = {
    TaskStatus.TODO: "todo",
    TaskStatus.IN_PROGRESS: "in_progress",
    TaskStatus.DONE: "done",
    TaskStatus.SKIPPED: "skipped",
}

_PACE: dict[Pace, tuple[str, str]] = {
    Pace.NO_TARGET: ("未设目标", "No target"),
    Pace.DONE: ("已完成", "Finished"),
    Pace.AHEAD: ("超前", "Ahead"),
    Pace.ON_TRACK: ("按计划", "On track"),
    Pace.BEHIND: ("落后", "Behind"),
    Pace.OVERDUE: ("已逾期", "Overdue"),
}

_KIND: dict[TaskKind, tuple[str, str]] = {
    TaskKind.TOPIC: ("知识点", "Topic"),
    TaskKind.PRACTICE: ("实践", "Practice"),
}

_ITEM_KIND: dict[ItemKind, tuple[str, str]] = {
    ItemKind.TASK: ("任务", "Task"),
    ItemKind.STAGE: ("阶段", "Stage"),
    ItemKind.CONCEPT: ("概念", "Concept"),
}


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "zh" else pair[1]


def label(key: str, lang: Lang) -> str:
    """The fixed word ``key`` in ``lang``; a missing key is our bug, so it raises KeyError."""
    return _pick(LABELS[key], lang)


def colon(lang: Lang) -> str:
    """The separator between a label and its value: "：" in Chinese, ": " in English."""
    return "：" if lang == "zh" else ": "


def labelled(key: str, value: str, lang: Lang) -> str:
    """``"Learner: Ana"`` / ``"学习者：Ana"``."""
    return f"{label(key, lang)}{colon(lang)}{value}"


def report_heading(curriculum_title: str, lang: Lang) -> str:
    """The report's title: ``"Progress summary: …"`` / ``"学习进度报告：…"``."""
    return labelled("report_title", curriculum_title, lang)


def status_label(status: TaskStatus, lang: Lang) -> str:
    return label(_STATUS[status], lang)


def pace_label(pace: Pace, lang: Lang) -> str:
    return _pick(_PACE[pace], lang)


def kind_label(kind: TaskKind, lang: Lang) -> str:
    return _pick(_KIND[kind], lang)


def item_kind_label(kind: ItemKind, lang: Lang) -> str:
    return _pick(_ITEM_KIND[kind], lang)


def counts_figures(counts: Counts, lang: Lang) -> str:
    """``Done 3 · In progress 1 · Skipped 0 · To do 5 · Total 9`` in ``lang`` (plain text)."""
    return " · ".join(
        f"{label(key, lang)} {value}"
        for key, value in (
            ("done", counts.done),
            ("in_progress", counts.in_progress),
            ("skipped", counts.skipped),
            ("todo", counts.todo),
            ("total", counts.total),
        )
    )
