"""``learnpath export`` and ``learnpath import``: progress summaries out, JSON backups back in.

Text formats go to stdout without ``-o``. A PDF goes to ``-o FILE``, or to stdout only when stdout
is not a terminal (``learnpath export --format pdf > out.pdf``). Files are written to a temporary
name in the same folder and then moved into place, so a failed export keeps the earlier file.
"""

from __future__ import annotations

import argparse
import locale
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.commands.common import (
    CommandError,
    ExitCode,
    count_of,
    load_curriculum_for,
    open_service,
    translate_errors,
)

if TYPE_CHECKING:
    from tracker.curriculum.model import Lang

FORMAT_NAMES = ("md", "html", "pdf", "csv", "json")


def register(subparsers: Any) -> None:
    export = subparsers.add_parser(
        "export",
        help="write a progress summary (md, html, pdf, csv, or json, which is also a backup)",
        description="Write a progress summary. Text formats go to stdout without -o; a PDF needs "
        "-o FILE or a redirected stdout. JSON is a full backup of the profile that "
        "`learnpath import` reads back (it always carries notes).",
    )
    export.add_argument("--format", "-f", choices=FORMAT_NAMES, required=True, dest="format")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    export.add_argument("--stage", metavar="ID", help="only this stage (default: all stages)")
    export.add_argument("--no-notes", action="store_true", help="leave notes out of the summary")
    export.add_argument(
        "--short",
        action="store_true",
        help="a one-page summary for a mentor (md, html or pdf): stages in progress and the "
        "last two weeks, no tasks still to do",
    )
    # dest differs from the global --lang so the subcommand's default does not hide it.
    export.add_argument(
        "--lang", dest="report_lang", choices=("zh", "en"), help="language of the summary"
    )
    export.set_defaults(func=run_export)

    restore = subparsers.add_parser(
        "import",
        help="restore a JSON progress backup into a profile",
        description="Restore a learnpath.progress/1 JSON file. It is checked completely before "
        "anything is written, the database is backed up, then the file is applied in one "
        "transaction; importing twice changes nothing. Into a profile that already has "
        "progress, choose --merge or --replace.",
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--as", dest="as_name", metavar="NAME", help="profile to restore into")
    choice = restore.add_mutually_exclusive_group()
    choice.add_argument(
        "--merge",
        dest="mode",
        action="store_const",
        const="merge",
        help="keep the newer of each state, note and plan (here or in the file)",
    )
    choice.add_argument(
        "--replace",
        dest="mode",
        action="store_const",
        const="replace",
        help="take the file's value for every item it holds, even where this one is newer",
    )
    restore.set_defaults(func=run_import)


def default_lang(explicit: str | None = None) -> Lang:
    """``explicit`` if given, else Chinese when the system locale is Chinese, else English."""
    if explicit in ("zh", "en"):
        return "zh" if explicit == "zh" else "en"
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    system = locale.getlocale()[0] or ""
    return "zh" if system.lower().startswith("zh") else "en"


def run_export(args: argparse.Namespace) -> int:
    from tracker.reports.formats import FORMATS, write_atomic
    from tracker.reports.model import ReportError, build_report

    fmt = FORMATS[args.format]
    if args.short and args.format not in ("md", "html", "pdf"):
        raise CommandError("--short works with --format md, html or pdf", ExitCode.USAGE)
    to_stdout = args.output is None
    if not to_stdout and not args.output.strip():
        raise CommandError(
            "-o/--output needs a file name (leave it out to write to stdout)", ExitCode.USAGE
        )
    if to_stdout and fmt.binary and sys.stdout.isatty():
        raise CommandError(
            "a PDF is not written to a terminal; pass -o FILE or redirect stdout", ExitCode.USAGE
        )
    lang = default_lang(args.report_lang or args.lang)
    with open_service(args) as service, translate_errors():
        try:
            report = build_report(
                service,
                stage_id=args.stage,
                lang=lang,
                include_notes=not args.no_notes,
                short=args.short,
                event_log=fmt.event_log,
                task_lines=fmt.task_lines,
            )
        except ReportError as error:
            raise CommandError(str(error), ExitCode.UNKNOWN) from error
    try:
        data = fmt.render(report)
    except ReportError as error:
        raise CommandError(str(error)) from error
    if to_stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return ExitCode.OK
    target = Path(args.output).expanduser()
    try:
        written = write_atomic(target, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise CommandError(f"cannot write {target}: {reason}") from error
    print(f"wrote {written}", file=sys.stderr)
    return ExitCode.OK


def run_import(args: argparse.Namespace) -> int:
    """Check the file completely, compare it with the profile, back the database up, apply.

    Nothing is opened before the file is read, and the database is opened without choosing a
    profile: a refused import changes nothing (no "default" profile, no ``last_used_at``).
    """
    from tracker.paths import data_dir
    from tracker.progress.import_plan import DatabaseTarget, ImportMode, import_backup
    from tracker.progress.service import utc_now
    from tracker.reports.backup import BackupError, read_backup_file

    curriculum = load_curriculum_for(args)
    try:
        parsed = read_backup_file(Path(args.file).expanduser(), curriculum.id)
    except BackupError as error:
        raise CommandError(str(error)) from error
    mode = ImportMode(args.mode) if args.mode else None
    folder = data_dir(args.data_dir)
    if args.as_name is not None:
        from tracker.progress.profiles import clean_name

        with translate_errors():
            clean_name(args.as_name)  # refused before the database is opened (or made)
    with translate_errors(), DatabaseTarget.open(folder, curriculum.id, utc_now) as target:
        outcome = import_backup(
            target, parsed.backup, args.as_name, mode, utc_now(), review=parsed.review
        )
    backup = parsed.backup
    counts = ", ".join(
        (
            count_of(len(backup.task_states), "task state"),
            count_of(len(backup.notes), "note"),
            count_of(len(backup.plans), "plan"),
            count_of(len(backup.events), "event"),
        )
    )
    change = outcome.change
    changed = count_of(int(change.new or 0), "row")
    kept = outcome.preview.newer_here if mode is ImportMode.MERGE else 0
    extra = f"; {count_of(kept, 'newer item')} kept" if kept else ""
    print(f"imported into profile {change.profile!r}: {counts} ({changed} changed{extra})")
    if outcome.backup_before is not None:
        print(
            f"backup taken before the import: {outcome.backup_before} "
            "(undo with `learnpath backup restore FILE`)"
        )
    return ExitCode.OK
