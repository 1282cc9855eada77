"""A cache of parsed curricula, keyed by a hash of the YAML bytes and never trusted over them.

Parsing and validating a large curriculum costs far more than reading it back as a pickle, so the
loaded :class:`~tracker.curriculum.model.Curriculum` is stored in
``<cache dir>/curricula/<path key>-<content key>.pickle``. The content key covers every YAML file's
name and bytes, the tracker version, :data:`CACHE_FORMAT`, the source of this package (model,
loader) and the Python version, so any change to the files or to the code that reads them gives
a new key and the YAML is parsed again. An entry that cannot be read, is truncated, or carries
another format or version is ignored and rebuilt. A cache folder that cannot be written is skipped.

The files' bytes are hashed only when their stamps (inode, size, times) differ from the ones
recorded beside the digest they gave, and stamps are recorded only for files left alone long
enough that any later write shows in them (:func:`_yaml_digest`). An entry is an overview and
one pickle per part (each stage's modules, the concepts, the resources) under one checksum; a hit
checks the checksum and reads the overview, and each part is read when first used
(:class:`~tracker.curriculum.model.Deferred`), so a hit makes no task but each stage's first few
(the :class:`~tracker.curriculum.model.Outline`, which also carries what the roll-ups need).

Nothing here raises except the loader's own ``CurriculumError`` for a bad curriculum: every cache
problem is logged at debug level and the YAML is loaded instead. On a hit, PyYAML is not imported.

The cache lives in the learner's own cache folder, which has the same owner and trust as their
progress database; a pickle there is no more dangerous than the database itself.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import io
import logging
import os
import pickle
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tracker import __version__
from tracker.collector import collector_paused
from tracker.curriculum.model import Curriculum, Deferred, Outline, Stage, Text
from tracker.curriculum.slots import CONSTRUCTORS
from tracker.fsutil import atomic_writer
from tracker.safe_read import read_regular

log = logging.getLogger("tracker.curriculum.cache")

CACHE_FORMAT = 5
"""Bump when the layout of a cache entry changes; older entries are then ignored."""

SUBFOLDER = "curricula"
SUFFIX = ".pickle"
STAMPS_SUFFIX = ".stamps"
RACY_NS = 3_000_000_000
"""How long a file must have been left alone before its stamp stands for its bytes: well above
the coarsest time granularity of a file system in use (2 s, FAT's modification time)."""
_MAGIC = "learnpath-curriculum-cache"
_FILE_MAGIC = b"LPCURRIC"
_YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 8 * 1024 * 1024
"""The loader's bound on one file (``yamltree.MAX_FILE_BYTES``, not imported: it needs yaml)."""


def load_curriculum_cached(
    path: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None
) -> Curriculum:
    """The curriculum at ``path`` (folder or file), from the cache when the files are unchanged.

    ``cache_dir`` is the user cache folder (default: :func:`tracker.paths.cache_dir`). Raises only
    ``CurriculumError``, exactly as ``load_curriculum`` does.
    """
    source = Path(path)
    folder = _cache_folder(cache_dir)
    key = _content_key(source, folder) if folder is not None else None
    if key is None or folder is None:
        return _load_yaml(source)
    entry = folder / f"{_path_key(source)}-{key}{SUFFIX}"
    cached = _hit(entry, key)
    if cached is not None:
        return cached
    curriculum = _load_yaml(source)
    # The files may have changed while they were parsed; store only what matches the key. (The
    # stamps suffice here too: they were recorded only for files left alone long enough that
    # any write since, this parse's time included, has moved a file's change time.)
    if _content_key(source, folder) == key:
        _write_entry(entry, key, curriculum)
        _remove_stale(folder, source, keep=entry)
    return curriculum


def cached_curriculum(
    path: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None
) -> Curriculum | None:
    """The curriculum at ``path`` when the cache holds it for the files as they are now, else
    None (nothing is parsed, nothing raised). A hit reads only the entry's overview, so it is
    as quick for 100,000 tasks as a small curriculum's load: a caller may take it in place and
    load in the background only when this gives None."""
    source = Path(path)
    folder = _cache_folder(cache_dir)
    key = _content_key(source, folder) if folder is not None else None
    if key is None or folder is None:
        return None
    return _hit(folder / f"{_path_key(source)}-{key}{SUFFIX}", key)


def _hit(entry: Path, key: str) -> Curriculum | None:
    cached = _read_entry(entry, key)
    if cached is not None:
        log.debug("curriculum cache hit: %s", entry)
        _keep_out_of_collections()
    return cached


def _load_yaml(source: Path) -> Curriculum:
    from tracker.curriculum.loader import load_curriculum

    with collector_paused():
        curriculum: Curriculum = load_curriculum(source)
    return curriculum


def _keep_out_of_collections() -> None:
    """Move every object alive now, the curriculum just read included, out of the collector's
    reach (``gc.freeze``).

    The curriculum lives as long as the window and holds no reference cycles (frozen dataclasses
    and tuples; refcounting still frees it when it is replaced), but each full collection would
    walk all of its objects: about 23,000 container objects for 9,000 tasks, 250,000 for 100,000.
    Read back with the collector paused, they all arrive as new objects, so a full collection
    follows soon after (in the first export or before the first paint, 30-70 ms for 9,000
    tasks) and comes back, at the same cost, whenever enough new objects have piled up, each
    time as a pause of the UI thread. Frozen, they are never walked again; neither is what was
    imported before (Qt, SQLAlchemy when loaded), which lives as long.

    Only after a cache hit: unpickling leaves no garbage, whereas a YAML parse (with the
    collector paused) may leave cyclic garbage that freezing would keep for good. The price is
    that cyclic garbage alive at this moment is never collected (there is little at start-up).
    """
    gc.freeze()


def _yaml_files(source: Path) -> list[Path]:
    if source.is_dir():
        found = [p for p in source.rglob("*") if p.suffix in _YAML_SUFFIXES and p.is_file()]
        return sorted(found, key=lambda p: p.relative_to(source).as_posix())
    return [source]


def _content_key(source: Path, folder: Path | None = None) -> str | None:
    """A hex digest of everything the loaded curriculum depends on; None if a file can't be read.

    With ``folder`` (the cache folder), the YAML files' digest may come from their recorded
    stamps instead of their bytes (see :func:`_yaml_digest`); without it they are always read.
    """
    digest = hashlib.sha256()
    for part in (_MAGIC, str(CACHE_FORMAT), __version__, sys.version.split()[0]):
        _add(digest, part.encode())
    try:
        # The model and the loader's checks decide what a file means: a change to any module of
        # this package (a few small files) makes every pickled curriculum stale.
        for code in sorted(Path(__file__).parent.glob("*.py")):
            _add(digest, code.name.encode())
            _add(digest, code.read_bytes())
        stamps = None if folder is None else folder / f"{_path_key(source)}{STAMPS_SUFFIX}"
        _add(digest, _yaml_digest(source, stamps).encode())
    except (OSError, ValueError) as error:
        # The loader reports unreadable files properly, with their place.
        log.debug("curriculum cache skipped, cannot read %s: %s", source, error)
        return None
    return digest.hexdigest()


def _yaml_digest(source: Path, stamps: Path | None) -> str:
    """A hex digest of every YAML file's relative name and bytes.

    The files' stamps (device, inode, size, modification and change times in nanoseconds) are
    recorded in ``stamps`` next to the digest they gave; when every file's stamp is as recorded
    (and the list of files too), the recorded digest is used and no file is read. That holds
    because the change time (``st_ctime``) is set by the system, to the current time, on every
    write, rename into place or ``utime`` (a program restoring the modification time still moves
    it), and cannot be set back short of setting back the clock. Two writes within the
    file system's time granularity can leave the same stamp, so a file changed less than
    :data:`RACY_NS` before the stamps were taken is not recorded (this start reads the bytes,
    and so does the next, until the file has been still that long). Only on POSIX systems,
    where the change time means that.
    """
    files = _yaml_files(source)
    names = [file.relative_to(source).as_posix() if file != source else file.name for file in files]
    taken = time.time_ns()
    found = [os.stat(file) for file in files]
    stamp = tuple(
        (name, s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns)
        for name, s in zip(names, found, strict=True)
    )
    if stamps is not None:
        recorded = _read_stamps(stamps)
        if recorded is not None and recorded[0] == stamp:
            return recorded[1]
    digest = hashlib.sha256()
    for name, file in zip(names, files, strict=True):
        _add(digest, name.encode())
        # Bounded, regular files only: a FIFO or /dev/zero is the loader's to report.
        _add(digest, read_regular(file, MAX_FILE_BYTES))
    result = digest.hexdigest()
    settled = all(max(s.st_mtime_ns, s.st_ctime_ns) < taken - RACY_NS for s in found)
    if stamps is not None and settled and os.name == "posix":
        _write_stamps(stamps, stamp, result)
    return result


def _read_stamps(stamps: Path) -> tuple[tuple[Any, ...], str] | None:
    try:
        with stamps.open("rb") as stream:
            payload = pickle.load(stream)
        magic, stamp, digest = payload
    except FileNotFoundError:
        return None
    except Exception as error:  # unreadable or of another format: read the files
        log.debug("curriculum stamps ignored: %s: %r", stamps, error)
        return None
    if magic != (_MAGIC, "stamps", CACHE_FORMAT) or not isinstance(digest, str):
        return None
    return stamp, digest


def _write_stamps(stamps: Path, stamp: tuple[Any, ...], digest: str) -> None:
    try:
        stamps.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(stamps, mode=0o600, durable=False) as stream:
            pickle.dump(((_MAGIC, "stamps", CACHE_FORMAT), stamp, digest), stream)
    except Exception as error:  # read-only, full or odd folder: read the files each time
        log.debug("curriculum stamps not written to %s: %r", stamps, error)


def _add(digest: hashlib._Hash, data: bytes) -> None:
    # Length-prefixed, so that moving bytes between a name and a file changes the key.
    digest.update(len(data).to_bytes(8, "little"))
    digest.update(data)


def _path_key(source: Path) -> str:
    """A short key for where the curriculum lives, so older entries for it can be removed."""
    try:
        where = str(source.resolve())
    except (OSError, RuntimeError):
        where = str(source.absolute())
    return hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _cache_folder(cache_dir: str | os.PathLike[str] | None) -> Path | None:
    try:
        if cache_dir is None:
            from tracker.paths import cache_dir as default_cache_dir

            return default_cache_dir() / SUBFOLDER
        return Path(cache_dir) / SUBFOLDER
    except Exception as error:  # a broken environment must not stop the app loading YAML
        log.debug("curriculum cache skipped, no cache folder: %s", error)
        return None


def _read_entry(entry: Path, key: str) -> Curriculum | None:
    try:
        with entry.open("rb") as stream:
            data = stream.read()
    except FileNotFoundError:
        return None
    except OSError as error:
        log.debug("curriculum cache entry ignored, unreadable: %s: %r", entry, error)
        return None
    try:
        with collector_paused():
            curriculum = _unpack(data, key)
    except Exception as error:  # truncated, corrupt or from other code: ignore and rebuild
        log.debug("curriculum cache entry ignored, unreadable: %s: %r", entry, error)
        return None
    if curriculum is None:
        log.debug("curriculum cache entry ignored, other format or version: %s", entry)
    return curriculum


def _unpack(data: bytes, key: str) -> Curriculum | None:
    """The curriculum in an entry's bytes, its parts deferred; None if the entry is of another
    format, version or key, or damaged (its checksum differs)."""
    start = len(_FILE_MAGIC) + 4
    if not data.startswith(_FILE_MAGIC) or len(data) < start:
        return None
    if zlib.crc32(memoryview(data)[start:]) != int.from_bytes(data[start - 4 : start], "little"):
        return None
    stream = io.BytesIO(data)
    stream.seek(start)
    payload = pickle.Unpickler(stream).load()
    if not isinstance(payload, tuple) or len(payload) != 2:
        return None
    if payload[0] != _header(key):
        return None
    curriculum_id, version, title, summary, shells, outline, lengths = payload[1]
    if (
        not isinstance(outline, Outline)
        or not isinstance(title, Text)
        or len(lengths) != len(shells) + 2
        or not all(
            len(each) == len(shells)
            for each in (
                outline.joined_task_ids,
                outline.card_stages,
                outline.module_ids,
                outline.module_sizes,
                outline.hours,
                outline.whole_hours,
                outline.heads,
                outline.task_concepts,
            )
        )
        or stream.tell() + sum(lengths) != len(data)
    ):
        return None
    parts = _Parts(data)
    deferred = []
    offset = stream.tell()
    for length in lengths:
        deferred.append(Deferred(functools.partial(parts.load, offset, offset + length)))
        offset += length
    new_stage = CONSTRUCTORS[Stage]
    stages = tuple(
        new_stage(stage_id, order, stage_title, goal, modules, concepts, resources, notes)
        for (stage_id, order, stage_title, goal, concepts, resources, notes), modules in zip(
            shells, deferred, strict=False
        )
    )
    return Curriculum.outlined(
        curriculum_id, version, title, stages, deferred[-2], deferred[-1], summary, outline
    )


class _Parts:
    """An entry's bytes, from which each deferred part (a stage's modules, the concepts, the
    resources) is read on first access; freed once every part has been read."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def load(self, start: int, end: int) -> tuple[Any, ...]:
        # The entry's checksum was checked when it was opened: a part that fails to read now is
        # a bug, not a damaged file, and is raised as such.
        with collector_paused():
            part = pickle.loads(memoryview(self.data)[start:end])
        if not isinstance(part, tuple):
            raise TypeError(f"a curriculum cache part is a {type(part).__name__}, not a tuple")
        _keep_out_of_collections()
        return part


def _header(key: str) -> tuple[str, int, str, str]:
    return (_MAGIC, CACHE_FORMAT, __version__, key)


def _pack(header: tuple[object, ...], curriculum: Curriculum) -> bytes | None:
    """An entry's bytes: a magic, a checksum of the rest, the overview (header, the
    curriculum's own fields, its stages without their modules, its outline, the length of each
    part), then each part pickled on its own: every stage's modules, the concepts, the
    resources. None if the curriculum cannot be outlined (an id holding a newline)."""
    outline = curriculum.outline()
    if sum(len(ids) for ids in outline.task_ids) != curriculum.task_count:
        return None
    table = _constructor_reducers()
    parts = [_dumps(stage.modules, table) for stage in curriculum.stages]
    parts += [_dumps(curriculum.concepts, table), _dumps(curriculum.resources, table)]
    shells = tuple(
        (s.id, s.order, s.title, s.goal, s.concepts, s.resources, s.notes)
        for s in curriculum.stages
    )
    meta = (
        curriculum.id,
        curriculum.version,
        curriculum.title,
        curriculum.summary,
        shells,
        outline,
        tuple(map(len, parts)),
    )
    rest = _dumps((header, meta), table) + b"".join(parts)
    return _FILE_MAGIC + zlib.crc32(rest).to_bytes(4, "little") + rest


def _dumps(value: object, table: dict[type, Callable[[Any], Any]]) -> bytes:
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = table
    pickler.dump(value)
    return stream.getvalue()


def _write_entry(entry: Path, key: str, curriculum: Curriculum) -> None:
    try:
        data = _pack(_header(key), curriculum)
        if data is None:
            return
        entry.parent.mkdir(parents=True, exist_ok=True)
        # Not synced: an entry torn by a power cut fails its checksum and is simply rebuilt.
        with atomic_writer(entry, mode=0o600, durable=False) as stream:
            stream.write(data)
    except Exception as error:  # read-only, full or odd folder: run without a cache
        log.debug("curriculum cache not written to %s: %r", entry, error)


def _constructor_reducers() -> dict[type, Callable[[Any], Any]]:
    """Pickle every model dataclass as a call to its fast constructor (``slots.new_<Name>``)
    with its field values in order, and the ``Curriculum`` as a call to its constructor.

    The default pickling of frozen, slotted dataclasses restores each object through the
    dataclass ``__setstate__``, which looks up the fields again for every object, and the
    dataclass constructor sets each field through ``object.__setattr__``; the fast constructors
    fill the slots through their descriptors, about twice as fast for the 25,000 objects of a
    9,000-task curriculum. ``Curriculum.__post_init__`` rebuilds its indexes.
    """
    import copyreg
    import dataclasses
    import operator

    from tracker.curriculum import model

    table: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
    for value in vars(model).values():
        if not isinstance(value, type) or not dataclasses.is_dataclass(value):
            continue
        names = tuple(f.name for f in dataclasses.fields(value) if f.init)
        constructor = CONSTRUCTORS.get(value)
        if constructor is None:
            table[value] = functools.partial(_reduce_by_constructor, names)
        else:
            table[value] = functools.partial(
                _reduce_by_fast_constructor, constructor, operator.attrgetter(*names)
            )
    return table


def _reduce_by_constructor(names: tuple[str, ...], obj: Any) -> tuple[Any, ...]:
    return (type(obj), tuple(getattr(obj, name) for name in names))


def _reduce_by_fast_constructor(
    constructor: Callable[..., Any], values: Callable[[Any], tuple[Any, ...]], obj: Any
) -> tuple[Any, ...]:
    return (constructor, values(obj))


def _remove_stale(folder: Path, source: Path, keep: Path) -> None:
    """Remove older entries for the same curriculum path (best effort)."""
    try:
        for old in folder.glob(f"{_path_key(source)}-*{SUFFIX}"):
            if old != keep:
                _quietly(os.unlink, old)
    except OSError as error:
        log.debug("stale curriculum cache entries not removed: %r", error)


def _quietly(action: Callable[[Path | str], object], target: Path | str) -> None:
    try:
        action(target)
    except OSError as error:
        log.debug("curriculum cache clean-up failed for %s: %r", target, error)
