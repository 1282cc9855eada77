"""A child process for the durability tests: writes through ProgressService and reports commits.

    python child_writer.py DATA_DIR kill          tick and note forever, one line per commit
    python child_writer.py DATA_DIR race N START  set N statuses on tasks[START::2]

Each line is printed (and flushed) only after the change is committed.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sample_curriculum import make_curriculum

from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService

CYCLE = (TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.SKIPPED, TaskStatus.TODO)


def main() -> None:
    data_dir, mode = Path(sys.argv[1]), sys.argv[2]
    curriculum = make_curriculum()
    tasks = [t.id for t in curriculum.tasks()]
    service = ProgressService.open(data_dir, curriculum)
    print("ready", flush=True)
    if mode == "kill":
        for i in itertools.count():
            task = tasks[i % len(tasks)]
            current = service.task_state(task).status
            status = CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)]
            change = service.set_status(task, status)
            print(f"S\t{task}\t{status.value}\t{change.at.isoformat()}", flush=True)
            text = f"note {i} from {change.at.isoformat()} <vector> 注意"
            service.set_note(ItemKind.TASK, task, text)
            print(f"N\t{task}\t{text}", flush=True)
    else:
        count, start = int(sys.argv[3]), int(sys.argv[4])
        mine = tasks[start::2]
        for i in range(count):
            task = mine[i % len(mine)]
            status = CYCLE[(i // len(mine)) % len(CYCLE)]
            change = service.set_status(task, status)
            print(f"S\t{task}\t{status.value}\t{change.at.isoformat()}", flush=True)
    service.close()


if __name__ == "__main__":
    main()
