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
    }


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
    try:
        return template.format(**details)
    except (KeyError, IndexError, ValueError):
        return str(error)
