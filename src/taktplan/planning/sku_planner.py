"""Balancing demand and supply of one SKU (planning-spec §4-§8, §12-§13).

One :class:`SkuPlanner` plans one SKU: it loads the inventory profile, nets
the frozen zone, raises the emergency and initial safety-stock orders, then
walks the demand in date and priority order, matching each demand with the
current supply: reschedule in or out, increase, decrease, cancel, and only
when no existing supply can serve, create a new one. Reorder-point SKUs add
the bucketed reorder-point check (:mod:`taktplan.planning.reorder_point`).

Every decision that shapes a line is written into that supply's
explanation as it is taken, so a planner can read why a line exists.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from taktplan.domain.calendar import WorkCalendar
from taktplan.domain.dates import Day, iso
from taktplan.domain.documents import (
    Demand,
    DemandType,
    PlanningFlexibility,
    Supply,
    SupplyType,
)
from taktplan.domain.item import ZERO, ReorderingPolicy, SkuKey
from taktplan.domain.shop import ShopData
from taktplan.planning.attributes import match_attributes
from taktplan.planning.modifiers import apply_modifiers, round_up_to_multiple
from taktplan.planning.options import PlanningOptions
from taktplan.planning.parameters import EffectiveParameters, fmt_qty
from taktplan.planning.profile import (
    DEMAND_PRIORITY,
    INVENTORY_PRIORITY,
    NEW_SUPPLY_PRIORITY,
    SAFETY_STOCK_PRIORITY,
    DemandEntry,
    Origin,
    StockPart,
    SupplyEntry,
    place,
    supply_priority,
)
from taktplan.planning.reorder_point import ReorderPointWalk
from taktplan.planning.result import Peg
from taktplan.planning.shared_values import SharedValues


@dataclass(frozen=True, slots=True)
class SkuInput:
    """Everything the planning of one SKU depends on (a pure function's argument)."""

    key: SkuKey
    params: EffectiveParameters
    demand: tuple[Demand, ...]
    supply: tuple[Supply, ...]
    on_hand: Decimal
    calendar: WorkCalendar
    options: PlanningOptions
    lot_specific: bool = False
    lots: tuple[tuple[str, Decimal], ...] = ()  # on-hand quantity per lot (part of on_hand)
    shop: ShopData | None = None  # for routing lead times of new production orders
    shared: SharedValues | None = None  # the run's pool of result values


class _Dates(Enum):
    MATCH = "match"
    CREATE = "create"
    REDUCE = "reduce"


_UNBOUNDED_DEMAND = (DemandType.FORECAST, DemandType.BLANKET)
# ``.value`` of an enum member is a descriptor call; these plain lookups are cheaper.
_DEMAND_KIND: dict[DemandType, str] = {kind: kind.value for kind in DemandType}
_SUPPLY_KIND: dict[SupplyType, str] = {kind: kind.value for kind in SupplyType}


def _date(entry: SupplyEntry | DemandEntry) -> Day:
    return entry.date


class SkuPlanner:
    """The balancing state of one SKU run."""

    def __init__(self, inp: SkuInput) -> None:
        self.inp = inp
        self._shared = inp.shared or SharedValues()
        self.p = inp.params
        self.start = inp.options.start
        self.end = inp.options.end
        self.demands: list[DemandEntry] = []
        self.frozen_demands: list[DemandEntry] = []
        self.supplies: list[SupplyEntry] = []
        self.pegs: list[Peg] = []
        self._seq = 0
        self._changes = 0
        self._first_open = 0
        self._lot_start: Day | None = None
        self._ss_allocations: list[tuple[SupplyEntry, Decimal]] = []
        self.opening_projected = ZERO
        self.opening_available = ZERO
        self.rop: ReorderPointWalk | None = None
        self.on_hand = inp.on_hand
        self.lot_stock: dict[str, Decimal] = dict(inp.lots)
        # Supply served to linked or lot-specific demand, outside the profile.
        self.matched: list[SupplyEntry] = []
        self._emergencies: list[SupplyEntry] = []
        self._new_kind: str = self.p.replenishment.value
        self.order_to_order = self.p.policy is ReorderingPolicy.ORDER
        self._described: str | None = None

    # ------------------------------------------------------------------ run
    def run(self) -> list[SupplyEntry]:
        """Plan the SKU; return its supply entries (lines are built from them)."""
        self._load()
        match_attributes(self)
        self._net_frozen_zone()
        self._emergency_order()
        self._initial_safety_stock()
        self._add_safety_stock_demand()
        if self.p.reorder_point_planning:
            self.rop = ReorderPointWalk(self)
            self.rop.check_overflow()
            self.rop.initial_check()
        self._balance()
        self.rop = None  # the walk points back at the planner: no cycle left behind
        return self.supplies + self.matched

    def describe_parameters(self) -> str:
        """``params.describe()``, written once per SKU (every new order's explanation has it)."""
        if self._described is None:
            self._described = self.p.describe()
        return self._described

    @property
    def respect_parameters_for_exceptions(self) -> bool:
        return self.inp.options.respect_planning_parameters_for_exceptions

    # --------------------------------------------------------------- loading
    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _load(self) -> None:
        for demand in self.inp.demand:
            if demand.date > self.end:
                continue
            entry = DemandEntry(
                id=demand.id,
                kind=_DEMAND_KIND[demand.type],
                date=demand.date,
                qty=demand.qty,
                untracked=demand.qty - demand.reserved_qty,
                priority=DEMAND_PRIORITY[demand.type],
                source=demand,
            )
            if demand.date < self.start:
                self.frozen_demands.append(entry)
            else:
                self.demands.append(entry)
        self.demands.sort(key=DemandEntry.sort_key)
        self.frozen_demands.sort(key=DemandEntry.sort_key)
        for supply in sorted(self.inp.supply, key=lambda s: s.id):
            self._load_supply(supply)

    def _load_supply(self, supply: Supply) -> None:
        flexible = supply.flexibility is PlanningFlexibility.UNLIMITED
        entry = SupplyEntry(
            seq=self._next_seq(),
            origin=Origin.EXISTING,
            ref=supply.id,
            ref_type=_SUPPLY_KIND[supply.type],
            date=supply.date,
            qty=supply.qty,
            untracked=supply.qty - supply.reserved_qty,
            priority=supply_priority(supply),
            flexible=flexible and self.start <= supply.date <= self.end,
            original_date=supply.date,
            original_qty=supply.qty,
            status=supply.status,
            min_qty=supply.reserved_qty,
            linked_demand=supply.linked_demand,
            lot=supply.lot,
        )
        if supply.lot is not None and supply.linked_demand is None and entry.flexible:
            entry.flexible = False
            entry.note(f"carries lot {supply.lot}: counted, never changed")
        if not entry.flexible and flexible:
            where = (
                "before the planning start"
                if supply.date < self.start
                else "after the planning end"
            )
            entry.note(f"dated {where}: counted, never changed")
        if self.p.reorder_point_planning and entry.flexible:
            entry.reduce_only = True
        self.supplies.append(entry)

    # ------------------------------------------------------ frozen zone (§4)
    def _net_frozen_zone(self) -> None:
        """Net on-hand stock and everything dated before the start into one opening entry."""
        reserved = sum((d.qty - d.untracked for d in self.demands + self.frozen_demands), ZERO)
        on_hand = self.on_hand if self.p.include_inventory else min(reserved, self.on_hand)
        frozen = sorted((s for s in self.supplies if s.date < self.start), key=SupplyEntry.sort_key)
        self.supplies = [s for s in self.supplies if s.date >= self.start]
        frozen_supply = sum((s.qty for s in frozen), ZERO)
        frozen_demand = sum((d.qty for d in self.frozen_demands), ZERO)
        frozen_untracked = sum((d.untracked for d in self.frozen_demands), ZERO)
        self.opening_projected = on_hand + frozen_supply - frozen_demand
        self.opening_available = on_hand - reserved + frozen_supply - frozen_untracked
        parts = [StockPart(f"on-hand {place(self.inp.key)}", "inventory", on_hand - reserved)]
        parts += [StockPart(s.supply_id(self.inp.key), s.kind, s.qty) for s in frozen]
        self._peg_frozen_demand(parts)
        if self.opening_available > 0:
            opening = self.new_entry(
                Origin.INVENTORY, self.start - 1, self.opening_available, flexible=False
            )
            opening.priority = INVENTORY_PRIORITY
            opening.parts = [part for part in parts if part.qty > 0]
            opening.note(
                f"on hand {fmt_qty(on_hand)}, frozen-zone supply {fmt_qty(frozen_supply)}, "
                f"frozen-zone demand {fmt_qty(frozen_demand)}, reserved {fmt_qty(reserved)}"
            )
            self._insert(opening)
        self.supplies.sort(key=SupplyEntry.sort_key)

    def _peg_frozen_demand(self, parts: list[StockPart]) -> None:
        """Peg demand dated before the start to stock and frozen-zone supply, first come first.

        What they cannot cover stays untracked: the emergency order serves it.
        """
        for demand in self.frozen_demands:
            for part in parts:
                if demand.untracked <= 0:
                    break
                used = min(part.qty, demand.untracked)
                if used > 0:
                    part.qty -= used
                    demand.untracked -= used
                    self.pegs.append(self._peg_to(part.supply_id, part.kind, demand, used))

    def _emergency_order(self) -> None:
        if self.opening_available >= 0:
            return
        qty = -self.opening_available
        entry = self.new_entry(Origin.EMERGENCY, self.start - 1, qty, flexible=False)
        entry.untracked = ZERO
        entry.closed = True
        text = (
            f"projected available inventory is {fmt_qty(self.opening_available)} on the "
            f"planning starting date {iso(self.start)}"
        )
        entry.warning_texts.append(text)
        late = ", ".join(f"{d.label()} ({iso(d.date)})" for d in self.frozen_demands) or "none"
        entry.note(f"{text}; past-due demand: {late}")
        entry.note("emergency order of the exact shortage, dated the day before the start")
        for demand in self.frozen_demands:
            if demand.untracked > 0:
                self.pegs.append(self._peg(entry, demand, demand.untracked))
        self.opening_projected += qty
        self.opening_available = ZERO
        self._emergencies.append(entry)
        self._insert(entry)
        self.mark_changed(entry)

    def _initial_safety_stock(self) -> None:
        ss = self.p.safety_stock
        if ss <= 0:
            return
        on_start = sum(
            (
                s.untracked
                for s in self.supplies
                if s.date == self.start and s.origin is Origin.EXISTING
            ),
            ZERO,
        )
        available = self.opening_available + on_start
        if available >= ss:
            return
        shortfall = ss - available
        qty = shortfall
        if self.respect_parameters_for_exceptions:
            qty = self._reorder_sized(shortfall, self.opening_projected + on_start)
        entry = self.new_entry(Origin.SAFETY_STOCK, self.start, qty, flexible=True)
        entry.fixed_date = self.start
        if qty > shortfall:
            entry.min_qty = qty
        text = (
            f"projected available inventory {fmt_qty(available)} is below safety stock "
            f"{fmt_qty(ss)} on {iso(self.start)}"
        )
        entry.warning_texts.append(text)
        entry.note(f"{text}; exception order of {fmt_qty(qty)}")
        self._insert(entry)
        self.mark_changed(entry)

    def _reorder_sized(self, shortfall: Decimal, projected: Decimal) -> Decimal:
        """Size an exception order with the planning parameters (the respect option).

        Fixed Reorder Qty. orders whole reorder quantities that lift the
        inventory above the reorder point; Maximum Qty. fills up to the
        maximum inventory; other policies apply the order modifiers.
        """
        p = self.p
        qty = shortfall
        if p.policy is ReorderingPolicy.FIXED_REORDER_QTY and p.reorder_qty > 0:
            qty = max(p.reorder_qty, round_up_to_multiple(shortfall, p.reorder_qty))
            while projected + qty <= p.reorder_point:
                qty += p.reorder_qty
        elif p.policy is ReorderingPolicy.MAXIMUM_QTY:
            qty = max(shortfall, p.max_inventory - projected)
        return apply_modifiers(qty, p).qty

    def _exception_sized(self, need: Decimal, projected: Decimal) -> Decimal:
        """An exception order sized with the planning parameters (the respect option).

        Fixed Reorder Qty. orders the reorder quantity, or whole reorder
        quantities when the projected inventory is further below zero;
        Maximum Qty. fills up to the maximum inventory. No lifting above the
        reorder point: that is the reorder-point walk's job.
        """
        p = self.p
        qty = need
        if p.policy is ReorderingPolicy.FIXED_REORDER_QTY and p.reorder_qty > 0:
            qty = p.reorder_qty
            if qty < -projected:
                qty = round_up_to_multiple(-projected, p.reorder_qty)
        elif p.policy is ReorderingPolicy.MAXIMUM_QTY:
            qty = max(need, p.max_inventory - projected)
        return apply_modifiers(qty, p).qty

    def _add_safety_stock_demand(self) -> None:
        if self.p.safety_stock <= 0:
            return
        dates = sorted({self.start} | {d.date for d in self.demands})
        for day in dates:
            self.demands.append(
                DemandEntry(
                    id="SAFETY-STOCK",
                    kind="safety stock",
                    date=day,
                    qty=self.p.safety_stock,
                    untracked=self.p.safety_stock,
                    priority=SAFETY_STOCK_PRIORITY,
                    is_safety_stock=True,
                )
            )
        self.demands.sort(key=DemandEntry.sort_key)

    # ----------------------------------------------------------- supply list
    def new_entry(self, origin: Origin, day: Day, qty: Decimal, *, flexible: bool) -> SupplyEntry:
        return SupplyEntry(
            seq=self._next_seq(),
            origin=origin,
            ref=None,
            ref_type=self._new_kind,
            date=day,
            qty=qty,
            untracked=qty,
            priority=NEW_SUPPLY_PRIORITY,
            flexible=flexible,
        )

    def _insert(self, entry: SupplyEntry) -> None:
        index = bisect.bisect(self.supplies, entry.sort_key(), key=SupplyEntry.sort_key)
        self.supplies.insert(index, entry)
        if not entry.closed:
            self._first_open = min(self._first_open, index)

    def _resort(self) -> None:
        self.supplies.sort(key=SupplyEntry.sort_key)
        self._first_open = 0

    def _current_supply(self) -> SupplyEntry | None:
        while self._first_open < len(self.supplies):
            entry = self.supplies[self._first_open]
            if not entry.closed:
                return entry
            self._first_open += 1
        return None

    def mark_changed(self, entry: SupplyEntry) -> None:
        if entry.changed_at is None:
            self._changes += 1
            entry.changed_at = self._changes

    def projected_at(self, day: Day) -> Decimal:
        """Projected (gross) inventory at the end of ``day``, for explanations.

        Supply and demand are sorted by date while balancing: the dates up to
        ``day`` are found by bisection.
        """
        supplies, demands = self.supplies, self.demands
        supply = ZERO
        first = bisect.bisect_left(supplies, self.start, key=_date)
        for s in supplies[first : bisect.bisect_right(supplies, day, key=_date)]:
            if s.origin is not Origin.INVENTORY:
                supply += s.qty
        for s in self._emergencies:
            supply -= s.qty
        demand = ZERO
        for d in demands[: bisect.bisect_right(demands, day, key=_date)]:
            if not d.is_safety_stock:
                demand += d.qty
        return self.opening_projected + supply - demand

    # ------------------------------------------------------------- balancing
    def _balance(self) -> None:
        last_date: Day | None = None
        for demand in self.demands:
            if demand.date != last_date:
                self._release_safety_stock()
                if self.rop is not None:
                    self.rop.advance_to(demand.date)
                last_date = demand.date
            if (
                self.order_to_order
                and demand.source is not None
                and demand.source.type not in _UNBOUNDED_DEMAND
            ):
                self._cover_order_to_order(demand)
            else:
                self._cover(demand)
        self._reduce_surplus()
        if self.rop is not None:
            self.rop.close_loop()

    def _cover(self, demand: DemandEntry) -> None:
        while demand.untracked > 0:
            supply = self._current_supply()
            decision = _Dates.CREATE if supply is None else self._match_dates(demand, supply)
            if supply is None or decision is _Dates.CREATE:
                supply = self._create_supply(demand)
            elif decision is _Dates.REDUCE:
                self._reduce(supply)
                if supply.untracked <= 0:
                    self._close_supply(supply, demand)
                    continue
                supply.capped = True
            self._match_qty(demand, supply)

    def _match_dates(self, demand: DemandEntry, supply: SupplyEntry) -> _Dates:
        if supply.linked_demand is not None and supply.origin is Origin.EXISTING:
            return _Dates.REDUCE if demand.date >= supply.date else _Dates.CREATE
        if supply.date == demand.date:
            return _Dates.MATCH
        if demand.date < supply.date:
            return self._supply_too_late(demand, supply)
        return self._supply_too_early(demand, supply)

    def _can_move(self, supply: SupplyEntry) -> bool:
        return supply.flexible and not supply.reduce_only and supply.fixed_date is None

    def _supply_too_late(self, demand: DemandEntry, supply: SupplyEntry) -> _Dates:
        period = self.p.rescheduling_days
        if self._can_move(supply) and demand.date + period >= supply.date:
            self.reschedule(
                supply,
                demand.date,
                f"rescheduled in to {iso(demand.date)} for {demand.label()}: "
                f"{iso(demand.date)} + rescheduling period {period}D >= {iso(supply.date)}",
            )
            return _Dates.MATCH
        if supply.flexible and not supply.reduce_only and supply.fixed_date is None:
            supply.note(
                f"not rescheduled in for {demand.label()} on {iso(demand.date)}: "
                f"outside the rescheduling period of {period}D"
            )
        return _Dates.CREATE

    def _supply_too_early(self, demand: DemandEntry, supply: SupplyEntry) -> _Dates:
        if not supply.flexible:
            return _Dates.MATCH
        gap = demand.date - supply.date
        if gap <= self.p.dampener_days:
            supply.note(
                f"kept on {iso(supply.date)} for {demand.label()} on {iso(demand.date)}: "
                f"a move out of {gap}D is within the dampener period of {self.p.dampener_days}D"
            )
            return _Dates.MATCH
        if supply.fixed_date is not None:
            if demand.date <= supply.date + self.p.lot_accumulation_days:
                return _Dates.MATCH
            return _Dates.REDUCE
        period = self.p.rescheduling_days
        if self._can_move(supply) and supply.date + period >= demand.date:
            self.reschedule(
                supply,
                demand.date,
                f"rescheduled out to {iso(demand.date)} for {demand.label()}: "
                f"{iso(supply.date)} + rescheduling period {period}D >= {iso(demand.date)}",
            )
            return _Dates.MATCH
        if self._can_move(supply):
            supply.note(
                f"not rescheduled out to {demand.label()} on {iso(demand.date)}: "
                f"outside the rescheduling period of {period}D"
            )
        return _Dates.REDUCE

    def reschedule(self, supply: SupplyEntry, day: Day, reason: str) -> None:
        supply.date = day
        supply.note(reason)
        self.mark_changed(supply)
        self._resort()

    def _match_qty(self, demand: DemandEntry, supply: SupplyEntry) -> None:
        short = supply.untracked < demand.untracked
        if short and not self._should_close(supply, demand) and self._can_increase(supply, demand):
            self._increase(supply, demand)
        if supply.untracked >= demand.untracked:
            self._close_demand(demand, supply)
        else:
            self._close_supply(supply, demand)

    def _should_close(self, supply: SupplyEntry, demand: DemandEntry) -> bool:
        if supply.is_exception:
            return demand.date > supply.date + self.p.lot_accumulation_days
        return self.p.reorder_point_planning

    def _can_increase(self, supply: SupplyEntry, demand: DemandEntry) -> bool:
        if not supply.flexible or supply.reduce_only or supply.capped:
            return False
        if supply.origin is Origin.INVENTORY or supply.linked_demand is not None:
            return False
        return supply.date + self.p.lot_accumulation_days >= demand.date

    def _uses_modifiers(self, supply: SupplyEntry) -> bool:
        if supply.is_exception:
            return self.respect_parameters_for_exceptions
        return not self.order_to_order

    def _increase(self, supply: SupplyEntry, demand: DemandEntry) -> None:
        shortfall = demand.untracked - supply.untracked
        wanted = supply.qty + shortfall
        maximum = self.p.max_order_qty
        if self._uses_modifiers(supply):
            modified = apply_modifiers(wanted, self.p, floor=supply.min_qty)
            new_qty, steps = modified.qty, modified.steps
        else:
            new_qty, steps = wanted, ()
            if maximum and new_qty > maximum:
                new_qty, steps = maximum, (f"capped at maximum order qty {fmt_qty(maximum)}",)
        if maximum and new_qty >= maximum:
            supply.capped = True
        if new_qty <= supply.qty:
            supply.capped = True
            return
        supply.note(
            f"increased {fmt_qty(supply.qty)} -> {fmt_qty(new_qty)} for {demand.label()} on "
            f"{iso(demand.date)} (short {fmt_qty(shortfall)}"
            + (f"; {'; '.join(steps)}" if steps else "")
            + ")"
        )
        supply.untracked += new_qty - supply.qty
        supply.qty = new_qty
        self.mark_changed(supply)

    def _create_supply(self, demand: DemandEntry) -> SupplyEntry:
        day = demand.date
        lot_start = self._lot_start
        if lot_start is not None and lot_start <= day <= lot_start + self.p.lot_accumulation_days:
            day = lot_start
        need = demand.untracked
        projected = self.projected_at(demand.date)
        if self.p.reorder_point_planning:
            entry = self._exception_order(demand, day, need, projected)
        else:
            modified = apply_modifiers(need, self.p) if not self.order_to_order else None
            qty = modified.qty if modified is not None else need
            entry = self.new_entry(Origin.NEW, day, qty, flexible=True)
            why = (
                f"projected available inventory would fall below the safety stock "
                f"{fmt_qty(self.p.safety_stock)} on {iso(demand.date)}"
                if demand.is_safety_stock
                else f"{demand.label()} ({fmt_qty(demand.qty)} due {iso(demand.date)}) "
                f"is short {fmt_qty(need)} after existing supply"
            )
            entry.note(f"{why}; projected inventory {fmt_qty(projected)} on {iso(demand.date)}")
            entry.note(f"{self.describe_parameters()}: new supply of {fmt_qty(need)}")
            if modified is not None and modified.steps:
                entry.note("order modifiers: " + "; ".join(modified.steps))
            if self.p.max_order_qty and qty >= self.p.max_order_qty:
                entry.capped = True
        entry.fixed_date = day
        entry.min_qty = entry.qty
        self._insert(entry)
        self.mark_changed(entry)
        return entry

    def _exception_order(
        self, demand: DemandEntry, day: Day, need: Decimal, projected: Decimal
    ) -> SupplyEntry:
        qty = need
        steps: tuple[str, ...] = ()
        if self.respect_parameters_for_exceptions:
            qty = self._exception_sized(need, projected)
            steps = (f"sized with the planning parameters: {fmt_qty(qty)}",)
        maximum = self.p.max_order_qty
        entry = self.new_entry(Origin.EXCEPTION, day, qty, flexible=True)
        if maximum and qty >= maximum:
            entry.qty = entry.untracked = min(qty, maximum)
            entry.capped = True
            steps += (f"capped at maximum order qty {fmt_qty(maximum)}",)
        entry.min_qty = entry.qty
        text = (
            f"projected available inventory is below safety stock "
            f"{fmt_qty(self.p.safety_stock)} on {iso(demand.date)}"
        )
        entry.warning_texts.append(text)
        entry.note(
            f"{demand.label()} ({fmt_qty(demand.qty)} due {iso(demand.date)}) is short "
            f"{fmt_qty(need)}; projected inventory {fmt_qty(projected)}: {text}"
        )
        entry.note(
            "exception order of the exact shortfall" + (f" ({'; '.join(steps)})" if steps else "")
        )
        return entry

    def _close_demand(self, demand: DemandEntry, supply: SupplyEntry) -> None:
        qty = demand.untracked
        self._track(demand, supply, qty)

    def _close_supply(self, supply: SupplyEntry, demand: DemandEntry | None) -> None:
        if demand is not None and supply.untracked > 0:
            self._track(demand, supply, min(supply.untracked, demand.untracked))
        supply.closed = True
        if supply.capped and self.p.max_order_qty:
            self._lot_start = supply.date

    def _track(self, demand: DemandEntry, supply: SupplyEntry, qty: Decimal) -> None:
        if qty <= 0:
            return
        supply.untracked -= qty
        demand.untracked -= qty
        if demand.is_safety_stock:
            self._hold_safety_stock(supply, qty, demand.date)
            return
        if supply.fixed_date is None and supply.flexible and supply.origin is Origin.EXISTING:
            supply.fixed_date = supply.date
        self.pegs += self._pegs(supply, demand, qty)

    def _hold_safety_stock(self, supply: SupplyEntry, qty: Decimal, day: Day) -> None:
        """Earmark part of a supply as safety stock on ``day``.

        The held quantity is free again for the demand of a later date (see
        :meth:`_release_safety_stock`), but it protects the supply: it cannot be
        reduced below what it pegs plus the hold, nor moved out beyond ``day``.
        """
        pegged_before = supply.tracked - qty
        self._ss_allocations.append((supply, qty))
        supply.safety_stock_hold = max(supply.safety_stock_hold, qty)
        supply.min_qty = max(supply.min_qty, pegged_before + qty)
        if supply.flexible and (supply.fixed_date is None or supply.fixed_date > day):
            supply.fixed_date = day

    def record_peg(self, supply: SupplyEntry, demand: DemandEntry, qty: Decimal) -> None:
        self.pegs += self._pegs(supply, demand, qty)

    def record_peg_from_stock(self, demand: DemandEntry, qty: Decimal) -> None:
        stock_id = f"on-hand {place(self.inp.key)}"
        self.pegs.append(self._peg_to(stock_id, "inventory", demand, qty))

    def _peg(self, supply: SupplyEntry, demand: DemandEntry, qty: Decimal) -> Peg:
        """One peg; stock made of several sources is drawn from by :meth:`_track`."""
        return self._peg_to(supply.supply_id(self.inp.key), supply.kind, demand, qty)

    def _pegs(self, supply: SupplyEntry, demand: DemandEntry, qty: Decimal) -> list[Peg]:
        """Pegs for ``qty`` of a supply; the opening stock pegs its sources in order."""
        if not supply.parts:
            return [self._peg(supply, demand, qty)]
        pegs: list[Peg] = []
        for part in supply.parts:
            used = min(part.qty, qty)
            if used > 0:
                part.qty -= used
                qty -= used
                pegs.append(self._peg_to(part.supply_id, part.kind, demand, used))
        if qty > 0:  # more than the parts hold: cannot happen, but never lose a peg
            pegs.append(self._peg(supply, demand, qty))
        return pegs

    def _peg_to(self, supply_id: str, kind: str, demand: DemandEntry, qty: Decimal) -> Peg:
        source = demand.source
        feeds = None
        if source is not None and source.type is DemandType.COMPONENT:
            feeds = source.parent or source.id
        elif source is not None and source.type is DemandType.TRANSFER_OUT:
            feeds = source.id
        return Peg(
            sku=self.inp.key,
            supply=supply_id,
            supply_type=kind,
            demand=demand.id,
            demand_type=demand.kind,
            qty=self._shared.qty(qty),
            feeds=feeds,
        )

    def _release_safety_stock(self) -> None:
        """Safety stock held on one date is free again for the demand of a later date."""
        for supply, qty in self._ss_allocations:
            supply.untracked += qty
            if supply.closed:
                supply.closed = False
                self._first_open = 0
        self._ss_allocations.clear()

    # -------------------------------------------------------------- reducing
    def _reduce_surplus(self) -> None:
        while (supply := self._current_supply()) is not None:
            if self.rop is not None:
                self.rop.advance_to(supply.date)
            self._reduce(supply)
            self._close_supply(supply, None)

    def _reduce(self, supply: SupplyEntry) -> None:
        """Decrease a supply by its untracked quantity, down to what must stay."""
        if not supply.flexible or supply.untracked <= 0:
            return
        floor = max(supply.min_qty, supply.tracked, supply.safety_stock_hold)
        target = floor
        if target > 0 and self._uses_modifiers(supply):
            target = min(supply.qty, self._rounded_floor(target))
        decrease = supply.qty - target
        if decrease <= 0:
            return
        if supply.origin is Origin.EXISTING and decrease <= self.p.dampener_qty:
            supply.note(
                f"decrease of {fmt_qty(decrease)} not suggested: within the dampener "
                f"quantity {fmt_qty(self.p.dampener_qty)}"
            )
            return
        kept = [f"{fmt_qty(supply.tracked)} serves demand"] if supply.tracked else []
        if supply.safety_stock_hold:
            kept.append(f"{fmt_qty(supply.safety_stock_hold)} holds safety stock")
        if supply.min_qty:
            kept.append(f"{fmt_qty(supply.min_qty)} may not be reduced")
        if target > floor:
            kept.append(f"order modifiers round {fmt_qty(floor)} up to {fmt_qty(target)}")
        supply.note(
            f"decreased {fmt_qty(supply.qty)} -> {fmt_qty(target)}: no later demand it may serve"
            + (f" ({'; '.join(kept)})" if kept else "")
        )
        supply.untracked -= decrease
        supply.qty = target
        self.mark_changed(supply)

    def rounded_decrease(self, supply: SupplyEntry, target: Decimal) -> Decimal:
        """A decreased quantity, rounded back up by the order modifiers (never above today's)."""
        if target <= 0:
            return Decimal(0)
        return min(supply.qty, self._rounded_floor(target))

    def _rounded_floor(self, qty: Decimal) -> Decimal:
        qty = max(qty, self.p.min_order_qty)
        return round_up_to_multiple(qty, self.p.order_multiple)

    # --------------------------------------------------------- order-to-order
    def _cover_order_to_order(self, demand: DemandEntry) -> None:
        """Order policy: one supply per demand line, linked to it (planning-spec §5)."""
        linked = [s for s in self.supplies if s.linked_demand == demand.id and not s.closed]
        if not linked:
            inventory = self._current_supply()
            if inventory is not None and inventory.origin is Origin.INVENTORY:
                self._track(demand, inventory, min(inventory.untracked, demand.untracked))
                if inventory.untracked <= 0:
                    inventory.closed = True
            if demand.untracked <= 0:
                return
            entry = self.new_entry(Origin.NEW, demand.date, demand.untracked, flexible=True)
            entry.linked_demand = demand.id
            entry.fixed_date = demand.date
            entry.note(
                f"Order policy: one supply for {demand.label()} of exactly "
                f"{fmt_qty(demand.untracked)} due {iso(demand.date)} (no order modifiers)"
            )
            self._insert(entry)
            self.mark_changed(entry)
            self._track(demand, entry, demand.untracked)
            entry.closed = True
            return
        supply = linked[0]
        self._follow_linked_demand(demand, supply)

    def _follow_linked_demand(self, demand: DemandEntry, supply: SupplyEntry) -> None:
        if supply.flexible and supply.date != demand.date:
            out = demand.date > supply.date
            if not out or demand.date - supply.date > self.p.dampener_days:
                self.reschedule(
                    supply,
                    demand.date,
                    f"follows its linked {demand.label()} to {iso(demand.date)}",
                )
        if supply.date > demand.date:
            supply.note(
                f"cannot come in time for its linked {demand.label()} on {iso(demand.date)}"
            )
            supply.closed = True
            self._cover_order_to_order(demand)
            return
        if supply.flexible and supply.untracked < demand.untracked:
            increase = demand.untracked - supply.untracked
            supply.note(
                f"increased {fmt_qty(supply.qty)} -> {fmt_qty(supply.qty + increase)} "
                f"to match its linked {demand.label()}"
            )
            supply.qty += increase
            supply.untracked += increase
            self.mark_changed(supply)
        self._track(demand, supply, min(supply.untracked, demand.untracked))
        if supply.untracked > 0 and supply.flexible:
            self._reduce(supply)
        supply.closed = True
        if demand.untracked > 0:
            self._cover_order_to_order(demand)
