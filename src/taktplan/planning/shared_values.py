"""One object per distinct value in a plan's results.

A large plan holds millions of quantities and dates in its lines and pegs,
most of them repeats (a million lines of a 100,000-item company have a few
thousand distinct quantities and a few hundred distinct days). Arithmetic
makes a new object for each, so the same ``Decimal('100')`` or day number
is stored again and again. A run passes its results through one
:class:`SharedValues`, which hands back the first object seen for a value:
the results stay equal, field for field, and take about a third less memory.

Quantities are told apart by their text, not only their value:
``Decimal('2.5')`` and ``Decimal('2.50')`` are equal but print differently,
and the plan keeps each as it was computed.
"""

from __future__ import annotations

from decimal import Decimal


class SharedValues:
    """The first object seen for each quantity, day number and text of one run."""

    __slots__ = ("_day", "_qty", "_text")

    def __init__(self) -> None:
        self._qty: dict[str, Decimal] = {}
        self._day: dict[int, int] = {}
        self._text: dict[str, str] = {}

    def qty(self, value: Decimal) -> Decimal:
        return self._qty.setdefault(str(value), value)

    def day(self, value: int) -> int:
        return self._day.setdefault(value, value)

    def text(self, value: str) -> str:
        return self._text.setdefault(value, value)
