"""Started without a display, ``learnpath`` says so in one line and exits 1, not with Qt's
abort about libxcb-cursor0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tracker.commands.gui import no_display


def test_without_a_display_the_app_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "needs a display" in lines[0]
    assert "command line works without one" in lines[0]
    assert "xcb" not in done.stderr


def test_which_set_ups_count_as_having_no_display() -> None:
    assert no_display({}, "linux")
    assert no_display({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not no_display({"DISPLAY": ":0"}, "linux")
    assert not no_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not no_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not no_display({}, "darwin")
    assert not no_display({}, "win32")
