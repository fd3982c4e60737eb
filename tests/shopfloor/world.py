"""A small world for the production schedule tests, on the shop of tests/capacity/shop.py.

08:00-12:00 and 13:00-17:00 on weekdays, Monday 2027-01-04 first. FRAME:
10 on CUT (30 min setup + 6 min/unit, then 60 min move; consumes TUBE), 20 on
WELD (60 min setup + 12 min/unit).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from taktplan.capacity.resources import MachineCenter, WorkCenter
from taktplan.capacity.routing import Routing
from taktplan.capacity.sequencing import ChangeoverMatrix
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
from taktplan.planning.options import PlanningOptions
from tests.capacity.shop import FRAME, calendar, day

LFL = ReorderingPolicy.LOT_FOR_LOT
MADE = PlanningParameters(replenishment=Replenishment.PRODUCTION, reordering_policy=LFL)
OPTIONS = PlanningOptions(
    start=day("2027-01-04"), end=day("2027-03-31"), work_date=day("2027-01-04")
)


def shop(
    weld_critical: Decimal | None = None,
    changeovers: ChangeoverMatrix | None = None,
    routings: dict[str, Routing] | None = None,
) -> ShopData:
    cut, weld = FRAME.operations
    frame = Routing("FRAME", (replace(cut, components=("TUBE",)), weld))
    return ShopData(
        calendars=(calendar(),),
        work_centers=(
            WorkCenter("CUT", "STD"),
            WorkCenter("WELD", "STD", critical_load_pct=weld_critical),
        ),
        machine_centers=(MachineCenter("LASER-1", "CUT"),),
        routings=routings or {"FRAME": frame},
        changeovers=changeovers or ChangeoverMatrix(()),
    )


def order(no: str, due: str, qty: int, item: str = "FRAME") -> Supply:
    return Supply(
        no,
        SupplyType.PRODUCTION,
        SkuKey(item),
        day(due),
        Decimal(qty),
        status=SupplyStatus.FIRM_PLANNED,
    )


def world(
    *orders: Supply, shop_data: ShopData | None = None, extra: tuple[Item, ...] = ()
) -> Snapshot:
    items = [
        Item("FRAME", MADE, bom=(BomLine("TUBE", Decimal(2)),)),
        Item("TUBE", PlanningParameters(reordering_policy=LFL)),
        *extra,
    ]
    return build_snapshot(items=items, locations=[""], supply=orders, shop=shop_data or shop())
