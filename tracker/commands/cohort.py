"""``learnpath cohort create|add-learner|add-mentor|reset-password|remove-member|status|export``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tracker.commands.common import (
    CommandError,
    ExitCode,
    call_server,
    load_curriculum_for,
)

EXPORT_FORMATS = ("csv", "html", "md", "pdf")


def register(subparsers: Any) -> None:
    cohort = subparsers.add_parser("cohort", help="cohorts on a cohort server (PostgreSQL)")
    actions = cohort.add_subparsers(dest="action", metavar="ACTION", required=True)

    create = actions.add_parser("create", help="create a cohort (nothing happens if it exists)")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--server", required=True, metavar="ADMIN_URL")
    create.set_defaults(func=run_create)

    for kind in ("learner", "mentor"):
        add = actions.add_parser(
            f"add-{kind}",
            help=f"add a {kind}: creates their login role with a password shown once",
        )
        add.add_argument("cohort", metavar="COHORT")
        add.add_argument("name", metavar="NAME")
        add.add_argument("--server", required=True, metavar="ADMIN_URL")
        add.add_argument("--json", action="store_true", help="print name, role, password, url")
        add.set_defaults(func=run_add, kind=kind)

    reset = actions.add_parser(
        "reset-password",
        help="give a member a new password, shown once (the old one stops working)",
    )
    reset.add_argument("cohort", metavar="COHORT")
    reset.add_argument("name", metavar="NAME")
    reset.add_argument("--server", required=True, metavar="ADMIN_URL")
    reset.add_argument("--json", action="store_true", help="print name, role, password, url")
    reset.set_defaults(func=run_reset)

    remove = actions.add_parser("remove-member", help="remove a learner or mentor from a cohort")
    remove.add_argument("cohort", metavar="COHORT")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("--server", required=True, metavar="ADMIN_URL")
    remove.set_defaults(func=run_remove)

    status = actions.add_parser("status", help="each learner's progress, activity and flags")
    status.add_argument("cohort", metavar="COHORT")
    status.add_argument("--server", required=True, metavar="URL")
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    status.set_defaults(func=run_status)

    export = actions.add_parser("export", help="write the cohort's status as CSV, HTML, MD or PDF")
    export.add_argument("cohort", metavar="COHORT")
    export.add_argument("--server", required=True, metavar="URL")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("-o", "--output", metavar="FILE", help="default: COHORT.<format>")
    export.set_defaults(func=run_export)


def run_create(args: argparse.Namespace) -> int:
    from tracker.storage.server import admin

    created = call_server(
        lambda pw: admin.create_cohort(args.server, args.name, password=pw), args.server
    )
    print(f"created cohort {args.name}" if created else f"cohort {args.name} exists already")
    return ExitCode.OK


def _member_json(member: Any) -> str:
    return json.dumps(
        {"name": member.name, "role": member.role, "password": member.password, "url": member.url},
        ensure_ascii=False,
    )


def run_reset(args: argparse.Namespace) -> int:
    from tracker.storage.server import admin

    member = call_server(
        lambda pw: admin.reset_password(args.server, args.cohort, args.name, password=pw),
        args.server,
        unknown=admin.MemberNotFound,
    )
    if args.json:
        print(_member_json(member))
    else:
        print(f"new password for {member.kind} {member.name} of {args.cohort}")
        print(f"  role:     {member.role}")
        print(f"  url:      {member.url}")
        print(f"  password: {member.password}   (shown once: hand it over now)")
    return ExitCode.OK


def run_add(args: argparse.Namespace) -> int:
    from tracker.storage.server import admin

    member = call_server(
        lambda pw: admin.add_member(args.server, args.cohort, args.name, args.kind, password=pw),
        args.server,
    )
    if args.json:
        print(_member_json(member))
    elif not member.created:
        print(f"{member.name} is already a {member.kind} of {args.cohort} (role {member.role})")
    else:
        print(f"added {member.kind} {member.name} to {args.cohort}")
        print(f"  role:     {member.role}")
        print(f"  url:      {member.url}")
        if member.password is None:
            print("  password: unchanged (the role existed already)")
        else:
            print(f"  password: {member.password}   (shown once: hand it over now)")
    return ExitCode.OK


def run_remove(args: argparse.Namespace) -> int:
    from tracker.storage.server import admin

    removed = call_server(
        lambda pw: admin.remove_member(args.server, args.cohort, args.name, password=pw),
        args.server,
    )
    print(
        f"removed {args.name} from {args.cohort}"
        if removed
        else f"{args.name} is not a member of {args.cohort}"
    )
    return ExitCode.OK


def _status(args: argparse.Namespace) -> Any:
    from tracker.sync.cohort import cohort_status

    curriculum = load_curriculum_for(args)
    lang = "zh" if args.lang == "zh" else "en"
    return call_server(
        lambda pw: cohort_status(args.server, args.cohort, curriculum, password=pw, lang=lang),
        args.server,
    )


def run_status(args: argparse.Namespace) -> int:
    from tracker.reports.cohort import render_text

    status = _status(args)
    if args.json:
        print(json.dumps(status.as_json(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_text(status))
    return ExitCode.OK


def run_export(args: argparse.Namespace) -> int:
    from tracker.reports import cohort as report
    from tracker.reports.formats import safe_filename, write_atomic

    status = _status(args)
    if args.format == "pdf":
        from tracker.reports.cohort_pdf import render_cohort_pdf

        data = render_cohort_pdf(status)
    else:
        render = {"csv": report.render_csv, "html": report.render_html, "md": report.render_md}
        data = render[args.format](status)
    target = Path(args.output or f"{safe_filename(args.cohort, 'cohort')}.{args.format}")
    try:
        written = write_atomic(target, data)
    except OSError as error:
        raise CommandError(f"cannot write {target}: {error.strerror or error}") from error
    print(f"wrote {written}")
    return ExitCode.OK
