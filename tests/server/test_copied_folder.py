"""A copied data folder carries the original's device id: it is refused until it gets its own
(``learnpath sync --new-device``), after which both copies see each other's changes."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.server.conftest import CohortServer
from tests.server.helpers import CID, folder, learner_data, pid, whole_file
from tracker.cli import main
from tracker.progress.records import TaskStatus
from tracker.sync import run

T0 = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)


def _sync(path: Path, url: str) -> run.SyncResult:
    store = folder(path)
    try:
        return run.sync(store.database, pid(store), url)
    finally:
        store.close()


def _tick(path: Path, task: str) -> None:
    store = folder(path)
    store.set_status(pid(store), CID, task, TaskStatus.DONE, T0)
    store.close()


def test_a_copy_is_refused_then_gets_its_own_device(
    tmp_path: Path, cohort_server: CohortServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = cohort_server["alice"].url
    original, copy = tmp_path / "original", tmp_path / "copy"
    _tick(original, "ai-history-three-periods")
    _sync(original, url)
    shutil.copytree(original, copy)
    _tick(copy, "large-model-basic-concepts")
    _tick(original, "ml-loss-and-gradient-descent")

    before = whole_file(copy)
    cli = ["--data-dir", str(copy), "--user", "learner", "sync", "--server", url]
    code = main(cli)
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "copied or moved" in err and "--new-device" in err
    assert whole_file(copy) == before  # nothing pushed, nothing changed

    code = main([*cli, "--new-device"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("pushed 1, ")  # only the change made in the copy
    _sync(original, url)
    _sync(copy, url)
    states = {t for _c, t, _s in learner_data(original)["states"]}
    assert states == {
        "ai-history-three-periods",
        "large-model-basic-concepts",
        "ml-loss-and-gradient-descent",
    }
    assert learner_data(copy)["states"] == learner_data(original)["states"]
    # The original keeps syncing as before.
    assert _sync(original, url).pushed == 0
