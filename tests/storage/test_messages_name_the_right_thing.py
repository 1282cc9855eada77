"""Storage messages say what is really wrong: a full disk that SQLite reports as an I/O error, an
empty or damaged schema version table (not "already exists", not "a newer version"), and a
failed first start that names the learner's file, never the temporary one, and leaves no copy."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
import real_sqlite_errors

from tracker.storage import fileguard
from tracker.storage.database import open_database
from tracker.storage.errors import DamagedDatabaseError, NewerSchemaError, StorageError
from tracker.storage.sqlite_faults import sqlite_error

REPO = Path(__file__).resolve().parents[2]
CURRICULUM = REPO / "curriculum" / "llm-engineer"


class _Usage(NamedTuple):
    total: int
    used: int
    free: int


def test_an_io_error_on_a_nearly_full_disk_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "learnpath.sqlite3"
    error = sqlite_error("disk I/O error", "SQLITE_IOERR")
    assert "disk I/O error" in str(fileguard.describe_sqlite_error(path, error))
    monkeypatch.setattr(shutil, "disk_usage", lambda _folder: _Usage(10**9, 10**9, 20 * 1024))
    message = str(fileguard.describe_sqlite_error(path, error))
    assert message == f"cannot save to {path}: the disk is full"


def _with_versions(path: Path, *versions: str) -> None:
    open_database(path).close()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DELETE FROM alembic_version")
        connection.executemany(
            "INSERT INTO alembic_version VALUES (?)", [(version,) for version in versions]
        )
    connection.close()


def test_an_empty_version_table_is_reported_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    _with_versions(path)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(path)
    message = str(caught.value)
    assert "damaged schema version table" in message and "already exists" not in message
    assert str(path) in message


@pytest.mark.parametrize("versions", [("garbage",), ("0003", "0002"), ("",)])
def test_a_damaged_version_table_is_not_called_newer(
    tmp_path: Path, versions: tuple[str, ...]
) -> None:
    path = tmp_path / "learnpath.sqlite3"
    _with_versions(path, *versions)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(path)
    assert "newer" not in str(caught.value)
    assert "damaged schema version table" in str(caught.value)


def test_a_real_newer_revision_is_still_called_newer(tmp_path: Path) -> None:
    path = tmp_path / "learnpath.sqlite3"
    _with_versions(path, "0099")
    with pytest.raises(NewerSchemaError):
        open_database(path)


def _enospc(strace: str) -> list[str]:
    """strace failing every page write with "no space left on device"."""
    return [strace, "-f", "-qq", "-o", "/dev/null", "-e", "trace=pwrite64", "-e", _INJECT]


_INJECT = "inject=pwrite64:error=ENOSPC"


def test_a_first_start_on_a_full_disk_names_the_file_and_leaves_nothing(tmp_path: Path) -> None:
    strace = shutil.which("strace")
    assert strace, "strace is needed (apt-get install strace)"
    data = tmp_path / "data"
    command = [sys.executable, "-m", "tracker", "--data-dir", str(data)]
    result = subprocess.run(
        [*_enospc(strace), *command, "--curriculum", str(CURRICULUM), "status"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert (
        result.stderr
        == f"learnpath: cannot save to {data / 'learnpath.sqlite3'}: the disk is full\n"
    )
    assert "creating" not in result.stderr
    assert list(data.iterdir()) == []


def test_a_failed_creation_raises_a_storage_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.storage import migrate

    def full(partial: Path, revision: str = "head") -> None:
        partial.write_bytes(b"")
        raise fileguard.describe_sqlite_error(partial, real_sqlite_errors.disk_full())

    monkeypatch.setattr(migrate, "upgrade", full)
    path = tmp_path / "learnpath.sqlite3"
    with pytest.raises(StorageError) as caught:
        migrate.ensure_schema(path)
    assert str(caught.value) == f"cannot save to {path}: the disk is full"
    assert list(tmp_path.iterdir()) == []
