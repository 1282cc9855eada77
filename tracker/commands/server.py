"""``learnpath server init|upgrade --server URL``: the cohort server's schema, roles, policies."""

from __future__ import annotations

import argparse
from typing import Any

from tracker.commands.common import ExitCode, call_server


def register(subparsers: Any) -> None:
    server = subparsers.add_parser("server", help="set up or upgrade a cohort server (PostgreSQL)")
    actions = server.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, help_text in (
        ("init", "create the schema, the group roles and the security policies"),
        ("upgrade", "bring the server's schema to this version"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--server", required=True, metavar="ADMIN_URL")
        action.set_defaults(func=run_upgrade, verb=name)


def run_upgrade(args: argparse.Namespace) -> int:
    from tracker.storage.server import admin
    from tracker.storage.server.connect import describe

    revision = call_server(lambda pw: admin.upgrade(args.server, password=pw), args.server)
    print(f"cohort server {describe(args.server)} at schema {revision}")
    return ExitCode.OK
