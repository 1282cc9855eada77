"""A note typed just before a kill is kept in a crash-safe draft and offered back at the next start.

A real child process (``typing_child.py``) types into a note and is killed with SIGKILL at
varying moments; at most a fraction of a second of typing may be missing from the draft.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typing_child import STAGE, TEXT

from tracker.progress.records import ItemKind
from tracker.progress.service import ProgressService
from tracker.ui.drafts import FOLDER, DraftKeeper
from tracker.ui.main_window import MainWindow

CHILD = Path(__file__).with_name("typing_child.py")
AT_MOST_LOST_S = 0.35  # "a fraction of a second": the draft is written 150 ms after a keystroke

Opener = Callable[..., MainWindow]


def type_then_kill(data_dir: Path, at_least: int) -> tuple[int, list[tuple[int, float]]]:
    """Start the child, let it type ``at_least`` characters, SIGKILL it; (count typed by the time
    the kill was sent minus the allowance, every report)."""
    with subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir)], stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        try:
            assert child.stdout.readline().strip() == "ready"
            reports: list[tuple[int, float]] = []
            while not reports or reports[-1][0] < at_least:
                count, at = child.stdout.readline().split("\t")
                reports.append((int(count), float(at)))
            killed_at = time.monotonic()
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            for line in child.stdout:  # what it reported before dying
                count, at = line.split("\t")
                reports.append((int(count), float(at)))
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    assert child.returncode == -signal.SIGKILL
    kept_by_then = max(
        (count for count, at in reports if at <= killed_at - AT_MOST_LOST_S), default=0
    )
    return kept_by_then, reports


def test_a_kill_while_typing_loses_at_most_a_fraction_of_a_second(data_dir: Path) -> None:
    chooser = random.Random(7)
    for _ in range(3):
        must_have, reports = type_then_kill(data_dir, chooser.randrange(60, 140))
        drafts = DraftKeeper(data_dir / FOLDER).drafts()
        assert len(drafts) == 1, "one draft per note"
        draft = drafts[0]
        assert draft.item == (ItemKind.STAGE, STAGE)
        assert TEXT.startswith(draft.text), "the draft is exactly what was typed"
        assert len(draft.text) >= must_have, (len(draft.text), must_have, reports[-1])
        (data_dir / FOLDER / next(p.name for p in (data_dir / FOLDER).glob("*.json"))).unlink()


def test_the_draft_is_offered_back_at_the_next_start(
    qtbot: Any, open_window: Opener, data_dir: Path, curriculum: Any
) -> None:
    type_then_kill(data_dir, 40)
    draft = DraftKeeper(data_dir / FOLDER).drafts()[0]

    window = open_window()
    bar = window.notes.draft_bar
    assert bar.isVisible() and "Foundations" in bar.message.text()
    bar.restore_button.click()
    assert window.notes.item == (ItemKind.STAGE, STAGE)
    assert window.notes_edit.toPlainText() == draft.text
    assert window.notes.flush()
    assert not bar.isVisible()
    assert not list((data_dir / FOLDER).glob("*.json")), "saved: the draft is gone"
    service = ProgressService.open(data_dir, curriculum)
    try:
        assert service.note(ItemKind.STAGE, STAGE) == draft.text
    finally:
        service.close()


def test_a_discarded_draft_is_not_offered_again(
    qtbot: Any, open_window: Opener, data_dir: Path
) -> None:
    type_then_kill(data_dir, 20)
    window = open_window()
    window.notes.draft_bar.discard_button.click()
    assert not window.notes.draft_bar.isVisible()
    assert not list((data_dir / FOLDER).glob("*.json"))
