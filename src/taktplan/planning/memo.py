"""Whole-world passes kept between planning runs of the same structure.

A net change plan after a sales order changed works on a world whose items,
BOMs and SKU cards are the very objects of the run before, and whose
documents name the same SKUs. Which SKUs are planned, and in which order,
then come out the same, so they are taken from the earlier run instead of
walking every SKU of the company again (on a 100,000-item world that walk is
most of a net change plan's time).

An entry is found by the identity of the structure objects it was computed
from (held by the entry, so an identity cannot be reused while it is kept)
and by equality of everything the pass reads besides them, so a hit gives
exactly what the pass itself would: the engine stays a pure function of its
snapshot.

Each pass keeps two entries (the world before a change and after it, which
is what a planning assignment and the net change plan that follows it
read). An entry holds its structure objects alive until it is replaced:
at most two worlds' items, BOMs and SKU cards beyond the ones in use.
"""

from __future__ import annotations

from collections.abc import Callable
from threading import Lock
from typing import Generic, TypeVar

T = TypeVar("T")


class PassMemo(Generic[T]):
    """The last few results of one whole-world pass, most recent first."""

    def __init__(self, size: int = 2) -> None:
        self._size = size
        self._entries: list[tuple[tuple[object, ...], object, T]] = []
        self._lock = Lock()

    def get(self, refs: tuple[object, ...], values: object, compute: Callable[[], T]) -> T:
        """The result for these structure objects (by identity) and values (by equality)."""
        with self._lock:
            for index, (held, seen, result) in enumerate(self._entries):
                if _same(held, refs) and seen == values:
                    self._entries.insert(0, self._entries.pop(index))
                    return result
        result = compute()
        with self._lock:
            self._entries.insert(0, (refs, values, result))
            del self._entries[self._size :]
        return result

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _same(held: tuple[object, ...], refs: tuple[object, ...]) -> bool:
    return len(held) == len(refs) and all(a is b for a, b in zip(held, refs, strict=True))
