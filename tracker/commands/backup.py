"""``learnpath backup create|list|restore`` and ``learnpath check``: copies of the whole database
and a check of its health."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from tracker.commands.common import (
    CommandError,
    ExitCode,
    count_of,
    load_curriculum_for,
    translate_errors,
)


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="make, list or restore backups of the whole database",
        description="Backups of the whole database (every profile), made with SQLite's backup "
        "API into backups/ beside it. The app makes them on close, every few hours while open, "
        "and before an import, a restore or a schema upgrade; old ones are thinned out to the "
        "newest of each of the last 7 days, 4 weeks and 12 months.",
    )
    actions = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="back the database up now; prints the file")
    create.set_defaults(func=run_create)
    listing = actions.add_parser("list", help="list the backups, newest first")
    listing.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of objects with file, created_at and bytes",
    )
    listing.set_defaults(func=run_list)
    restore = actions.add_parser(
        "restore",
        help="put a backup back as the database (the current one is backed up first)",
    )
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(func=run_restore)

    check = subparsers.add_parser(
        "check",
        help="check the database: integrity, foreign keys, rows it cannot understand",
        description="Check the database without changing it. Healthy: one line, exit 0. "
        "Otherwise one line per problem and exit 1.",
    )
    check.set_defaults(func=run_check)


def _database(args: argparse.Namespace) -> Path:
    from tracker.paths import data_dir, database_path

    return database_path(data_dir(args.data_dir))


def _now() -> Any:
    from tracker.progress.service import utc_now

    return utc_now()


def run_create(args: argparse.Namespace) -> int:
    from tracker.progress.backups import take_backup

    database = _database(args)
    if not database.is_file():
        raise CommandError(f"there is no database at {database} to back up")
    with translate_errors():
        written = take_backup(database, "manual", _now())
    print(written)
    return ExitCode.OK


def run_list(args: argparse.Namespace) -> int:
    from tracker.progress.backups import backups
    from tracker.reports.backup import timestamp

    with translate_errors():
        found = backups(_database(args), contents=not args.json)
    if args.json:
        listed = [
            {
                "file": str(item.file),
                "created_at": timestamp(item.created_at),
                "bytes": item.bytes,
                "reason": item.reason,
            }
            for item in found
        ]
        print(json.dumps(listed, ensure_ascii=False, indent=2))
        return ExitCode.OK
    if not found:
        print(f"no backups yet in {_database(args).parent / 'backups'}")
        return ExitCode.OK
    for item in found:
        when = item.created_at.strftime("%Y-%m-%d %H:%M:%S UTC")
        if item.problem is not None:
            held = f"cannot be read: {item.problem}"
        else:
            held = "; ".join(
                f"{p.name}: {count_of(p.states, 'state')}, {count_of(p.notes, 'note')}, "
                f"{count_of(p.plans, 'plan')}"
                for p in item.profiles
            )
            held = held or "no profiles"
        print(f"{when}  {item.reason:<8} {item.bytes:>10} bytes  {item.file}  ({held})")
    return ExitCode.OK


def run_restore(args: argparse.Namespace) -> int:
    from tracker.progress.backups import restore

    file = Path(args.file).expanduser()
    database = _database(args)
    with translate_errors():
        before = restore(database, file, _now())
    print(f"restored {database} from {file}")
    if before is not None and ".broken-" in before.name:
        print(f"the damaged database was moved aside to {before} (nothing was deleted)")
    elif before is not None:
        print(f"the database as it was is kept in {before} (restore it to undo this)")
    return ExitCode.OK


def run_check(args: argparse.Namespace) -> int:
    from tracker.progress.backups import check

    with translate_errors():
        result = check(_database(args), load_curriculum_for(args))
    if result.healthy:
        print(result.verdict())
        return ExitCode.OK
    for problem in result.problems:
        print(problem)
    return ExitCode.BAD_INPUT
