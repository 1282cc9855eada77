"""Pausing Python's cyclic garbage collector while many long-lived objects are made at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block, then set it back as it was.

    While tens of thousands of container objects are made (a curriculum, a report of 9,000
    tasks), the collector would run every few hundred of them, and each full collection walks
    every object of the process again: for a first export that was a third of its time. Nothing
    made in such a block is cyclic garbage, and what it drops is freed by reference counting as
    usual; the count the collector keeps falls again as those objects go, so the work is not
    merely put off. The collector is process-wide: a pause in one thread pauses it for all, for
    as long as the block runs, and a block that starts while it is already paused leaves it so.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
