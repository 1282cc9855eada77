"""Fast constructors for the model's frozen, slotted dataclasses.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``; with 25,000
objects in a 9,000-task curriculum that is a good part of both a YAML load and a cache hit. The
constructors here make the object with ``object.__new__`` and fill its slots through their
descriptors: the same object, about twice as fast. They take exactly one positional value per
field, in field order, and check nothing (the loader has checked the values; the cache's reader
gets only what the loader made). Each is a module-level function ``new_<Name>``, so a pickle
refers to it by name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from tracker.curriculum import model


def fast_constructor(cls: type) -> Callable[..., Any]:
    """A function making a ``cls`` (a frozen, slotted dataclass with no ``__post_init__``) from
    one positional value per field, in field order, without the dataclass ``__init__``.

    Generated, as ``dataclasses`` generates ``__init__``: a function with exactly one parameter
    per field, so a wrong number of values is a TypeError, never an unset slot.
    """
    if not _eligible(cls):
        raise TypeError(f"{cls!r} is not a slotted dataclass set only by its fields")
    fields = dataclasses.fields(cls)
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls}
    body = ["    obj = new(cls)"]
    for number, found in enumerate(fields):
        scope[f"set{number}"] = getattr(cls, found.name).__set__  # the slot's descriptor
        body.append(f"    set{number}(obj, v{number})")
    body.append("    return obj")
    name = f"new_{cls.__name__}"
    parameters = ", ".join(f"v{number}" for number in range(len(fields)))
    exec(f"def {name}({parameters}):\n" + "\n".join(body), scope)
    constructor: Callable[..., Any] = scope[name]
    constructor.__module__ = __name__
    constructor.__qualname__ = name
    constructor.__doc__ = f"A {cls.__name__} from its field values, in field order."
    return constructor


def _registered(cls: type) -> Callable[..., Any]:
    constructor = fast_constructor(cls)
    globals()[constructor.__name__] = constructor  # so a pickle finds it by name
    return constructor


def _eligible(cls: object) -> bool:
    """Slotted dataclasses whose constructor only sets their fields (no ``__post_init__``)."""
    return (
        isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and "__slots__" in vars(cls)
        and not hasattr(cls, "__post_init__")
        and all(f.init for f in dataclasses.fields(cls))
    )


CONSTRUCTORS: dict[type, Callable[..., Any]] = {
    value: _registered(value) for value in vars(model).values() if _eligible(value)
}
"""Every eligible model class and its fast constructor."""

new_text: Callable[[str, str], model.Text] = CONSTRUCTORS[model.Text]
