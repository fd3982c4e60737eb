"""A small bicycle works for the costing tests, with every figure worked out by hand.

Structure (three levels, scrap on two of them)::

    BIKE   production, lot size 2 (minimum order qty 2), 10 % indirect, overhead 5 per unit
      FRAME  x 1, 2 % BOM-line scrap
        TUBE   x 3, 5 % BOM-line scrap          bought at 4.00
      PAINT  x 0.2                              bought at 12.50
    FRAME  production, lot size 20 (reorder qty 20), 10 % item scrap,
           5 % indirect, overhead 1.5 per unit

Shop (one calendar, weekdays 08:00-16:00):

    CUT   30.00 per hour, efficiency 80 %, 10 % indirect, overhead 2 per hour
    WELD  48.00 per hour, efficiency 100 %, overhead 6 per hour
    COAT  subcontracted (vendor V-COAT), 2.50 per unit, 4 % indirect, overhead 0.10 per unit
    ASSY  36.00 per hour, overhead 4 per hour

Routings (minutes):

    FRAME  10 CUT  setup 30, run 6 per unit
           20 WELD setup 60, run 12 per unit
           30 COAT per unit, at 2.80 (the operation overrides COAT's 2.50)
    BIKE   10 ASSY setup 30, run 15 per unit

FRAME, a lot of 20 good units (22 started with 10 % item scrap):

    material  TUBE 22 x 3 x 1.05 = 69.3 x 4.00                    = 277.20
    CUT       (30 + 6 x 22) / 0.8 = 202.5 min = 3.375 h x 30      = 101.25
              overhead 10 % x 101.25 + 2 x 3.375 = 10.125 + 6.75  =  16.875
    WELD      60 + 12 x 22 = 324 min = 5.4 h x 48                 = 259.20
              overhead 6 x 5.4                                    =  32.40
    COAT      22 units x 2.80 (subcontracted)                     =  61.60
              overhead 4 % x 61.60 + 0.10 x 22 = 2.464 + 2.2      =   4.664
    capacity 101.25 + 259.20 = 360.45; capacity overhead 16.875 + 32.40 + 4.664 = 53.939
    base 277.20 + 360.45 + 61.60 + 53.939                         = 753.189
    manufacturing overhead 5 % x 753.189 + 1.5 x 20 = 37.65945 + 30 = 67.65945
    lot total 820.84845, per unit / 20                            = 41.0424225
    per unit: material 13.86, capacity 18.0225, subcontracted 3.08,
              capacity overhead 2.69695, manufacturing overhead 3.3829725

BIKE, a lot of 2 (no item scrap):

    material  FRAME 2 x 1.02 = 2.04 x 41.0424225 = 83.7265419; PAINT 0.4 x 12.50 = 5.00
              together 88.7265419
    ASSY      30 + 15 x 2 = 60 min = 1 h x 36 = 36.00; overhead 4 x 1 = 4.00
    base 88.7265419 + 36 + 4 = 128.7265419
    manufacturing overhead 10 % x 128.7265419 + 5 x 2 = 12.87265419 + 10 = 22.87265419
    lot total 151.59919609, per unit / 2 = 75.799598045
    rolled up per lot: FRAME's shares x 2.04 plus PAINT 5.00 plus BIKE's own:
      material 13.86 x 2.04 + 5 = 33.2744; capacity 18.0225 x 2.04 + 36 = 72.7659;
      subcontracted 3.08 x 2.04 = 6.2832; capacity overhead 2.69695 x 2.04 + 4 = 9.501778;
      manufacturing overhead 3.3829725 x 2.04 + 22.87265419 = 29.77391809
    per unit / 2: 16.6372, 36.38295, 3.1416, 4.750889, 14.886959045
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from taktplan.capacity.resources import CostBasis, MachineCenter, WorkCenter
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.shop_calendar import Shift, ShopCalendar
from taktplan.domain.dates import to_day
from taktplan.domain.documents import Supply, SupplyStatus, SupplyType
from taktplan.domain.item import (
    BomLine,
    Item,
    PlanningParameters,
    ReorderingPolicy,
    Replenishment,
    SkuKey,
)
from taktplan.domain.shop import ShopData
from taktplan.domain.snapshot import Snapshot, build_snapshot

D = Decimal
MAIN = "MAIN"


def day(iso: str) -> int:
    return to_day(dt.date.fromisoformat(iso))


def made(**changes: object) -> PlanningParameters:
    return PlanningParameters(replenishment=Replenishment.PRODUCTION).overridden(dict(changes))


def bought_card() -> PlanningParameters:
    return PlanningParameters(replenishment=Replenishment.PURCHASE)


def items(policy: ReorderingPolicy | None = None) -> list[Item]:
    """The four items; with ``policy`` every one of them is planned with it."""
    cards = [
        Item(
            "BIKE",
            made(min_order_qty=D(2)),
            standard_cost=D(70),
            indirect_cost_pct=D(10),
            overhead_rate=D(5),
            bom=(BomLine("FRAME", D(1), D(2)), BomLine("PAINT", D("0.2"))),
        ),
        Item(
            "FRAME",
            made(reorder_qty=D(20)),
            scrap_pct=D(10),
            standard_cost=D(40),
            indirect_cost_pct=D(5),
            overhead_rate=D("1.5"),
            bom=(BomLine("TUBE", D(3), D(5)),),
        ),
        Item("TUBE", bought_card(), unit_cost=D(4), standard_cost=D("3.8")),
        Item("PAINT", bought_card(), unit_cost=D("12.5")),
    ]
    if policy is None:
        return cards
    return [
        replace(card, parameters=card.parameters.overridden({"reordering_policy": policy}))
        for card in cards
    ]


def shop() -> ShopData:
    calendar = ShopCalendar.weekdays("DAY", (Shift(8 * 60, 16 * 60),))
    return ShopData(
        calendars=(calendar,),
        work_centers=(
            WorkCenter(
                "CUT",
                "DAY",
                unit_cost=D(30),
                efficiency_pct=D(80),
                indirect_cost_pct=D(10),
                overhead_rate=D(2),
            ),
            WorkCenter("WELD", "DAY", unit_cost=D(48), overhead_rate=D(6)),
            WorkCenter(
                "COAT",
                "DAY",
                unit_cost=D("2.5"),
                cost_basis=CostBasis.UNIT,
                indirect_cost_pct=D(4),
                overhead_rate=D("0.1"),
                subcontractor="V-COAT",
            ),
            WorkCenter("ASSY", "DAY", unit_cost=D(36), overhead_rate=D(4)),
        ),
        machine_centers=(MachineCenter("LASER-1", "CUT", unit_cost=D(42)),),
        routings={
            "FRAME": Routing(
                "FRAME",
                (
                    RoutingOperation("10", "CUT", D(30), D(6)),
                    RoutingOperation("20", "WELD", D(60), D(12)),
                    RoutingOperation(
                        "30", "COAT", unit_cost_per=D("2.8"), description="powder coating"
                    ),
                ),
            ),
            "BIKE": Routing("BIKE", (RoutingOperation("10", "ASSY", D(30), D(15)),)),
        },
    )


def world(*, supply: tuple[Supply, ...] = ()) -> Snapshot:
    return build_snapshot(items=items(), locations=[MAIN], supply=supply, shop=shop())


def bike_orders() -> tuple[Supply, ...]:
    """A planned, a firm planned and a released production order of BIKE, and a purchase."""
    bike = SkuKey("BIKE", "", MAIN)
    return (
        Supply("PRD-1", SupplyType.PRODUCTION, bike, day("2027-03-10"), D(5), SupplyStatus.PLANNED),
        Supply(
            "PRD-2", SupplyType.PRODUCTION, bike, day("2027-03-17"), D(2), SupplyStatus.FIRM_PLANNED
        ),
        Supply(
            "PRD-3", SupplyType.PRODUCTION, bike, day("2027-03-24"), D(4), SupplyStatus.RELEASED
        ),
        Supply("PO-9", SupplyType.PURCHASE, SkuKey("TUBE", "", MAIN), day("2027-03-03"), D(100)),
    )
