"""Cost shares: material, capacity, subcontracted, capacity overhead, manufacturing overhead.

Amounts are :class:`~decimal.Decimal` values computed in :data:`CONTEXT`, 40
significant digits: the public functions of :mod:`taktplan.costing` run in it
(:func:`exact`), whatever the caller's decimal context. Sums and products of
the figures a planner enters are exact; the few divisions (by 60 minutes, by
the efficiency, by a lot size) are exact whenever the quotient terminates and
carry 40 digits otherwise. Nothing is rounded to cents before the end:
rounding is for display (:func:`money`, :func:`unit_amount`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CONTEXT = Context(prec=40)
AMOUNT_PLACES = Decimal("0.01")
UNIT_AMOUNT_PLACES = Decimal("0.00001")


def exact() -> AbstractContextManager[Context]:
    """The decimal context costing computes in (``with exact(): ...``)."""
    return localcontext(CONTEXT)


def divide(amount: Decimal, by: Decimal) -> Decimal:
    """``amount / by`` to 40 significant digits (exact whenever the quotient terminates)."""
    return CONTEXT.divide(amount, by)


def pct(amount: Decimal, percent: Decimal) -> Decimal:
    """``percent`` % of ``amount``."""
    if not percent:
        return ZERO
    return CONTEXT.divide(CONTEXT.multiply(amount, percent), HUNDRED)


def money(amount: Decimal) -> Decimal:
    """An amount as shown: two decimals, half up (0.005 -> 0.01)."""
    return amount.quantize(AMOUNT_PLACES, rounding=ROUND_HALF_UP)


def unit_amount(amount: Decimal) -> Decimal:
    """A unit cost as shown and as applied to the item: five decimals, half up."""
    return amount.quantize(UNIT_AMOUNT_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class CostShares:
    """A cost split the way Business Central's standard cost worksheet splits it.

    * ``material``: components (at their own full cost) or, for a bought
      item, its unit cost;
    * ``capacity``: setup and run time (or units) on own work and machine centers;
    * ``subcontracted``: the same on centers with a subcontractor;
    * ``capacity_overhead``: the centers' indirect cost % and overhead rate;
    * ``manufacturing_overhead``: the produced item's indirect cost % and overhead rate.
    """

    material: Decimal = ZERO
    capacity: Decimal = ZERO
    subcontracted: Decimal = ZERO
    capacity_overhead: Decimal = ZERO
    manufacturing_overhead: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        found = ZERO
        for value in (
            self.material,
            self.capacity,
            self.subcontracted,
            self.capacity_overhead,
            self.manufacturing_overhead,
        ):
            found = CONTEXT.add(found, value)
        return found

    def __add__(self, other: CostShares) -> CostShares:
        add = CONTEXT.add
        return CostShares(
            add(self.material, other.material),
            add(self.capacity, other.capacity),
            add(self.subcontracted, other.subcontracted),
            add(self.capacity_overhead, other.capacity_overhead),
            add(self.manufacturing_overhead, other.manufacturing_overhead),
        )

    def times(self, factor: Decimal) -> CostShares:
        times = CONTEXT.multiply
        return CostShares(
            times(self.material, factor),
            times(self.capacity, factor),
            times(self.subcontracted, factor),
            times(self.capacity_overhead, factor),
            times(self.manufacturing_overhead, factor),
        )

    def divided_by(self, by: Decimal) -> CostShares:
        return CostShares(
            divide(self.material, by),
            divide(self.capacity, by),
            divide(self.subcontracted, by),
            divide(self.capacity_overhead, by),
            divide(self.manufacturing_overhead, by),
        )


SHARE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(CostShares))
