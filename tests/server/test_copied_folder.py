"""A copied data folder carries the original's device id: the server knows where the device's
folder lives (a digest of the machine and the database file), so the copy is noticed at its first
sync and takes a device id of its own, with a one-line notice; both copies then see each other's
changes. A folder moved on the same disk is the same file and keeps its id."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.server.conftest import CohortServer
from tests.server.helpers import CID, folder, learner_data, pid, sync_folder
from tracker.cli import main
from tracker.progress.records import TaskStatus
from tracker.storage import sync_device
from tracker.sync import run

T0 = datetime(2030, 5, 1, 9, 0, tzinfo=UTC)


def _tick(path: Path, task: str) -> None:
    store = folder(path)
    store.set_status(pid(store), CID, task, TaskStatus.DONE, T0)
    store.close()


def _device(path: Path) -> str:
    store = folder(path)
    try:
        return sync_device.device_id(store.database)
    finally:
        store.close()


def _states(path: Path) -> set[str]:
    return {t for _c, t, _s in learner_data(path)["states"]}


def test_a_copy_gets_its_own_device_at_its_first_sync(
    tmp_path: Path, cohort_server: CohortServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = cohort_server["alice"].url
    original, copy = tmp_path / "original", tmp_path / "copy"
    _tick(original, "ai-history-three-periods")
    assert sync_folder(original, url).new_device is False
    shutil.copytree(original, copy)
    assert _device(copy) == _device(original)
    _tick(copy, "large-model-basic-concepts")
    _tick(original, "ml-loss-and-gradient-descent")

    code = main(["--data-dir", str(copy), "--user", "learner", "sync", "--server", url])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == run.COPY_NOTICE + "\n"
    assert out.startswith("pushed 1, ")  # only the change made in the copy
    assert _device(copy) != _device(original)
    assert sync_folder(original, url).new_device is False  # the original keeps its id
    sync_folder(copy, url)
    assert _states(original) == {
        "ai-history-three-periods",
        "large-model-basic-concepts",
        "ml-loss-and-gradient-descent",
    }
    assert _states(copy) == _states(original)
    # From then on each syncs as itself: no notice, nothing more to move.
    for path in (original, copy):
        again = sync_folder(path, url)
        assert (again.new_device, again.pushed, again.pulled) == (False, 0, 0)


def test_a_copy_made_before_any_sync_is_noticed_too(
    tmp_path: Path, cohort_server: CohortServer
) -> None:
    url = cohort_server["alice"].url
    original, copy = tmp_path / "original", tmp_path / "copy"
    _tick(original, "ai-history-three-periods")
    shutil.copytree(original, copy)
    _tick(copy, "large-model-basic-concepts")
    first = sync_folder(copy, url)  # the copy happens to sync first: it claims the device id
    assert first.new_device is False
    second = sync_folder(original, url)
    assert second.new_device is True  # the other folder under that id takes a new one
    sync_folder(copy, url)
    assert _device(copy) != _device(original)
    assert (
        _states(copy)
        == _states(original)
        == {
            "ai-history-three-periods",
            "large-model-basic-concepts",
        }
    )
    # The tick both folders held from before the copy is one event on the server, not two.
    events = learner_data(copy)["events"]
    assert len(events) == len({e[0] for e in events}) == 2


def test_a_moved_folder_keeps_its_device(tmp_path: Path, cohort_server: CohortServer) -> None:
    url = cohort_server["alice"].url
    before, after = tmp_path / "before", tmp_path / "after"
    _tick(before, "ai-history-three-periods")
    sync_folder(before, url)
    device = _device(before)
    before.rename(after)  # the same file (same inode), at another path
    result = sync_folder(after, url)
    assert (result.new_device, result.pushed, result.pulled) == (False, 0, 0)
    assert _device(after) == device


def test_the_fingerprint_tells_a_copy_from_the_file_itself(tmp_path: Path) -> None:
    original, copy = tmp_path / "original", tmp_path / "copy"
    _tick(original, "ai-history-three-periods")
    shutil.copytree(original, copy)
    a, b = folder(original), folder(copy)
    try:
        assert sync_device.fingerprint(a.database) == sync_device.fingerprint(a.database)
        assert sync_device.fingerprint(a.database) != sync_device.fingerprint(b.database)
    finally:
        a.close()
        b.close()
