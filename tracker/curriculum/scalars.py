"""How YAML 1.1 (and so PyYAML) reads a plain, unquoted scalar: its kind, and its number."""

from __future__ import annotations

import math
import re

# How YAML 1.1 (and so PyYAML) would read a plain, unquoted scalar.
_NULL = re.compile(r"(?:~|null|Null|NULL|)")
_BOOL = re.compile(
    r"(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)"
)
_INT = re.compile(
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
)
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}"
    r":[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
MAYBE_NOT_STRING = frozenset("-+.0123456789~nNtTfFyYoO")
"""The first characters of every plain scalar YAML reads as anything but a string (or empty)."""

STRING, NULL, BOOLEAN = "string", "null", "boolean"
INTEGER, FLOAT, DATE = "integer", "float", "date"


def plain_kind(value: str) -> str:
    """What YAML would make of an unquoted scalar: ``string``, ``null``, ``boolean``, ``integer``,
    ``float`` or ``date``."""
    if value and value[0] not in MAYBE_NOT_STRING:
        return STRING
    for kind, pattern in (
        (NULL, _NULL),
        (BOOLEAN, _BOOL),
        (INTEGER, _INT),
        (FLOAT, _FLOAT),
        (DATE, _DATE),
    ):
        if pattern.fullmatch(value):
            return kind
    return STRING


def yaml_int(text: str) -> int:
    """An integer as YAML 1.1 writes it (``1_000``, ``0x1f``, ``017``, ``1:30``)."""
    value = text.replace("_", "")
    sign = 1
    if value and value[0] in "+-":
        sign = -1 if value[0] == "-" else 1
        value = value[1:]
    if value == "0":
        return 0
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if value.startswith("0"):
        return sign * int(value, 8)
    if ":" in value:
        result = 0
        for part in value.split(":"):
            result = result * 60 + int(part)
        return sign * result
    return sign * int(value)


def yaml_float(text: str) -> float:
    """A float as YAML 1.1 writes it (``1.5``, ``.5``, ``1_000.0``, ``.inf``, ``1:30.0``)."""
    value = text.replace("_", "").lower()
    sign = 1
    if value and value[0] in "+-":
        sign = -1 if value[0] == "-" else 1
        value = value[1:]
    if value == ".inf":
        return sign * math.inf
    if value == ".nan":
        return math.nan
    if ":" in value:
        result = 0.0
        for part in value.split(":"):
            result = result * 60 + float(part)
        return sign * result
    return sign * float(value)
