"""``learnpath status``, ``tick`` and ``note``: progress from the command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tracker.commands.common import (
    CommandError,
    ExitCode,
    open_service,
    output_lang,
    translate_errors,
)

if TYPE_CHECKING:
    from tracker.curriculum.model import Curriculum, Lang
    from tracker.progress.records import Counts, Orphan, StageProgress
    from tracker.progress.service import ProgressService

STATUS_CHOICES = ("todo", "in_progress", "done", "skipped")


def status_value(text: str) -> str:
    """``--status`` as typed, with ``in-progress`` (or ``In_Progress``) read as ``in_progress``."""
    return text.strip().lower().replace("-", "_")


def register(subparsers: Any) -> None:
    status = subparsers.add_parser(
        "status",
        help="show progress per stage and overall",
        description="Show progress per stage and overall, in the language of --lang (default en).",
    )
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    status.set_defaults(func=run_status)

    tick = subparsers.add_parser("tick", help="set a task's status (default: done)")
    tick.add_argument("task_id", metavar="TASK_ID")
    tick.add_argument(
        "--status",
        type=status_value,
        choices=STATUS_CHOICES,
        default="done",
        help="the new status (default: done; in-progress is accepted for in_progress)",
    )
    tick.set_defaults(func=run_tick)

    note = subparsers.add_parser("note", help="set a task's note (Markdown)")
    note.add_argument("task_id", metavar="TASK_ID")
    source = note.add_mutually_exclusive_group(required=True)
    source.add_argument("text", nargs="?", metavar="TEXT", help="the note's text")
    source.add_argument("--file", metavar="FILE", help="read the note from a UTF-8 file")
    note.set_defaults(func=run_note)


def run_status(args: argparse.Namespace) -> int:
    with open_service(args) as service:
        stages = service.stages_progress()
        overall = service.overall()
        orphans = service.orphans()
        curriculum = service.curriculum
        lang = output_lang(args)
        if args.json:
            report = {
                "profile": service.profile.name,
                "curriculum": curriculum.id,
                "stages": [
                    {
                        "id": stage.stage_id,
                        "title": _stage_title(curriculum, stage.stage_id, lang),
                        **stage.counts.as_json(),
                        "remaining_hours": stage.remaining_hours,
                        "target_date": stage.target_date.isoformat() if stage.target_date else None,
                        "pace": stage.pace.value,
                    }
                    for stage in stages
                ],
                "overall": overall.as_json(),
                "no_longer_in_curriculum": [
                    {
                        "kind": orphan.item_kind.value,
                        "id": orphan.item_id,
                        "status": orphan.status.value if orphan.status else None,
                    }
                    for orphan in orphans
                ],
            }
            print(json.dumps(report, ensure_ascii=False, indent=2))
            return ExitCode.OK
        _print_table(service, stages, overall, orphans, lang)
    return ExitCode.OK


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _print_table(
    service: ProgressService,
    stages: list[StageProgress],
    overall: Counts,
    orphans: list[Orphan],
    lang: Lang,
) -> None:
    """The status as an aligned table in ``lang``; the stage title comes last, so wide
    characters in it cannot push the figures out of line."""
    from tracker.reports.labels import colon, label, pace_label

    curriculum = service.curriculum
    sep = colon(lang)
    print(
        f"{label('profile', lang)}{sep}{service.profile.name}    "
        f"{label('curriculum', lang)}{sep}{curriculum.title.get(lang)} ({curriculum.id})"
    )
    keys = ("task_id", "done", "in_progress", "skipped", "total", "percent", "pace", "stage")
    head = [label(key, lang) for key in keys]
    rows = [
        [
            stage.stage_id,
            str(stage.counts.done),
            str(stage.counts.in_progress),
            str(stage.counts.skipped),
            str(stage.counts.total),
            f"{stage.counts.percent_text()}%",
            pace_label(stage.pace, lang),
            _stage_title(curriculum, stage.stage_id, lang),
        ]
        for stage in stages
    ]
    o = overall
    figures = [
        str(o.done),
        str(o.in_progress),
        str(o.skipped),
        str(o.total),
        f"{o.percent_text()}%",
    ]
    rows.append([label("overall_row", lang), *figures, "", ""])
    widths = [max(_width(row[i]) for row in [head, *rows]) for i in range(len(keys))]
    for row in [head, *rows]:
        cells = [
            _pad(cell, widths[i], right=0 < i < 6) if i < len(keys) - 1 else cell
            for i, cell in enumerate(row)
        ]
        print("  ".join(cells).rstrip())
    if orphans:
        print(f"{label('orphans', lang)}{sep}{', '.join(item.item_id for item in orphans)}")


def _stage_title(curriculum: Curriculum, stage_id: str, lang: Lang) -> str:
    stage = curriculum.stage(stage_id)
    return stage.title.get(lang) if stage else stage_id


def run_tick(args: argparse.Namespace) -> int:
    from tracker.progress.records import TaskStatus

    with open_service(args) as service, translate_errors(), _suggest_containing(service):
        change = service.set_status(args.task_id, TaskStatus(args.status))
        print(f"{args.task_id}: {change.old} -> {change.new}")
    return ExitCode.OK


@contextlib.contextmanager
def _suggest_containing(service: ProgressService) -> Iterator[None]:
    """An unknown task id with no close spelling gets, instead, the ids that contain it
    (``tick attention`` → ``transformer-self-attention``, …)."""
    from tracker.progress.errors import UnknownIdError
    from tracker.progress.records import ItemKind
    from tracker.progress.suggest import suggest_ids

    try:
        yield
    except UnknownIdError as error:
        if error.suggestions or error.item_kind is not ItemKind.TASK:
            raise
        found = suggest_ids(error.item_id, service.curriculum.task_ids())
        if not found:
            raise
        raise UnknownIdError(error.item_kind, error.item_id, found) from error


MAX_NOTE_FILE_BYTES = 4 * 1024 * 1024
"""The most ``note --file`` reads (a bounded read: a device never ends)."""


def run_note(args: argparse.Namespace) -> int:
    from tracker.progress.records import ItemKind
    from tracker.safe_read import NotARegularFile, TooLarge, read_regular

    if args.file is not None:
        try:
            text = read_regular(args.file, MAX_NOTE_FILE_BYTES).decode("utf-8")
        except (NotARegularFile, TooLarge) as error:
            raise CommandError(f"{error}; nothing saved") from error
        except OSError as error:
            raise CommandError(f"cannot read {args.file}: {error.strerror or error}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{args.file} is not UTF-8 text ({error.reason})") from error
    else:
        text = args.text
        try:  # bytes that are not UTF-8 arrive from the command line as lone surrogates
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise CommandError(
                f"the note text is not valid UTF-8 (byte {error.start + 1} of it); nothing saved",
                ExitCode.BAD_INPUT,
            ) from error
    with open_service(args) as service, translate_errors():
        with _suggest_containing(service):
            change = service.set_note(ItemKind.TASK, args.task_id, text)
        print(f"{args.task_id}: note {'saved' if change else 'unchanged'}")
    return ExitCode.OK
