"""Another program writing to the window's data folder: one change, committed, then exit.

    python other_writer.py DATA_DIR status TASK_ID STATUS
    python other_writer.py DATA_DIR note KIND ITEM_ID TEXT
    python other_writer.py DATA_DIR remove-profile NAME
    python other_writer.py DATA_DIR plan STAGE_ID YYYY-MM-DD

Runs in its own process (its own SQLite connection), as the CLI or a second window would.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import sample_curriculum

from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService


def main() -> None:
    data_dir, what, *args = sys.argv[1:]
    service = ProgressService.open(Path(data_dir), sample_curriculum())
    try:
        if what == "status":
            service.set_status(args[0], TaskStatus(args[1]))
        elif what == "note":
            service.set_note(ItemKind(args[0]), args[1], args[2])
        elif what == "plan":
            service.set_target_date(args[0], date.fromisoformat(args[1]))
        elif what == "remove-profile":
            service.remove_profile(args[0])
        else:
            raise SystemExit(f"unknown action {what!r}")
    finally:
        service.close()


if __name__ == "__main__":
    main()
