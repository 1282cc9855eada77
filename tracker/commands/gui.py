"""``learnpath gui`` (and plain ``learnpath``): open the desktop app."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("gui", help="open the desktop app (the default)")
    parser.set_defaults(func=run_gui)


def run_gui(args: argparse.Namespace) -> int:
    from tracker.ui.app import run

    return run(args)
