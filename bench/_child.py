"""Helpers for the benchmark child scripts: report one JSON line, peak memory, missing parts.

Each child script is one whole-process measurement; ``bench/run.py`` starts it, times it from the
outside and reads the JSON it prints on stdout.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, NoReturn


def peak_rss_mib() -> float:
    """This process's peak resident memory so far (VmHWM), in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(**metrics: Any) -> None:
    """Print one line of metrics for the runner."""
    print(json.dumps(metrics), flush=True)


def missing(what: str) -> NoReturn:
    """Say which part of the app this benchmark needs is not there yet, and stop."""
    report(missing=what)
    sys.exit(0)


def leave(code: int = 0) -> NoReturn:
    """Exit now, without tearing down Qt or the interpreter: the measurement is over."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
