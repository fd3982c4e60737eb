"""Planning worlds and results built in code for the storage tests.

``rich_world`` uses every field the storage keeps, with values that are easy
to get subtly wrong: long decimals, a zero period in weeks, months, a blank
location, lots, negative inventory, forecast entries sharing an id.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from taktplan.domain.calendar import WorkCalendar
from taktplan.domain.dates import DateFormula, to_day
from taktplan.domain.documents import (
    Demand,
    DemandType,
    InventoryEntry,
    PlanningFlexibility,
    Supply,
    SupplyStatus,
    SupplyType,
)
from taktplan.domain.item import (
    BomLine,
    Item,
    Location,
    ManufacturingPolicy,
    PlanningParameters,
    ReorderingPolicy,
    Replenishment,
    Sku,
    SkuKey,
)
from taktplan.domain.snapshot import Snapshot, build_snapshot
from taktplan.planning.options import PlanKind, PlanningOptions
from taktplan.planning.result import (
    Action,
    ErrorLogEntry,
    Peg,
    PlanningLine,
    PlanResult,
    Warning,
)

LONG = Decimal("12.3456789012345678901234567")  # 27 significant digits
START = dt.date(2027, 1, 4)


def day(offset: int) -> int:
    return to_day(START) + offset


def _lfl(**changes: object) -> PlanningParameters:
    return PlanningParameters(reordering_policy=ReorderingPolicy.LOT_FOR_LOT).overridden(
        dict(changes)
    )


def rich_world() -> Snapshot:
    """Three locations (one blank), a phantom BOM, a transfer SKU, every document kind."""
    bike = Item(
        "BIKE",
        _lfl(
            replenishment=Replenishment.PRODUCTION,
            lead_time=DateFormula(1, "W"),
            safety_lead_time=DateFormula(0, "W"),
            lot_accumulation_period=DateFormula(1, "M"),
            safety_stock=Decimal("2.5"),
            order_multiple=Decimal("0.001"),
        ),
        scrap_pct=Decimal("1.25"),
        manufacturing_policy=ManufacturingPolicy.MAKE_TO_ORDER,
        unit_cost=LONG,
        bom=(
            BomLine("FRAME-KIT", Decimal(1), phantom=True),
            BomLine("WHEEL", Decimal(2), Decimal("0.5"), variant="BLUE"),
        ),
    )
    kit = Item(
        "FRAME-KIT",
        _lfl(replenishment=Replenishment.ASSEMBLY),
        bom=(BomLine("TUBE", Decimal("3.75")),),
    )
    wheel = Item(
        "WHEEL",
        PlanningParameters(
            reordering_policy=ReorderingPolicy.FIXED_REORDER_QTY,
            reorder_point=Decimal(10),
            reorder_qty=Decimal(40),
            max_order_qty=Decimal(100),
            rescheduling_period=DateFormula(1, "Q"),
            dampener_period=DateFormula(3, "D"),
            dampener_qty=Decimal("0.0000001"),
            include_inventory=False,
            time_bucket=DateFormula(1, "Y"),
        ),
        lot_specific=True,
    )
    tube = Item(
        "TUBE",
        PlanningParameters(
            reordering_policy=ReorderingPolicy.MAXIMUM_QTY,
            max_inventory=Decimal(500),
            overflow_level=Decimal("600.000"),
            min_order_qty=Decimal(25),
        ),
    )
    unplanned = Item("MANUAL", PlanningParameters())
    locations = [
        Location("MAIN", DateFormula(1, "D"), DateFormula(2, "D")),
        Location("EAST", DateFormula(0, "W"), DateFormula(1, "M")),
        Location(""),
    ]
    skus = [
        Sku(
            SkuKey("WHEEL", "BLUE", "EAST"),
            wheel.parameters.overridden(
                {
                    "replenishment": Replenishment.TRANSFER,
                    "transfer_from": "MAIN",
                    "transfer_shipping_time": DateFormula(2, "D"),
                }
            ),
        ),
        Sku(SkuKey("TUBE", "", "MAIN"), tube.parameters.overridden({"reorder_point": LONG})),
    ]
    inventory = [
        InventoryEntry(SkuKey("WHEEL", "BLUE", "MAIN"), Decimal(30), lot="L-1"),
        InventoryEntry(SkuKey("WHEEL", "BLUE", "MAIN"), Decimal("4.5"), lot="L-2"),
        InventoryEntry(SkuKey("TUBE", "", "MAIN"), Decimal("-3.125")),
        InventoryEntry(SkuKey("MANUAL", "", ""), Decimal(7)),
    ]
    bike_main = SkuKey("BIKE", "", "MAIN")
    demand = [
        Demand("SO-1", DemandType.SALES, bike_main, day(9), Decimal(5), Decimal(1), lot="L-9"),
        Demand("FC-1", DemandType.FORECAST, bike_main, day(0), Decimal(20)),
        Demand("FC-1", DemandType.FORECAST, bike_main, day(28), Decimal(20)),
        Demand("BO-1", DemandType.BLANKET, bike_main, day(40), LONG, blanket_id="BO-1"),
        Demand("SO-2", DemandType.SALES, bike_main, day(41), Decimal(2), blanket_id="BO-1"),
        Demand(
            "PROD-9",
            DemandType.COMPONENT,
            SkuKey("TUBE", "", "MAIN"),
            day(3),
            Decimal("7.5"),
            parent="BIKE",
            order_to_order=True,
        ),
        Demand(
            "TR-1", DemandType.TRANSFER_OUT, SkuKey("WHEEL", "BLUE", "MAIN"), day(5), Decimal(8)
        ),
        Demand("FC-2", DemandType.FORECAST, SkuKey("WHEEL", "BLUE", "EAST"), day(-10), LONG),
    ]
    supply = [
        Supply(
            "PROD-9",
            SupplyType.PRODUCTION,
            bike_main,
            day(8),
            Decimal(5),
            SupplyStatus.FIRM_PLANNED,
            linked_demand="SO-1",
            reserved_qty=Decimal(1),
        ),
        Supply(
            "PO-1",
            SupplyType.PURCHASE,
            SkuKey("TUBE", "", "MAIN"),
            day(-2),
            Decimal("12.5"),
            SupplyStatus.RELEASED,
            PlanningFlexibility.NONE,
            lot="L-3",
        ),
        Supply("TR-1", SupplyType.TRANSFER_IN, SkuKey("WHEEL", "BLUE", "EAST"), day(7), Decimal(8)),
    ]
    holidays = frozenset({day(3), to_day(dt.date(2027, 12, 24)), to_day(dt.date(2027, 12, 31))})
    return build_snapshot(
        items=[bike, kit, wheel, tube, unplanned],
        locations=locations,
        skus=skus,
        inventory=inventory,
        demand=demand,
        supply=supply,
        calendar=WorkCalendar(frozenset({5, 6}), holidays),
    )


def small_world(qty: Decimal = Decimal(10)) -> Snapshot:
    """One purchased item with one sale: a different world to replace the rich one."""
    item = Item("BOLT", _lfl())
    sale = Demand("SO-7", DemandType.SALES, SkuKey("BOLT", "", "WEST"), day(5), qty)
    return build_snapshot(items=[item], locations=["WEST"], demand=[sale])


def options(kind: PlanKind = PlanKind.REGENERATIVE) -> PlanningOptions:
    return PlanningOptions(start=day(0), end=day(90), work_date=day(-3), kind=kind)


def handmade_result() -> PlanResult:
    """A result with what real plans rarely show at once: 28-digit quantities, every
    optional field empty and filled, a warning, explanations and an error log."""
    bolt = SkuKey("BOLT", "", "WEST")
    nut = SkuKey("NUT", "M8", "")
    lines = (
        PlanningLine(
            line_no=1,
            sku=bolt,
            action=Action.NEW,
            ref=None,
            ref_type="",
            due_date=day(5),
            qty=Decimal("3.333333333333333333333333333"),
            starting_date=day(2),
            ending_date=day(4),
            original_due_date=None,
            original_qty=None,
            warning=Warning.EMERGENCY,
            warning_text="demand before the work date",
            accept_action_message=False,
            replenishment=Replenishment.PURCHASE,
            explanation=("sale SO-7 needs 3.33", "lead time 3D"),
            supply_id="BOLT@WEST#1",
        ),
        PlanningLine(
            line_no=2,
            sku=nut,
            action=Action.RESCHED_AND_CHG_QTY,
            ref="PO-4",
            ref_type="purchase",
            due_date=day(12),
            qty=Decimal("0.10"),
            starting_date=day(12),
            ending_date=day(12),
            original_due_date=day(20),
            original_qty=Decimal("1E+3"),
            warning=None,
            warning_text="",
            accept_action_message=True,
            replenishment=Replenishment.TRANSFER,
            explanation=(),
            supply_id="PO-4",
        ),
    )
    pegging = (
        Peg(bolt, "BOLT@WEST#1", "new", "SO-7", "sales", Decimal("3.333333333333333333333333333")),
        Peg(nut, "PO-4", "purchase", "PROD-1", "component", Decimal("0.10"), feeds="PROD-1"),
    )
    errors = (ErrorLogEntry(SkuKey("NUT", "M6", "EAST"), "order multiple is negative"),)
    return PlanResult(lines, pegging, errors, planned_skus=3)


def shop_world() -> Snapshot:
    """A small furniture shop for the order workflow tests (every day a working day).

    TABLE (made, 2 days, 10 % scrap) needs 4 LEG and 1 TOP (5 % line scrap);
    PRD-1 makes 10 tables due day 10 (planned). CHAIR and STOOL are bought;
    CHAIR at EAST is transferred from MAIN in 1 day.

    CHAIR at MAIN: 5 on hand, PO-7 +10 on day 10; SO-1 8 on day 5 (3 open),
    SO-2 6 on day 12 (covered), SO-3 7 on day 20 (4 left by PO-7, 3 open).
    STOOL at MAIN: 5 on hand, PO-8 +10 on day 10, SO-5 8 on day 12: the
    projected inventory is 5 until day 10, 15 on day 10 and 7 from day 12.
    """
    bought = _lfl(lead_time=DateFormula(3, "D"))
    table = Item(
        "TABLE",
        _lfl(replenishment=Replenishment.PRODUCTION, lead_time=DateFormula(2, "D")),
        scrap_pct=Decimal(10),
        bom=(BomLine("LEG", Decimal(4)), BomLine("TOP", Decimal(1), Decimal(5))),
    )
    items = [table, *(Item(no, bought) for no in ("LEG", "TOP", "CHAIR", "STOOL"))]
    main = "MAIN"
    chair_east = Sku(
        SkuKey("CHAIR", "", "EAST"),
        bought.overridden(
            {
                "replenishment": Replenishment.TRANSFER,
                "transfer_from": main,
                "transfer_shipping_time": DateFormula(1, "D"),
            }
        ),
    )
    inventory = [
        InventoryEntry(SkuKey("TABLE", "", main), Decimal(5)),
        InventoryEntry(SkuKey("LEG", "", main), Decimal(50)),
        InventoryEntry(SkuKey("TOP", "", main), Decimal(12)),
        InventoryEntry(SkuKey("CHAIR", "", main), Decimal(5)),
        InventoryEntry(SkuKey("STOOL", "", main), Decimal(5)),
    ]
    chair, stool = SkuKey("CHAIR", "", main), SkuKey("STOOL", "", main)
    demand = [
        Demand("SO-1", DemandType.SALES, chair, day(5), Decimal(8)),
        Demand("SO-2", DemandType.SALES, chair, day(12), Decimal(6)),
        Demand("SO-3", DemandType.SALES, chair, day(20), Decimal(7)),
        Demand("SO-E", DemandType.SALES, SkuKey("CHAIR", "", "EAST"), day(15), Decimal(4)),
        Demand("SO-5", DemandType.SALES, stool, day(12), Decimal(8)),
        Demand("FC-9", DemandType.FORECAST, stool, day(11), Decimal(100)),
    ]
    supply = [
        Supply(
            "PRD-1",
            SupplyType.PRODUCTION,
            SkuKey("TABLE", "", main),
            day(10),
            Decimal(10),
            SupplyStatus.PLANNED,
        ),
        Supply("PO-7", SupplyType.PURCHASE, chair, day(10), Decimal(10), SupplyStatus.OPEN),
        Supply("PO-8", SupplyType.PURCHASE, stool, day(10), Decimal(10), SupplyStatus.OPEN),
    ]
    return build_snapshot(
        items=items,
        locations=[main, "EAST"],
        skus=[chair_east],
        inventory=inventory,
        demand=demand,
        supply=supply,
    )
