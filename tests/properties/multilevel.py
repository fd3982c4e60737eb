"""Random multi-level, multi-location planning worlds, and random changes to them.

A world is a case document (``shared/cases/FORMAT.md``, version 1) kept as a
plain dict of strings and integers, so a failing example prints as the case
itself (``json.dumps`` saves it as a case file):

- location MAIN, and sometimes EAST, where one item has an SKU replenished by
  transfer from MAIN (shipping time 0-3D);
- 4-8 items ``A``, ``B``, ... with a random BOM: an item only uses items
  further down the alphabet, so the structure is a DAG. A line has 1-3 per,
  sometimes 10 % scrap, and is sometimes a phantom line through an item that
  has a BOM of its own. Items with a BOM are produced, the others purchased;
- Lot-for-Lot (mostly), Order, Fixed Reorder Qty. or Maximum Qty., lead time
  0-5D, sometimes safety stock;
- sales orders on end items (items no BOM uses), sometimes a forecast, some
  stock and some existing purchase and production orders at MAIN.

Dates are those of ``tests/properties/strategies.py`` (planning 2027-01-04 ..
2027-03-31, work date 2026-12-12) and every day is a working day. Quantities
are integers; scrap makes component needs decimal but exact.

:func:`changes` draws one change of a world; :func:`net_change_examples`
draws a world and the world after one or two changes.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

Case = dict[str, Any]

START_DATE = dt.date(2027, 1, 4)
END_DATE = dt.date(2027, 3, 31)
WORK_DATE = dt.date(2026, 12, 12)
HORIZON = (END_DATE - START_DATE).days  # 86

MAIN = "MAIN"
EAST = "EAST"

LFL = "lot-for-lot"
ORDER = "order"
FRQ = "fixed-reorder-qty"
MAXQ = "maximum-qty"
# Shrinks towards the first entry, so minimal examples are Lot-for-Lot.
POLICY = st.sampled_from((LFL, LFL, LFL, ORDER, FRQ, MAXQ))

PRODUCTION_STATUSES = ("planned", "firm-planned", "released")
PURCHASE_STATUSES = ("open", "released")

QTY = st.integers(1, 30)
DAY_OFFSET = st.integers(0, HORIZON)


def iso(offset: int) -> str:
    """The date ``offset`` days after the planning starting date."""
    return (START_DATE + dt.timedelta(days=offset)).isoformat()


def days(n: int) -> str:
    """A date formula of ``n`` calendar days (blank for zero)."""
    return f"{n}D" if n else ""


# ------------------------------------------------------------- reading a world
def item_names(case: Case) -> list[str]:
    return [item["no"] for item in case["items"]]


def item_card(case: Case, no: str) -> dict[str, Any]:
    return next(item for item in case["items"] if item["no"] == no)


def used_as_component(case: Case) -> set[str]:
    return {line["component"] for item in case["items"] for line in item["bom"]}


def end_items(case: Case) -> list[str]:
    """Items no BOM uses (the first item always is one: nothing comes before it)."""
    used = used_as_component(case)
    return [no for no in item_names(case) if no not in used]


def east_item(case: Case) -> str | None:
    """The item with an SKU at EAST, if the world has EAST."""
    return next((sku["item"] for sku in case["skus"] if sku["location"] == EAST), None)


def phantom_targets(case: Case) -> set[str]:
    return {
        line["component"]
        for item in case["items"]
        for line in item["bom"]
        if line.get("phantom", False)
    }


def demand_places(case: Case) -> list[tuple[str, str]]:
    """Where sales may be: end items at MAIN, and the EAST item at EAST."""
    places = [(no, MAIN) for no in end_items(case)]
    east = east_item(case)
    if east is not None:
        places.append((east, EAST))
    return places


def stock_places(case: Case) -> list[tuple[str, str]]:
    """Where stock may be: every item at MAIN, and the EAST item at EAST."""
    places = [(no, MAIN) for no in item_names(case)]
    east = east_item(case)
    if east is not None:
        places.append((east, EAST))
    return places


def new_id(case: Case, prefix: str) -> str:
    """A document id no demand or supply of the world uses yet."""
    taken = {row["id"] for row in (*case["demand"], *case["supply"])}
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"


# ------------------------------------------------------------- drawing a world
def _policy_fields(draw: st.DrawFn, policy: str, safety_stock: int) -> dict[str, Any]:
    """The fields a reordering policy needs, valid for it."""
    fields: dict[str, Any] = {"reordering_policy": policy}
    if policy in (FRQ, MAXQ):
        reorder_point = draw(st.integers(0, 20))
        fields["reorder_point"] = reorder_point
        if policy == FRQ:
            fields["reorder_qty"] = draw(st.integers(1, 30))
        else:
            fields["max_inventory"] = max(reorder_point, safety_stock) + draw(st.integers(1, 30))
    return fields


_POLICY_KEYS = ("reordering_policy", "reorder_point", "reorder_qty", "max_inventory")


def _set_policy(item: dict[str, Any], fields: dict[str, Any]) -> None:
    for key in _POLICY_KEYS:
        item.pop(key, None)
    item.update(fields)


@st.composite
def _item(draw: st.DrawFn, no: str, bom: list[dict[str, Any]]) -> dict[str, Any]:
    safety_stock = draw(st.one_of(st.just(0), st.integers(1, 10)))
    item: dict[str, Any] = {
        "no": no,
        "replenishment": "production" if bom else "purchase",
        "lead_time": days(draw(st.integers(0, 5))),
        "safety_stock": safety_stock,
        "bom": bom,
    }
    if draw(st.integers(0, 5)) == 5:
        item["scrap_pct"] = 10
    item.update(_policy_fields(draw, draw(POLICY), safety_stock))
    return item


@st.composite
def _bom_line(draw: st.DrawFn, component: str, has_bom: bool) -> dict[str, Any]:
    line: dict[str, Any] = {"component": component, "qty_per": draw(st.integers(1, 3))}
    if draw(st.integers(0, 3)) == 3:
        line["scrap_pct"] = 10
    if has_bom and draw(st.integers(0, 3)) == 3:
        line["phantom"] = True
    return line


@st.composite
def _items(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(4, 8))
    names = [chr(ord("A") + n) for n in range(count)]
    boms: dict[str, list[dict[str, Any]]] = {}
    for n in reversed(range(count)):  # bottom up: a phantom needs a component with a BOM
        below = names[n + 1 :]
        chosen = draw(st.lists(st.sampled_from(below), unique=True, max_size=3)) if below else []
        boms[names[n]] = [draw(_bom_line(c, bool(boms[c]))) for c in sorted(chosen)]
    return [draw(_item(no, boms[no])) for no in names]


def _sales(item: str, location: str, ident: str, offset: int, qty: int) -> dict[str, Any]:
    return {
        "type": "sales",
        "id": ident,
        "item": item,
        "location": location,
        "date": iso(offset),
        "qty": qty,
    }


@st.composite
def worlds(draw: st.DrawFn) -> Case:
    items = draw(_items())
    case: Case = {
        "format": 1,
        "name": "net-change-world",
        "planning": {
            "start": START_DATE.isoformat(),
            "end": END_DATE.isoformat(),
            "work_date": WORK_DATE.isoformat(),
        },
        "calendar": {"non_working_weekdays": [], "holidays": []},
        "locations": [{"code": MAIN}],
        "items": items,
        "skus": [],
        "inventory": [],
        "demand": [],
        "supply": [],
    }
    if draw(st.booleans()):
        case["locations"].append({"code": EAST})
        sku: dict[str, Any] = {
            "item": draw(st.sampled_from([*end_items(case), *item_names(case)])),
            "location": EAST,
            "replenishment": "transfer",
            "transfer_from": MAIN,
            "transfer_shipping_time": days(draw(st.integers(0, 3))),
            "reordering_policy": LFL,
        }
        if draw(st.booleans()):
            sku["safety_stock"] = draw(st.integers(0, 10))
        case["skus"].append(sku)

    places = demand_places(case)
    for n in range(draw(st.integers(1, 6))):
        item, location = draw(st.sampled_from(places))
        case["demand"].append(_sales(item, location, f"SO-{n + 1}", draw(DAY_OFFSET), draw(QTY)))
    if draw(st.integers(0, 2)) == 2:
        item = draw(st.sampled_from(end_items(case)))
        for n in range(draw(st.integers(1, 2))):
            case["demand"].append(
                {
                    "type": "forecast",
                    "id": f"FC-{n + 1}",
                    "item": item,
                    "location": MAIN,
                    "date": iso(draw(st.sampled_from((0, 14, 28, 42)))),
                    "qty": draw(st.integers(1, 60)),
                }
            )

    places = stock_places(case)
    for item, location in draw(st.lists(st.sampled_from(places), unique=True, max_size=3)):
        case["inventory"].append({"item": item, "location": location, "qty": draw(QTY)})

    for n in range(draw(st.integers(0, 4))):
        case["supply"].append(draw(_supply(case, f"OLD-{n + 1}")))
    return case


@st.composite
def _supply(draw: st.DrawFn, case: Case, ident: str) -> dict[str, Any]:
    """An existing purchase or production order at MAIN, by the item's replenishment."""
    item = item_card(case, draw(st.sampled_from(item_names(case))))
    produced = item["replenishment"] == "production"
    return {
        "type": "production" if produced else "purchase",
        "id": ident,
        "item": item["no"],
        "location": MAIN,
        "date": iso(draw(DAY_OFFSET)),
        "qty": draw(QTY),
        "status": draw(st.sampled_from(PRODUCTION_STATUSES if produced else PURCHASE_STATUSES)),
    }


# -------------------------------------------------------------------- changes
# Each change edits ``case`` (a copy of the world) in place and says what it did.
Change = Callable[[st.DrawFn, Case], str]


def _pick_sales(draw: st.DrawFn, case: Case) -> dict[str, Any]:
    return draw(st.sampled_from([row for row in case["demand"] if row["type"] == "sales"]))


def _sales_qty(draw: st.DrawFn, case: Case) -> str:
    row = _pick_sales(draw, case)
    old, row["qty"] = row["qty"], draw(QTY)
    return f"sales {row['id']} qty {old} -> {row['qty']}"


def _sales_date(draw: st.DrawFn, case: Case) -> str:
    row = _pick_sales(draw, case)
    old, row["date"] = row["date"], iso(draw(DAY_OFFSET))
    return f"sales {row['id']} date {old} -> {row['date']}"


def _sales_add(draw: st.DrawFn, case: Case) -> str:
    item, location = draw(st.sampled_from(demand_places(case)))
    row = _sales(item, location, new_id(case, "SO"), draw(DAY_OFFSET), draw(QTY))
    case["demand"].append(row)
    return f"new sales {row['id']}: {row['qty']} {item}@{location} on {row['date']}"


def _sales_delete(draw: st.DrawFn, case: Case) -> str:
    row = _pick_sales(draw, case)
    case["demand"].remove(row)
    return f"sales {row['id']} deleted"


def _supply_qty(draw: st.DrawFn, case: Case) -> str:
    row = draw(st.sampled_from(case["supply"]))
    old, row["qty"] = row["qty"], draw(QTY)
    return f"{row['type']} {row['id']} qty {old} -> {row['qty']}"


def _supply_date(draw: st.DrawFn, case: Case) -> str:
    row = draw(st.sampled_from(case["supply"]))
    old, row["date"] = row["date"], iso(draw(DAY_OFFSET))
    return f"{row['type']} {row['id']} date {old} -> {row['date']}"


def _supply_delete(draw: st.DrawFn, case: Case) -> str:
    row = draw(st.sampled_from(case["supply"]))
    case["supply"].remove(row)
    return f"{row['type']} {row['id']} deleted"


def _supply_add(draw: st.DrawFn, case: Case) -> str:
    row = draw(_supply(case, new_id(case, "NEWORD")))
    case["supply"].append(row)
    return f"new {row['type']} {row['id']}: {row['qty']} {row['item']} on {row['date']}"


def _inventory(draw: st.DrawFn, case: Case) -> str:
    item, location = draw(st.sampled_from(stock_places(case)))
    qty = draw(st.one_of(st.just(0), QTY))
    rows = [r for r in case["inventory"] if (r["item"], r["location"]) == (item, location)]
    old = rows[0]["qty"] if rows else 0
    for row in rows:
        case["inventory"].remove(row)
    if qty:
        case["inventory"].append({"item": item, "location": location, "qty": qty})
    return f"inventory {item}@{location} {old} -> {qty}"


def _pick_item(draw: st.DrawFn, case: Case) -> dict[str, Any]:
    return item_card(case, draw(st.sampled_from(item_names(case))))


def _safety_stock(draw: st.DrawFn, case: Case) -> str:
    item = _pick_item(draw, case)
    old = item.get("safety_stock", 0)
    new = draw(st.integers(0, 10))
    item["safety_stock"] = new
    if item.get("reordering_policy") == MAXQ:  # keep maximum inventory above it
        item["max_inventory"] = max(item["max_inventory"], new + 1)
    return f"item {item['no']} safety stock {old} -> {new}"


def _lead_time(draw: st.DrawFn, case: Case) -> str:
    item = _pick_item(draw, case)
    old, item["lead_time"] = item["lead_time"], days(draw(st.integers(0, 5)))
    return f"item {item['no']} lead time {old!r} -> {item['lead_time']!r}"


def _reorder_point(draw: st.DrawFn, case: Case) -> str:
    no = draw(st.sampled_from(_reorder_point_items(case)))
    item = item_card(case, no)
    old, new = item["reorder_point"], draw(st.integers(0, 20))
    item["reorder_point"] = new
    if item["reordering_policy"] == MAXQ:
        item["max_inventory"] = max(item["max_inventory"], new + 1)
    return f"item {no} reorder point {old} -> {new}"


def _reorder_point_items(case: Case) -> list[str]:
    return [i["no"] for i in case["items"] if i.get("reordering_policy") in (FRQ, MAXQ)]


def _policy(draw: st.DrawFn, case: Case) -> str:
    item = _pick_item(draw, case)
    old = item.get("reordering_policy")
    _set_policy(item, _policy_fields(draw, draw(POLICY), item.get("safety_stock", 0)))
    extra = {k: item[k] for k in _POLICY_KEYS[1:] if k in item}
    return f"item {item['no']} policy {old} -> {item['reordering_policy']} {extra}"


def _bom_qty(draw: st.DrawFn, case: Case) -> str:
    item = draw(st.sampled_from([i for i in case["items"] if i["bom"]]))
    line = draw(st.sampled_from(item["bom"]))
    old, line["qty_per"] = line["qty_per"], draw(st.integers(1, 3))
    return f"item {item['no']} BOM line {line['component']} qty per {old} -> {line['qty_per']}"


def _bom_additions(case: Case) -> list[tuple[str, str]]:
    names = item_names(case)
    return [
        (parent, child)
        for n, parent in enumerate(names)
        for child in names[n + 1 :]
        if child not in {line["component"] for line in item_card(case, parent)["bom"]}
    ]


def _bom_add(draw: st.DrawFn, case: Case) -> str:
    parent, child = draw(st.sampled_from(_bom_additions(case)))
    item = item_card(case, parent)
    line = draw(_bom_line(child, bool(item_card(case, child)["bom"])))
    item["bom"].append(line)
    item["replenishment"] = "production"  # a purchased leaf becomes produced
    return f"item {parent} BOM line added: {line}"


def _bom_removals(case: Case) -> list[tuple[str, int]]:
    """BOM lines whose removal leaves every phantom line pointing at an item with a BOM."""
    targets = phantom_targets(case)
    return [
        (item["no"], n)
        for item in case["items"]
        for n in range(len(item["bom"]))
        if len(item["bom"]) > 1 or item["no"] not in targets
    ]


def _bom_remove(draw: st.DrawFn, case: Case) -> str:
    parent, n = draw(st.sampled_from(_bom_removals(case)))
    line = item_card(case, parent)["bom"].pop(n)
    return f"item {parent} BOM line removed: {line}"


def _shipping_time(draw: st.DrawFn, case: Case) -> str:
    sku = case["skus"][0]
    old, sku["transfer_shipping_time"] = (
        sku["transfer_shipping_time"],
        days(draw(st.integers(0, 3))),
    )
    return f"SKU {sku['item']}@{EAST} shipping time {old!r} -> {sku['transfer_shipping_time']!r}"


def _applicable(case: Case) -> list[Change]:
    """The changes that make sense for the world (sales first: they shrink best)."""
    found: list[Change] = []
    if any(row["type"] == "sales" for row in case["demand"]):
        found += [_sales_qty, _sales_date, _sales_delete]
    found.append(_sales_add)
    if case["supply"]:
        found += [_supply_qty, _supply_date, _supply_delete]
    found += [_supply_add, _inventory, _safety_stock, _lead_time, _policy]
    if _reorder_point_items(case):
        found.append(_reorder_point)
    if any(item["bom"] for item in case["items"]):
        found.append(_bom_qty)
    if _bom_additions(case):
        found.append(_bom_add)
    if _bom_removals(case):
        found.append(_bom_remove)
    if case["skus"]:
        found.append(_shipping_time)
    return found


@st.composite
def changes(draw: st.DrawFn, case: Case) -> tuple[str, Case]:
    """One random change of the world: what changed, and the changed copy."""
    changed = copy.deepcopy(case)
    change = draw(st.sampled_from(_applicable(changed)))
    return change(draw, changed), changed


@dataclass(frozen=True)
class NetChangeExample:
    """A world, the world after ``changes``, and what changed."""

    before: Case
    after: Case
    changes: tuple[str, ...]


@st.composite
def net_change_examples(draw: st.DrawFn) -> NetChangeExample:
    before = draw(worlds())
    after = before
    done: list[str] = []
    for _ in range(draw(st.integers(1, 2))):
        what, after = draw(changes(after))
        done.append(what)
    return NetChangeExample(before, after, tuple(done))
