"""The planning run: which SKUs to plan, in which order, and what each one feeds.

``plan(snapshot, options)`` is the only entry point. It plans SKUs in
low-level-code order (end items first), within an item in transfer-level
order (receiving locations first), so that every SKU sees all the demand that
its parents and the locations it ships to derive from their plans: component
needs of production and assembly orders, and the outbound side of transfers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from taktplan.domain.dates import Day
from taktplan.domain.documents import Demand, DemandType, Supply, SupplyType
from taktplan.domain.item import (
    ZERO,
    Item,
    PlanningParameters,
    ReorderingPolicy,
    Replenishment,
    SkuKey,
)
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import PlanningError
from taktplan.planning.consumption import consume_forecast
from taktplan.planning.levels import low_level_codes, transfer_levels
from taktplan.planning.lines import action_of, build_lines
from taktplan.planning.options import LocationsWithoutSku, PlanningOptions
from taktplan.planning.parameters import EffectiveParameters, effective_parameters
from taktplan.planning.profile import Origin, SupplyEntry
from taktplan.planning.result import ErrorLogEntry, Peg, PlanningLine, PlanResult
from taktplan.planning.scheduling_dates import backward
from taktplan.planning.sku_planner import SkuInput, SkuPlanner

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class _Derived:
    """Demand one SKU's plan creates for others, and changes to existing transfers."""

    demand: dict[SkuKey, list[Demand]] = field(default_factory=lambda: defaultdict(list))
    transfer_out: dict[str, tuple[Decimal, Day] | None] = field(default_factory=dict)
    component_of: dict[str, tuple[Decimal, Day] | None] = field(default_factory=dict)


def card_for(snapshot: Snapshot, key: SkuKey, options: PlanningOptions) -> PlanningParameters:
    """The planning fields of a SKU: its SKU card, else the item card (planning-spec §2.1)."""
    sku = snapshot.sku_card(key)
    if sku is not None:
        return sku.parameters
    card = snapshot.items[key.item].parameters
    minimal = options.locations_without_sku is LocationsWithoutSku.MINIMAL_LOT_FOR_LOT
    if minimal and key.location:
        policy = card.reordering_policy
        if policy in (ReorderingPolicy.FIXED_REORDER_QTY, ReorderingPolicy.MAXIMUM_QTY):
            policy = ReorderingPolicy.LOT_FOR_LOT
        return replace(
            card,
            reordering_policy=policy,
            reorder_point=ZERO,
            max_inventory=ZERO,
            reorder_qty=ZERO,
            min_order_qty=ZERO,
            max_order_qty=ZERO,
            safety_stock=ZERO,
            order_multiple=ZERO,
            overflow_level=ZERO,
            include_inventory=True,
        )
    return card


def _has_stock_parameters(card: PlanningParameters) -> bool:
    return bool(card.safety_stock or card.reorder_point or card.reorder_qty or card.max_inventory)


def planned_skus(snapshot: Snapshot, options: PlanningOptions) -> list[SkuKey]:
    """Every SKU that occurs in demand, supply or inventory, or needs stock (planning-spec §3.7)."""
    keys: set[SkuKey] = set()
    for rows in (snapshot.inventory, snapshot.demand, snapshot.supply):
        keys.update(row.sku for row in rows)
    for key, sku in snapshot.skus.items():
        if _has_stock_parameters(sku.parameters):
            keys.add(key)
        probe = sku.parameters
        while probe.replenishment is Replenishment.TRANSFER and probe.transfer_from:
            source = SkuKey(key.item, key.variant, probe.transfer_from)
            if source in keys and source != key:
                break
            keys.add(source)
            next_sku = snapshot.sku_card(source)
            if next_sku is None:
                break
            probe = next_sku.parameters
    items_with_keys = {key.item for key in keys}
    for no, item in snapshot.items.items():
        if no not in items_with_keys and _has_stock_parameters(item.parameters):
            location = snapshot.locations[0] if len(snapshot.locations) == 1 else ""
            keys.add(SkuKey(no, "", location))
    keys = _with_components(snapshot, keys)
    if options.item_filter is not None:
        keys = {k for k in keys if k.item in options.item_filter}
    if options.location_filter is not None:
        keys = {k for k in keys if k.location in options.location_filter}
    return sorted(keys)


def _with_components(snapshot: Snapshot, keys: set[SkuKey]) -> set[SkuKey]:
    """Add the components of every SKU's BOM at the same location, down the structure."""
    todo = sorted(keys)
    while todo:
        key = todo.pop()
        for line in snapshot.items[key.item].bom:
            component = SkuKey(line.component, key.variant, key.location)
            if component not in keys:
                keys.add(component)
                todo.append(component)
    return keys


def plan_order(snapshot: Snapshot, keys: list[SkuKey]) -> list[SkuKey]:
    """Low-level code, then item, then transfer level, then variant and location."""
    codes = low_level_codes(snapshot.items)
    edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, sku in sorted(snapshot.skus.items()):
        if sku.parameters.replenishment is Replenishment.TRANSFER and sku.parameters.transfer_from:
            edges[key.item].append((sku.parameters.transfer_from, key.location))
    outbound = {
        (d.id, d.sku.item): d.sku.location
        for d in snapshot.demand
        if d.type is DemandType.TRANSFER_OUT
    }
    for supply in snapshot.supply:
        source = outbound.get((supply.id, supply.sku.item))
        if supply.type is SupplyType.TRANSFER_IN and source is not None:
            edges[supply.sku.item].append((source, supply.sku.location))
    by_item: dict[str, list[SkuKey]] = defaultdict(list)
    for key in keys:
        by_item[key.item].append(key)
    levels = {
        item: transfer_levels(edges.get(item, []), [k.location for k in item_keys])
        for item, item_keys in by_item.items()
    }
    return sorted(
        keys,
        key=lambda k: (
            codes.get(k.item, 0),
            k.item,
            levels[k.item].get(k.location, 0),
            k.variant,
            k.location,
        ),
    )


def plan(
    snapshot: Snapshot, options: PlanningOptions, progress: Progress | None = None
) -> PlanResult:
    """Plan every selected SKU of the snapshot; pure and deterministic."""
    keys = plan_order(snapshot, planned_skus(snapshot, options))
    own_demand: dict[SkuKey, list[Demand]] = defaultdict(list)
    for demand in snapshot.demand:
        own_demand[demand.sku].append(demand)
    own_supply: dict[SkuKey, list[Supply]] = defaultdict(list)
    for supply in snapshot.supply:
        own_supply[supply.sku].append(supply)
    on_hand: dict[SkuKey, Decimal] = defaultdict(Decimal)
    for entry in snapshot.inventory:
        on_hand[entry.sku] += entry.qty
    derived = _Derived()
    lines: list[PlanningLine] = []
    pegs: list[Peg] = []
    errors: list[ErrorLogEntry] = []
    stopped = False
    report_every = max(1, len(keys) // 200)
    for index, key in enumerate(keys):
        if progress is not None and index % report_every == 0:
            progress(index, len(keys))
        card = card_for(snapshot, key, options)
        try:
            params = effective_parameters(card, options.start, options.blank_overflow_level)
            sku_demand = _demand_for(key, own_demand[key], derived, options)
            sku_supply = own_supply[key]
            if params is None:
                _derive(snapshot, key, card, _unplanned_entries(sku_supply), derived, options)
                continue
            inp = SkuInput(
                key,
                params,
                tuple(sku_demand),
                tuple(sku_supply),
                on_hand[key],
                snapshot.calendar,
                options,
            )
            planner = SkuPlanner(inp)
            entries = planner.run()
        except PlanningError as error:
            errors.append(ErrorLogEntry(key, str(error)))
            if options.stop_on_first_error:
                stopped = True
                break
            continue
        lines += build_lines(key, params, entries, snapshot.calendar, options.work_date)
        pegs += planner.pegs
        _derive(snapshot, key, card, entries, derived, options, params)
    if progress is not None and not stopped:
        progress(len(keys), len(keys))
    numbered = tuple(replace(line, line_no=n + 1) for n, line in enumerate(lines))
    return PlanResult(numbered, tuple(pegs), tuple(errors), len(keys), stopped)


def _demand_for(
    key: SkuKey, demand: list[Demand], derived: _Derived, options: PlanningOptions
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
    result += [
        row
        for row in derived.demand.get(key, [])
        if row.parent not in changed_components or row.parent is None
    ]
    return consume_forecast(result, options.start, options.end)


def _unplanned_entries(supply: list[Supply]) -> list[SupplyEntry]:
    return [
        SupplyEntry(
            seq=n,
            origin=Origin.EXISTING,
            ref=s.id,
            ref_type=s.type.value,
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


def _derive(
    snapshot: Snapshot,
    key: SkuKey,
    card: PlanningParameters,
    entries: list[SupplyEntry],
    derived: _Derived,
    options: PlanningOptions,
    params: EffectiveParameters | None = None,
) -> None:
    """Record the component and transfer demand this SKU's supply creates."""
    item = snapshot.items[key.item]
    for entry in entries:
        if entry.origin is Origin.INVENTORY:
            continue
        kind = _supply_kind(entry, card)
        gone = action_of(entry) is not None and entry.qty <= 0
        due = entry.date if not gone else (entry.original_date or entry.date)
        starting = (entry.forward_dates or backward(card, due, snapshot.calendar)).starting
        if kind in (SupplyType.PRODUCTION.value, SupplyType.ASSEMBLY.value):
            _derive_components(item, key, entry, starting, gone, derived)
        elif kind == SupplyType.TRANSFER_IN.value:
            _derive_transfer(key, card, entry, starting, gone, derived)


def _supply_kind(entry: SupplyEntry, card: PlanningParameters) -> str:
    if not entry.is_new:
        return entry.ref_type
    return {
        Replenishment.PURCHASE: SupplyType.PURCHASE.value,
        Replenishment.PRODUCTION: SupplyType.PRODUCTION.value,
        Replenishment.ASSEMBLY: SupplyType.ASSEMBLY.value,
        Replenishment.TRANSFER: SupplyType.TRANSFER_IN.value,
    }[card.replenishment]


def _derive_components(
    item: Item, key: SkuKey, entry: SupplyEntry, starting: Day, gone: bool, derived: _Derived
) -> None:
    ref = entry.supply_id(key)
    if entry.ref:
        derived.component_of[entry.ref] = None if gone else (entry.qty, starting)
    if gone or entry.qty <= 0:
        return
    hundred = Decimal(100)
    for line in item.bom:
        qty = (
            entry.qty
            * line.qty_per
            * (1 + line.scrap_pct / hundred)
            * (1 + item.scrap_pct / hundred)
        )
        derived.demand[SkuKey(line.component, key.variant, key.location)].append(
            Demand(
                id=ref,
                type=DemandType.COMPONENT,
                sku=SkuKey(line.component, key.variant, key.location),
                date=starting,
                qty=qty,
                parent=ref,
            )
        )


def _derive_transfer(
    key: SkuKey,
    card: PlanningParameters,
    entry: SupplyEntry,
    starting: Day,
    gone: bool,
    derived: _Derived,
) -> None:
    if entry.ref:
        if action_of(entry) is not None:
            derived.transfer_out[entry.ref] = None if gone else (entry.qty, starting)
        return
    if not card.transfer_from or gone:
        return
    source = SkuKey(key.item, key.variant, card.transfer_from)
    derived.demand[source].append(
        Demand(
            id=entry.supply_id(key),
            type=DemandType.TRANSFER_OUT,
            sku=source,
            date=starting,
            qty=entry.qty,
        )
    )
