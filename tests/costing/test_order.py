"""Estimated cost of an order: planned, firm planned and released production orders, bought items.

FRAME costs 41.0424225 per unit and BIKE's lot of 2 costs 151.59919609 (see
:mod:`tests.costing.world`). An order costs its own routing for its own
quantity: BIKE's setup (30 minutes) is paid once per order.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from taktplan.costing import CostShares, estimate_order, roll_up
from taktplan.costing.rollup import CostRollup
from taktplan.domain.documents import SupplyStatus
from tests.costing.world import D, bike_orders, world


@pytest.fixture(scope="module")
def rollup() -> CostRollup:
    snapshot = world(supply=bike_orders())
    return roll_up(snapshot.items, snapshot.shop)


def test_planned_order_of_five_bikes(rollup: CostRollup) -> None:
    """PRD-1, planned, 5 BIKE.

    material  FRAME 5 x 1.02 = 5.1 x 41.0424225 = 209.31635475; PAINT 1 x 12.50: 221.81635475
    ASSY      30 + 15 x 5 = 105 min = 1.75 h x 36 = 63; overhead 4 x 1.75 = 7
    manufacturing overhead 10 % x (221.81635475 + 63 + 7) + 5 x 5 = 29.181635475 + 25
    total 345.997990225; standard 5 x 70 = 350; variance -4.002009775
    """
    snapshot = world(supply=bike_orders())
    order = next(s for s in snapshot.supply if s.id == "PRD-1")
    assert order.status is SupplyStatus.PLANNED
    estimate = estimate_order(rollup, order.sku.item, order.qty)
    assert estimate.single_level == CostShares(
        material=D("221.81635475"),
        capacity=D(63),
        capacity_overhead=D(7),
        manufacturing_overhead=D("54.181635475"),
    )
    # Rolled up: FRAME's per-unit shares x 5.1, PAINT 12.50 and BIKE's own.
    assert estimate.rolled_up == CostShares(
        material=D("83.186"),  # 13.86 x 5.1 + 12.5
        capacity=D("154.91475"),  # 18.0225 x 5.1 + 63
        subcontracted=D("15.708"),  # 3.08 x 5.1
        capacity_overhead=D("20.754445"),  # 2.69695 x 5.1 + 7
        manufacturing_overhead=D("71.434795225"),  # 3.3829725 x 5.1 + 54.181635475
    )
    assert estimate.total == estimate.rolled_up.total == D("345.997990225")
    assert estimate.unit_cost == D("69.199598045")
    assert estimate.standard_amount == D(350)
    assert estimate.variance == D("-4.002009775")
    assert estimate.new_standard_cost == D("75.799598045")
    assert estimate.production is not None
    [assy] = estimate.production.operations
    assert (assy.quantity, assy.direct) == (D("1.75"), D(63))


@pytest.mark.parametrize(
    ("order_id", "status", "total", "variance"),
    [
        # 2 bikes = the costing lot: exactly the lot's cost; 2 x 70 = 140
        ("PRD-2", SupplyStatus.FIRM_PLANNED, D("151.59919609"), D("11.59919609")),
        # 4 bikes: FRAME 4.08 x 41.0424225 = 167.4530838, PAINT 10: 177.4530838;
        # ASSY 30 + 60 = 90 min = 1.5 h: 54, overhead 6;
        # overhead 10 % x 237.4530838 + 20 = 43.74530838; total 281.19839218; 4 x 70 = 280
        ("PRD-3", SupplyStatus.RELEASED, D("281.19839218"), D("1.19839218")),
    ],
)
def test_firm_planned_and_released_orders(
    rollup: CostRollup, order_id: str, status: SupplyStatus, total: Decimal, variance: Decimal
) -> None:
    snapshot = world(supply=bike_orders())
    order = next(s for s in snapshot.supply if s.id == order_id)
    assert order.status is status
    estimate = estimate_order(rollup, "BIKE", order.qty)
    assert (estimate.total, estimate.variance) == (total, variance)


def test_a_frame_order_pays_its_setup_alone(rollup: CostRollup) -> None:
    """10 FRAME (11 started): the setups of CUT and WELD are no longer spread over 20.

    TUBE 11 x 3.15 = 34.65 x 4 = 138.60
    CUT  (30 + 66) / 0.8 = 120 min = 2 h x 30 = 60; overhead 6 + 4 = 10
    WELD 60 + 132 = 192 min = 3.2 h x 48 = 153.60; overhead 19.20
    COAT 11 x 2.80 = 30.80 subcontracted; overhead 1.232 + 1.10 = 2.332
    base 138.60 + 213.60 + 30.80 + 31.532 = 414.532
    manufacturing overhead 5 % x 414.532 + 1.5 x 10 = 20.7266 + 15 = 35.7266
    total 450.2586 = 45.02586 per unit against the standard 40 and the rolled-up 41.0424225
    """
    estimate = estimate_order(rollup, "FRAME", D(10))
    assert estimate.single_level == CostShares(
        D("138.6"), D("213.6"), D("30.8"), D("31.532"), D("35.7266")
    )
    assert estimate.total == D("450.2586")
    assert estimate.unit_cost == D("45.02586")
    assert estimate.variance == D("50.2586")  # 450.2586 - 10 x 40


def test_bought_item_and_no_standard_cost(rollup: CostRollup) -> None:
    tube = estimate_order(rollup, "TUBE", D(100))
    assert not tube.produced and tube.production is None
    assert tube.single_level == CostShares(material=D(400))
    assert tube.variance == D(20)  # 400 - 100 x 3.80
    paint = estimate_order(rollup, "PAINT", D(8))
    assert paint.total == D(100)
    assert paint.variance is None  # PAINT has no standard cost yet


def test_zero_quantity_costs_nothing_not_even_setup(rollup: CostRollup) -> None:
    estimate = estimate_order(rollup, "BIKE", D(0))
    assert estimate.single_level == CostShares() and estimate.unit_cost == 0
    assert estimate.variance == D(0)


def test_an_order_of_the_lot_size_costs_the_standard_cost_times_the_lot(
    rollup: CostRollup,
) -> None:
    for row in rollup.worksheet():
        estimate = estimate_order(rollup, row.item, row.lot_size)
        assert estimate.total == row.new_standard_cost * row.lot_size
        assert estimate.rolled_up == row.rolled_up.times(row.lot_size)
