"""A net change plan gives what a regenerative plan gives, on multi-level worlds.

For a world W changed into W' (``tests/properties/multilevel.py``), with the
planning assignment of the change and the net change plan of W' on it:

1. every SKU the net change plan covers (its ``scope``) gets exactly the lines
   a regenerative plan of W' gives it;
2. every other SKU has the same lines in regenerative plans of W and W', so
   the worksheet of W with the net change lines put in place of the old lines
   of the scope is the worksheet of a fresh regenerative plan of W';
3. hence the scope holds every SKU whose lines the change altered.

Lines are compared with every field but the line number, as multisets per SKU.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from taktplan.domain.dates import from_day
from taktplan.domain.item import SkuKey
from taktplan.io.case_json import PlanningCase, parse_case
from taktplan.planning import PlanningLine, PlanResult, plan
from taktplan.planning.assignment import (
    PlanningAssignment,
    assigned_skus,
    planning_assignment,
)
from taktplan.planning.options import PlanKind
from tests.properties.multilevel import (
    EAST,
    MAIN,
    Case,
    NetChangeExample,
    iso,
    net_change_examples,
    worlds,
)

Lines = Counter[PlanningLine]


def _by_sku(lines: Iterable[PlanningLine]) -> dict[SkuKey, Lines]:
    """Lines per SKU, line numbers blanked out (the order of the worksheet is free)."""
    found: dict[SkuKey, Lines] = defaultdict(Counter)
    for line in lines:
        found[line.sku][replace(line, line_no=0)] += 1
    return found


def _place(key: SkuKey) -> str:
    return f"{key.item}@{key.location or '(blank)'}" + (f"/{key.variant}" if key.variant else "")


def _show(lines: Lines) -> str:
    if not lines:
        return "    (no lines)"
    return "\n".join(
        f"    {line.action.value} ref={line.ref} due={from_day(line.due_date)} qty={line.qty} "
        f"orig_due={line.original_due_date and from_day(line.original_due_date)} "
        f"orig_qty={line.original_qty} start={from_day(line.starting_date)} "
        f"end={from_day(line.ending_date)} warning={line.warning} id={line.supply_id}"
        + (f" x{count}" if count > 1 else "")
        for line, count in sorted(lines.items(), key=lambda pair: repr(pair[0]))
    )


def _regenerative(case: PlanningCase) -> PlanResult:
    result = plan(case.snapshot, case.options)
    assert not result.error_log, result.error_log
    return result


def _assignment_text(assignment: tuple[PlanningAssignment, ...]) -> str:
    return "\n".join(f"  {_place(row.sku)}: {'; '.join(row.reasons)}" for row in assignment)


# ------------------------------------------- examples this property has found
def _sale(item: str, ident: str = "SO-1") -> dict[str, Any]:
    return {"type": "sales", "id": ident, "item": item, "location": MAIN, "date": iso(0), "qty": 1}


def _card(no: str, bom: Iterable[dict[str, Any]] = (), **fields: Any) -> dict[str, Any]:
    card = {
        "no": no,
        "replenishment": "production" if bom else "purchase",
        "reordering_policy": "lot-for-lot",
        "bom": list(bom),
    }
    return card | fields


def _tiny(
    items: list[dict[str, Any]], demand: list[dict[str, Any]], locations: Iterable[str] = (MAIN,)
) -> Case:
    return {
        "format": 1,
        "planning": {"start": iso(0), "end": iso(86), "work_date": "2026-12-12"},
        "locations": [{"code": code} for code in locations],
        "items": items,
        "demand": demand,
    }


# A's only demand goes: A@MAIN is no longer planned in W', so it falls out of
# the scope, and its old New line stays on the worksheet.
LAST_DEMAND_DELETED = NetChangeExample(
    _tiny([_card("A")], [_sale("A")]), _tiny([_card("A")], []), ("sales SO-1 deleted",)
)
# Two locations: A with safety stock and no documents is planned at the blank
# location (an Exception line). A first sale at MAIN ends that, but only A@MAIN
# is assigned, so the blank-location line stays on the worksheet.
FIRST_DEMAND_ADDED = NetChangeExample(
    _tiny([_card("A", safety_stock=1)], [], (MAIN, EAST)),
    _tiny([_card("A", safety_stock=1)], [_sale("A")], (MAIN, EAST)),
    ("new sales SO-1: 1 A@MAIN",),
)
# B is used only through a phantom line of A, so B has no SKU of its own and
# a change of B's BOM assigns nothing; A's orders now also need D.
_PHANTOM = [
    _card("A", [{"component": "B", "qty_per": 1, "phantom": True}]),
    _card("B", [{"component": "C", "qty_per": 1}]),
    _card("C"),
    _card("D"),
]
_PHANTOM_AFTER = [
    *_PHANTOM[:1],
    _card("B", [{"component": "C", "qty_per": 1}, {"component": "D", "qty_per": 1}]),
    *_PHANTOM[2:],
]
PHANTOM_BOM_CHANGED = NetChangeExample(
    _tiny(_PHANTOM, [_sale("A")]),
    _tiny(_PHANTOM_AFTER, [_sale("A")]),
    ("item B (phantom in A) BOM line added: 1 D",),
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(net_change_examples())
def test_net_change_plan_equals_regenerative_plan(example: NetChangeExample) -> None:
    check_net_change(example)


@pytest.mark.parametrize(
    "example",
    [LAST_DEMAND_DELETED, FIRST_DEMAND_ADDED, PHANTOM_BOM_CHANGED],
    ids=["last-demand-deleted", "first-demand-added", "phantom-bom-changed"],
)
def test_net_change_on_examples_found_by_the_property(example: NetChangeExample) -> None:
    """Shrunk counterexamples the random search found, kept so they run every time."""
    check_net_change(example)


def check_net_change(example: NetChangeExample) -> None:
    """Assert (1)-(3) of the module docstring for one world and its change."""
    before, after = parse_case(example.before), parse_case(example.after)
    old = _regenerative(before)
    new = _regenerative(after)
    assignment = planning_assignment(before.snapshot, after.snapshot, after.options)
    net = plan(
        after.snapshot,
        replace(after.options, kind=PlanKind.NET_CHANGE),
        assigned=assigned_skus(assignment),
    )
    assert not net.error_log, net.error_log
    assert net.scope is not None, "a net change plan with an assignment names its scope"
    scope = net.scope
    context = (
        f"changes: {list(example.changes)}\n"
        f"assignment:\n{_assignment_text(assignment)}\n"
        f"net change scope: {sorted(_place(key) for key in scope)}"
    )

    old_lines, new_lines, net_lines = _by_sku(old.lines), _by_sku(new.lines), _by_sku(net.lines)

    # The net change result has lines only for SKUs it covers ...
    outside = sorted(_place(key) for key in set(net_lines) - scope)
    assert not outside, f"net change lines for SKUs outside its scope: {outside}\n{context}"
    # (1) ... and for those, exactly the regenerative lines of the changed world.
    for key in sorted(scope):
        assert net_lines.get(key, Counter()) == new_lines.get(key, Counter()), (
            f"{_place(key)} is in the net change scope but its lines differ\n"
            f"  regenerative plan of the changed world:\n{_show(new_lines.get(key, Counter()))}\n"
            f"  net change plan:\n{_show(net_lines.get(key, Counter()))}\n{context}"
        )

    # (2) Outside the scope the regenerative lines are the same before and after;
    # (3) put the other way round: the scope holds every SKU they differ for.
    altered = {
        key
        for key in set(old_lines) | set(new_lines)
        if old_lines.get(key, Counter()) != new_lines.get(key, Counter())
    }
    missed = sorted(altered - scope)
    assert not missed, (
        f"the change altered the regenerative lines of {[_place(k) for k in missed]}, "
        f"which the net change plan does not cover\n{context}\n"
        + "\n".join(
            f"{_place(key)} before the change:\n{_show(old_lines.get(key, Counter()))}\n"
            f"{_place(key)} after the change:\n{_show(new_lines.get(key, Counter()))}"
            for key in missed
        )
    )
    # With (1), the worksheet of W with the scope's lines replaced by the net
    # change lines is the worksheet of a regenerative plan of W'.
    worksheet = Counter(
        line for key, lines in old_lines.items() if key not in scope for line in lines.elements()
    )
    for lines in net_lines.values():
        worksheet.update(lines)
    regenerative = Counter(line for lines in new_lines.values() for line in lines.elements())
    assert worksheet == regenerative, f"worksheet after the net change differs\n{context}"


# ------------------------------------------------------------------ no change
def _no_change_gives_nothing(world: Case) -> None:
    first, second = parse_case(world), parse_case(world)
    assignment = planning_assignment(first.snapshot, second.snapshot, second.options)
    assert assignment == ()
    net = plan(
        second.snapshot,
        replace(second.options, kind=PlanKind.NET_CHANGE),
        assigned=assigned_skus(assignment),
    )
    assert net.lines == ()
    assert net.scope == frozenset()
    assert not net.error_log


def _fixed_world() -> Case:
    """A produced end item A at MAIN, shipped to EAST, over B (phantom) and C, D."""
    return {
        "format": 1,
        "planning": {"start": iso(0), "end": iso(86), "work_date": "2026-12-12"},
        "locations": [{"code": MAIN}, {"code": EAST}],
        "items": [
            {
                "no": "A",
                "replenishment": "production",
                "reordering_policy": "lot-for-lot",
                "lead_time": "2D",
                "safety_stock": 3,
                "bom": [
                    {"component": "B", "qty_per": 2, "phantom": True},
                    {"component": "D", "qty_per": 1, "scrap_pct": 10},
                ],
            },
            {
                "no": "B",
                "replenishment": "production",
                "reordering_policy": "lot-for-lot",
                "bom": [{"component": "C", "qty_per": 3}],
            },
            {
                "no": "C",
                "replenishment": "purchase",
                "reordering_policy": "fixed-reorder-qty",
                "reorder_point": 10,
                "reorder_qty": 25,
                "lead_time": "4D",
            },
            {"no": "D", "replenishment": "purchase", "reordering_policy": "order"},
        ],
        "skus": [
            {
                "item": "A",
                "location": EAST,
                "replenishment": "transfer",
                "transfer_from": MAIN,
                "transfer_shipping_time": "2D",
                "reordering_policy": "lot-for-lot",
            }
        ],
        "inventory": [{"item": "C", "location": MAIN, "qty": 12}],
        "demand": [
            {"type": "sales", "id": "SO-1", "item": "A", "location": MAIN, "date": iso(10),
             "qty": 5},
            {"type": "sales", "id": "SO-2", "item": "A", "location": EAST, "date": iso(20),
             "qty": 7},
            {"type": "forecast", "id": "FC-1", "item": "A", "location": MAIN, "date": iso(0),
             "qty": 20},
        ],
        "supply": [
            {"type": "production", "id": "PR-1", "item": "A", "location": MAIN,
             "date": iso(15), "qty": 4, "status": "firm-planned"},
            {"type": "purchase", "id": "PO-1", "item": "D", "location": MAIN,
             "date": iso(30), "qty": 9, "status": "released"},
        ],
    }  # fmt: skip


def test_no_change_assigns_nothing_and_net_change_plans_nothing() -> None:
    world = _fixed_world()
    assert plan(parse_case(world).snapshot, parse_case(world).options).lines  # not a void world
    _no_change_gives_nothing(world)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_no_change_on_random_worlds(world: Case) -> None:
    _no_change_gives_nothing(world)
