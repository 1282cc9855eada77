"""``learnpath sync --server URL``: one sync of the current profile with a cohort server."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tracker.commands.common import ExitCode, call_server, open_service, translate_errors


def register(subparsers: Any) -> None:
    sync = subparsers.add_parser(
        "sync",
        help="sync this profile with a cohort server (push, then pull)",
        description="Push the local changes the server lacks, pull the ones made on your other "
        "computers, and apply them. The password comes from the URL, PGPASSWORD, ~/.pgpass or a "
        "service file, or is asked for.",
    )
    sync.add_argument("--server", required=True, metavar="URL")
    share = sync.add_mutually_exclusive_group()
    share.add_argument(
        "--share-notes", action="store_true", help="from now on, send notes (mentors may read them)"
    )
    share.add_argument(
        "--keep-notes-private", action="store_true", help="stop sending notes; unshare sent ones"
    )
    sync.add_argument(
        "--new-device",
        action="store_true",
        help="give this data folder a new device id (a copy is noticed and given one anyway)",
    )
    # Events per round trip; smaller batches only for the kill tests, which need many commits.
    sync.add_argument("--batch", type=int, default=1000, help=argparse.SUPPRESS)
    sync.set_defaults(func=run_sync)


def run_sync(args: argparse.Namespace) -> int:
    from tracker.sync import run

    with open_service(args) as service, translate_errors():
        database = service._store.database  # the service owns the open store
        profile_id = service.profile.id
        if args.new_device:
            run.new_device(database)
        if args.share_notes or args.keep_notes_private:
            run.set_share_notes(database, profile_id, bool(args.share_notes))
        result = call_server(
            lambda pw: run.sync(
                database, profile_id, args.server, password=pw, batch=max(1, args.batch)
            ),
            args.server,
        )
    if result.new_device:
        print(run.COPY_NOTICE, file=sys.stderr)
    print(f"pushed {result.pushed}, pulled {result.pulled}")
    for conflict in result.conflicts:
        print(
            f"note on {conflict.item_kind} {conflict.item_id} changed on your other computer; "
            "both versions kept (the other one is in the note's history)"
        )
    return ExitCode.OK
