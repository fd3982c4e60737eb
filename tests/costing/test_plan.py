"""The cost of a plan per week, per month and per group, on a small worksheet.

Figures per line (see :mod:`tests.costing.world` and ``test_order``):

    1 New            purchase    TUBE  100 due 2027-03-02 (W09)   100 x 4.00      =  400.00
    2 New            production  FRAME  20 due 2027-03-05 (W09)   a lot of 20     =  820.84845
    3 Change Qty.    production  BIKE  4 -> 5 due 2027-03-10 (W10), PRD-1
                                 5 bikes 345.997990225, the 4 before 281.19839218
    4 Reschedule     purchase    PAINT  10 2027-03-03 (W09) -> 2027-04-01 (W13)  10 x 12.50 = 125
    5 Cancel         purchase    TUBE  50 due 2027-03-15 (W11), PO-3: 0, before 200
    6 New            transfer    TUBE  at EAST: not costed
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from taktplan.costing import (
    CostShares,
    MissingCostError,
    Period,
    PlanCost,
    PlanCostRow,
    period_of,
    plan_cost,
    roll_up,
)
from taktplan.costing.plan import period_start
from taktplan.domain.documents import Demand, DemandType
from taktplan.domain.item import ReorderingPolicy, Replenishment, SkuKey
from taktplan.domain.snapshot import build_snapshot
from taktplan.planning import Action, PlanningLine, PlanningOptions, plan
from tests.costing.world import D, day, items, shop, world

FRAME_LOT = CostShares(D("277.2"), D("360.45"), D("61.6"), D("53.939"), D("67.65945"))
BIKES_5 = CostShares(
    material=D("221.81635475"),
    capacity=D(63),
    capacity_overhead=D(7),
    manufacturing_overhead=D("54.181635475"),
)


def _line(
    line_no: int,
    item: str,
    kind: str,
    action: Action,
    due: str,
    qty: str,
    *,
    ref: str | None = None,
    original_due: str | None = None,
    original_qty: str | None = None,
    location: str = "MAIN",
) -> PlanningLine:
    return PlanningLine(
        line_no=line_no,
        sku=SkuKey(item, "", location),
        action=action,
        ref=ref,
        ref_type=kind,
        due_date=day(due),
        qty=D(qty),
        starting_date=day(due),
        ending_date=day(due),
        original_due_date=None if original_due is None else day(original_due),
        original_qty=None if original_qty is None else D(original_qty),
        warning=None,
        warning_text="",
        accept_action_message=True,
        replenishment=Replenishment(kind),
        explanation=(),
    )


WORKSHEET = (
    _line(1, "TUBE", "purchase", Action.NEW, "2027-03-02", "100"),
    _line(2, "FRAME", "production", Action.NEW, "2027-03-05", "20"),
    _line(3, "BIKE", "production", Action.CHANGE_QTY, "2027-03-10", "5", ref="PRD-1",
          original_qty="4"),
    _line(4, "PAINT", "purchase", Action.RESCHEDULE, "2027-04-01", "10", ref="PO-9",
          original_due="2027-03-03"),
    _line(5, "TUBE", "purchase", Action.CANCEL, "2027-03-15", "0", ref="PO-3",
          original_qty="50"),
    _line(6, "TUBE", "transfer", Action.NEW, "2027-03-09", "7", location="EAST"),
)  # fmt: skip


def _row(
    period: str,
    group: str,
    purchase: str | int,
    production: CostShares,
    purchase_change: str | int,
    production_change: str | int,
    lines: int,
) -> PlanCostRow:
    return PlanCostRow(
        period, group, D(purchase), production, D(purchase_change), D(production_change), lines
    )


def _cost(period: Period) -> PlanCost:
    snapshot = world()
    rollup = roll_up(snapshot.items, snapshot.shop, only=["TUBE", "FRAME", "BIKE", "PAINT"])
    return plan_cost(rollup, WORKSHEET, period)


def test_lines_are_costed_as_the_supply_they_leave() -> None:
    cost = _cost(Period.WEEK)
    assert cost.skipped == (6,)
    by_no = {line.line_no: line for line in cost.lines}
    assert by_no[1].cost == CostShares(material=D(400))
    assert by_no[2].cost == FRAME_LOT
    assert by_no[3].cost == BIKES_5
    assert by_no[3].original.total == D("281.19839218")
    assert (by_no[4].period, by_no[4].original_period) == ("2027-W13", "2027-W09")
    assert (by_no[5].cost, by_no[5].original.total) == (CostShares(), D(200))
    assert [by_no[n].group for n in (1, 2, 3, 4)] == [
        "purchase, level 2",
        "production, level 1",
        "production, level 0",
        "purchase, level 1",
    ]


def test_cost_per_week() -> None:
    """W09: purchase 400 (line 1), production 820.84845 (line 2); the change takes away
    PAINT's 125 that moved out to W13. W10: 5 bikes, +64.799598045 against the 4 before.
    W11: the cancelled 50 TUBE, -200. W13: PAINT's 125, moved in.
    """
    cost = _cost(Period.WEEK)
    assert cost.by_period() == (
        _row("2027-W09", "", 400, FRAME_LOT, 275, "820.84845", 2),
        _row("2027-W10", "", 0, BIKES_5, 0, "64.799598045", 1),
        _row("2027-W11", "", 0, CostShares(), -200, 0, 1),
        _row("2027-W13", "", 125, CostShares(), 125, 0, 1),
    )


def test_cost_per_month_and_group() -> None:
    cost = _cost(Period.MONTH)
    production = FRAME_LOT + BIKES_5
    assert production.total == D("1166.846440225")
    assert cost.by_period() == (
        _row("2027-03", "", 400, production, 75, "885.648048045", 4),
        _row("2027-04", "", 125, CostShares(), 125, 0, 1),
    )
    assert cost.by_group() == (
        _row("", "production, level 0", 0, BIKES_5, 0, "64.799598045", 1),
        _row("", "production, level 1", 0, FRAME_LOT, 0, "820.84845", 1),
        _row("", "purchase, level 1", 125, CostShares(), 0, 0, 1),
        _row("", "purchase, level 2", 400, CostShares(), 200, 0, 2),
    )
    assert cost.cells()[0] == _row(
        "2027-03", "production, level 0", 0, BIKES_5, 0, "64.799598045", 1
    )
    assert cost.total() == _row("", "", 525, production, 200, "885.648048045", 5)


@pytest.mark.parametrize(
    ("iso", "week", "month"),
    [
        ("2027-03-01", "2027-W09", "2027-03"),
        ("2027-01-01", "2026-W53", "2027-01"),  # a Friday in the last ISO week of 2026
        ("2024-12-30", "2025-W01", "2024-12"),
    ],
)
def test_periods(iso: str, week: str, month: str) -> None:
    assert period_of(day(iso), Period.WEEK) == week
    assert period_of(day(iso), Period.MONTH) == month
    assert period_start(week).weekday() == 0
    assert period_start(month).day == 1


def test_plan_cost_of_a_real_plan() -> None:
    """A sale of 5 BIKE on 2027-03-10, nothing on hand, no lead times: Lot-for-Lot plans
    BIKE 5, FRAME 5 x 1.02 = 5.1, TUBE 5.1 x 1.1 x 3.15 = 17.6715 and PAINT 1, all due that day.

    FRAME 5.1 (5.61 started): TUBE 17.6715 x 4 = 70.686; CUT (30 + 33.66) / 0.8 = 79.575 min
    = 1.32625 h: 39.7875, overhead 3.97875 + 2.6525; WELD 60 + 67.32 = 127.32 min = 2.122 h:
    101.856, overhead 12.732; COAT 5.61 x 2.8 = 15.708, overhead 0.62832 + 0.561;
    base 70.686 + 141.6435 + 15.708 + 20.55257 = 248.59007;
    overhead 5 % = 12.4295035 + 1.5 x 5.1 = 7.65: total 268.6695735.
    Production 345.997990225 + 268.6695735 = 614.667563725; purchase 70.686 + 12.5 = 83.186.
    """
    snapshot = build_snapshot(
        items=items(ReorderingPolicy.LOT_FOR_LOT),
        locations=["MAIN"],
        demand=[
            Demand("SO-1", DemandType.SALES, SkuKey("BIKE", "", "MAIN"), day("2027-03-10"), D(5))
        ],
        shop=shop(),
    )
    options = PlanningOptions(day("2027-03-01"), day("2027-04-30"), day("2027-03-01"))
    result = plan(snapshot, options)
    assert sorted((line.sku.item, line.qty) for line in result.lines) == [
        ("BIKE", D(5)),
        ("FRAME", D("5.1")),
        ("PAINT", D(1)),
        ("TUBE", D("17.6715")),
    ]
    rollup = roll_up(snapshot.items, snapshot.shop)
    total = plan_cost(rollup, result.lines, Period.MONTH).total()
    assert total.purchase == D("83.186")
    assert total.production.total == D("614.667563725")
    assert total.production_change == D("614.667563725")
    assert total.lines == 4


def test_a_purchase_line_without_unit_cost() -> None:
    """The roll-up of TUBE alone does not look at PAINT; costing PAINT's purchase line does."""
    cards = [replace(card, unit_cost=D(0)) if card.no == "PAINT" else card for card in items()]
    snapshot = build_snapshot(items=cards, locations=["MAIN"], shop=shop())
    rollup = roll_up(snapshot.items, snapshot.shop, only=["TUBE"])
    with pytest.raises(MissingCostError) as caught:
        plan_cost(rollup, WORKSHEET[:1] + WORKSHEET[3:4])  # TUBE, then PAINT
    assert caught.value.describe() == (
        "item PAINT: field 'unit_cost': 1 item has no unit cost: PAINT has no unit cost"
    )
