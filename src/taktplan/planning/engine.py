"""The planning run: plan SKU by SKU and pass on the demand each plan creates.

``plan(snapshot, options)`` is the only entry point. SKUs are planned in the
order of :mod:`taktplan.planning.selection`, so that every SKU sees all the
demand its parents and the locations it ships to derive from their plans:
component needs of production and assembly orders (through phantom BOM
lines), and the outbound side of transfers.

Lines and pegging are reported for the *selected* SKUs: all of them in a
regenerative plan; in a net change plan the assigned SKUs and what they feed;
in an MRP-only plan the non-MPS items. SKUs outside the selection whose plans
feed a selected one are planned too, without reporting, so a selected SKU
always sees exactly the demand a regenerative plan gives it.

With ``options.workers`` above 1 a large run is shared out to forked worker
processes (:mod:`taktplan.planning.parallel`); the result is the same.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import MappingProxyType

from taktplan.domain.calendar import WorkCalendar
from taktplan.domain.dates import Day
from taktplan.domain.documents import Demand, DemandType, Supply, SupplyType
from taktplan.domain.item import ManufacturingPolicy, PlanningParameters, Replenishment, SkuKey
from taktplan.domain.shop import ShopData
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import PlanningError
from taktplan.gc_pause import collector_paused
from taktplan.planning.consumption import consume_forecast
from taktplan.planning.lines import action_of, build_lines
from taktplan.planning.options import PlanKind, PlanningOptions
from taktplan.planning.parameters import effective_parameters
from taktplan.planning.profile import Origin, SupplyEntry
from taktplan.planning.result import ErrorLogEntry, Peg, PlanningLine, PlanResult
from taktplan.planning.scheduling_dates import (
    LineDates,
    backward,
    card_for_kind,
    routing_lead,
    shipment_date,
)
from taktplan.planning.selection import (
    card_for,
    component_sku,
    direct_feeds,
    downstream,
    plan_order,
    planned_skus,
)
from taktplan.planning.shared_values import SharedValues
from taktplan.planning.sku_planner import SkuInput, SkuPlanner

Progress = Callable[[int, int], None]
HUNDRED = Decimal(100)


@dataclass(slots=True)
class _Derived:
    """Demand one SKU's plan creates for others, and changes to existing orders."""

    demand: dict[SkuKey, list[Demand]] = field(default_factory=lambda: defaultdict(list))
    transfer_out: dict[str, tuple[Decimal, Day] | None] = field(default_factory=dict)
    component_of: dict[str, tuple[Decimal, Day] | None] = field(default_factory=dict)
    shipping_location: dict[str, str] = field(default_factory=dict)
    # Kept only when the run is shared by several processes
    # (:mod:`taktplan.planning.parallel`): the plan position of the SKU that
    # made each derived demand (its list is kept in that order), and the
    # changes of existing orders made since they were last passed on.
    positions: dict[SkuKey, list[int]] | None = None
    changed_orders: list[tuple[bool, str, tuple[Decimal, Day] | None]] | None = None


@dataclass(slots=True)
class _Run:
    """The inputs of one run, indexed by SKU once."""

    snapshot: Snapshot
    options: PlanningOptions
    demand: dict[SkuKey, list[Demand]]
    supply: dict[SkuKey, list[Supply]]
    on_hand: dict[SkuKey, Decimal]
    lots: dict[SkuKey, dict[str, Decimal]]
    derived: _Derived
    component_targets: dict[SkuKey, tuple[Decimal, list[tuple[SkuKey, Decimal, bool]]]] = field(
        default_factory=dict
    )
    shared: SharedValues = field(default_factory=SharedValues)
    position: int = 0  # the plan position of the SKU being planned

    @classmethod
    def of(
        cls, snapshot: Snapshot, options: PlanningOptions, only: set[SkuKey] | None = None
    ) -> _Run:
        """The run's inputs; ``only``: index the documents of these SKUs alone (a net change)."""
        demand: dict[SkuKey, list[Demand]] = defaultdict(list)
        derived = _Derived()
        for row in snapshot.demand:
            if row.type is DemandType.TRANSFER_OUT:
                derived.shipping_location[row.id] = row.sku.location
            if only is None or row.sku in only:
                demand[row.sku].append(row)
        supply: dict[SkuKey, list[Supply]] = defaultdict(list)
        for order in snapshot.supply:
            if only is None or order.sku in only:
                supply[order.sku].append(order)
        on_hand: dict[SkuKey, Decimal] = defaultdict(Decimal)
        lots: dict[SkuKey, dict[str, Decimal]] = defaultdict(dict)
        for entry in snapshot.inventory:
            if only is not None and entry.sku not in only:
                continue
            on_hand[entry.sku] += entry.qty
            if entry.lot is not None:
                lots[entry.sku][entry.lot] = lots[entry.sku].get(entry.lot, Decimal(0)) + entry.qty
        return cls(snapshot, options, demand, supply, on_hand, lots, derived)


def selected_skus(
    snapshot: Snapshot,
    options: PlanningOptions,
    assigned: Collection[SkuKey] | None = None,
    planned: list[SkuKey] | None = None,
) -> tuple[set[SkuKey], frozenset[SkuKey] | None]:
    """The SKUs a run reports lines for, and a net change plan's scope.

    The scope is every SKU whose lines the result replaces: the assigned SKUs
    and what they feed, also those no longer planned (their old lines go).
    ``planned`` is ``planned_skus(snapshot, options)`` when already known.
    """
    keys = set(planned if planned is not None else planned_skus(snapshot, options))
    if options.kind is not PlanKind.NET_CHANGE or assigned is None:
        return keys, None
    scope = {
        key
        for key in downstream(snapshot, assigned, options)
        if (options.item_filter is None or key.item in options.item_filter)
        and (options.location_filter is None or key.location in options.location_filter)
    }
    return keys & scope, frozenset(scope)


def plan(
    snapshot: Snapshot,
    options: PlanningOptions,
    progress: Progress | None = None,
    assigned: Collection[SkuKey] | None = None,
) -> PlanResult:
    """Plan the snapshot; pure and deterministic.

    ``assigned`` is the planning assignment of a net change plan (None: every
    SKU is assigned); a regenerative plan ignores it.
    """
    with collector_paused():
        return _plan(snapshot, options, progress, assigned)


def _plan(
    snapshot: Snapshot,
    options: PlanningOptions,
    progress: Progress | None,
    assigned: Collection[SkuKey] | None,
) -> PlanResult:
    everything = replace(options, mps=True, mrp=True, item_filter=None, location_filter=None)
    every_sku = planned_skus(snapshot, everything)
    # Without MPS/MRP or item/location filters the run selects from every SKU.
    same = everything == options
    selected, scope = selected_skus(snapshot, options, assigned, every_sku if same else None)
    keys = _needed(snapshot, options, plan_order(snapshot, every_sku), selected)
    run = _Run.of(snapshot, options, None if len(keys) == len(every_sku) else set(keys))
    if shared_by_processes(options, len(keys)):
        from taktplan.planning.parallel import plan_on_processes

        merged = plan_on_processes(run, keys, selected, progress)
        return PlanResult(*merged, len(selected), False, scope)
    lines: list[PlanningLine] = []
    pegs: list[Peg] = []
    errors: list[ErrorLogEntry] = []
    stopped = False
    report_every = max(1, len(keys) // 200)
    for index, key in enumerate(keys):
        if progress is not None and index % report_every == 0:
            progress(index, len(keys))
        report = key in selected
        failed = len(errors)
        planned = plan_one(run, key, report, len(lines) + 1, errors)
        if len(errors) > failed and options.stop_on_first_error:
            stopped = True
            break
        if planned is not None and report:
            lines += planned[0]
            pegs += planned[1]
    if progress is not None and not stopped:
        progress(len(keys), len(keys))
    return PlanResult(tuple(lines), tuple(pegs), tuple(errors), len(selected), stopped, scope)


PARALLEL_MIN_SKUS = 2_000
"""Below this many SKUs a run stays on one process: starting workers would cost more."""


def shared_by_processes(options: PlanningOptions, skus: int) -> bool:
    """Whether a run of ``skus`` SKUs is planned on several processes (see ``workers``)."""
    return (
        options.workers > 1
        and skus >= PARALLEL_MIN_SKUS
        and not options.stop_on_first_error
        and hasattr(os, "fork")
    )


def plan_one(
    run: _Run, key: SkuKey, report: bool, first_line_no: int, errors: list[ErrorLogEntry]
) -> tuple[list[PlanningLine], list[Peg]] | None:
    """:func:`_plan_sku`, with a planning error of a reported SKU added to ``errors``."""
    try:
        return _plan_sku(run, key, report, first_line_no)
    except PlanningError as error:
        if report:
            errors.append(ErrorLogEntry(key, str(error)))
        return None


def _needed(
    snapshot: Snapshot, options: PlanningOptions, ordered: list[SkuKey], selected: set[SkuKey]
) -> list[SkuKey]:
    """The SKUs to plan: the selected ones and every SKU whose plan feeds one of them.

    A SKU's feeds (components, shipping locations) come later in the plan
    order, so one pass from the end decides. A feed is of the SKU's own item
    (a shipping location) or of a component item, so a SKU none of whose
    items is needed yet is passed over without working out its feeds.
    """
    if selected.issuperset(ordered):
        return ordered
    needed: set[SkuKey] = set()
    needed_items: set[str] = set()
    components = snapshot.components
    for key in reversed(ordered):
        if key not in selected:
            if key.item not in needed_items and not any(
                need.component in needed_items for need in components.get(key.item, ())
            ):
                continue
            if not any(f in needed for f in direct_feeds(snapshot, key, options)):
                continue
        needed.add(key)
        needed_items.add(key.item)
    return [key for key in ordered if key in needed]


def _plan_sku(
    run: _Run, key: SkuKey, report: bool, first_line_no: int
) -> tuple[list[PlanningLine], list[Peg]] | None:
    """Plan one SKU; its lines (numbered from ``first_line_no``) and pegs when reported."""
    snapshot, options = run.snapshot, run.options
    card = card_for(snapshot, key, options)
    params = effective_parameters(card, options.start, options.blank_overflow_level)
    sku_demand = _demand_for(key, run.demand[key], run.derived, options, snapshot.calendar)
    sku_supply = run.supply[key]
    if params is None:
        _derive(run, key, card, _unplanned_entries(sku_supply))
        return None
    inp = SkuInput(
        key,
        params,
        tuple(sku_demand),
        tuple(sku_supply),
        run.on_hand[key],
        snapshot.calendar,
        options,
        lot_specific=snapshot.items[key.item].lot_specific,
        lots=tuple(sorted(run.lots.get(key, {}).items())),
        shop=snapshot.shop,
        shared=run.shared,
    )
    planner = SkuPlanner(inp)
    entries = planner.run()
    _derive(run, key, card, entries)
    if not report:
        return None
    lines = build_lines(
        key,
        params,
        entries,
        snapshot.calendar,
        options.work_date,
        first_line_no,
        snapshot.shop,
        run.shared,
    )
    return lines, planner.pegs


def _demand_for(
    key: SkuKey,
    demand: list[Demand],
    derived: _Derived,
    options: PlanningOptions,
    calendar: WorkCalendar,
) -> list[Demand]:
    """The SKU's own demand, updated by plans already made, plus derived demand."""
    result: list[Demand] = []
    for row in demand:
        if row.type is DemandType.TRANSFER_OUT and row.id in derived.transfer_out:
            change = derived.transfer_out[row.id]
            if change is None:
                continue
            row = replace(row, qty=change[0], date=change[1])
        cancelled_parent = (
            row.type is DemandType.COMPONENT
            and row.parent is not None
            and row.parent in derived.component_of
            and derived.component_of[row.parent] is None
        )
        if not cancelled_parent:
            result.append(row)
    changed_components = {
        row.parent for row in demand if row.type is DemandType.COMPONENT and row.parent is not None
    }
    # Each SKU is planned once: its derived demand is handed over, not kept.
    if derived.positions is not None:
        derived.positions.pop(key, None)
    result += [
        row
        for row in derived.demand.pop(key, [])
        if row.parent not in changed_components or row.parent is None
    ]
    return consume_forecast(result, options.start, options.end, calendar)


def _unplanned_entries(supply: list[Supply]) -> list[SupplyEntry]:
    return [
        SupplyEntry(
            seq=n,
            origin=Origin.EXISTING,
            ref=s.id,
            ref_type=_SUPPLY_TYPE[s.type],
            date=s.date,
            qty=s.qty,
            untracked=s.qty,
            priority=0,
            flexible=False,
            original_date=s.date,
            original_qty=s.qty,
        )
        for n, s in enumerate(supply)
    ]


def _derive(run: _Run, key: SkuKey, card: PlanningParameters, entries: list[SupplyEntry]) -> None:
    """Record the component and transfer demand this SKU's supply creates."""
    calendar, shop = run.snapshot.calendar, run.snapshot.shop
    for entry in entries:
        if entry.origin is Origin.INVENTORY:
            continue
        kind = _supply_kind(entry, card)
        gone = action_of(entry) is not None and entry.qty <= 0
        due = entry.date if not gone else (entry.original_date or entry.date)
        dated = card_for_kind(card, entry.kind)
        dates = entry.forward_dates
        if dates is None:
            qty = entry.qty if not gone else (entry.original_qty or entry.qty)
            dates = backward(dated, due, calendar, routing_lead(shop, kind, key.item, qty))
        starting = dates.starting
        if kind in _MADE:
            if entry.is_new and not run.options.mrp:
                continue  # planning components are demand only in an MRP run (§1.4)
            linked = _linked_days(shop, kind, key.item, entry, dates)
            _derive_components(run, key, entry, starting, gone, linked)
        elif kind == _TRANSFER_IN:
            _derive_transfer(run, key, card, entry, starting, gone)


_NEW_SUPPLY_KIND: dict[Replenishment, str] = {
    Replenishment.PURCHASE: SupplyType.PURCHASE.value,
    Replenishment.PRODUCTION: SupplyType.PRODUCTION.value,
    Replenishment.ASSEMBLY: SupplyType.ASSEMBLY.value,
    Replenishment.TRANSFER: SupplyType.TRANSFER_IN.value,
}
_MADE = (SupplyType.PRODUCTION.value, SupplyType.ASSEMBLY.value)
_PRODUCTION = SupplyType.PRODUCTION.value
_NO_LINKS: Mapping[str, Day] = MappingProxyType({})
_SUPPLY_TYPE: dict[SupplyType, str] = {kind: kind.value for kind in SupplyType}
_TRANSFER_IN = SupplyType.TRANSFER_IN.value


def _supply_kind(entry: SupplyEntry, card: PlanningParameters) -> str:
    if not entry.is_new:
        return entry.ref_type
    return _NEW_SUPPLY_KIND[card.replenishment]


def _linked_days(
    shop: ShopData, kind: str, item: str, entry: SupplyEntry, dates: LineDates
) -> Mapping[str, Day]:
    """The days components linked to routing operations are needed (empty: none linked)."""
    if kind != _PRODUCTION or not shop.routings or item not in shop.routings or entry.qty <= 0:
        return _NO_LINKS
    if entry.forward_dates is not None:
        return shop.lead_times.component_days(item, entry.qty, dates.starting, forward=True)
    return shop.lead_times.component_days(item, entry.qty, dates.ending)


def _derive_components(
    run: _Run,
    key: SkuKey,
    entry: SupplyEntry,
    starting: Day,
    gone: bool,
    linked: Mapping[str, Day] = MappingProxyType({}),
) -> None:
    """Component demand of a production or assembly order (planning-spec §11).

    Quantity = order qty x qty per (with BOM-line and phantom scrap) x (1 +
    the parent item's scrap %), due on the order's starting date, or on the
    day its operation starts for a component the routing links to one. In a
    make-to-order structure the demand of a make-to-order component is linked
    order-to-order to the parent order.
    """
    derived = run.derived
    ref = entry.supply_id(key)
    if entry.ref:
        change = None if gone else (entry.qty, starting)
        derived.component_of[entry.ref] = change
        if derived.changed_orders is not None:
            derived.changed_orders.append((False, entry.ref, change))
    if gone or entry.qty <= 0:
        return
    scrap, needs = _component_targets(run, key)
    positions = derived.positions
    for target, qty_per, to_order in needs:
        derived.demand[target].append(
            Demand(
                id=ref,
                type=DemandType.COMPONENT,
                sku=target,
                date=linked.get(target.item, starting),
                qty=entry.qty * qty_per * scrap,
                parent=ref,
                order_to_order=to_order,
            )
        )
        if positions is not None:
            positions[target].append(run.position)


def _component_targets(
    run: _Run, key: SkuKey
) -> tuple[Decimal, list[tuple[SkuKey, Decimal, bool]]]:
    """The parent's scrap factor and, per component, its SKU, quantity per and whether linked.

    The same for every order of the SKU, so worked out once per SKU.
    """
    known = run.component_targets.get(key)
    if known is not None:
        return known
    items = run.snapshot.items
    item = items[key.item]
    scrap = 1 + item.scrap_pct / HUNDRED
    make_to_order = item.manufacturing_policy is ManufacturingPolicy.MAKE_TO_ORDER
    needs = [
        (
            component_sku(key, need, run.options),
            need.qty_per,
            make_to_order
            and items[need.component].manufacturing_policy is ManufacturingPolicy.MAKE_TO_ORDER,
        )
        for need in run.snapshot.components.get(key.item, ())
    ]
    run.component_targets[key] = (scrap, needs)
    return scrap, needs


def _derive_transfer(
    run: _Run,
    key: SkuKey,
    card: PlanningParameters,
    entry: SupplyEntry,
    starting: Day,
    gone: bool,
) -> None:
    """The outbound side of a transfer: shipped on starting date - outbound handling (§9)."""
    derived, snapshot = run.derived, run.snapshot
    source_code = derived.shipping_location.get(entry.ref) if entry.ref else card.transfer_from
    if not source_code:
        return
    handling = snapshot.location(source_code).outbound_handling
    shipped = shipment_date(starting, handling, snapshot.calendar)
    if entry.ref:
        if action_of(entry) is not None:
            change = None if gone else (entry.qty, shipped)
            derived.transfer_out[entry.ref] = change
            if derived.changed_orders is not None:
                derived.changed_orders.append((True, entry.ref, change))
        return
    if gone:
        return
    source = SkuKey(key.item, key.variant, source_code)
    derived.demand[source].append(
        Demand(
            id=entry.supply_id(key),
            type=DemandType.TRANSFER_OUT,
            sku=source,
            date=shipped,
            qty=entry.qty,
        )
    )
    if derived.positions is not None:
        derived.positions[source].append(run.position)
