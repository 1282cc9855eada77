"""Export formats by name, safe file names, and writes that keep the old file if they fail."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from tracker.collector import collector_paused
from tracker.fsutil import write_atomic as write_file_atomic
from tracker.reports.model import Report, ReportError


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One output format: its name on the command line, file suffix and renderer."""

    name: str
    suffix: str
    module: str
    function: str
    binary: bool
    event_log: bool = False
    """Prints the profile's event log: ``build_report(..., event_log=...)`` must read it."""
    task_lines: bool = True
    """Prints the task lines: ``build_report(..., task_lines=...)`` must make them."""

    def renderer(self) -> Callable[[Report], str | bytes]:
        """The render function, imported on first use (the PDF one pulls in Qt)."""
        render: Callable[[Report], str | bytes] = getattr(
            import_module(f"tracker.reports.{self.module}"), self.function
        )
        return render

    def render(self, report: Report) -> bytes:
        """The report in this format as the bytes of a file (text is UTF-8)."""
        if self.task_lines and not report.task_lines:
            raise ReportError(f"a {self.name} summary needs a report built with its task lines")
        render = self.renderer()
        with collector_paused():  # a row's worth of lists and tuples for each of 9,000 tasks
            result = render(report)
        return result.encode("utf-8") if isinstance(result, str) else result


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("md", ".md", "markdown", "render_markdown", binary=False),
        ExportFormat("html", ".html", "html_page", "render_html", binary=False),
        ExportFormat("pdf", ".pdf", "pdf", "render_pdf", binary=True),
        ExportFormat("csv", ".csv", "csv_table", "render_csv", binary=False),
        ExportFormat(
            "json",
            ".json",
            "json_backup",
            "render_json",
            binary=False,
            event_log=True,
            task_lines=False,
        ),
    )
}

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
MAX_NAME_BYTES = 200


def safe_filename(name: str, fallback: str = "learnpath") -> str:
    """A file name that every common file system accepts: no separators, reserved or control
    characters, no trailing dots or spaces, not a Windows device name, at most 200 bytes."""
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE.sub("_", name).strip().strip(".").strip()
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem[:-1]}{dot}{suffix}" if dot and len(suffix) < 8 and stem else name[:-1]
    if not name:
        name = fallback
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name


def suggested_filename(report: Report, fmt: ExportFormat) -> str:
    """A default name such as ``learnpath-lei-stage-1-2025-02-01.md``."""
    scope = report.stage_id or "all"
    day = report.generated_at.astimezone(report.tz).date().isoformat()
    return safe_filename(f"learnpath-{report.profile}-{scope}-{day}{fmt.suffix}")


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` with ``tracker.fsutil.write_atomic`` (a synced temporary file in
    the same folder, renamed into place, the folder synced), so a failure (full disk, killed
    process) leaves any earlier file as it was.

    The file name is sanitised; the path actually written is returned. An existing symbolic link
    is kept and the file it points to is replaced; an existing file keeps its permission bits.
    Anything else that is not a regular file (a device, FIFO or folder) is never replaced: that
    raises ``OSError`` with a message saying so, as does a path with no file name.
    """
    if not str(path).strip() or path.name in ("", ".", ".."):
        raise OSError(errno.EINVAL, "no file name given", str(path))
    target = path.parent / safe_filename(path.name)
    destination = target
    if target.is_symlink():
        destination = Path(os.path.realpath(target))
    try:
        existing: os.stat_result | None = os.stat(destination)
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise OSError(
            errno.EEXIST,
            "exists and is not a regular file (a device, FIFO or folder); not replaced",
            str(target),
        )
    remove_stale_temporaries(destination.parent)
    write_file_atomic(destination, data)
    return target


STALE_TEMPORARY_S = 15 * 60
"""A temporary file of ``write_atomic`` this old was left by a killed export."""
_TEMPORARY = re.compile(r"\..+\.(?:md|html|pdf|csv|json)\.[a-z0-9_]{8}\.tmp")


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Delete the hidden ``.<name>.<random>.tmp`` files that ``write_atomic`` leaves when it is
    killed, once they are older than ``STALE_TEMPORARY_S`` (a younger one may be another export
    still writing). Only regular files of exactly that pattern are touched; returns them."""
    removed: list[Path] = []
    limit = (time.time() if now is None else now) - STALE_TEMPORARY_S
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not _TEMPORARY.fullmatch(entry.name):
                    continue
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                        os.unlink(entry.path)
                        removed.append(Path(entry.path))
    except OSError:
        pass  # an unreadable folder: the export itself reports what matters
    return removed
