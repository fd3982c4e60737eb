"""Reorder-point planning: Fixed Reorder Qty. and Maximum Qty. (planning-spec §7).

The walk keeps the *projected inventory* (gross: on hand plus all supply minus
all demand, reserved quantities included) bucket by bucket. Buckets are
``time bucket`` days long and aligned to the planning start. At the end of a
bucket where the projected inventory is at or below the reorder point, an
order is scheduled forward from the next day, unless supply already due
within that order's lead time lifts the inventory above the reorder point.

Safety stock is kept by the balancing itself (exception orders on the day
of the shortfall); this module only adds the reorder orders and the
overflow check.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from taktplan.domain.dates import Day, iso
from taktplan.domain.item import ZERO, ReorderingPolicy
from taktplan.planning.modifiers import apply_modifiers
from taktplan.planning.parameters import fmt_qty
from taktplan.planning.profile import REORDER_PRIORITY, Origin, SupplyEntry
from taktplan.planning.scheduling_dates import Lead, forward, routing_lead

if TYPE_CHECKING:
    from taktplan.planning.profile import DemandEntry
    from taktplan.planning.sku_planner import SkuPlanner


def _date(entry: SupplyEntry | DemandEntry) -> Day:
    return entry.date


class ReorderPointWalk:
    """The bucketed projected inventory of one reorder-point SKU."""

    def __init__(self, planner: SkuPlanner) -> None:
        self.planner = planner
        self.p = planner.p
        shop = planner.inp.shop
        self._routed = shop is not None and planner.inp.key.item in shop.routings
        self.size = planner.p.bucket_days
        self.start = planner.start
        self.end = planner.end
        self.bucket_start = planner.start
        self.level = planner.opening_projected
        # The last reorder check found enough supply due within the lead time.
        self._covered = False

    # ------------------------------------------------------------- sums
    # The planner keeps its supply and demand lists sorted by date (then
    # priority), so every date range is found by bisection, never by a scan.
    def _supply_between(self, after: Day, through: Day) -> Decimal:
        """Gross supply due in (after, through], frozen zone and on-hand excluded."""
        supplies = self.planner.supplies
        first = bisect_right(supplies, max(after, self.start - 1), key=_date)
        last = bisect_right(supplies, through, key=_date)
        total = ZERO
        for supply in supplies[first:last]:
            total += supply.qty
        return total

    def _demand_between(self, after: Day, through: Day) -> Decimal:
        demands = self.planner.demands
        first = bisect_right(demands, after, key=_date)
        last = bisect_right(demands, through, key=_date)
        total = ZERO
        for demand in demands[first:last]:
            if not demand.is_safety_stock:
                total += demand.qty
        return total

    def _next_event(self, day: Day) -> Day | None:
        """The first date on or after ``day`` with any supply or demand (safety stock too)."""
        supplies, demands = self.planner.supplies, self.planner.demands
        found: Day | None = None
        index = bisect_left(supplies, max(day, self.start), key=_date)
        if index < len(supplies):
            found = supplies[index].date
        index = bisect_left(demands, day, key=_date)
        if index < len(demands) and (found is None or demands[index].date < found):
            found = demands[index].date
        return found

    def _skip_quiet_buckets(self, limit: Day) -> None:
        """Jump to the bucket of ``limit`` or of the next supply or demand, if nothing happens.

        A bucket without supply or demand leaves the projected inventory as it
        is; while that is above the reorder point, closing it orders nothing.
        At or below the reorder point, it orders nothing either when the last
        bucket closed found enough supply due within the order's lead time
        (``_covered``): the next bucket's window starts later without losing
        any supply (none is due in between) and ends no earlier.
        """
        if self.level <= self.p.reorder_point and not self._covered:
            return
        target = self._next_event(self.bucket_start)
        if target is None or target > limit:
            target = limit
        if target > self.bucket_start:
            self.bucket_start += (target - self.bucket_start) // self.size * self.size

    # ------------------------------------------------------------- walk
    def initial_check(self) -> None:
        """On the start date: opening inventory plus first-bucket supply at or below the ROP."""
        first_end = self.start + self.size - 1
        level = self.level + self._supply_between(self.start - 1, first_end)
        if level <= self.p.reorder_point:
            self._reorder(self.start, first_end, level, lambda: "on the planning starting date")

    def advance_to(self, day: Day) -> None:
        """Close every bucket that ends before ``day``."""
        self._covered = False  # balancing may have changed supply since the last call
        while True:
            self._skip_quiet_buckets(day)
            if not (self.bucket_start <= self.end and self.bucket_start + self.size - 1 < day):
                return
            self._close_bucket()

    def close_loop(self) -> None:
        """After the last demand: walk the remaining buckets up to the planning end."""
        self._covered = False
        while True:
            self._skip_quiet_buckets(self.end + 1)
            if self.bucket_start > self.end:
                return
            self._close_bucket()

    def _close_bucket(self) -> None:
        first, last = self.bucket_start, self.bucket_start + self.size - 1
        before = self.level
        self._covered = False
        supply = self._supply_between(first - 1, last)
        demand = self._demand_between(first - 1, last)
        self.level = before + supply - demand
        self.bucket_start = last + 1
        if self.level <= self.p.reorder_point and last + 1 <= self.end:

            def when() -> str:
                bucket = iso(first) if self.size == 1 else f"{iso(first)}..{iso(last)}"
                return (
                    f"at the end of bucket {bucket} (was {fmt_qty(before)}, supply "
                    f"{fmt_qty(supply)}, demand {fmt_qty(demand)})"
                )

            self._reorder(last + 1, last, self.level, when)

    def _order_qty(self, level: Decimal) -> tuple[Decimal, str]:
        p = self.p
        if p.policy is ReorderingPolicy.FIXED_REORDER_QTY:
            qty = p.reorder_qty
            how = f"reorder qty {fmt_qty(qty)}"
            if level + qty <= p.reorder_point:
                units = (p.reorder_point - level) // p.reorder_qty + 1
                qty = units * p.reorder_qty
                how += f" raised to {fmt_qty(qty)} to lift the inventory above the reorder point"
            return qty, how
        qty = p.max_inventory - level
        return qty, (
            f"maximum inventory {fmt_qty(p.max_inventory)} - projected {fmt_qty(level)} "
            f"= {fmt_qty(qty)}"
        )

    def _routing_lead(self, qty: Decimal) -> Lead | None:
        """The routing's lead time for a new order of ``qty`` (None: the card's lead time)."""
        inp = self.planner.inp
        if inp.shop is None:
            return None
        return routing_lead(inp.shop, self.p.replenishment.value, inp.key.item, qty)

    def _reorder(
        self, start: Day, counted_through: Day, level: Decimal, when: Callable[[], str]
    ) -> None:
        """Order if supply due within the order's lead time does not lift ``level``.

        Most calls find enough supply already due (a reorder made a bucket
        earlier), so the explanation (``when``) is only written for an order.
        """
        planner = self.planner
        lead = None
        if self._routed:
            lead = self._routing_lead(self._order_qty(level)[0])
        dates = forward(self.p.card, start, planner.inp.calendar, lead)
        found = self._supply_between(counted_through, dates.due)
        if level + found > self.p.reorder_point:
            self._covered = True
            return
        qty, how = self._order_qty(level)
        window = f"{iso(dates.starting)}..{iso(dates.due)}"
        if found:
            if self.p.policy is ReorderingPolicy.FIXED_REORDER_QTY:
                qty = max(qty - found, self.p.reorder_qty)
            else:
                qty -= found
            how += f", less {fmt_qty(found)} already due in {window} = {fmt_qty(qty)}"
        remaining = qty
        latest_due = dates.due
        while remaining > 0:
            modified = apply_modifiers(remaining, self.p)
            if lead is not None and modified.qty != qty:
                dates = forward(
                    self.p.card,
                    start,
                    planner.inp.calendar,
                    self._routing_lead(modified.qty),
                )
            entry = planner.new_entry(Origin.REORDER, dates.due, modified.qty, flexible=True)
            entry.priority = REORDER_PRIORITY
            entry.reduce_only = True
            entry.min_qty = modified.qty
            entry.fixed_date = dates.due
            entry.forward_dates = dates
            entry.note(
                f"projected inventory {fmt_qty(level)} {when()} is at or below the reorder point "
                f"{fmt_qty(self.p.reorder_point)}"
            )
            entry.note(
                f"{planner.describe_parameters()}: order starts {iso(dates.starting)}, "
                f"due {iso(dates.due)}; supply already due in {window}: {fmt_qty(found)}; {how}"
            )
            if modified.steps:
                entry.note("order modifiers: " + "; ".join(modified.steps))
            planner._insert(entry)
            planner.mark_changed(entry)
            remaining -= modified.qty
        if self.p.overflow_level > 0 and qty > 0:
            self.check_new_overflow(level + qty, qty, latest_due)

    def check_new_overflow(self, level: Decimal, budget: Decimal, after: Day) -> None:
        """After new supply: cut later existing supply that would now overflow.

        Walks the supply due after ``after`` up to the planning end, adding it to
        ``level``; where the level passes the overflow level, the supply is
        decreased (at most by the new quantity, ``budget``) with an Attention
        warning.
        """
        overflow = self.p.overflow_level
        later = [
            s
            for s in self.planner.supplies
            if after < s.date <= self.end and s.origin is Origin.EXISTING and s.flexible
        ]
        for supply in later:
            if budget <= 0:
                break
            level += supply.original_qty if supply.original_qty else supply.qty
            if level <= overflow:
                continue
            cut = min(level - overflow, budget, supply.qty)
            new_qty = self.planner.rounded_decrease(supply, supply.qty - cut)
            done = supply.qty - new_qty
            if done <= 0:
                continue
            text = (
                f"projected inventory {fmt_qty(level)} is higher than the overflow level "
                f"{fmt_qty(overflow)} on {iso(supply.date)}"
            )
            supply.note(
                f"{text} after new supply: decreased {fmt_qty(supply.qty)} -> {fmt_qty(new_qty)}"
            )
            supply.qty = new_qty
            supply.untracked -= done
            supply.min_qty = new_qty
            supply.overflow_text = text
            self.planner.mark_changed(supply)
            budget -= done
            level -= done

    # ---------------------------------------------------------- overflow
    def check_overflow(self) -> None:
        """Reduce existing supply that would lift the inventory above the overflow level.

        Afterwards every existing supply keeps its (possibly reduced) quantity
        as a floor: ordinary balancing never decreases reorder-point supply.
        """
        existing = [
            s
            for s in self.planner.supplies
            if s.origin is Origin.EXISTING and s.flexible and s.date >= self.start
        ]
        overflow = self.p.overflow_level
        if overflow > 0 and existing:
            self._reduce_overflow(existing, overflow)
        for supply in existing:
            supply.min_qty = max(supply.min_qty, supply.qty)

    def _reduce_overflow(self, existing: list[SupplyEntry], overflow: Decimal) -> None:
        buckets = sorted({(s.date - self.start) // self.size for s in existing})
        level = self.level
        counted_through = self.start - 1
        for index in buckets:
            first = self.start + index * self.size
            last = first + self.size - 1
            level = max(level, ZERO) - self._demand_between(counted_through, last)
            level += self._supply_between(first - 1, last)
            counted_through = last
            if level <= overflow:
                continue
            in_bucket = [s for s in existing if first <= s.date <= last]
            for supply in sorted(in_bucket, key=lambda s: (s.date, s.seq), reverse=True):
                excess = level - overflow
                if excess <= 0:
                    break
                cut = min(excess, supply.qty - supply.min_qty)
                if cut <= 0:
                    continue
                text = (
                    f"projected inventory {fmt_qty(level)} is higher than the overflow level "
                    f"{fmt_qty(overflow)} on {iso(supply.date)}"
                )
                supply.note(
                    f"{text}: decreased {fmt_qty(supply.qty)} -> {fmt_qty(supply.qty - cut)}"
                )
                supply.qty -= cut
                supply.untracked -= cut
                supply.overflow_text = text
                level -= cut
                self.planner.mark_changed(supply)
