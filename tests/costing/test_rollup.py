"""The standard cost roll-up on the bicycle works of :mod:`tests.costing.world`.

The arithmetic of every figure is in that module's docstring.
"""

from __future__ import annotations

from decimal import Context, Decimal, localcontext

import pytest

from taktplan.capacity.resources import CostBasis, MachineCenter, WorkCenter
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.shop_calendar import Shift, ShopCalendar
from taktplan.costing import CostShares, costing_lot_size, estimate_order, roll_up, unit_amount
from taktplan.domain.item import BomLine, Item, PlanningParameters
from taktplan.domain.shop import ShopData
from taktplan.domain.snapshot import Snapshot, build_snapshot
from tests.costing.world import D, bought_card, made, world


def test_frame_lot_of_twenty_with_item_and_line_scrap() -> None:
    snapshot = world()
    row = roll_up(snapshot.items, snapshot.shop).row("FRAME")
    assert row.produced and row.lot_size == 20
    lot = row.lot
    assert lot is not None
    assert lot.gross_qty == D(22)  # 20 good + 10 % item scrap
    [tube] = lot.materials
    assert (tube.component, tube.qty, tube.unit_cost, tube.amount) == (
        "TUBE",
        D("69.3"),  # 22 x 3 x 1.05
        D(4),
        D("277.2"),
    )
    cut, weld, coat = lot.operations
    assert (cut.basis, cut.quantity, cut.rate, cut.direct, cut.overhead) == (
        CostBasis.TIME,
        D("3.375"),  # (30 + 6 x 22) / 0.8 = 202.5 minutes
        D(30),
        D("101.25"),
        D("16.875"),  # 10 % x 101.25 + 2 x 3.375
    )
    assert not cut.subcontracted
    assert (weld.quantity, weld.direct, weld.overhead) == (D("5.4"), D("259.2"), D("32.4"))
    assert (coat.basis, coat.quantity, coat.rate, coat.direct, coat.overhead) == (
        CostBasis.UNIT,
        D(22),
        D("2.8"),  # the operation's unit cost, not COAT's 2.50
        D("61.6"),
        D("4.664"),  # 4 % x 61.60 + 0.10 x 22
    )
    assert coat.subcontracted
    assert lot.single_level == CostShares(
        material=D("277.2"),
        capacity=D("360.45"),
        subcontracted=D("61.6"),
        capacity_overhead=D("53.939"),
        manufacturing_overhead=D("67.65945"),  # 5 % x 753.189 + 1.5 x 20
    )
    assert lot.single_level.total == D("820.84845")
    # Per unit: the lot / 20. FRAME's components are bought, so single-level = rolled up.
    assert (
        row.single_level
        == row.rolled_up
        == CostShares(D("13.86"), D("18.0225"), D("3.08"), D("2.69695"), D("3.3829725"))
    )
    assert row.new_standard_cost == D("41.0424225")
    assert row.standard_cost == D(40)
    assert row.change == D("1.0424225")


def test_bike_rolls_up_the_frame_three_levels_down() -> None:
    snapshot = world()
    row = roll_up(snapshot.items, snapshot.shop).row("BIKE")
    assert row.lot_size == 2  # minimum order qty 2 lifts the lot of 1
    lot = row.lot
    assert lot is not None
    frame, paint = lot.materials
    assert (frame.qty, frame.amount) == (D("2.04"), D("83.7265419"))  # 2 x 1.02 x 41.0424225
    assert (paint.qty, paint.amount) == (D("0.4"), D("5"))
    [assy] = lot.operations
    assert (assy.quantity, assy.direct, assy.overhead) == (D(1), D(36), D(4))
    assert lot.single_level == CostShares(
        material=D("88.7265419"),
        capacity=D(36),
        capacity_overhead=D(4),
        manufacturing_overhead=D("22.87265419"),  # 10 % x 128.7265419 + 5 x 2
    )
    assert lot.rolled_up == CostShares(
        material=D("33.2744"),  # 13.86 x 2.04 + 5
        capacity=D("72.7659"),  # 18.0225 x 2.04 + 36
        subcontracted=D("6.2832"),  # 3.08 x 2.04
        capacity_overhead=D("9.501778"),  # 2.69695 x 2.04 + 4
        manufacturing_overhead=D("29.77391809"),  # 3.3829725 x 2.04 + 22.87265419
    )
    assert lot.single_level.total == lot.rolled_up.total == D("151.59919609")
    assert row.single_level == CostShares(
        material=D("44.36327095"),
        capacity=D(18),
        capacity_overhead=D(2),
        manufacturing_overhead=D("11.436327095"),
    )
    assert row.rolled_up == CostShares(
        D("16.6372"), D("36.38295"), D("3.1416"), D("4.750889"), D("14.886959045")
    )
    assert row.new_standard_cost == D("75.799598045")
    assert unit_amount(row.new_standard_cost) == D("75.79960")
    assert row.change == D("5.799598045")  # against the current 70.00


def test_bought_items_cost_their_unit_cost() -> None:
    snapshot = world()
    rollup = roll_up(snapshot.items, snapshot.shop)
    tube = rollup.row("TUBE")
    assert not tube.produced and tube.lot is None
    assert tube.single_level == tube.rolled_up == CostShares(material=D(4))
    assert (tube.standard_cost, tube.new_standard_cost, tube.change) == (
        D("3.8"),
        D(4),
        D("0.2"),
    )
    assert [row.item for row in rollup.worksheet()] == ["BIKE", "FRAME", "PAINT", "TUBE"]


def test_only_costs_the_items_named_and_what_is_below_them() -> None:
    snapshot = world()
    rollup = roll_up(snapshot.items, snapshot.shop, only=["FRAME"])
    assert sorted(rollup.rows) == ["FRAME", "TUBE"]
    assert rollup.row("FRAME").new_standard_cost == D("41.0424225")


@pytest.mark.parametrize(
    ("changes", "lot"),
    [
        ({}, D(1)),
        ({"reorder_qty": D(20)}, D(20)),
        ({"min_order_qty": D(2)}, D(2)),
        ({"reorder_qty": D(7), "order_multiple": D(5)}, D(10)),
        ({"reorder_qty": D(150), "max_order_qty": D(100)}, D(100)),
        ({"reorder_qty": D(3), "min_order_qty": D(4), "order_multiple": D(3)}, D(6)),
    ],
)
def test_costing_lot_size_is_the_reorder_qty_after_the_order_modifiers(
    changes: dict[str, Decimal], lot: Decimal
) -> None:
    assert costing_lot_size(PlanningParameters().overridden(dict(changes))) == lot


def test_lot_size_spreads_the_setup() -> None:
    """One op: setup 60 min, run 6 min at 50/h; material 1 x 2.00.

    Lot 1: 1 h + 0.1 h = 1.1 h x 50 = 55 + 2 = 57 per unit.
    Lot 10: 1 h + 1 h = 2 h x 50 = 100 / 10 = 10 + 2 = 12 per unit.
    """
    found = []
    for reorder in (D(0), D(10)):
        snapshot = _one_op_world(made(reorder_qty=reorder))
        found.append(roll_up(snapshot.items, snapshot.shop).row("P").new_standard_cost)
    assert found == [D(57), D(12)]


def _one_op_world(card: PlanningParameters, center: WorkCenter | None = None) -> Snapshot:
    calendar = ShopCalendar.weekdays("DAY", (Shift(480, 960),))
    center = center or WorkCenter("WC", "DAY", unit_cost=D(50))
    shop = ShopData(
        calendars=(calendar,),
        work_centers=(center, WorkCenter("SUB", "DAY", unit_cost=D(1), subcontractor="V-1")),
        machine_centers=(MachineCenter("M-SUB", "SUB", unit_cost=D(3)),),
        routings={"P": Routing("P", (RoutingOperation("10", center.code, D(60), D(6)),))},
    )
    return build_snapshot(
        items=[
            Item("P", card, bom=(BomLine("C", D(1)),)),
            Item("C", bought_card(), unit_cost=D(2)),
        ],
        locations=["MAIN"],
        shop=shop,
    )


def test_machine_center_of_a_subcontracted_work_center_is_subcontracted() -> None:
    """M-SUB (3.00 per hour) belongs to SUB, which has a vendor: 1.1 h x 3 = 3.3 subcontracted."""
    calendar = ShopCalendar.weekdays("DAY", (Shift(480, 960),))
    shop = ShopData(
        calendars=(calendar,),
        work_centers=(WorkCenter("SUB", "DAY", unit_cost=D(1), subcontractor="V-1"),),
        machine_centers=(MachineCenter("M-SUB", "SUB", unit_cost=D(3)),),
        routings={"P": Routing("P", (RoutingOperation("10", "M-SUB", D(60), D(6)),))},
    )
    snapshot = build_snapshot(items=[Item("P", made())], locations=["MAIN"], shop=shop)
    row = roll_up(snapshot.items, snapshot.shop).row("P")
    assert row.produced  # a routing and no BOM is enough
    assert row.single_level == CostShares(subcontracted=D("3.3"))


def test_phantom_kit_is_exploded_into_the_parent() -> None:
    """KIT is a phantom (bought by default, never costed at its unit cost).

    P needs 2 KIT with 10 % line scrap, KIT needs 3 BOLT at 0.50 and 1 CAP at 1.00:
    per P: BOLT 2 x 1.1 x 3 = 6.6 x 0.50 = 3.30, CAP 2.2 x 1.00 = 2.20: 5.50.
    KIT's own overhead rate (9) is not charged to P: it is never made on its own.
    """
    snapshot = build_snapshot(
        items=[
            Item("P", made(), bom=(BomLine("KIT", D(2), D(10), phantom=True),)),
            Item(
                "KIT",
                bought_card(),
                overhead_rate=D(9),
                bom=(BomLine("BOLT", D(3)), BomLine("CAP", D(1))),
            ),
            Item("BOLT", bought_card(), unit_cost=D("0.5")),
            Item("CAP", bought_card(), unit_cost=D(1)),
        ],
        locations=["MAIN"],
    )
    rollup = roll_up(snapshot.items, snapshot.shop)
    row = rollup.row("P")
    assert row.lot is not None
    assert [(m.component, m.qty) for m in row.lot.materials] == [
        ("BOLT", D("6.6")),
        ("CAP", D("2.2")),
    ]
    assert row.new_standard_cost == D("5.5")
    assert rollup.row("KIT").new_standard_cost == D("11.5")  # its own row: 1.50 + 1.00 + 9


def test_single_level_and_rolled_up_add_up_to_the_same_cost() -> None:
    snapshot = world()
    for row in roll_up(snapshot.items, snapshot.shop).worksheet():
        assert row.single_level.total == row.rolled_up.total == row.new_standard_cost


def test_efficiency_and_time_basis_are_per_center() -> None:
    """WC at 50 % efficiency and 10 % indirect, overhead 1 per hour.

    Lot 1: (60 + 6) / 0.5 = 132 min = 2.2 h x 50 = 110; overhead 11 + 2.2 = 13.2; + 2 material.
    """
    center = WorkCenter(
        "WC", "DAY", unit_cost=D(50), efficiency_pct=D(50), indirect_cost_pct=D(10),
        overhead_rate=D(1),
    )  # fmt: skip
    snapshot = _one_op_world(made(), center)
    row = roll_up(snapshot.items, snapshot.shop).row("P")
    assert row.single_level == CostShares(
        material=D(2), capacity=D(110), capacity_overhead=D("13.2")
    )


def test_costing_computes_in_forty_digits_whatever_the_callers_context() -> None:
    """A run of 1 minute at 1.00 per hour costs 1/60: 0.01666... to 40 significant digits,
    also when the caller's decimal context holds only 5."""
    calendar = ShopCalendar.weekdays("DAY", (Shift(480, 960),))
    shop = ShopData(
        calendars=(calendar,),
        work_centers=(WorkCenter("WC", "DAY", unit_cost=D(1)),),
        routings={"P": Routing("P", (RoutingOperation("10", "WC", run_time=D(1)),))},
    )
    snapshot = build_snapshot(items=[Item("P", made(reorder_qty=D(3)))], locations=[], shop=shop)
    sixtieth = Context(prec=40).divide(D(1), D(60))
    with localcontext(Context(prec=5)):
        row = roll_up(snapshot.items, snapshot.shop).row("P")
        estimate = estimate_order(roll_up(snapshot.items, snapshot.shop), "P", D(7))
    assert row.new_standard_cost == sixtieth  # 3 minutes / 3 units
    assert len(row.new_standard_cost.as_tuple().digits) == 40
    assert estimate.total == Context(prec=40).divide(D(7), D(60))
    assert unit_amount(row.new_standard_cost) == D("0.01667")
