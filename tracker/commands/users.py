"""``learnpath users list|add|rename|remove``: manage the local profiles."""

from __future__ import annotations

import argparse
from typing import Any

from tracker.commands.common import ExitCode, open_service, translate_errors


def register(subparsers: Any) -> None:
    users = subparsers.add_parser("users", help="manage profiles")
    actions = users.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="list profiles (* marks the current one)").set_defaults(
        func=run_list
    )
    add = actions.add_parser("add", help="create a profile")
    add.add_argument("name", metavar="NAME")
    add.set_defaults(func=run_add)
    rename = actions.add_parser("rename", help="rename a profile")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    rename.set_defaults(func=run_rename)
    remove = actions.add_parser("remove", help="delete a profile and all its progress")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=run_remove)


def run_list(args: argparse.Namespace) -> int:
    with open_service(args) as service, translate_errors():
        current = service.profile.id
        for profile in service.profiles():
            print(f"{'*' if profile.id == current else ' '} {profile.name}")
    return ExitCode.OK


def run_add(args: argparse.Namespace) -> int:
    with open_service(args) as service, translate_errors():
        change = service.add_profile(args.name)
        print(f"added {change.new}")
    return ExitCode.OK


def run_rename(args: argparse.Namespace) -> int:
    with open_service(args) as service, translate_errors():
        change = service.rename_profile(args.old, args.new)
        print(f"renamed {change.old} to {change.new}")
    return ExitCode.OK


def run_remove(args: argparse.Namespace) -> int:
    with open_service(args) as service, translate_errors():
        change = service.remove_profile(args.name)
        print(f"removed {change.old}")
    return ExitCode.OK
