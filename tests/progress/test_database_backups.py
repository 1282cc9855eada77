"""Backups of the whole database: made with the backup API, rotated, restored (reversibly),
consistent while another process writes; and the database check."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sample_curriculum import FakeClock

from tracker.curriculum.model import Curriculum
from tracker.progress import backups
from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService
from tracker.storage import backups as stored
from tracker.storage import db_check

HERE = Path(__file__).parent


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def _statuses(path: Path) -> dict[str, str]:
    connection = sqlite3.connect(path)
    try:
        return dict(connection.execute("SELECT task_id, status FROM task_states").fetchall())
    finally:
        connection.close()


def test_a_backup_is_one_self_contained_file_in_backups_beside_the_database(
    service: ProgressService, clock: FakeClock
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    service.set_status(task, TaskStatus.DONE)
    written = backups.take_backup(service.database_path, "manual", clock())
    assert written.parent == service.database_path.parent / "backups"
    assert written.name.startswith("learnpath-20300301T12") and written.name.endswith(
        "-manual.sqlite3"
    )
    # Rollback journal, no -wal/-shm beside it: the file alone is the whole backup.
    assert sorted(p.name for p in written.parent.iterdir()) == [written.name]
    connection = sqlite3.connect(written)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        connection.close()
    assert _integrity(written) == "ok"
    assert _statuses(written) == {task: "done"}
    listed = backups.backups(service.database_path, contents=True)
    assert [(b.file, b.reason, b.bytes) for b in listed] == [
        (written, "manual", written.stat().st_size)
    ]
    assert [(p.name, p.states, p.notes, p.plans) for p in listed[0].profiles] == [
        ("default", 1, 0, 0)
    ]


def test_restore_round_trip_and_the_restore_itself_is_reversible(
    service: ProgressService, clock: FakeClock
) -> None:
    first, second = [t.id for t in service.curriculum.tasks()][:2]
    service.set_status(first, TaskStatus.DONE)
    saved = backups.take_backup(service.database_path, "manual", clock())
    service.set_status(second, TaskStatus.SKIPPED)
    service.set_note(ItemKind.TASK, first, "written after the backup")
    service.close()
    database = service.database_path

    clock.advance(minutes=1)
    before = backups.restore(database, saved, clock())
    assert _statuses(database) == {first: "done"}
    assert _integrity(database) == "ok"
    assert before is not None and before.name.endswith("-restore.sqlite3")
    assert _statuses(before) == {first: "done", second: "skipped"}

    # Undo the restore by restoring the backup it took first.
    clock.advance(minutes=1)
    backups.restore(database, before, clock())
    assert _statuses(database) == {first: "done", second: "skipped"}
    reopened = ProgressService.open(database.parent, service.curriculum, clock=clock)
    try:
        assert reopened.note(ItemKind.TASK, first) == "written after the backup"
    finally:
        reopened.close()


def test_restore_of_the_oldest_recent_backup_is_not_rotated_away_before_the_copy(
    service: ProgressService, clock: FakeClock
) -> None:
    # Ten backups today; the learner restores the oldest of them. The backup taken before the
    # restore pushes it out of the newest ten: thinning out must not delete it before it is read.
    task = next(iter(service.curriculum.tasks())).id
    service.set_status(task, TaskStatus.DONE)
    wanted = backups.take_backup(service.database_path, "close", clock())
    service.set_status(task, TaskStatus.SKIPPED)
    for _ in range(9):
        clock.advance(minutes=5)
        backups.take_backup(service.database_path, "close", clock())
    assert wanted in {b.file for b in backups.backups(service.database_path)}

    clock.advance(minutes=5)
    backups.restore(service.database_path, wanted, clock())
    assert _statuses(service.database_path) == {task: "done"}


def test_restore_into_a_window_that_stays_open_shows_the_restored_data(
    service: ProgressService, clock: FakeClock
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    saved = backups.take_backup(service.database_path, "manual", clock())
    service.set_status(task, TaskStatus.DONE)
    backups.restore(service.database_path, saved, clock())
    assert service.task_state(task).status is TaskStatus.TODO
    service.set_status(task, TaskStatus.IN_PROGRESS)  # and it still writes
    assert _statuses(service.database_path) == {task: "in_progress"}


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(
    service: ProgressService, clock: FakeClock, tmp_path: Path
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    service.set_status(task, TaskStatus.DONE)
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello", encoding="utf-8")
    with pytest.raises(backups.StorageError, match="not a LearnPath backup"):
        backups.restore(service.database_path, bogus, clock())
    assert _statuses(service.database_path) == {task: "done"}
    assert backups.backups(service.database_path) == []


def test_a_damaged_backup_is_refused_in_one_line_that_fits_a_backup(
    service: ProgressService, clock: FakeClock, tmp_path: Path
) -> None:
    saved = backups.take_backup(service.database_path, "manual", clock())
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2 + 100])
    loose = tmp_path / "free-list.sqlite3"
    loose.write_bytes(saved.read_bytes())
    connection = sqlite3.connect(loose)
    try:
        connection.execute("CREATE TABLE pad (x)")
        connection.executemany("INSERT INTO pad VALUES (zeroblob(2000))", [()] * 20)
        connection.commit()
        connection.execute("DROP TABLE pad")
        connection.commit()
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    finally:
        connection.close()
    data = bytearray(loose.read_bytes())
    trunk = int.from_bytes(data[32:36], "big")
    data[(trunk - 1) * size : trunk * size] = b"\xff" * size
    loose.write_bytes(bytes(data))

    for bad in (truncated, loose):
        with pytest.raises(backups.StorageError) as refused:
            backups.restore(service.database_path, bad, clock())
        message = str(refused.value)
        assert message.startswith(f"{bad} is damaged (")
        assert message.endswith("); it cannot be restored")
        assert "\n" not in message and "***" not in message


def test_a_backup_gone_before_the_copy_is_named_not_the_database(
    service: ProgressService, clock: FakeClock
) -> None:
    # Removed (by hand, or another window's rotation) after it was checked.
    saved = backups.take_backup(service.database_path, "manual", clock())
    saved.unlink()
    with pytest.raises(backups.StorageError) as refused:
        stored.copy_into(saved, service.database_path)
    assert str(saved) in str(refused.value)
    assert str(service.database_path) not in str(refused.value)


def test_a_damaged_file_in_the_list_is_said_to_be_damaged_in_words_that_fit_a_backup(
    service: ProgressService, clock: FakeClock
) -> None:
    folder = stored.folder_of(service.database_path)
    folder.mkdir()
    junk = folder / stored._name(clock(), "close")
    junk.write_bytes(b"not a database at all" * 100)
    (listed,) = backups.backups(service.database_path, contents=True)
    assert listed.problem == f"{junk} is damaged (file is not a database)"


def test_a_backup_taken_while_another_process_writes_passes_integrity_check(
    service: ProgressService, clock: FakeClock
) -> None:
    database = service.database_path
    service.close()
    child = subprocess.Popen(
        [sys.executable, str(HERE / "child_writer.py"), str(database.parent), "kill"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        written = []
        for _ in range(5):
            for _ in range(20):  # let some commits land between two backups
                assert child.stdout.readline()
            clock.advance(hours=1)
            written.append(stored.create_backup(database, "timer", clock()))
    finally:
        child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()
    for copy in written:
        assert _integrity(copy) == "ok"
        assert stored.read_contents(copy)[0].states > 0


def test_no_room_for_a_backup_is_said_plainly_and_nothing_is_left_behind(
    service: ProgressService, clock: FakeClock
) -> None:
    with pytest.raises(backups.BackupSpaceError, match=r"not enough free space in .*backups"):
        stored.create_backup(service.database_path, "close", clock(), free_space=lambda _: 1024)
    assert list((service.database_path.parent / "backups").iterdir()) == []


def _fake_backup(folder: Path, moment: datetime, reason: str = "close") -> None:
    (folder / stored._name(moment, reason)).write_bytes(b"x")


def test_rotation_keeps_the_promised_set_with_an_injected_clock(tmp_path: Path) -> None:
    """Two backups a day for 500 days (a close and a timer one), rotated after each: what stays
    is the newest 10, the newest of each of the last 7 days, 4 weeks and 12 months, and the
    newest 5 taken before an import, restore or upgrade."""
    database = tmp_path / "learnpath.sqlite3"
    folder = stored.folder_of(database)
    folder.mkdir()
    start = datetime(2029, 1, 1, 9, 0, tzinfo=UTC)
    for day in range(500):
        morning = start + timedelta(days=day)
        _fake_backup(folder, morning, "import" if day % 50 == 0 else "timer")
        _fake_backup(folder, morning + timedelta(hours=9), "close")
        stored.rotate(database)
    kept = stored.list_backups(database)
    moments = [b.created_at for b in kept]
    last = start + timedelta(days=499, hours=9)
    # the newest of each of the last 7 days
    for back in range(7):
        assert last - timedelta(days=back) in moments
    # the newest of each of the last 4 ISO weeks and 12 months
    weeks = {m.isocalendar()[:2] for m in moments}
    months = {(m.year, m.month) for m in moments}
    assert len(weeks) >= 4 and len(months) >= 12
    newest_month = (last.year, last.month)
    assert newest_month in months
    for month in sorted(months)[-12:]:
        in_month = [m for m in moments if (m.year, m.month) == month]
        closes = [
            start + timedelta(days=d, hours=9)
            for d in range(500)
            if ((start + timedelta(days=d)).year, (start + timedelta(days=d)).month) == month
        ]
        assert max(closes) in in_month  # the month's newest is the one kept
    # the newest 5 safety backups (imports every 50th day)
    imports = [b.created_at for b in kept if b.reason == "import"]
    assert imports == [start + timedelta(days=d) for d in (450, 400, 350, 300, 250)]
    # and nothing else: the set is bounded
    assert len(kept) <= 10 + 7 + 4 + 12 + 5
    assert len(kept) == len(stored.to_keep(kept))


def test_a_backups_folder_that_cannot_be_written_is_named_in_one_message(
    service: ProgressService, clock: FakeClock
) -> None:
    # The copy cannot be created and its leftover cannot be removed (as on a read-only mount,
    # where even unlinking a missing file fails): the message names the folder, not the
    # database, and no OSError from the clean-up escapes.
    database = service.database_path
    folder = stored.folder_of(database)
    folder.mkdir()
    now = clock()
    (folder / f".{stored._name(now, 'manual')}.partial").mkdir()
    with pytest.raises(backups.StorageError) as raised:
        backups.take_backup(database, "manual", now)
    assert str(raised.value) == (
        f"cannot write a backup in {folder}: the folder is read-only or not accessible; "
        "nothing was written"
    )
    assert backups.backups(database) == []


def test_rotation_never_deletes_files_it_did_not_make(tmp_path: Path) -> None:
    database = tmp_path / "learnpath.sqlite3"
    folder = stored.folder_of(database)
    folder.mkdir()
    start = datetime(2029, 1, 1, 9, 0, tzinfo=UTC)
    foreign = [
        stored._name(start + timedelta(days=day), "close").replace("-close", "-mine")
        for day in range(60)
    ]
    foreign += ["notes.txt", "learnpath-20291399T000000000000Z-close.sqlite3"]
    foreign.append(stored._name(start, "close") + ".bak")
    for name in foreign:
        (folder / name).write_bytes(b"mine")
    for day in range(60):
        _fake_backup(folder, start + timedelta(days=day))
    stored.rotate(database)
    left = {p.name for p in folder.iterdir()}
    assert set(foreign) <= left
    assert len(left - set(foreign)) == len(stored.to_keep(stored.list_backups(database)))


def test_due_once_the_newest_backup_is_older_than_the_interval(
    service: ProgressService, clock: FakeClock
) -> None:
    database = service.database_path
    assert backups.due(database, clock())
    backups.take_backup(database, "timer", clock())
    clock.advance(hours=3)
    assert not backups.due(database, clock())
    clock.advance(hours=1, seconds=1)
    assert backups.due(database, clock())


def test_a_backup_dated_in_the_future_does_not_stop_the_automatic_ones(
    service: ProgressService, clock: FakeClock
) -> None:
    # Made while the computer's clock was years ahead; the clock has since been put right.
    database = service.database_path
    backups.take_backup(database, "close", clock() + timedelta(days=3 * 365))
    assert backups.due(database, clock())
    backups.take_backup(database, "timer", clock())
    clock.advance(hours=1)
    assert not backups.due(database, clock())
    clock.advance(hours=4)
    assert backups.due(database, clock())


def test_check_reports_a_healthy_database_in_one_verdict(
    service: ProgressService, curriculum: Curriculum
) -> None:
    task = next(iter(curriculum.tasks())).id
    service.set_status(task, TaskStatus.DONE)
    result = backups.check(service.database_path, curriculum)
    assert result.healthy and result.orphans == 0
    assert result.verdict().endswith(": ok (integrity, foreign keys and every row checked)")


def test_check_finds_rows_it_cannot_understand_and_dangling_rows_and_counts_orphans(
    service: ProgressService, curriculum: Curriculum
) -> None:
    task = next(iter(curriculum.tasks())).id
    service.set_status(task, TaskStatus.DONE)
    service.close()
    connection = sqlite3.connect(service.database_path)
    with connection:
        connection.execute("UPDATE task_states SET changed_at = 'yesterday'")
        connection.execute("UPDATE events SET kind = 'teleport'")
        connection.execute(
            "INSERT INTO task_states VALUES (99, ?, 'x', 'done', '2030-01-01T00:00:00+00:00', "
            "NULL, NULL)",
            (curriculum.id,),
        )
    connection.close()
    result = backups.check(service.database_path, curriculum)
    assert not result.healthy
    text = "\n".join(result.problems)
    assert "1 row(s) in task_states belong to a profile that does not exist" in text
    assert "unknown kind 'teleport'" in text
    assert "task_states have a changed_at that is not a timestamp" in text
    assert result.verdict().endswith("3 problems found")

    connection = sqlite3.connect(service.database_path)
    with connection:
        connection.execute("DELETE FROM task_states WHERE profile_id = 99")
        connection.execute("UPDATE task_states SET changed_at = '2030-01-01T00:00:00+00:00'")
        connection.execute("UPDATE events SET kind = 'status'")
        connection.execute(
            "INSERT INTO notes VALUES (1, ?, 'task', 'gone-task', 'kept', "
            "'2030-01-01T00:00:00+00:00')",
            (curriculum.id,),
        )
    connection.close()
    result = backups.check(service.database_path, curriculum)
    assert result.healthy and result.orphans == 1
    assert "1 row kept for ids no longer in the curriculum" in result.verdict()


def test_check_of_a_damaged_database_gives_one_line_per_problem(
    service: ProgressService, tmp_path: Path
) -> None:
    service.close()
    damaged = tmp_path / "damaged" / "learnpath.sqlite3"
    damaged.parent.mkdir()
    source = sqlite3.connect(service.database_path)
    try:
        copy = sqlite3.connect(damaged)
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        copy.execute("CREATE TABLE pad (x)")  # pages that become free when it is dropped
        copy.executemany("INSERT INTO pad VALUES (zeroblob(2000))", [()] * 20)
        copy.commit()
        copy.execute("DROP TABLE pad")
        copy.commit()
        size = copy.execute("PRAGMA page_size").fetchone()[0]
        copy.close()
    finally:
        source.close()
    data = bytearray(damaged.read_bytes())
    trunk = int.from_bytes(data[32:36], "big")  # the header's first free-list page
    assert trunk > 1
    data[(trunk - 1) * size : trunk * size] = b"\xff" * size
    damaged.write_bytes(bytes(data))

    problems = db_check.check_database(damaged, statuses=(), event_kinds=(), item_kinds=())
    assert len(problems) > 1
    for problem in problems:
        assert "\n" not in problem and problem.startswith(f"{damaged}: integrity: ")
    assert not any("***" in problem for problem in problems)


def test_restore_over_a_damaged_database_keeps_the_damaged_file_aside(
    service: ProgressService, clock: FakeClock
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    service.set_status(task, TaskStatus.DONE)
    saved = backups.take_backup(service.database_path, "manual", clock())
    service.close()
    database = service.database_path
    database.write_bytes(b"this is no longer a database" * 100)
    kept = backups.restore(database, saved, clock())
    assert kept is not None and ".broken-" in kept.name
    assert kept.read_bytes().startswith(b"this is no longer")
    assert _statuses(database) == {task: "done"} and _integrity(database) == "ok"


def test_restore_over_a_zero_byte_database_keeps_it_aside_and_makes_no_empty_backup(
    service: ProgressService, clock: FakeClock
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    service.set_status(task, TaskStatus.DONE)
    saved = backups.take_backup(service.database_path, "manual", clock())
    service.close()
    database = service.database_path
    database.write_bytes(b"")
    clock.advance(minutes=1)
    kept = backups.restore(database, saved, clock())
    assert kept is not None and ".broken-" in kept.name and kept.stat().st_size == 0
    assert [b.file for b in backups.backups(database)] == [saved]
    assert _statuses(database) == {task: "done"}


def test_restore_into_an_empty_folder(
    service: ProgressService, clock: FakeClock, tmp_path: Path
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    service.set_status(task, TaskStatus.DONE)
    saved = backups.take_backup(service.database_path, "manual", clock())
    elsewhere = tmp_path / "elsewhere" / "learnpath.sqlite3"
    elsewhere.parent.mkdir()
    assert backups.restore(elsewhere, saved, clock()) is None
    assert _statuses(elsewhere) == {task: "done"}
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == ["learnpath.sqlite3"]


def test_restore_into_an_empty_folder_that_another_process_fills_meanwhile(
    service: ProgressService, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    service.set_status(task, TaskStatus.DONE)
    saved = backups.take_backup(service.database_path, "manual", clock())
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere = folder / "learnpath.sqlite3"
    others: list[ProgressService] = []
    synced = stored.sync_file

    def another_process_starts(target: Path) -> None:
        # While the copy is being made, a command started on the same folder makes the
        # database and keeps it open.
        if target.name.startswith(".") and not others:
            others.append(ProgressService.open(folder, service.curriculum, clock=clock))
            others[0].set_status(task, TaskStatus.SKIPPED)
        synced(target)

    monkeypatch.setattr(stored, "sync_file", another_process_starts)
    try:
        backups.restore(elsewhere, saved, clock())
        assert others, "the other process did not start"
        # It writes to the file that now holds the restore, not to one renamed away.
        assert others[0].task_state(task).status is TaskStatus.DONE
        others[0].set_status(task, TaskStatus.IN_PROGRESS)
        assert _statuses(elsewhere) == {task: "in_progress"}
    finally:
        for other in others:
            other.close()
    assert _integrity(elsewhere) == "ok"
    assert sorted(p.name for p in folder.iterdir()) == ["learnpath.sqlite3"]


def test_restore_through_a_link_to_a_missing_drive_is_refused_and_the_link_kept(
    service: ProgressService, clock: FakeClock, tmp_path: Path
) -> None:
    saved = backups.take_backup(service.database_path, "manual", clock())
    folder = tmp_path / "linked"
    folder.mkdir()
    database = folder / "learnpath.sqlite3"
    missing = tmp_path / "not-mounted" / "learnpath.sqlite3"
    database.symlink_to(missing)
    with pytest.raises(backups.StorageError, match="which is missing") as refused:
        backups.restore(database, saved, clock())
    assert str(missing) in str(refused.value)
    assert database.is_symlink() and sorted(p.name for p in folder.iterdir()) == [database.name]


def test_an_import_whose_backup_finds_no_room_imports_nothing(
    service: ProgressService, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.progress.import_plan import ImportMode, import_backup

    task = next(iter(service.curriculum.tasks())).id
    service.set_status(task, TaskStatus.DONE)
    incoming = service.backup()
    service.set_status(task, TaskStatus.SKIPPED)

    class Full:
        free = 0

    monkeypatch.setattr(stored.shutil, "disk_usage", lambda _folder: Full())
    with pytest.raises(backups.BackupSpaceError, match="not enough free space"):
        import_backup(service, incoming, None, ImportMode.REPLACE, clock())
    assert service.task_state(task).status is TaskStatus.SKIPPED
    assert backups.backups(service.database_path) == []


def test_restore_of_a_backup_with_another_page_size(
    service: ProgressService, clock: FakeClock
) -> None:
    # A backup rebuilt elsewhere (VACUUM by a tool, another SQLite build) may have another page
    # size; the backup API cannot write it over a WAL database as it is ("readonly database").
    task = next(iter(service.curriculum.tasks())).id
    service.set_status(task, TaskStatus.DONE)
    saved = backups.take_backup(service.database_path, "manual", clock())
    connection = sqlite3.connect(saved)
    try:
        connection.execute("PRAGMA page_size=8192")
        connection.execute("VACUUM")
        assert connection.execute("PRAGMA page_size").fetchone()[0] == 8192
    finally:
        connection.close()
    service.set_status(task, TaskStatus.SKIPPED)

    clock.advance(minutes=1)
    backups.restore(service.database_path, saved, clock())
    assert _statuses(service.database_path) == {task: "done"}
    assert _integrity(service.database_path) == "ok"
    assert service.task_state(task).status is TaskStatus.DONE
    assert list(service.database_path.parent.glob(".*")) == []  # no scratch copy left behind


def test_restore_while_another_program_holds_the_write_lock_gives_up_with_a_message(
    service: ProgressService, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    task = next(iter(service.curriculum.tasks())).id
    saved = backups.take_backup(service.database_path, "manual", clock())
    service.set_status(task, TaskStatus.DONE)
    monkeypatch.setattr(stored, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(service.database_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    # Released after a while so that a restore that keeps waiting ends (and fails the test).
    release = threading.Timer(8.0, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        clock.advance(minutes=1)
        with pytest.raises(backups.StorageError, match="locked by another program"):
            backups.restore(service.database_path, saved, clock())
    finally:
        release.cancel()
        release.join()
        if holder.in_transaction:
            holder.execute("COMMIT")
        holder.close()
    assert _statuses(service.database_path) == {task: "done"}
