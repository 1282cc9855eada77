"""``ProgressService.open(..., lazy=True)``: the first screen from a snapshot, the store later.

What the snapshot answers equals what the store answers; a change made before
``finish_opening`` opens the store at once and is committed; two services on one file lose
nothing; anything the snapshot cannot serve (a new, old or damaged database) takes the eager path.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sample_curriculum import FakeClock, make_curriculum

from tracker.curriculum.model import Curriculum
from tracker.progress.errors import RemovedProfileError
from tracker.progress.records import ItemKind, TaskStatus
from tracker.progress.service import ProgressService
from tracker.storage.errors import DamagedDatabaseError, NewerSchemaError
from tracker.storage.migrate import HEAD, REVISIONS, upgrade


def _seed(data_dir: Path, curriculum: Curriculum, clock: FakeClock) -> None:
    service = ProgressService.open(data_dir, curriculum, clock=clock)
    try:
        service.set_status("tokenize", TaskStatus.DONE)
        service.set_status("attention", TaskStatus.IN_PROGRESS)
        service.set_status("rerank", TaskStatus.SKIPPED)
        service.set_target_date("basics", date(2030, 4, 1))
        service.set_note(ItemKind.STAGE, "basics", "#include <vector>")
        service.add_profile("second")
    finally:
        service.close()


def _everything(service: ProgressService) -> tuple[object, ...]:
    return (
        service.profile,
        service.profiles(),
        service.task_states(),
        service.task_state("tokenize"),
        service.task_state("not-in-the-curriculum"),
        service.overall(),
        service.stages_progress(),
        service.stage_progress("practice"),
        service.target_date("basics"),
        service.target_date("practice"),
        service.note(ItemKind.STAGE, "basics"),
        service.note(ItemKind.TASK, "tokenize"),
        service.can_undo(),
        service.can_redo(),
    )


@pytest.fixture
def seeded(tmp_path: Path, curriculum: Curriculum, clock: FakeClock) -> Path:
    _seed(tmp_path, curriculum, clock)
    return tmp_path


def test_the_snapshot_answers_as_the_store(
    seeded: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    lazy = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    try:
        assert not lazy.store_open
        from_snapshot = _everything(lazy)
        assert not lazy.store_open  # every read of the first screen came from the snapshot
        lazy.finish_opening()
        assert lazy.store_open
        from_store = _everything(lazy)
    finally:
        lazy.close()
    eager = ProgressService.open(seeded, curriculum, clock=clock)
    try:
        assert from_snapshot == from_store == _everything(eager)
    finally:
        eager.close()
    assert from_snapshot[2]["tokenize"].status is TaskStatus.DONE  # type: ignore[index]


def test_a_tick_before_finish_opening_is_committed(
    seeded: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    service = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    try:
        assert service.overall().done == 1
        change = service.set_status("softmax", TaskStatus.DONE)
        assert service.store_open  # the first change opened the store, synchronously
        assert (change.old, change.new) == ("todo", "done")
        assert service.overall().done == 2
        assert service.task_state("softmax").status is TaskStatus.DONE
        service.finish_opening()  # nothing left to do
        assert service.can_undo()
    finally:
        service.close()
    connection = sqlite3.connect(seeded / "learnpath.sqlite3")
    try:
        row = connection.execute(
            "SELECT status FROM task_states WHERE task_id = 'softmax'"
        ).fetchone()
        assert row == ("done",)
    finally:
        connection.close()


def test_a_note_and_an_undo_before_finish_opening_work(
    seeded: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    service = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    try:
        assert service.set_note(ItemKind.TASK, "tokenize", "a<b>c 🎉") is not None
        assert service.note(ItemKind.TASK, "tokenize") == "a<b>c 🎉"
    finally:
        service.close()
    service = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    try:
        assert service.note(ItemKind.TASK, "tokenize") == "a<b>c 🎉"
        undone = service.undo()  # the plan change of the seed
        assert undone is not None and undone.item_id == "basics"
        assert service.target_date("basics") is None
    finally:
        service.close()


def test_two_lazy_services_on_one_file_lose_nothing(
    seeded: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    first = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    second = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    try:
        assert first.task_states() == second.task_states()
        first.set_status("softmax", TaskStatus.DONE)
        # The second one's snapshot is stale now: it reads the first one's tick from the store.
        assert second.task_state("softmax").status is TaskStatus.DONE
        assert second.store_open
        tasks = [task.id for task in curriculum.tasks()]
        expected: dict[str, TaskStatus] = {}
        statuses = list(TaskStatus)
        for n in range(60):
            service = first if n % 2 else second
            task, status = tasks[n % len(tasks)], statuses[n % len(statuses)]
            service.set_status(task, status)
            expected[task] = status
        for service in (first, second):
            states = service.task_states()
            assert {task: states[task].status for task in expected} == expected
            assert service.overall() == first.overall()
    finally:
        first.close()
        second.close()


def test_a_snapshot_made_stale_before_any_read_is_not_used(
    seeded: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    lazy = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    eager = ProgressService.open(seeded, curriculum, clock=clock)
    try:
        eager.set_status("build-index", TaskStatus.DONE)
        eager.set_target_date("practice", date(2030, 5, 1))
        assert lazy.overall().done == 2
        assert lazy.target_date("practice") == date(2030, 5, 1)
        assert lazy.store_open
    finally:
        lazy.close()
        eager.close()


def test_the_profile_removed_meanwhile_is_never_switched_silently(
    seeded: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    """Opening the store keeps the profile shown (writes to it are refused); the switch to the
    last used one happens only when asked (the window then says so), as a change."""
    eager = ProgressService.open(seeded, curriculum, clock=clock)
    eager.switch_profile("second")
    lazy = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    assert lazy.profile.name == "second"
    eager.switch_profile("default")
    eager.remove_profile("second")
    eager.close()
    try:
        lazy.finish_opening()
        assert lazy.overall().done == 0  # a read: still the removed profile, not "default"
        assert lazy.profile.name == "second"
        with pytest.raises(RemovedProfileError):
            lazy.set_status("tokenize", TaskStatus.SKIPPED)
        change = lazy.leave_removed_profile()
        assert change is not None and (change.old, change.new) == ("second", "default")
        assert lazy.profile.name == "default"
        assert lazy.task_state("tokenize").status is TaskStatus.DONE
        assert lazy.leave_removed_profile() is None
    finally:
        lazy.close()


def test_closing_before_finish_opening_keeps_everything(
    seeded: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    lazy = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    assert lazy.overall().done == 1
    lazy.close()
    again = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    try:
        assert again.profile.name == "default" and again.overall().done == 1
    finally:
        again.close()


def test_another_user_than_the_last_used_opens_the_store(
    seeded: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    service = ProgressService.open(seeded, curriculum, "second", clock=clock, lazy=True)
    try:
        assert service.store_open and service.profile.name == "second"
    finally:
        service.close()
    service = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    try:
        assert not service.store_open and service.profile.name == "second"  # remembered
    finally:
        service.close()


def test_a_new_database_opens_the_store_at_once(tmp_path: Path, curriculum: Curriculum) -> None:
    service = ProgressService.open(tmp_path, curriculum, lazy=True)
    try:
        assert service.store_open and service.profile.name == "default"
    finally:
        service.close()


def test_an_old_database_is_upgraded_at_once(tmp_path: Path, curriculum: Curriculum) -> None:
    path = tmp_path / "learnpath.sqlite3"
    upgrade(path, REVISIONS[0])
    service = ProgressService.open(tmp_path, curriculum, lazy=True)
    try:
        assert service.store_open
    finally:
        service.close()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    finally:
        connection.close()


def test_bad_databases_give_the_same_errors_as_the_eager_open(
    tmp_path: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    _seed(tmp_path, curriculum, clock)
    path = tmp_path / "learnpath.sqlite3"
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    messages = []
    for lazy in (False, True):
        with pytest.raises(NewerSchemaError) as caught:
            ProgressService.open(tmp_path, curriculum, lazy=lazy)
        messages.append(str(caught.value))
    path.write_bytes(b"")
    for lazy in (False, True):
        with pytest.raises(DamagedDatabaseError) as damaged:
            ProgressService.open(tmp_path, curriculum, lazy=lazy)
        messages.append(str(damaged.value))
    assert messages[0] == messages[1] and messages[2] == messages[3]
    assert all(str(path) in message for message in messages) and path.exists()


def test_another_curriculum_on_the_snapshot(
    seeded: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    smaller = make_curriculum({"basics": {"tokens": ["tokenize"]}})
    lazy = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    try:
        before = lazy.overall()
        lazy.set_curriculum(smaller)
        assert lazy.overall().total == 1 and lazy.overall() != before
        assert not lazy.store_open
        orphans = lazy.orphans()  # not a first-screen read: opens the store
        assert lazy.store_open and {o.item_id for o in orphans} >= {"attention", "rerank"}
    finally:
        lazy.close()


def test_opening_under_waiting_at_most_gives_up_quickly_with_nothing_written(
    seeded: Path, curriculum: Curriculum, clock: FakeClock
) -> None:
    import threading

    from tracker.storage.errors import StorageError

    path = seeded / "learnpath.sqlite3"

    def profiles() -> list[tuple[object, ...]]:
        connection = sqlite3.connect(path)
        try:
            return connection.execute("SELECT name, last_used_at FROM profiles").fetchall()
        finally:
            connection.close()

    before = profiles()
    service = ProgressService.open(seeded, curriculum, clock=clock, lazy=True)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    # Released well within the busy timeout: an opening that waited it out would succeed.
    release = threading.Timer(3.0, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        clock.advance(minutes=5)
        with pytest.raises(StorageError) as refused, service.waiting_at_most(0.05):
            pass
        assert refused.value.code == "locked"
        assert not service.store_open
        assert service.overall().done == 1  # the start-up view still answers
        release.join()
        assert profiles() == before  # not even marked as used
        with service.waiting_at_most(0.05):
            service.set_status("softmax", TaskStatus.DONE)
        assert service.store_open
    finally:
        release.cancel()
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
        service.close()
    assert profiles() != before  # marked as used once it opened
