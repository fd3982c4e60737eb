"""Scheduling production orders: every method, with minutes worked out by hand."""

from __future__ import annotations

import itertools
from dataclasses import replace
from decimal import Decimal

import pytest

from taktplan.capacity.resources import WorkCenter
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.sequencing import ChangeoverMatrix, ChangeoverRule
from taktplan.capacity.shop_calendar import clock
from taktplan.domain.item import Item
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.shopfloor.schedule import Method, ShopSchedule, schedule_orders
from tests.capacity.shop import day
from tests.shopfloor.world import MADE, OPTIONS, order, shop, world


def pieces(result: ShopSchedule, no: str) -> dict[str, list[str]]:
    found = next(o for o in result.orders if o.order == no)
    return {
        f"{op.operation} {op.resource}": [f"{clock(a)}-{clock(b)[11:]}" for a, b in op.pieces]
        for op in found.operations
    }


def test_sequence_puts_the_earlier_due_order_first_and_keeps_centers_single() -> None:
    # B is due Thursday, A Friday: B cuts first (08:00-09:30, 30 + 6 x 10), A after it
    # (09:30-11:00). B welds after its 60-minute move: 10:30-12:00 and 13:00-14:30 (180);
    # A waits for the welder: 14:30-17:00 and Tuesday 08:00-08:30.
    result = schedule_orders(
        world(order("A", "2027-01-08", 10), order("B", "2027-01-07", 10)),
        OPTIONS,
        Method.SEQUENCE,
    )
    assert pieces(result, "B") == {
        "10 CUT": ["2027-01-04 08:00-09:30"],
        "20 WELD": ["2027-01-04 10:30-12:00", "2027-01-04 13:00-14:30"],
    }
    assert pieces(result, "A") == {
        "10 CUT": ["2027-01-04 09:30-11:00"],
        "20 WELD": ["2027-01-04 14:30-17:00", "2027-01-05 08:00-08:30"],
    }
    assert result.late == ()
    waiting = next(o for o in result.outcomes if o.order == "A")
    # A waited 90 working minutes for each center (cutting 08:00-09:30, welding from
    # 12:00 to 14:30 less lunch); the later one is named.
    assert (waiting.bottleneck, waiting.waited) == ("WELD", 90)


def test_material_day_holds_the_operation_that_consumes_it() -> None:
    # A's tubes arrive Wednesday: its cutting (which consumes them) waits until Wed 08:00.
    result = schedule_orders(
        world(order("A", "2027-01-08", 10), order("B", "2027-01-07", 10)),
        OPTIONS,
        Method.SEQUENCE,
        ready={("A", "TUBE"): day("2027-01-06")},
    )
    assert pieces(result, "A") == {
        "10 CUT": ["2027-01-06 08:00-09:30"],
        "20 WELD": ["2027-01-06 10:30-12:00", "2027-01-06 13:00-14:30"],
    }


def test_late_orders_name_the_center_they_waited_for() -> None:
    # Three orders of 10 due Monday: CUT 90 min each, WELD 180 min each. The first
    # welds 10:30-14:30 and makes it; the second welds until Tuesday 08:30, the third
    # after it until Tuesday 11:30 (it waited 180 working minutes for the welder).
    result = schedule_orders(
        world(*(order(no, "2027-01-04", 10) for no in ("O1", "O2", "O3"))),
        OPTIONS,
        Method.SEQUENCE,
    )
    assert len(result.late) == 2
    last = max(result.outcomes, key=lambda o: o.end)
    assert (last.bottleneck, last.waited) == ("WELD", 180)
    assert clock(last.end) == "2027-01-05 11:30"
    assert last.late_minutes == 1110  # Monday 17:00 to Tuesday 11:30
    weld = sorted(
        (op.start, op.end) for o in result.orders for op in o.operations if op.resource == "WELD"
    )
    assert all(b_start >= a_end for (_, a_end), (b_start, _) in itertools.pairwise(weld))


def test_infinite_schedule_starts_on_the_planning_lines_starting_date() -> None:
    # The same dates as the routing lead time in planning: 20 units due Friday 15th
    # start Thursday 14th at 16:30 (tests/unit/test_routing_lead_time.py).
    result = schedule_orders(world(order("A", "2027-01-15", 20)), OPTIONS, Method.INFINITE)
    assert pieces(result, "A") == {
        "10 CUT": ["2027-01-14 16:30-17:00", "2027-01-15 08:00-10:00"],
        "20 WELD": ["2027-01-15 11:00-12:00", "2027-01-15 13:00-17:00"],
    }


def test_infinite_schedule_may_overload_a_center() -> None:
    result = schedule_orders(
        world(order("A", "2027-01-15", 20), order("B", "2027-01-15", 20)), OPTIONS, Method.INFINITE
    )
    assert pieces(result, "A")["20 WELD"] == pieces(result, "B")["20 WELD"]


def test_finite_loading_keeps_the_welder_within_its_day() -> None:
    # WELD at 100 % critical load: 480 minutes a day. Two orders of 20 due Friday need
    # 300 minutes each: A gets Friday 11:00-17:00; B the 180 minutes left on Friday
    # and the rest on Thursday.
    result = schedule_orders(
        world(
            order("A", "2027-01-15", 20), order("B", "2027-01-15", 20), shop_data=shop(Decimal(100))
        ),
        OPTIONS,
        Method.FINITE,
    )
    load: dict[int, int] = {}
    for o in result.orders:
        for op in o.operations:
            if op.resource == "WELD":
                for d, minutes in op.load_by_day().items():
                    load[d] = load.get(d, 0) + minutes
    assert load == {day("2027-01-14"): 120, day("2027-01-15"): 480}
    assert result.late == ()


def test_optimise_is_never_worse_than_the_heuristic() -> None:
    snapshot = world(*(order(f"O{n}", f"2027-01-0{4 + n % 3}", 5 + 7 * n) for n in range(6)))
    quick = schedule_orders(snapshot, OPTIONS, Method.SEQUENCE)
    best = schedule_orders(snapshot, OPTIONS, Method.OPTIMISE, time_limit=3)
    assert best.solver is not None and quick.solver is not None
    assert best.solver.objective <= quick.solver.objective
    assert sum(o.late_minutes for o in best.outcomes) <= sum(
        o.late_minutes for o in quick.outcomes
    ) or (best.solver.objective < quick.solver.objective)


def test_unknown_center_filter_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        schedule_orders(world(order("A", "2027-01-15", 20)), OPTIONS, centers=["PAINT"])
    assert caught.value.field == "centers"


def test_orders_without_routing_are_not_scheduled() -> None:
    result = schedule_orders(world(order("A", "2027-01-15", 20)), OPTIONS, orders=["B"])
    assert result.orders == ()


def paint_world() -> Snapshot:
    """W1 and W2 are light frames, D1 a dark one; all painted on PAINT (10 min a unit)."""
    rules = ChangeoverMatrix(
        (
            ChangeoverRule("colour", "light", "dark", 20, "PAINT"),
            ChangeoverRule("colour", "dark", "light", 45, "PAINT"),
            ChangeoverRule("colour", "*", "*", 99, "CUT"),  # another center: never counts here
        )
    )
    paint = Routing("PAINTED", (RoutingOperation("10", "PAINT", run_time=Decimal(10)),))
    items = (
        Item("WHITE", MADE, attributes={"colour": "light"}),
        Item("BLACK", MADE, attributes={"colour": "dark"}),
    )
    base = shop(changeovers=rules)
    data = replace(
        base,
        work_centers=(*base.work_centers, WorkCenter("PAINT", "STD")),
        routings={"WHITE": replace(paint, item="WHITE"), "BLACK": replace(paint, item="BLACK")},
    )
    return world(
        order("W1", "2027-01-11", 6, "WHITE"),
        order("D1", "2027-01-12", 6, "BLACK"),
        order("W2", "2027-01-13", 6, "WHITE"),
        shop_data=data,
        extra=items,
    )


@pytest.mark.parametrize("method", [Method.SEQUENCE, Method.OPTIMISE])
def test_light_before_dark_saves_changeover_when_due_dates_allow(method: Method) -> None:
    # Due-date order W1, D1, W2 changes over twice: 20 + 45 = 65 minutes. Both light frames
    # first, then the dark one: one 20-minute changeover, and everything is still on time.
    result = schedule_orders(paint_world(), OPTIONS, method, time_limit=3)
    assert result.changeover_minutes == 20
    assert result.late == ()
    sequence = sorted((o.operations[0].start, o.order) for o in result.orders)
    assert [no for _, no in sequence][-1] == "D1"
    d1 = next(o for o in result.orders if o.order == "D1").operations[0]
    assert [f"{clock(a)}-{clock(b)[11:]}" for a, b in d1.changeover] == ["2027-01-04 10:00-10:20"]
    assert clock(d1.start) == "2027-01-04 10:20"


def test_a_changeover_rule_for_an_unknown_center_is_refused() -> None:
    rules = ChangeoverMatrix((ChangeoverRule("colour", "light", "dark", 20, "OVEN"),))
    with pytest.raises(InputError) as caught:
        world(shop_data=shop(changeovers=rules))
    assert (caught.value.record, caught.value.field) == (
        "changeover colour light -> dark",
        "resource",
    )
