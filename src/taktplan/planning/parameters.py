"""The planning parameters a SKU is planned with.

Takes the SKU card (or the item card where there is no SKU), keeps only the
fields its reordering policy uses, corrects inconsistent values the way the
planning system does, and derives the values the balancing needs (bucket
size, dampener days, overflow level).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal

from taktplan.domain.dates import DateFormula, Day
from taktplan.domain.item import ZERO, PlanningParameters, ReorderingPolicy, Replenishment
from taktplan.errors import PlanningError
from taktplan.planning.options import BlankOverflowLevel

_NO = DateFormula()
FRQ = ReorderingPolicy.FIXED_REORDER_QTY
MAXQ = ReorderingPolicy.MAXIMUM_QTY
LFL = ReorderingPolicy.LOT_FOR_LOT
ORDER = ReorderingPolicy.ORDER


@dataclass(frozen=True, slots=True)
class EffectiveParameters:
    """Parameters after policy filtering and value correction, plus derived values."""

    policy: ReorderingPolicy
    card: PlanningParameters
    corrections: tuple[str, ...]
    reorder_point_planning: bool
    bucket_days: int
    dampener_days: int
    lot_accumulation_days: int
    rescheduling_days: int
    overflow_level: Decimal

    @property
    def replenishment(self) -> Replenishment:
        return self.card.replenishment

    @property
    def safety_stock(self) -> Decimal:
        return self.card.safety_stock

    @property
    def reorder_point(self) -> Decimal:
        return self.card.reorder_point

    @property
    def reorder_qty(self) -> Decimal:
        return self.card.reorder_qty

    @property
    def max_inventory(self) -> Decimal:
        return self.card.max_inventory

    @property
    def min_order_qty(self) -> Decimal:
        return self.card.min_order_qty

    @property
    def max_order_qty(self) -> Decimal:
        return self.card.max_order_qty

    @property
    def order_multiple(self) -> Decimal:
        return self.card.order_multiple

    @property
    def dampener_qty(self) -> Decimal:
        return self.card.dampener_qty

    @property
    def include_inventory(self) -> bool:
        return self.card.include_inventory

    def describe(self) -> str:
        """One line a planner can read: the policy and the values it uses."""
        p = self.card
        parts = [self.policy.label]
        named: list[tuple[str, object]] = [
            ("safety stock", p.safety_stock),
            ("reorder point", p.reorder_point),
            ("reorder qty", p.reorder_qty),
            ("max inventory", p.max_inventory),
            ("min order", p.min_order_qty),
            ("max order", p.max_order_qty),
            ("order multiple", p.order_multiple),
            ("overflow level", self.overflow_level),
            ("dampener qty", p.dampener_qty),
        ]
        parts += [f"{name} {fmt_qty(value)}" for name, value in named if value]  # type: ignore[arg-type]
        if p.replenishment is Replenishment.TRANSFER:
            parts.append(f"transfer from {p.transfer_from}")
        periods: list[tuple[str, DateFormula]] = [
            ("shipping time", p.transfer_shipping_time),
            ("lead time", p.lead_time if p.replenishment is not Replenishment.TRANSFER else _NO),
            ("safety lead time", p.safety_lead_time),
            ("time bucket", p.time_bucket),
            ("lot accumulation", p.lot_accumulation_period),
            ("rescheduling period", p.rescheduling_period),
            ("dampener period", p.dampener_period),
        ]
        parts += [f"{name} {formula}" for name, formula in periods if not formula.is_zero]
        if self.policy is LFL and not p.include_inventory:
            parts.append("inventory not included")
        text = ", ".join(parts)
        if self.corrections:
            text += " (corrected: " + "; ".join(self.corrections) + ")"
        return text


_QTY_TEXT: dict[Decimal, str] = {}
_QTY_TEXT_LIMIT = 100_000


def fmt_qty(value: Decimal) -> str:
    """A quantity as a planner writes it: 5, 2.5, never 5.000 or 5E+1.

    Equal quantities print the same (2.5 and 2.50 both as 2.5), so the text
    is kept per value: a large plan writes the same few thousand quantities
    into millions of explanations.
    """
    text = _QTY_TEXT.get(value)
    if text is None:
        text = format(value.normalize(), "f")
        if len(_QTY_TEXT) >= _QTY_TEXT_LIMIT:
            _QTY_TEXT.clear()
        _QTY_TEXT[value] = text
    return text


def round_up_to_multiple(qty: Decimal, multiple: Decimal) -> Decimal:
    """``qty`` rounded up to a whole number of ``multiple`` (unchanged when 0)."""
    if not multiple or qty <= 0:
        return qty
    units = (qty / multiple).to_integral_value(rounding=ROUND_CEILING)
    return units * multiple


def _keep(value: bool, formula: DateFormula) -> DateFormula:
    return formula if value else _NO


def filter_by_policy(policy: ReorderingPolicy, p: PlanningParameters) -> PlanningParameters:
    """Blank the fields a policy does not use (planning-spec §2.2)."""
    reorder = policy in (FRQ, MAXQ)
    lfl = policy is LFL
    keeps_ss = reorder or (lfl and p.include_inventory)
    keeps_modifiers = reorder or lfl
    return replace(
        p,
        time_bucket=_keep(reorder, p.time_bucket),
        safety_stock=p.safety_stock if keeps_ss else ZERO,
        reorder_point=p.reorder_point if reorder else ZERO,
        reorder_qty=p.reorder_qty if policy is FRQ else ZERO,
        max_inventory=p.max_inventory if policy is MAXQ else ZERO,
        min_order_qty=p.min_order_qty if keeps_modifiers else ZERO,
        max_order_qty=p.max_order_qty if keeps_modifiers else ZERO,
        order_multiple=p.order_multiple if keeps_modifiers else ZERO,
        rescheduling_period=_keep(lfl, p.rescheduling_period),
        lot_accumulation_period=_keep(lfl, p.lot_accumulation_period),
        dampener_period=_keep(lfl or policy is ORDER, p.dampener_period),
        dampener_qty=p.dampener_qty if (reorder or lfl) else ZERO,
        overflow_level=p.overflow_level if reorder else ZERO,
        include_inventory=True
        if policy is not LFL and policy is not ORDER
        else p.include_inventory,
    )


def correct_values(
    p: PlanningParameters, policy: ReorderingPolicy
) -> tuple[PlanningParameters, list[str]]:
    """Correct inconsistent values (planning-spec §2.3) and say what changed."""
    notes: list[str] = []
    reorder = policy in (FRQ, MAXQ)
    if reorder and p.reorder_point < p.safety_stock:
        notes.append(
            f"reorder point {fmt_qty(p.reorder_point)} raised to the safety stock "
            f"{fmt_qty(p.safety_stock)}"
        )
        p = replace(p, reorder_point=p.safety_stock)
    if p.max_order_qty and p.max_order_qty < p.min_order_qty:
        notes.append(
            f"maximum order qty {fmt_qty(p.max_order_qty)} raised to the minimum order qty "
            f"{fmt_qty(p.min_order_qty)}"
        )
        p = replace(p, max_order_qty=p.min_order_qty)
    too_low = p.max_inventory < p.safety_stock or p.max_inventory < p.reorder_point
    if p.max_inventory and too_low and policy is not MAXQ:
        p = replace(p, max_inventory=ZERO)
    if p.overflow_level:
        if policy is FRQ and p.overflow_level < p.reorder_point + p.reorder_qty:
            notes.append("overflow level raised to reorder point + reorder qty")
            p = replace(p, overflow_level=p.reorder_point + p.reorder_qty)
        if policy is MAXQ and p.overflow_level < p.max_inventory:
            notes.append("overflow level raised to the maximum inventory")
            p = replace(p, overflow_level=p.max_inventory)
    return p, notes


def _check_errors(p: PlanningParameters, policy: ReorderingPolicy) -> None:
    if policy is MAXQ and p.max_inventory <= p.reorder_point:
        raise PlanningError(
            f"Maximum Qty. needs a maximum inventory above the reorder point "
            f"(maximum inventory {fmt_qty(p.max_inventory)}, reorder point "
            f"{fmt_qty(p.reorder_point)})"
        )
    if policy is FRQ and p.reorder_qty <= 0:
        raise PlanningError("Fixed Reorder Qty. needs a reorder quantity above 0")


def default_overflow_level(p: PlanningParameters, policy: ReorderingPolicy) -> Decimal:
    """The computed overflow level used when the SKU leaves it blank."""
    if policy is MAXQ:
        level = p.max_inventory + p.min_order_qty
    elif policy is FRQ:
        level = p.reorder_point + max(p.reorder_qty, p.min_order_qty)
    else:
        return ZERO
    return round_up_to_multiple(level, p.order_multiple)


def effective_parameters(
    card: PlanningParameters, start: Day, blank_overflow: BlankOverflowLevel
) -> EffectiveParameters | None:
    """The parameters of one SKU run, or None when the SKU is not planned."""
    policy = card.reordering_policy
    if policy is None:
        return None
    filtered = filter_by_policy(policy, card)
    corrected, notes = correct_values(filtered, policy)
    _check_errors(corrected, policy)
    reorder_point_planning = policy in (FRQ, MAXQ)
    lot_days = corrected.lot_accumulation_period.days_from(start)
    dampener_days = corrected.dampener_period.days_from(start)
    if policy is not ORDER:
        dampener_days = min(dampener_days, lot_days)
    overflow = corrected.overflow_level
    if not overflow and blank_overflow is BlankOverflowLevel.DEFAULT_CALCULATION:
        overflow = default_overflow_level(corrected, policy)
    return EffectiveParameters(
        policy=policy,
        card=corrected,
        corrections=tuple(notes),
        reorder_point_planning=reorder_point_planning,
        bucket_days=max(1, corrected.time_bucket.days_from(start)),
        dampener_days=dampener_days,
        lot_accumulation_days=lot_days,
        rescheduling_days=corrected.rescheduling_period.days_from(start),
        overflow_level=overflow,
    )
