"""A window typing into a note until it is killed: for the crash-safe draft test.

    python typing_child.py DATA_DIR

Types one character of ``TEXT`` into the stage note every few milliseconds and prints
"COUNT<TAB>MONOTONIC-TIME" after each, so the parent knows what had been typed when it killed us.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from conftest import FakeDialogs, sample_curriculum
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tracker.progress.service import ProgressService
from tracker.ui.main_window import MainWindow

TEXT = "".join(chr(ord("a") + i % 26) for i in range(100_000))
STAGE = "basics"


def main() -> None:
    data_dir = Path(sys.argv[1])
    app = QApplication([])
    service = ProgressService.open(data_dir, sample_curriculum())
    window = MainWindow(service, dialogs=FakeDialogs(), data_dir=data_dir)
    window.show()
    window.select_stage(STAGE)
    typed = 0

    def type_one() -> None:
        nonlocal typed
        window.notes_edit.insertPlainText(TEXT[typed])
        typed += 1
        print(f"{typed}\t{time.monotonic()}", flush=True)

    timer = QTimer()
    timer.setInterval(8)
    timer.timeout.connect(type_one)
    timer.start()
    print("ready", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
