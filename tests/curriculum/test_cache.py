"""The curriculum cache: used while the YAML is unchanged, rebuilt otherwise, never trusted."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from tracker.curriculum import cache, slots
from tracker.curriculum.cache import load_curriculum_cached
from tracker.curriculum.errors import CurriculumError
from tracker.curriculum.model import Curriculum, Text

loader = pytest.importorskip("tracker.curriculum.loader")

HEADER = """\
curriculum:
  id: tiny
  version: "1"
  title: {zh: 小课程, en: TITLE}
"""
STAGE = """\
stages:
  - id: basics
    order: 1
    title: {zh: 基础, en: Basics}
    goal: {zh: 打好基础, en: Learn the basics}
    modules:
      - id: first-module
        title: First module
        tasks:
          - id: read-a-paper
            title: {zh: 读一篇论文, en: Read a paper}
          - id: build-a-thing
            title: {zh: 做一个小项目, en: Build a thing}
            kind: practice
            estimate_hours: 4
"""


def write_curriculum(folder: Path, title: str = "Tiny") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "00-curriculum.yaml").write_text(HEADER.replace("TITLE", title), encoding="utf-8")
    (folder / "01-stage.yaml").write_text(STAGE, encoding="utf-8")
    return folder


def entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / cache.SUBFOLDER).glob(f"*{cache.SUFFIX}"))


def forbid_yaml_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(path: object) -> Curriculum:
        raise AssertionError(f"the YAML was parsed again: {path}")

    monkeypatch.setattr(loader, "load_curriculum", fail)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_curriculum(tmp_path / "curriculum")


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_unchanged_files_are_read_from_the_cache(
    source: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_curriculum_cached(source, cache_dir)
    assert len(entries(cache_dir)) == 1
    forbid_yaml_loading(monkeypatch)

    second = load_curriculum_cached(source, cache_dir)

    assert second == first
    assert second.task("build-a-thing") == first.task("build-a-thing")
    stage = second.stage_of("read-a-paper")
    assert stage is not None
    assert stage.id == "basics"
    assert second.task_count == 2


def test_a_changed_file_is_parsed_again_and_the_old_entry_removed(
    source: Path, cache_dir: Path
) -> None:
    load_curriculum_cached(source, cache_dir)
    old_entries = entries(cache_dir)

    write_curriculum(source, title="Changed")
    changed = load_curriculum_cached(source, cache_dir)

    assert changed.title == Text(zh="小课程", en="Changed")
    assert len(entries(cache_dir)) == 1
    assert entries(cache_dir) != old_entries


def test_a_new_file_in_the_folder_changes_the_key(source: Path, cache_dir: Path) -> None:
    load_curriculum_cached(source, cache_dir)
    (source / "01-stage.yaml").rename(source / "02-stage.yaml")

    load_curriculum_cached(source, cache_dir)

    assert len(entries(cache_dir)) == 1  # a renamed file is a change too; the old entry went


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle at all", "truncate", b"\x80\x05garbage"],
    ids=["empty", "garbage", "truncated", "bad-opcodes"],
)
def test_a_corrupt_entry_is_ignored_and_rebuilt(
    source: Path, cache_dir: Path, damage: bytes | str
) -> None:
    expected = load_curriculum_cached(source, cache_dir)
    (entry,) = entries(cache_dir)
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2] if damage == "truncate" else damage)  # type: ignore[arg-type]

    assert load_curriculum_cached(source, cache_dir) == expected
    assert entry.read_bytes() == good  # rebuilt


def forge_entry(entry: Path, header: tuple[object, ...], title: str) -> None:
    """Overwrite a cache entry with a curriculum the YAML does not contain."""
    forged = Curriculum(id="forged", version="0", title=Text.both(title), stages=())
    data = cache._pack(header, forged)
    assert data is not None
    entry.write_bytes(data)


def test_an_entry_from_an_older_format_or_version_is_ignored(source: Path, cache_dir: Path) -> None:
    load_curriculum_cached(source, cache_dir)
    (entry,) = entries(cache_dir)
    key = entry.stem.split("-", 1)[1]
    magic = "learnpath-curriculum-cache"
    for header in [
        (magic, cache.CACHE_FORMAT - 1, cache.__version__, key),
        (magic, cache.CACHE_FORMAT, "0.0.0-older", key),
        (magic, cache.CACHE_FORMAT, cache.__version__, "another-key"),
    ]:
        forge_entry(entry, header, "Forged")
        assert load_curriculum_cached(source, cache_dir).title.en == "Tiny"


def test_the_key_covers_the_tracker_version_and_cache_format(
    source: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_curriculum_cached(source, cache_dir)
    (before,) = entries(cache_dir)
    monkeypatch.setattr(cache, "__version__", "99.0")
    load_curriculum_cached(source, cache_dir)
    monkeypatch.setattr(cache, "CACHE_FORMAT", cache.CACHE_FORMAT + 1)
    load_curriculum_cached(source, cache_dir)

    (after,) = entries(cache_dir)
    assert after != before


def test_something_that_is_not_a_curriculum_is_ignored(source: Path, cache_dir: Path) -> None:
    load_curriculum_cached(source, cache_dir)
    (entry,) = entries(cache_dir)
    entry.write_bytes(pickle.dumps({"a": "dict"}))

    assert load_curriculum_cached(source, cache_dir).id == "tiny"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders"
)
def test_a_read_only_cache_folder_still_loads(source: Path, cache_dir: Path) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(0o500)
    try:
        assert load_curriculum_cached(source, cache_dir).id == "tiny"
        assert load_curriculum_cached(source, cache_dir).id == "tiny"
    finally:
        cache_dir.chmod(0o700)


def test_a_cache_folder_that_cannot_be_created_still_loads(source: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")

    assert load_curriculum_cached(source, blocker).id == "tiny"
    assert load_curriculum_cached(source, blocker / "deeper").id == "tiny"


def test_a_failing_write_leaves_no_temporary_file(
    source: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(cache.os, "replace", refuse)

    assert load_curriculum_cached(source, cache_dir).id == "tiny"
    assert list((cache_dir / cache.SUBFOLDER).iterdir()) == []


def test_invalid_yaml_raises_even_when_an_older_version_is_cached(
    source: Path, cache_dir: Path
) -> None:
    load_curriculum_cached(source, cache_dir)
    (source / "01-stage.yaml").write_text("stages: [ {id: basics, order: 1\n", encoding="utf-8")

    with pytest.raises(CurriculumError):
        load_curriculum_cached(source, cache_dir)


def test_a_missing_curriculum_raises_the_loaders_error(tmp_path: Path, cache_dir: Path) -> None:
    with pytest.raises(CurriculumError):
        load_curriculum_cached(tmp_path / "nowhere", cache_dir)


def test_a_single_file_curriculum_is_cached(tmp_path: Path, cache_dir: Path) -> None:
    single = tmp_path / "one.yaml"
    single.write_text(HEADER.replace("TITLE", "Single") + STAGE, encoding="utf-8")

    first = load_curriculum_cached(single, cache_dir)
    single.write_text(HEADER.replace("TITLE", "Edited") + STAGE, encoding="utf-8")
    second = load_curriculum_cached(single, cache_dir)

    assert (first.title.en, second.title.en) == ("Single", "Edited")
    assert len(entries(cache_dir)) == 1


def test_the_default_cache_folder_follows_the_environment(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNPATH_CACHE_DIR", str(tmp_path / "env-cache"))

    load_curriculum_cached(source)

    assert len(entries(tmp_path / "env-cache")) == 1


def test_a_cache_hit_moves_the_curriculum_out_of_the_collectors_reach(
    source: Path, cache_dir: Path
) -> None:
    import gc

    gc.unfreeze()
    try:
        load_curriculum_cached(source, cache_dir)  # parsed: may leave cyclic garbage, not frozen
        assert gc.get_freeze_count() == 0
        curriculum = load_curriculum_cached(source, cache_dir)  # a hit
        task = curriculum.task("build-a-thing")
        assert gc.get_freeze_count() > 0
        assert gc.is_tracked(task)
        assert not any(found is task for found in gc.get_objects())  # no full collection sees it
        assert curriculum.task_count == 2
    finally:
        gc.unfreeze()


def test_a_hit_gives_the_same_objects_as_a_parse_of_the_bundled_curriculum(
    cache_dir: Path,
) -> None:
    bundled = Path(__file__).resolve().parents[2] / "curriculum" / "llm-engineer"
    parsed = loader.load_curriculum(bundled)
    load_curriculum_cached(bundled, cache_dir)  # written

    hit = load_curriculum_cached(bundled, cache_dir)

    assert hit == parsed
    assert hit.concepts == parsed.concepts and hit.resources == parsed.resources
    for task in parsed.tasks():
        again = hit.task(task.id)
        assert again == task
        assert type(again.kind) is type(task.kind)
        assert hit.stage_of(task.id) == parsed.stage_of(task.id)
    assert list(hit.cards()) == list(parsed.cards())


@pytest.mark.parametrize("values", [("only zh",), ("zh", "en", "a third field")])
def test_an_entry_written_for_another_layout_of_the_model_is_ignored(
    source: Path, cache_dir: Path, values: tuple[str, ...]
) -> None:
    """A fast constructor takes exactly one value per field: an entry with more or fewer is rebuilt
    rather than giving objects with a slot left unset."""
    load_curriculum_cached(source, cache_dir)
    (entry,) = entries(cache_dir)
    key = entry.stem.split("-", 1)[1]
    header = ("learnpath-curriculum-cache", cache.CACHE_FORMAT, cache.__version__, key)

    class Forged:
        def __reduce__(self) -> tuple[object, ...]:
            return (slots.new_Text, values)  # type: ignore[attr-defined]

    forged = Curriculum(id="forged", version="0", title=Text.both("x"), stages=())
    object.__setattr__(forged, "title", Forged())
    data = cache._pack(header, forged)
    assert data is not None
    entry.write_bytes(data)

    assert load_curriculum_cached(source, cache_dir).title.en == "Tiny"


def test_every_truncation_of_an_entry_is_ignored_and_rebuilt(source: Path, cache_dir: Path) -> None:
    expected = load_curriculum_cached(source, cache_dir)
    (entry,) = entries(cache_dir)
    good = entry.read_bytes()
    for length in range(0, len(good), max(1, len(good) // 97)):
        entry.write_bytes(good[:length])
        assert load_curriculum_cached(source, cache_dir) == expected
        assert entry.read_bytes() == good


def test_an_entry_of_the_previous_format_is_ignored_and_rewritten(
    source: Path, cache_dir: Path
) -> None:
    """An entry as the previous format wrote it (one pickle of the whole curriculum), found
    under the current entry's name, is ignored, and the current format written in its place."""
    expected = load_curriculum_cached(source, cache_dir)
    (entry,) = entries(cache_dir)
    good = entry.read_bytes()
    key = entry.stem.split("-", 1)[1]
    header = ("learnpath-curriculum-cache", 3, cache.__version__, key)
    forged = Curriculum(id="old", version="0", title=Text.both("Old format"), stages=())
    entry.write_bytes(pickle.dumps((header, forged)))

    assert load_curriculum_cached(source, cache_dir) == expected
    assert entry.read_bytes() == good


def test_a_damaged_byte_anywhere_in_an_entry_is_noticed_and_the_entry_rebuilt(
    source: Path, cache_dir: Path
) -> None:
    """The parts are read after the hit, so the hit checks the whole entry's checksum first: a
    torn or damaged entry is rebuilt then, never found broken when a stage is opened."""
    expected = load_curriculum_cached(source, cache_dir)
    (entry,) = entries(cache_dir)
    good = entry.read_bytes()
    for position in range(8, len(good), max(1, len(good) // 53)):
        damaged = bytearray(good)
        damaged[position] ^= 0x20
        entry.write_bytes(bytes(damaged))
        hit = load_curriculum_cached(source, cache_dir)
        assert entry.read_bytes() == good, position
        assert hit == expected
        assert list(hit.tasks()) == list(expected.tasks())


def test_a_hit_reads_a_stage_only_when_it_is_used(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts, ids, "which stage" and the stages themselves come from the entry's overview; a
    stage's modules and tasks are made on their first use, that stage's only (the overview
    makes only each stage's first few tasks, for next-up)."""
    source = write_curriculum(tmp_path / "two")
    second = STAGE.replace("basics", "advanced").replace("order: 1", "order: 2")
    second = second.replace("first-module", "second-module").replace("read-a-paper", "read-more")
    (source / "02-stage.yaml").write_text(second.replace("build-a-thing", "ship-it"), "utf-8")
    parsed = load_curriculum_cached(source, cache_dir)
    made: list[str] = []
    original = slots.new_Task  # type: ignore[attr-defined]

    def counting(*values: object) -> object:
        made.append(str(values[0]))
        return original(*values)

    monkeypatch.setattr(slots, "new_Task", counting)

    hit = load_curriculum_cached(source, cache_dir)
    # the overview holds each stage's first few tasks (the outline's heads), not its modules
    assert sorted(made) == sorted(["read-a-paper", "build-a-thing", "read-more", "ship-it"])
    made.clear()
    assert hit.task_count == 4
    assert hit.task_ids() == parsed.task_ids()
    assert [s.id for s in hit.stages] == ["basics", "advanced"]
    assert hit.stage_of("ship-it") is hit.stages[1]
    assert hit.stage("advanced") is hit.stages[1]
    assert hit.stages[1].title == parsed.stages[1].title
    assert list(hit.cards()) == []
    assert made == []

    task = hit.task("ship-it")
    assert made == ["read-more", "ship-it"]
    assert task is hit.stages[1].modules[0].tasks[1]
    assert task == parsed.task("ship-it")
    assert hit.task("no-such-task") is None
    assert made == ["read-more", "ship-it"]
    assert hit == parsed
    assert sorted(made) == sorted(["read-more", "ship-it", "read-a-paper", "build-a-thing"])


def test_threads_reading_the_same_stage_get_the_same_objects(source: Path, cache_dir: Path) -> None:
    import threading

    load_curriculum_cached(source, cache_dir)
    hit = load_curriculum_cached(source, cache_dir)
    seen: list[object] = []
    start = threading.Barrier(4)

    def read() -> None:
        start.wait()
        seen.append(hit.stages[0].modules)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4
    assert all(found is seen[0] for found in seen)


def coarse_stat(monkeypatch: pytest.MonkeyPatch, tick_ns: int) -> None:
    """Make every file's modification and change times ``tick_ns``, as on a file system whose
    clock keeps whole seconds when every write falls within that one tick."""
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        found = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        fields = list(found[:10])
        fields[8] = fields[9] = tick_ns // 10**9
        return os.stat_result(fields, {"st_mtime_ns": tick_ns, "st_ctime_ns": tick_ns})

    monkeypatch.setattr(cache.os, "stat", stat)


def test_a_same_size_edit_within_the_time_granularity_is_noticed(
    source: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writes within one tick of a coarse clock leave the same size, inode and times: the
    stamps of files changed that recently are not trusted, so the bytes are read and the edit
    is seen."""
    tick = 2 * 10**9
    coarse_stat(monkeypatch, cache.time.time_ns() // tick * tick)
    stage = source / "01-stage.yaml"
    assert load_curriculum_cached(source, cache_dir).stages[0].title.en == "Basics"
    before = cache.os.stat(stage)

    stage.write_text(STAGE.replace("Basics", "Basalt"), encoding="utf-8")  # same size
    after = cache.os.stat(stage)

    same = ("st_dev", "st_ino", "st_size", "st_mtime_ns", "st_ctime_ns")
    assert all(getattr(before, name) == getattr(after, name) for name in same)  # stamps alike
    assert load_curriculum_cached(source, cache_dir).stages[0].title.en == "Basalt"


def test_files_left_alone_are_not_read_again_and_any_change_is_noticed(
    source: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the files have been still for a while, a start takes their digest from their stamps
    without reading them; a later write changes a stamp (its change time at least) and the bytes
    are read again."""
    later = cache.time.time_ns() + 2 * cache.RACY_NS
    monkeypatch.setattr(cache.time, "time_ns", lambda: later)  # the files look long settled
    load_curriculum_cached(source, cache_dir)
    assert any((cache_dir / cache.SUBFOLDER).glob(f"*{cache.STAMPS_SUFFIX}"))
    real_read = cache.read_regular

    def unreadable(path: object, limit: int) -> bytes:
        raise PermissionError(f"read {path}")

    monkeypatch.setattr(cache, "read_regular", unreadable)
    forbid_yaml_loading(monkeypatch)
    assert load_curriculum_cached(source, cache_dir).title.en == "Tiny"  # a hit, nothing read

    monkeypatch.setattr(cache, "read_regular", real_read)
    monkeypatch.undo()
    header = source / "00-curriculum.yaml"
    header.write_text(HEADER.replace("TITLE", "Tinx"), encoding="utf-8")  # same size
    assert load_curriculum_cached(source, cache_dir).title.en == "Tinx"


def test_stamps_of_another_format_are_ignored(source: Path, cache_dir: Path) -> None:
    stamps = cache_dir / cache.SUBFOLDER / f"{cache._path_key(source)}{cache.STAMPS_SUFFIX}"
    stamps.parent.mkdir(parents=True)
    for damage in [b"", b"garbage", pickle.dumps(("old", (), "0" * 64))]:
        stamps.write_bytes(damage)
        assert load_curriculum_cached(source, cache_dir).title.en == "Tiny"


def test_a_file_changed_while_it_is_parsed_is_not_stored_under_the_old_key(
    source: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = cache.time.time_ns() + 2 * cache.RACY_NS
    monkeypatch.setattr(cache.time, "time_ns", lambda: later)  # stamps recorded, then relied on
    real = loader.load_curriculum

    def edit_while_parsing(path: object) -> Curriculum:
        parsed = real(path)  # type: ignore[arg-type]
        (source / "00-curriculum.yaml").write_text(HEADER.replace("TITLE", "Tinx"), "utf-8")
        return parsed

    monkeypatch.setattr(loader, "load_curriculum", edit_while_parsing)
    assert load_curriculum_cached(source, cache_dir).title.en == "Tiny"  # what was parsed
    assert entries(cache_dir) == []  # not stored under the key of the files before the edit

    monkeypatch.setattr(loader, "load_curriculum", real)
    assert load_curriculum_cached(source, cache_dir).title.en == "Tinx"


@pytest.mark.parametrize("first", ["cards", "task", "stage_of", "concept", "resource", "tasks"])
def test_a_hit_answers_as_a_parse_whatever_is_asked_first(cache_dir: Path, first: str) -> None:
    """Each method on a fresh hit, starting with any of them, gives what the parse gives (the
    bundled curriculum: several stages, cards on concepts and tasks)."""
    bundled = Path(__file__).resolve().parents[2] / "curriculum" / "llm-engineer"
    parsed = loader.load_curriculum(bundled)
    load_curriculum_cached(bundled, cache_dir)  # written
    hit = load_curriculum_cached(bundled, cache_dir)
    last_task = list(parsed.tasks())[-1].id
    concept_id, resource_id = parsed.concepts[-1].id, parsed.resources[-1].id
    answers = {
        "cards": lambda c: list(c.cards()),
        "task": lambda c: c.task(last_task),
        "stage_of": lambda c: c.stage_of(last_task),
        "concept": lambda c: c.concept(concept_id),
        "resource": lambda c: c.resource(resource_id),
        "tasks": lambda c: list(c.tasks()),
    }
    assert answers[first](hit) == answers[first](parsed)
    assert hit.task_ids() == parsed.task_ids()
    assert hit.task_count == parsed.task_count
    for name, answer in answers.items():
        assert answer(hit) == answer(parsed), name
    assert [list(s.tasks()) for s in hit.stages] == [list(s.tasks()) for s in parsed.stages]
    assert hit.task(last_task) is hit.stages[-1].modules[-1].tasks[-1]
    assert hit == parsed


def test_the_cache_alone_answers_only_for_files_as_they_are(
    source: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cached_curriculum`` never parses: None before an entry exists and after a change, the
    cached curriculum (its stages unread) while the files are as they were."""
    forbid_yaml_loading(monkeypatch)
    assert cache.cached_curriculum(source, cache_dir) is None
    assert entries(cache_dir) == []
    monkeypatch.undo()
    parsed = load_curriculum_cached(source, cache_dir)
    forbid_yaml_loading(monkeypatch)
    hit = cache.cached_curriculum(source, cache_dir)
    assert hit is not None and hit is not parsed
    assert hit.task_count == parsed.task_count
    assert hit == parsed
    (source / "00-curriculum.yaml").write_text(
        (source / "00-curriculum.yaml").read_text("utf-8").replace("Tiny", "Tinier"), "utf-8"
    )
    assert cache.cached_curriculum(source, cache_dir) is None
