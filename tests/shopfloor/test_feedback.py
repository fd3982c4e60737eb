"""A late schedule feeds back into the plan: reschedule suggestions and late sales orders."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from taktplan.domain.documents import Demand, DemandType, PlanningFlexibility
from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import build_snapshot
from taktplan.planning.engine import plan
from taktplan.shopfloor.feedback import is_schedule_line, reschedule_suggestions
from taktplan.shopfloor.schedule import Method, schedule_orders
from tests.capacity.shop import day
from tests.shopfloor.world import OPTIONS, order, world


def test_late_orders_get_a_reschedule_with_the_bottleneck_and_the_late_sales_order() -> None:
    # Sales SO-1 wants 30 FRAME on Monday 4th, served by three orders of 10. Only one can
    # be welded on Monday (tests/shopfloor/test_schedule.py): the other two end Tuesday.
    # Planning may not change the orders (flexibility none), so each keeps its 10.
    orders = [
        replace(order(no, "2027-01-04", 10), flexibility=PlanningFlexibility.NONE)
        for no in ("O1", "O2", "O3")
    ]
    base = world(*orders)
    sale = Demand("SO-1", DemandType.SALES, SkuKey("FRAME"), day("2027-01-04"), Decimal(30))
    snapshot = build_snapshot(
        items=base.items.values(),
        locations=base.locations,
        supply=base.supply,
        demand=[sale],
        shop=base.shop,
    )
    result = plan(snapshot, OPTIONS)
    assert [line.sku.item for line in result.lines] == ["TUBE"]  # the orders stay as they are
    schedule = schedule_orders(snapshot, OPTIONS, Method.SEQUENCE)
    suggestions = reschedule_suggestions(snapshot, OPTIONS, schedule, result)
    assert len(suggestions) == 2
    last_order = max(schedule.outcomes, key=lambda o: o.end).order
    [last] = [s for s in suggestions if s.order == last_order]
    assert (last.original_due, last.new_due, last.ending) == (
        day("2027-01-04"),
        day("2027-01-05"),
        day("2027-01-05"),
    )
    assert last.bottleneck == "WELD"
    assert [(d.id, d.date) for d in last.late_demand] == [("SO-1", day("2027-01-04"))]
    assert last.explanation == (
        "sequence schedule: 10 FRAME end 2027-01-05 11:30, after the ending date 2027-01-04; "
        "ready for 2027-01-05",
        "bottleneck WELD: the order waited 3 h 00 min of its working time for it",
        "late because of it: sales SO-1 (2027-01-04)",
    )


def test_an_order_that_makes_it_gets_no_line() -> None:
    snapshot = world(order("A", "2027-01-15", 20))
    schedule = schedule_orders(snapshot, OPTIONS, Method.SEQUENCE)
    assert reschedule_suggestions(snapshot, OPTIONS, schedule, plan(snapshot, OPTIONS)) == []


def test_schedule_lines_are_told_from_planning_lines_by_their_explanation() -> None:
    assert is_schedule_line(["manual schedule: 30 FRAME-W end 2027-03-05 13:40, after ..."])
    assert is_schedule_line(["sequence schedule: 5 WHEEL end 2027-01-22 10:00, after ..."])
    assert not is_schedule_line(["reschedule: supply PRD-5 moved in to 2027-03-04"])
    assert not is_schedule_line(["weekly schedule: something a planner typed"])
    assert not is_schedule_line([])
