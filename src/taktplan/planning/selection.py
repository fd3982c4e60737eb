"""Which SKUs a run plans, with which card, and in which order.

A SKU is planned when it has demand, supply or stock, needs stock by its
parameters, or is a component or shipping location of one (planning-spec
§3.7). The order is low-level code first (end items before components), then
transfer level (receiving locations before the locations that ship to them),
so every SKU sees all the demand its parents derive (§1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from taktplan.domain.bom import ComponentNeed
from taktplan.domain.documents import DemandType, SupplyType
from taktplan.domain.item import (
    ZERO,
    PlanningParameters,
    ReorderingPolicy,
    Replenishment,
    SkuKey,
)
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.levels import low_level_codes, transfer_levels
from taktplan.planning.memo import PassMemo
from taktplan.planning.options import LocationsWithoutSku, PlanningOptions


def card_for(snapshot: Snapshot, key: SkuKey, options: PlanningOptions) -> PlanningParameters:
    """The planning fields of a SKU: its SKU card, else the item card (planning-spec §2.1)."""
    location = snapshot.location(key.location)
    card = _entered_card(snapshot, key, options)
    if location.inbound_handling.is_zero and location.outbound_handling.is_zero:
        return card
    return replace(
        card,
        inbound_handling=location.inbound_handling,
        outbound_handling=location.outbound_handling,
    )


def _entered_card(snapshot: Snapshot, key: SkuKey, options: PlanningOptions) -> PlanningParameters:
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
    """Every SKU that occurs in demand, supply or inventory, or needs stock (planning-spec §3.7).

    Kept between runs (:mod:`taktplan.planning.memo`): a world with the same
    structure whose documents name the same SKUs has the same planned SKUs.
    """
    documents: set[SkuKey] = set()
    for rows in (snapshot.inventory, snapshot.demand, snapshot.supply):
        documents.update(row.sku for row in rows)
    made = frozenset(
        s.sku for s in snapshot.supply if s.type in (SupplyType.PRODUCTION, SupplyType.ASSEMBLY)
    )
    mps_items = None if options.mps and options.mrp else master_scheduled_items(snapshot)
    reads = (
        snapshot.locations,
        options.mps,
        options.mrp,
        options.item_filter,
        options.location_filter,
        options.locations_without_sku,
        options.components_at_location,
        documents,
        made,
        mps_items,
    )
    refs = (snapshot.items, snapshot.skus, snapshot.components)
    found = _PLANNED.get(
        refs, reads, lambda: _planned_skus(snapshot, options, documents, made, mps_items)
    )
    return list(found)


def _planned_skus(
    snapshot: Snapshot,
    options: PlanningOptions,
    documents: set[SkuKey],
    made: frozenset[SkuKey],
    mps_items: frozenset[str] | None,
) -> tuple[SkuKey, ...]:
    keys = set(documents)
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
    keys = _with_components(snapshot, keys, options, made)
    if mps_items is not None:
        keys = {k for k in keys if (k.item in mps_items) == options.mps}
    if options.item_filter is not None:
        keys = {k for k in keys if k.item in options.item_filter}
    if options.location_filter is not None:
        keys = {k for k in keys if k.location in options.location_filter}
    return tuple(sorted(keys))


def master_scheduled_items(snapshot: Snapshot) -> frozenset[str]:
    """MPS items: those with sales orders, blanket orders or forecast (planning-spec §1.4)."""
    independent = (DemandType.SALES, DemandType.BLANKET, DemandType.FORECAST)
    return frozenset(d.sku.item for d in snapshot.demand if d.type in independent)


def component_sku(parent: SkuKey, need: ComponentNeed, options: PlanningOptions) -> SkuKey:
    """Where a parent order at ``parent`` needs a component (planning-spec §2.1)."""
    location = options.components_at_location
    return SkuKey(need.component, need.variant, parent.location if location is None else location)


def _with_components(
    snapshot: Snapshot, keys: set[SkuKey], options: PlanningOptions, made: frozenset[SkuKey]
) -> set[SkuKey]:
    """Add the components of every SKU that makes its item, down the structure.

    A SKU makes its item when its card says production or assembly, or when it
    has an existing production or assembly order; a purchased or transferred
    SKU of the same item needs no components.
    """
    todo = list(keys)  # the closure is the same in any order
    while todo:
        key = todo.pop()
        needs = snapshot.components.get(key.item, ())
        if not needs:  # a purchased part: nothing to add, no card to look at
            continue
        if key not in made and not _makes(_entered_card(snapshot, key, options)):
            continue
        for need in needs:
            component = component_sku(key, need, options)
            if component not in keys:
                keys.add(component)
                todo.append(component)
    return keys


def _makes(card: PlanningParameters) -> bool:
    return card.replenishment in (Replenishment.PRODUCTION, Replenishment.ASSEMBLY)


def direct_feeds(snapshot: Snapshot, key: SkuKey, options: PlanningOptions) -> list[SkuKey]:
    """The SKUs a SKU's plan creates demand for: its components and shipping locations.

    An item the world does not have feeds nothing in it (a SKU flagged by a
    change may exist only before or only after it).
    """
    if key.item not in snapshot.items:
        return []
    feeds = [component_sku(key, need, options) for need in snapshot.components.get(key.item, ())]
    source = _entered_card(snapshot, key, options).transfer_from
    if source and source != key.location:
        feeds.append(SkuKey(key.item, key.variant, source))
    feeds += [
        SkuKey(key.item, key.variant, where) for where in snapshot.transfer_sources.get(key, ())
    ]
    return feeds


def downstream(snapshot: Snapshot, keys: Iterable[SkuKey], options: PlanningOptions) -> set[SkuKey]:
    """The given SKUs and every SKU their plans can change, down the structure.

    A net change plan replans this closure of the assigned SKUs (planning-spec §15).
    """
    found = set(keys)
    todo = list(found)  # the closure is the same in any order
    while todo:
        for target in direct_feeds(snapshot, todo.pop(), options):
            if target not in found:
                found.add(target)
                todo.append(target)
    return found


def plan_order(snapshot: Snapshot, keys: list[SkuKey]) -> list[SkuKey]:
    """Low-level code, then item, then transfer level, then variant and location.

    Kept between runs like :func:`planned_skus`.
    """
    moves = _document_transfers(snapshot)
    refs = (snapshot.items, snapshot.skus, snapshot.low_level_codes)
    ordered = _ORDER.get(refs, (tuple(keys), moves), lambda: _plan_order(snapshot, keys, moves))
    return list(ordered)


def _document_transfers(snapshot: Snapshot) -> tuple[tuple[str, str, str], ...]:
    """(item, from, to) of every transfer order: an outbound line and its inbound line."""
    outbound = {
        (d.id, d.sku.item): d.sku.location
        for d in snapshot.demand
        if d.type is DemandType.TRANSFER_OUT
    }
    if not outbound:
        return ()
    moves = []
    for supply in snapshot.supply:
        if supply.type is SupplyType.TRANSFER_IN:
            source = outbound.get((supply.id, supply.sku.item))
            if source is not None:
                moves.append((supply.sku.item, source, supply.sku.location))
    return tuple(moves)


def _plan_order(
    snapshot: Snapshot, keys: list[SkuKey], moves: tuple[tuple[str, str, str], ...]
) -> tuple[SkuKey, ...]:
    codes = snapshot.low_level_codes or low_level_codes(snapshot.items)
    edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, sku in sorted(snapshot.skus.items()):
        if sku.parameters.replenishment is Replenishment.TRANSFER and sku.parameters.transfer_from:
            edges[key.item].append((sku.parameters.transfer_from, key.location))
    for item, source, target in moves:
        edges[item].append((source, target))
    by_item: dict[str, list[SkuKey]] = defaultdict(list)
    for key in keys:
        if key.item in edges:
            by_item[key.item].append(key)
    levels = {
        item: transfer_levels(edges[item], [k.location for k in item_keys])
        for item, item_keys in by_item.items()
    }
    no_levels: dict[str, int] = {}
    return tuple(
        sorted(
            keys,
            key=lambda k: (
                codes.get(k.item, 0),
                k.item,
                levels.get(k.item, no_levels).get(k.location, 0),
                k.variant,
                k.location,
            ),
        )
    )


_PLANNED: PassMemo[tuple[SkuKey, ...]] = PassMemo(size=2)
_ORDER: PassMemo[tuple[SkuKey, ...]] = PassMemo(size=2)
