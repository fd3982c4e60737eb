"""A small deterministic planning world for the benchmark, without ``../shared``.

``python -m bench.world --finished 50 --seed 7 -o world.json`` writes a case
file (``cases/FORMAT.md``, version 1) with ``--finished`` finished items, each
built from a three-level structure of sub-assemblies and purchased parts (a
pool of shared parts makes the levels overlap), every reordering policy with
order modifiers and safety stock, on-hand stock, open purchase orders, sales
order lines and monthly forecasts. ``--varied`` also draws time buckets,
overflow levels, safety lead times, lot accumulation, dampener and
rescheduling periods, maximum order quantities, scrap, make-to-order items, a
weekend calendar with holidays and the run options, to exercise more of the
engine. The same arguments always give the same bytes (``random.Random``
seeded, no clock).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

START = dt.date(2027, 1, 4)
HORIZON_DAYS = 182
POLICIES = ("lot-for-lot", "lot-for-lot", "fixed-reorder-qty", "maximum-qty", "order")


def _day(offset: int) -> str:
    return (START + dt.timedelta(days=offset)).isoformat()


def _item(no: str, rng: random.Random, *, made: bool, weekly: int) -> dict[str, Any]:
    """An item card sized from its expected weekly usage."""
    policy = rng.choice(POLICIES)
    item: dict[str, Any] = {
        "no": no,
        "replenishment": "production" if made else "purchase",
        "reordering_policy": policy,
        "lead_time": f"{rng.randint(2, 8) if made else rng.randint(5, 30)}D",
        "safety_stock": rng.choice((0, 0, weekly)),
        "bom": [],
    }
    if policy == "fixed-reorder-qty":
        item["reorder_point"] = max(item["safety_stock"], 2 * weekly)
        item["reorder_qty"] = 4 * weekly
    elif policy == "maximum-qty":
        item["reorder_point"] = max(item["safety_stock"], 2 * weekly)
        item["max_inventory"] = item["reorder_point"] + 5 * weekly
    elif policy == "lot-for-lot" and rng.random() < 0.3:
        item["min_order_qty"] = weekly
        item["order_multiple"] = rng.choice((5, 10, 25))
    if policy == "order":
        item["safety_stock"] = 0
    return item


def _vary(world: dict[str, Any], rng: random.Random) -> None:
    """Draw the planning periods, modifiers, calendar and run options of ``--varied``."""
    for item in world["items"]:
        if rng.random() < 0.5:
            item["time_bucket"] = rng.choice(("", "2D", "1W", "10D", "1M"))
        if rng.random() < 0.3:
            item["overflow_level"] = 3 * item.get("reorder_point", 0) + item.get("reorder_qty", 0)
        if rng.random() < 0.3:
            item["safety_lead_time"] = rng.choice(("1D", "3D"))
        if rng.random() < 0.3:
            item["lot_accumulation_period"] = rng.choice(("1W", "5D"))
        if rng.random() < 0.3:
            item["dampener_period"] = rng.choice(("2D", "1W"))
        if rng.random() < 0.2:
            item["rescheduling_period"] = rng.choice(("1W", "2W"))
        if rng.random() < 0.2:
            item["max_order_qty"] = rng.randint(20, 300)
        if rng.random() < 0.2:
            item["dampener_qty"] = rng.randint(1, 20)
        if rng.random() < 0.2:
            item["scrap_pct"] = rng.choice((1.5, 3, 10))
        if rng.random() < 0.1:
            item["manufacturing_policy"] = "make-to-order"
    if rng.random() < 0.6:
        world["calendar"] = {
            "non_working_weekdays": ["Sat", "Sun"],
            "holidays": [_day(2), _day(91)],
        }
    planning = world["planning"]
    planning["respect_planning_parameters_for_exceptions"] = rng.random() < 0.3
    planning["blank_overflow_level"] = rng.choice(("item-values-only", "default-calculation"))


def generate(finished: int, seed: int, varied: bool = False) -> dict[str, Any]:
    """The world as a JSON-ready dictionary."""
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    shared = [
        _item(f"PART{n:05d}", rng, made=False, weekly=rng.randint(50, 400))
        for n in range(max(3, finished // 4))
    ]
    counter = 0

    def build(no: str, level: int, weekly: int) -> dict[str, Any]:
        nonlocal counter
        made = level < 3
        item = _item(no, rng, made=made, weekly=weekly)
        items.append(item)
        if made:
            for _ in range(rng.randint(2, 4)):
                qty_per = rng.choice((1, 1, 2, 4))
                if rng.random() < 0.3:
                    part = rng.choice(shared)
                else:
                    counter += 1
                    part = build(f"C{level + 1}-{counter:06d}", level + 1, weekly * qty_per)
                item["bom"].append({"component": part["no"], "qty_per": qty_per})
        return item

    demand: list[dict[str, Any]] = []
    for n in range(finished):
        weekly = rng.randint(5, 60)
        top = build(f"FG{n:05d}", 0, weekly)
        for line in range(rng.randint(3, 12)):
            demand.append(
                {
                    "type": "sales",
                    "id": f"SO-{n:05d}-{line}",
                    "item": top["no"],
                    "location": "MAIN",
                    "date": _day(rng.randint(-5, 90)),
                    "qty": rng.randint(1, 2 * weekly),
                }
            )
        for month in range(6):
            demand.append(
                {
                    "type": "forecast",
                    "id": f"FC-{n:05d}-{month}",
                    "item": top["no"],
                    "location": "MAIN",
                    "date": _day(0 if month == 0 else month * 30),
                    "qty": 4 * weekly,
                }
            )
    items += shared
    inventory = [
        {"item": item["no"], "location": "MAIN", "qty": rng.randint(0, 300)}
        for item in items
        if rng.random() < 0.5
    ]
    supply = [
        {
            "type": "purchase",
            "id": f"PO-{n:06d}",
            "item": item["no"],
            "location": "MAIN",
            "date": _day(rng.randint(-3, 20)),
            "qty": rng.randint(10, 500),
        }
        for n, item in enumerate(items)
        if item["replenishment"] == "purchase" and rng.random() < 0.4
    ]
    world: dict[str, Any] = {
        "format": 1,
        "name": f"bench-world-{finished}-s{seed}",
        "description": f"taktplan benchmark world: {len(items)} items, {len(demand)} demand lines.",
        "source": f"bench/world.py --finished {finished} --seed {seed}",
        "planning": {"start": _day(0), "end": _day(HORIZON_DAYS - 1), "kind": "regenerative"},
        "locations": [{"code": "MAIN"}],
        "items": items,
        "inventory": inventory,
        "demand": demand,
        "supply": supply,
        "expected": {"match": "subset", "lines": []},
    }
    if varied:
        _vary(world, rng)
    return world


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--finished", type=int, default=50, help="finished items (default 50)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--varied", action="store_true", help="vary periods, calendar, options")
    parser.add_argument("-o", "--out", type=Path, help="output file (default: stdout)")
    args = parser.parse_args(argv)
    world = generate(args.finished, args.seed, args.varied)
    text = json.dumps(world, separators=(",", ":")) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
