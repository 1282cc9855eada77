"""Pausing Python's cyclic garbage collector while many long-lived objects are made at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block, then set it back as it was.

    While tens of thousands of container objects are made (a curriculum, a report of 9,000
    tasks), the collector would run every few hundred of them, and a full collection walks every
    object of the process that is not frozen. Nothing made in such a block is cyclic garbage, and
    what it drops is freed by reference counting as usual. What is kept is still seen once by the
    first collection after the block (a young collection over all of it, a few milliseconds for a
    report of 9,000 tasks). The collector is process-wide: a pause in one thread pauses it for
    all, for as long as the block runs, and a block that starts while it is already paused
    leaves it so.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
