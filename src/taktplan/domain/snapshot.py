"""The validated, immutable planning world the engines work on.

:func:`build_snapshot` is where references between records are checked
(unknown item or location, duplicate document ids, a SKU that transfers from
nowhere). Field-level checks (types, dates, signs) happen when records are
read; after this function the engines trust what they get.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from taktplan.domain.bom import ComponentNeed, explode, low_level_codes
from taktplan.domain.calendar import WorkCalendar
from taktplan.domain.documents import Demand, DemandType, InventoryEntry, Supply, SupplyType
from taktplan.domain.item import Item, Location, Replenishment, Sku, SkuKey
from taktplan.domain.shop import ShopData, check_shop
from taktplan.errors import InputError


@dataclass(frozen=True, slots=True)
class Snapshot:
    items: Mapping[str, Item]
    locations: tuple[str, ...]
    skus: Mapping[SkuKey, Sku]
    inventory: tuple[InventoryEntry, ...] = ()
    demand: tuple[Demand, ...] = ()
    supply: tuple[Supply, ...] = ()
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    location_cards: Mapping[str, Location] = field(default_factory=dict)
    components: Mapping[str, tuple[ComponentNeed, ...]] = field(default_factory=dict)
    low_level_codes: Mapping[str, int] = field(default_factory=dict)
    # Receiving SKU -> shipping locations of its existing transfer orders.
    transfer_sources: Mapping[SkuKey, tuple[str, ...]] = field(default_factory=dict)
    shop: ShopData = field(default_factory=ShopData)

    def sku_card(self, key: SkuKey) -> Sku | None:
        return self.skus.get(key)

    def location(self, code: str) -> Location:
        """The location card (the blank location and unknown codes have no handling times)."""
        return self.location_cards.get(code) or Location(code)


def _check_location(code: str, locations: set[str], record: str) -> None:
    if code and code not in locations:
        raise InputError(f"unknown location '{code}'", record=record, field="location")


def _check_item(no: str, items: Mapping[str, Item], record: str) -> None:
    if no not in items:
        raise InputError(f"unknown item '{no}'", record=record, field="item")


def build_snapshot(
    *,
    items: Iterable[Item],
    locations: Iterable[str | Location],
    skus: Iterable[Sku] = (),
    inventory: Iterable[InventoryEntry] = (),
    demand: Iterable[Demand] = (),
    supply: Iterable[Supply] = (),
    calendar: WorkCalendar | None = None,
    shop: ShopData | None = None,
) -> Snapshot:
    """Check the references between records and return the snapshot."""
    item_map: dict[str, Item] = {}
    for index, item in enumerate(items):
        if item.no in item_map:
            raise InputError(
                f"duplicate item no. '{item.no}'", record=f"items[{index}]", field="no"
            )
        item_map[item.no] = item
    cards = [row if isinstance(row, Location) else Location(row) for row in locations]
    location_list = [card.code for card in cards]
    location_set: set[str] = set()
    for index, code in enumerate(location_list):
        if code in location_set:
            raise InputError(
                f"duplicate location '{code}'", record=f"locations[{index}]", field="code"
            )
        location_set.add(code)
    for item in item_map.values():
        for line_no, line in enumerate(item.bom):
            if line.component not in item_map:
                raise InputError(
                    f"unknown component item '{line.component}'",
                    record=f"item {item.no} bom[{line_no}]",
                    field="component",
                )
            if line.phantom and not item_map[line.component].bom:
                raise InputError(
                    f"phantom line names item '{line.component}', which has no BOM",
                    record=f"item {item.no} bom[{line_no}]",
                    field="phantom",
                )
    codes = low_level_codes(item_map)  # a BOM cycle is bad input: reject it with the snapshot
    components = {no: explode(item_map, no) for no, item in item_map.items() if item.bom}
    sku_map = _check_skus(skus, item_map, location_set)
    shop = shop or ShopData()
    check_shop(shop, item_map)
    inventory_t, demand_t, supply_t = _checked_documents(
        item_map, location_set, inventory, demand, supply
    )
    return Snapshot(
        items=MappingProxyType(item_map),
        locations=tuple(location_list),
        skus=MappingProxyType(sku_map),
        inventory=inventory_t,
        demand=demand_t,
        supply=supply_t,
        calendar=calendar or WorkCalendar(),
        location_cards=MappingProxyType({card.code: card for card in cards}),
        components=MappingProxyType(components),
        low_level_codes=MappingProxyType(codes),
        transfer_sources=MappingProxyType(_transfer_sources(demand_t, supply_t)),
        shop=shop,
    )


def with_documents(
    snapshot: Snapshot,
    *,
    inventory: Iterable[InventoryEntry],
    demand: Iterable[Demand],
    supply: Iterable[Supply],
) -> Snapshot:
    """The snapshot with other documents, checked against its master data, which it keeps.

    A change of documents alone (a sales order entered, an order released)
    leaves items, BOMs, SKU cards, calendars and the shop as they were: their
    checks and the work derived from them (low-level codes, exploded BOMs)
    need not be done again.
    """
    inventory_t, demand_t, supply_t = _checked_documents(
        snapshot.items, set(snapshot.locations), inventory, demand, supply
    )
    return replace(
        snapshot,
        inventory=inventory_t,
        demand=demand_t,
        supply=supply_t,
        transfer_sources=MappingProxyType(_transfer_sources(demand_t, supply_t)),
    )


def _checked_documents(
    item_map: Mapping[str, Item],
    location_set: set[str],
    inventory: Iterable[InventoryEntry],
    demand: Iterable[Demand],
    supply: Iterable[Supply],
) -> tuple[tuple[InventoryEntry, ...], tuple[Demand, ...], tuple[Supply, ...]]:
    """Inventory, demand and supply checked against the items and locations."""
    inventory_t = tuple(inventory)
    for index, entry in enumerate(inventory_t):
        record = f"inventory[{index}] (item {entry.sku.item})"
        _check_item(entry.sku.item, item_map, record)
        _check_location(entry.sku.location, location_set, record)
    demand_t = tuple(demand)
    seen_demand: set[tuple[str, str, str]] = set()
    for index, d in enumerate(demand_t):
        record = f"demand[{index}] (id {d.id})"
        _check_item(d.sku.item, item_map, record)
        _check_location(d.sku.location, location_set, record)
        if d.reserved_qty > d.qty:
            raise InputError(
                "reserved quantity exceeds the quantity", record=record, field="reserved_qty"
            )
        key = (d.type.value, d.id, d.sku.item)
        if key in seen_demand and d.type.value != "forecast":
            raise InputError(f"duplicate document id '{d.id}'", record=record, field="id")
        seen_demand.add(key)
    supply_t = tuple(supply)
    seen_supply: set[str] = set()
    for index, s in enumerate(supply_t):
        record = f"supply[{index}] (id {s.id})"
        _check_item(s.sku.item, item_map, record)
        _check_location(s.sku.location, location_set, record)
        if s.id in seen_supply:
            raise InputError(f"duplicate document id '{s.id}'", record=record, field="id")
        seen_supply.add(s.id)
        if s.reserved_qty > s.qty:
            raise InputError(
                "reserved quantity exceeds the quantity", record=record, field="reserved_qty"
            )
        if s.type is SupplyType.TRANSFER_IN and s.linked_demand is not None:
            raise InputError(
                "a transfer cannot be linked order-to-order", record=record, field="linked_demand"
            )
    return inventory_t, demand_t, supply_t


def _transfer_sources(
    demand: tuple[Demand, ...], supply: tuple[Supply, ...]
) -> dict[SkuKey, tuple[str, ...]]:
    shipping = {
        (d.id, d.sku.item, d.sku.variant): d.sku.location
        for d in demand
        if d.type is DemandType.TRANSFER_OUT
    }
    sources: dict[SkuKey, set[str]] = {}
    for s in supply:
        where = shipping.get((s.id, s.sku.item, s.sku.variant))
        if s.type is SupplyType.TRANSFER_IN and where is not None and where != s.sku.location:
            sources.setdefault(s.sku, set()).add(where)
    return {key: tuple(sorted(found)) for key, found in sources.items()}


def _check_skus(
    skus: Iterable[Sku], items: Mapping[str, Item], locations: set[str]
) -> dict[SkuKey, Sku]:
    sku_map: dict[SkuKey, Sku] = {}
    for index, sku in enumerate(skus):
        record = f"skus[{index}] (item {sku.key.item} at {sku.key.location})"
        _check_item(sku.key.item, items, record)
        _check_location(sku.key.location, locations, record)
        if sku.key in sku_map:
            raise InputError("duplicate SKU", record=record, field="location")
        params = sku.parameters
        if params.replenishment is Replenishment.TRANSFER:
            if not params.transfer_from:
                raise InputError(
                    "transfer replenishment needs a transfer-from location",
                    record=record,
                    field="transfer_from",
                )
            _check_location(params.transfer_from, locations, record)
            if params.transfer_from == sku.key.location:
                raise InputError(
                    "a SKU cannot transfer from its own location",
                    record=record,
                    field="transfer_from",
                )
        sku_map[sku.key] = sku
    return sku_map
