"""Cost shares: material, capacity, subcontracted, capacity overhead, manufacturing overhead.

Amounts are exact :class:`~decimal.Decimal` values. Sums and products are
exact; the few divisions (by 60 minutes, by efficiency, by a lot size) go
through :data:`CONTEXT`, 40 significant digits, so that nothing is rounded
to a currency's cents before the end. Rounding is for display only
(:func:`money`, :func:`unit_amount`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Context, Decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CONTEXT = Context(prec=40)
AMOUNT_PLACES = Decimal("0.01")
UNIT_AMOUNT_PLACES = Decimal("0.00001")


def divide(amount: Decimal, by: Decimal) -> Decimal:
    """``amount / by`` to 40 significant digits (exact whenever the quotient terminates)."""
    return CONTEXT.divide(amount, by)


def pct(amount: Decimal, percent: Decimal) -> Decimal:
    """``percent`` % of ``amount``."""
    return divide(amount * percent, HUNDRED)


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
        return (
            self.material
            + self.capacity
            + self.subcontracted
            + self.capacity_overhead
            + self.manufacturing_overhead
        )

    def __add__(self, other: CostShares) -> CostShares:
        return CostShares(
            self.material + other.material,
            self.capacity + other.capacity,
            self.subcontracted + other.subcontracted,
            self.capacity_overhead + other.capacity_overhead,
            self.manufacturing_overhead + other.manufacturing_overhead,
        )

    def times(self, factor: Decimal) -> CostShares:
        return CostShares(
            self.material * factor,
            self.capacity * factor,
            self.subcontracted * factor,
            self.capacity_overhead * factor,
            self.manufacturing_overhead * factor,
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
