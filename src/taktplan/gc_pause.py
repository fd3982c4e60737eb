"""Pause the cyclic garbage collector while a large, acyclic structure is built.

Reading a world and planning it allocate millions of small objects and free
almost none until the end; CPython's cyclic collector would walk all of them
again and again (each full collection is proportional to every live object),
for nothing: they hold no reference cycles. Reference counting still frees
everything as usual; only cycle detection waits until the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block (as it was before afterwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
