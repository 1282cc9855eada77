"""The one durable write: synced temporary file in the target's folder, rename, folder synced;
a failure leaves the old file as it was and no temporary file behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tracker import fsutil


@pytest.fixture
def synced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every ``os.fsync`` as (kind, path): what was synced, a file or a folder."""
    calls: list[tuple[str, str]] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        calls.append((kind, os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    return calls


def test_write_syncs_the_new_file_then_the_folder_after_the_rename(
    tmp_path: Path, synced: list[tuple[str, str]]
) -> None:
    target = tmp_path / "notes.json"
    fsutil.write_atomic(target, b"new")

    assert target.read_bytes() == b"new"
    assert [kind for kind, _ in synced] == ["file", "folder"]
    assert Path(synced[0][1]).parent == tmp_path  # the temporary file, beside the target
    assert Path(synced[1][1]) == tmp_path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.json"]


def test_a_failure_while_writing_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path,
) -> None:
    target = tmp_path / "summary.md"
    target.write_bytes(b"old")

    with pytest.raises(RuntimeError), fsutil.atomic_writer(target) as stream:
        stream.write(b"half of the new")
        raise RuntimeError("disk pulled")

    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "summary.md"
    target.write_bytes(b"old")

    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        fsutil.write_atomic(target, b"new")

    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]


def test_an_existing_file_keeps_its_permissions_and_a_new_one_gets_the_usual(
    tmp_path: Path,
) -> None:
    kept = tmp_path / "private.json"
    kept.write_bytes(b"old")
    kept.chmod(0o600)
    fresh = tmp_path / "fresh.json"
    mask = os.umask(0o022)
    os.umask(mask)

    fsutil.write_atomic(kept, b"new")
    fsutil.write_atomic(fresh, b"new")

    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask


def test_a_cache_write_is_atomic_without_syncing(
    tmp_path: Path, synced: list[tuple[str, str]]
) -> None:
    target = tmp_path / "entry.pickle"
    with fsutil.atomic_writer(target, durable=False) as stream:
        stream.write(b"cached")

    assert target.read_bytes() == b"cached"
    assert synced == []


def test_replace_durably_syncs_the_file_before_and_the_folder_after_the_rename(
    tmp_path: Path, synced: list[tuple[str, str]]
) -> None:
    partial = tmp_path / ".copy.partial"
    partial.write_bytes(b"copy")
    target = tmp_path / "copy.sqlite3"

    fsutil.replace_durably(partial, target)

    assert synced == [("file", str(partial)), ("folder", str(tmp_path))]
    assert target.read_bytes() == b"copy" and not partial.exists()


def test_an_export_syncs_the_folder_after_its_rename(
    tmp_path: Path, synced: list[tuple[str, str]]
) -> None:
    from tracker.reports.formats import write_atomic

    write_atomic(tmp_path / "summary.csv", b"a,b\n")

    assert [kind for kind, _ in synced] == ["file", "folder"]
    assert Path(synced[1][1]) == tmp_path
