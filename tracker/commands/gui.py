"""``learnpath gui`` (and plain ``learnpath``): open the desktop app."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from typing import Any

from tracker.commands.common import ExitCode

NO_DISPLAY = (
    "learnpath: the desktop app needs a display, and none was found (DISPLAY and "
    "WAYLAND_DISPLAY are not set); the command line works without one: learnpath --help"
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("gui", help="open the desktop app (the default)")
    parser.set_defaults(func=run_gui)


def no_display(environ: Mapping[str, str], platform: str) -> bool:
    """True where Qt would look for an X11 or Wayland display that is not there.

    Qt then aborts with a message about ``libxcb-cursor0``, which sends a learner in a terminal
    without a desktop the wrong way. A platform chosen in ``QT_QPA_PLATFORM`` other than xcb or
    wayland (``offscreen``, ``vnc``, ``eglfs``…) needs no display; macOS and Windows always have
    their own.
    """
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if chosen and not chosen.startswith(("xcb", "wayland")):
        return False
    return not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY")


def run_gui(args: argparse.Namespace) -> int:
    if no_display(os.environ, sys.platform):
        print(NO_DISPLAY, file=sys.stderr)
        return ExitCode.BAD_INPUT
    from tracker.ui.app import run

    return run(args)
