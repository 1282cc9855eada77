"""No view loads a file named by a note or by curriculum text: not ``/dev/zero``, not a FIFO,
not an existing image.

The views run in a child process, because a view that does read such a file never comes back:
``/dev/zero`` grows without limit, a FIFO without a writer blocks for ever. The child caps its
own address space, shows every view (note preview, task details, concept summary, study guide,
tooltips) and reports how many bytes it read while doing so (``rchar`` in ``/proc/self/io``)
and its peak memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/io").exists(), reason="needs Linux's /proc/self/io to count bytes read"
)

CHILD = textwrap.dedent(
    """
    import json, os, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication, QToolTip
    from tracker.curriculum.model import (
        Concept, Curriculum, Module, Resource, ResourceKind, Stage, Task, Text,
    )
    from tracker.progress.records import ItemKind, TaskStatus
    from tracker.ui.concept_view import ConceptPanel
    from tracker.ui.checklist_model import ChecklistModel
    from tracker.ui.concept_view import ConceptListModel
    from tracker.ui.stage_model import StageListModel
    from tracker.ui.notes import NotesPane
    from tracker.ui.task_details import TaskDetails

    paths = json.loads(sys.argv[1])
    images = " ".join(f"![x{n}]({p})" for n, p in enumerate(paths))
    tags = " ".join(f'<img src="{p}">' for p in paths)
    bait = Text.both(tags + " " + images)
    concept = Concept(id="c", title=bait, summary=bait, points=(bait,))
    task = Task(id="t", title=bait, details=bait, concepts=("c",), resources=("r",))
    module = Module(id="m", title=bait, summary=bait, tasks=(task,))
    stage = Stage(
        id="s", order=1, title=bait, goal=bait, concepts=("c",), modules=(module,),
        notes=bait, resources=("r",),
    )
    book = Resource(id="r", title=bait, kind=ResourceKind.BOOK, url=paths[0], note=bait)
    curriculum = Curriculum(
        id="k", version="1", title=bait, stages=(stage,), concepts=(concept,), resources=(book,)
    )

    class Service:
        def __init__(self):
            self.curriculum = curriculum
        def note(self, kind, item_id):
            return images + "\\n\\n" + tags
        def stages_progress(self):
            return ()

    class Bridge:
        service = Service()

    app = QApplication([])

    def read_so_far():
        with open("/proc/self/io") as io:
            return next(int(l.split()[1]) for l in io if l.startswith("rchar:"))

    before = read_so_far()
    shown = []
    notes = NotesPane(Bridge())
    notes.set_item((ItemKind.TASK, "t"), "t")
    notes.tabs.setCurrentWidget(notes.preview)
    shown.append(notes)
    details = TaskDetails()
    details.show_task(task, TaskStatus.TODO, curriculum, "en")
    shown.append(details)
    concepts = ConceptListModel(curriculum, "en")
    concepts.set_stage(curriculum, stage)
    panel = ConceptPanel(concepts, lambda: curriculum, "en")
    panel.set_stage(stage)
    panel.show_concept("c")
    shown.append(panel)
    guide = ConceptPanel(concepts, lambda: curriculum, "en")
    guide.set_stage(stage)
    guide.show_guide()
    shown.append(guide)
    for widget in shown:
        widget.resize(600, 400)
        widget.show()
        widget.grab()
    tips = [concepts.index(0, 0).data(3)]
    stages = StageListModel(Service(), "en")
    tips.append(stages.index(0, 0).data(3))
    tips.append(notes.heading.toolTip())
    for tip in tips:
        QToolTip.showText(QPoint(10, 10), tip)
        app.processEvents()
        for widget in app.topLevelWidgets():
            if widget.objectName() == "qtooltip_label" and widget.isVisible():
                widget.grab()
    app.processEvents()
    print(json.dumps({
        "read": read_so_far() - before,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "tips": tips,
    }))
    """
)


def test_views_load_no_file_named_by_text(tmp_path: Path) -> None:
    """A note and curriculum texts naming /dev/zero, a FIFO and a 4 MiB image: every view is
    shown, nothing of those files is read and memory stays bounded."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    image = tmp_path / "big.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4 << 20))
    paths = [str(image), str(fifo), "/dev/zero", image.as_uri()]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(paths)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["read"] < 1 << 20, report["read"]  # the image alone is 4 MiB
    assert report["peak_kib"] < 600 * 1024
    # the tooltips show the text itself, never an image
    for tip in report["tips"]:
        assert "<img" not in tip
