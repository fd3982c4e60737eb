"""Order modifiers: minimum, maximum and multiple order quantity (planning-spec §8.3)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from taktplan.domain.item import ZERO
from taktplan.planning.parameters import EffectiveParameters, fmt_qty, round_up_to_multiple

__all__ = ["Modified", "apply_modifiers", "round_up_to_multiple"]


@dataclass(frozen=True, slots=True)
class Modified:
    qty: Decimal
    steps: tuple[str, ...]


def apply_modifiers(qty: Decimal, params: EffectiveParameters, floor: Decimal = ZERO) -> Modified:
    """Apply max, then min, then multiple to a wanted quantity.

    The maximum caps the order (the rest becomes further orders) only when it
    is above the order's floor; the minimum lifts; the multiple rounds up.
    A result above the maximum order quantity is capped again at the end.
    """
    steps: list[str] = []
    if qty <= 0:
        return Modified(qty, ())
    wanted = qty
    maximum = params.max_order_qty
    if maximum and qty > maximum and maximum > floor:
        qty = maximum
        steps.append(f"capped at maximum order qty {fmt_qty(maximum)}")
    if params.min_order_qty > qty:
        qty = params.min_order_qty
        steps.append(f"raised to minimum order qty {fmt_qty(qty)}")
    rounded = round_up_to_multiple(qty, params.order_multiple)
    if rounded != qty:
        steps.append(
            f"rounded up to order multiple {fmt_qty(params.order_multiple)}: {fmt_qty(rounded)}"
        )
        qty = rounded
    if maximum and qty > maximum and maximum >= floor:
        qty = maximum
        steps.append(f"capped at maximum order qty {fmt_qty(maximum)}")
    if steps:
        steps.insert(0, f"wanted {fmt_qty(wanted)}")
    return Modified(qty, tuple(steps))
