"""The learner's faults reported by the progress layer, in the window's language.

Errors of the progress layer carry a ``code`` and its ``details`` (a name, a count) beside their
English message; here each code gets a translated sentence. An error without a known code is
shown with its own message.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _templates(details: dict[str, object]) -> dict[str, str]:
    """Code -> the translated sentence with ``{placeholders}`` from ``details``."""
    unknown = (
        _tr("Errors", "There is no {kind} “{id}”. Did you mean: {suggestions}?")
        if details.get("suggestions")
        else _tr("Errors", "There is no {kind} “{id}”.")
    )
    return {
        "name_taken": _tr("Errors", "A profile named “{name}” already exists."),
        "name_empty": _tr("Errors", "A profile name cannot be empty."),
        "name_too_long": _tr(
            "Errors", "A profile name can have at most {most} characters ({given} given)."
        ),
        "name_control": _tr(
            "Errors", "A profile name cannot contain control characters (found {char})."
        ),
        "no_profile": _tr("Errors", "There is no profile named “{name}”."),
        "only_profile": _tr("Errors", "“{name}” is the only profile; add another one first."),
        "profile_removed": _tr(
            "Errors",
            "The profile “{name}” was removed in another window or program; nothing was saved. "
            "Switch to another profile.",
        ),
        "profile_changed": _tr(
            "Errors",
            "This change was made in the profile “{name}”, which is no longer the one in use; "
            "nothing was saved.",
        ),
        "curriculum_changed": _tr(
            "Errors",
            "This change was made before another curriculum was opened; nothing was saved.",
        ),
        "unknown_id": unknown,
        "disk_full": _tr("Errors", "Cannot save to {path}: the disk is full."),
        "locked": _tr(
            "Errors",
            "{path} is locked by another program (waited {seconds} s); try again.",
        ),
        "read_only": _tr("Errors", "Cannot write to {path}: the file or its folder is read-only."),
        "cannot_open": _tr(
            "Errors", "Cannot open {path}: the folder is missing, read-only or not accessible."
        ),
        "disk_io": _tr("Errors", "Cannot read or write {path}: disk I/O error."),
        "damaged": _tr(
            "Errors",
            "{path} {reason}; it is not a usable LearnPath database and was left in place "
            "(move it aside or restore a backup).",
        ),
        "newer_schema": _tr(
            "Errors",
            "{path} was written by a newer version of LearnPath (schema {revision}; this version "
            "knows up to {head}). It was left untouched: update LearnPath to open it.",
        ),
        "not_learnpath": _tr(
            "Errors", "{path} is an SQLite database but not a LearnPath one; it was left in place."
        ),
        "not_a_file": _tr(
            "Errors",
            "{path} is {file_kind}, not a database file; nothing was changed. Move it away.",
        ),
        "companion_not_a_file": _tr(
            "Errors",
            "{path} is {file_kind}, not a file; SQLite cannot use {name} beside it. Move it away, "
            "then start again.",
        ),
        "cannot_read": _tr("Errors", "Cannot read {path}: {error}."),
        "cannot_move_aside": _tr("Errors", "Cannot move {path} aside: {error}."),
        "foreign_wal_stuck": _tr(
            "Errors",
            "{path} does not belong to {name} and cannot be moved aside ({error}). Move it away, "
            "then start again.",
        ),
        "orphan_stuck": _tr(
            "Errors",
            "{path} is left over from a database that is gone and cannot be moved aside "
            "({error}). Move it away, then start again.",
        ),
        "dangling_link": _tr(
            "Errors",
            "{path} is a symbolic link to {target}, which is missing (a drive not mounted?). "
            "Nothing was changed: make it available, then start again.",
        ),
        "link_loop": _tr(
            "Errors",
            "{path} is a symbolic link that loops back on itself ({target}). Nothing was "
            "changed: point it at the database.",
        ),
        "cannot_create_folder": _tr("Errors", "Cannot create the data folder {path}: {error}."),
        "cannot_use_folder": _tr("Errors", "Cannot use the data folder {path}: {error}."),
        "cannot_create": _tr("Errors", "Cannot create {path}: {error}."),
        "not_learnpath_file": _tr("Errors", "{path} is not a LearnPath database."),
        "damaged_file": _tr("Errors", "{path} is damaged ({detail})."),
        "not_regular": _tr("Errors", "{path} is not a regular file."),
        "backup_not_sqlite": _tr(
            "Errors", "{path} is not a LearnPath backup (not an SQLite database)."
        ),
        "backup_no_version": _tr("Errors", "{path} is not a LearnPath backup (no schema version)."),
        "backup_damaged": _tr("Errors", "{path} is damaged ({detail}); it cannot be restored."),
        "backup_newer": _tr(
            "Errors",
            "{path} was written by a newer version of LearnPath (schema {revision}); update "
            "LearnPath to restore it.",
        ),
    }


def _reason_text(reason: object) -> str | None:
    """Why a database file is not usable (``damaged``), with ``{placeholders}``."""
    reasons = {
        "empty": _tr("Errors", "is empty (zero bytes)"),
        "not_sqlite": _tr("Errors", "is not an SQLite database"),
        "short": _tr("Errors", "is truncated ({size} bytes)"),
        "bad_header": _tr("Errors", "has a damaged header"),
        "partial_page": _tr("Errors", "is truncated ({size} bytes is not a whole number of pages)"),
        "truncated": _tr("Errors", "is truncated ({size} of {expected} bytes)"),
        "corrupt": _tr("Errors", "is corrupt ({detail})"),
        "version_table": _tr(
            "Errors", "has a damaged schema version table (alembic_version holds {held})"
        ),
    }
    return reasons.get(str(reason))


def _sqlite_text(detail: object) -> str:
    """SQLite's usual words for a damaged file, translated; any other detail as it is."""
    known = {
        "file is not a database": _tr("Errors", "not a database file"),
        "database disk image is malformed": _tr("Errors", "the database image is malformed"),
    }
    return known.get(str(detail).strip().lower(), str(detail))


def _file_kind_text(kind: object) -> str:
    """What ``tracker.safe_read.kind_of`` says a non-regular file is, translated."""
    kinds = {
        "a folder": _tr("Errors", "a folder"),
        "a FIFO (named pipe)": _tr("Errors", "a FIFO (named pipe)"),
        "a device": _tr("Errors", "a device"),
        "a socket": _tr("Errors", "a socket"),
        "not a regular file": _tr("Errors", "not a regular file"),
    }
    return kinds.get(str(kind), str(kind))


def _os_error_text(name: object, text: object) -> str:
    """An operating-system error by its errno name; its own (English) text when not known."""
    known = {
        "EACCES": _tr("Errors", "permission denied"),
        "EPERM": _tr("Errors", "operation not permitted"),
        "ENOENT": _tr("Errors", "no such file or folder"),
        "EEXIST": _tr("Errors", "a file of that name is in the way"),
        "EISDIR": _tr("Errors", "it is a folder"),
        "ENOTDIR": _tr("Errors", "a part of the path is not a folder"),
        "ENOTEMPTY": _tr("Errors", "a folder of that name is in the way"),
        "EROFS": _tr("Errors", "the file system is read-only"),
        "ENOSPC": _tr("Errors", "the disk is full"),
        "EIO": _tr("Errors", "disk I/O error"),
        "EBUSY": _tr("Errors", "the file is in use"),
        "EXDEV": _tr("Errors", "it is on another drive"),
        "ENAMETOOLONG": _tr("Errors", "the name is too long"),
        "ELOOP": _tr("Errors", "too many symbolic links"),
    }
    return known.get(str(name), str(text))


def _kind_text(kind: object) -> str:
    names = {
        "task": _tr("Errors", "task"),
        "stage": _tr("Errors", "stage"),
        "concept": _tr("Errors", "concept"),
    }
    return names.get(str(kind), str(kind))


def error_text(error: BaseException) -> str:
    """What ``error`` means, in the window's language when its code is known."""
    code = getattr(error, "code", None)
    details = dict(getattr(error, "details", None) or {})
    template = _templates(details).get(code) if isinstance(code, str) else None
    if template is None:
        return str(error)
    if "kind" in details:
        details["kind"] = _kind_text(details["kind"])
    if "file_kind" in details:
        details["file_kind"] = _file_kind_text(details["file_kind"])
    if "errno" in details:
        details["error"] = _os_error_text(details["errno"], details.get("error", ""))
    if "detail" in details:
        details["detail"] = _sqlite_text(details["detail"])
    if code == "damaged":
        reason = _reason_text(details.get("reason"))
        if reason is None:
            return str(error)
        try:
            details["reason"] = reason.format(**details)
        except (KeyError, IndexError, ValueError):
            return str(error)
    try:
        return template.format(**details)
    except (KeyError, IndexError, ValueError):
        return str(error)
