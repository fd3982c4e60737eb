"""The shop floor of Velotakt Works: calendars, work centers, routings, changeovers, costs.

Seven work centers at MAIN::

    CUT        tube cutting and mitring           day shift    1 saw line
    WELD       frame welding: ROBOT-1, ROBOT-2    two shifts   2 welders by hand besides
    PAINT      powder booth, finite (90 %)        day shift    colour changes cost time
    COAT       clear coat, bought from V-COAT     day shift    costed per frame
    WHEEL      lacing and truing                  day shift    4 truing stands
    BATTERY    cell modules and battery packs     day shift    2 benches
    ASSEMBLY   kitting and bike assembly          day shift    9 stations

The day shift works 07:00-11:30 and 12:00-15:30 (480 minutes), the two
shifts 06:00-14:00 and 14:00-22:00, Monday to Friday; both keep the
company's holidays. Every produced item has a routing (the phantom cockpit
kits are not produced: their parts are fitted at the bike's assembly), with
its BOM components linked to the operation that uses them. Minutes per unit
are sized so that the demo's production orders load the main centers to
60-110 % in most weeks of the plan.

Changeovers: painted frames carry ``colour`` (light/dark) and ``paint`` (the
powder), raw frames their welding ``fixture`` and wheels their ``rim`` size;
the booth needs 45 minutes from dark to light powder, 15 from light to dark,
10 for any other powder change; a fixture change at the robots or the hand
welders takes 25 minutes, a rim size change at the truing stands 8.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType

from taktplan.capacity.resources import CostBasis, MachineCenter, WorkCenter
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.sequencing import ChangeoverMatrix, ChangeoverRule
from taktplan.capacity.shop_calendar import Shift, ShopCalendar
from taktplan.domain.calendar import WorkCalendar
from taktplan.domain.item import Item
from taktplan.domain.shop import ShopData

DAY, TWO_SHIFTS = "DAY", "2SHIFT"
LIGHT_COLOURS = frozenset({"WHT", "SND", "GRY"})
SUBCONTRACTOR = "V-COAT"


def _shift(start: str, end: str) -> Shift:
    def minute(clock: str) -> int:
        hours, minutes = clock.split(":")
        return int(hours) * 60 + int(minutes)

    return Shift(minute(start), minute(end))


def calendars(work: WorkCalendar) -> tuple[ShopCalendar, ...]:
    """The day shift with its lunch break and the two shifts; the company's holidays in both."""
    return (
        ShopCalendar.weekdays(
            DAY, (_shift("07:00", "11:30"), _shift("12:00", "15:30")), work.holidays
        ),
        ShopCalendar.weekdays(
            TWO_SHIFTS, (_shift("06:00", "14:00"), _shift("14:00", "22:00")), work.holidays
        ),
    )


def _d(value: str | int) -> Decimal:
    return Decimal(value)


WORK_CENTERS = (
    WorkCenter("CUT", DAY, unit_cost=_d(46), indirect_cost_pct=_d(10), overhead_rate=_d("6.5")),
    WorkCenter(
        "WELD",
        TWO_SHIFTS,
        capacity=_d(2),
        unit_cost=_d(52),
        indirect_cost_pct=_d(12),
        overhead_rate=_d(8),
        queue_time=60,
    ),
    WorkCenter(
        "PAINT",
        DAY,
        unit_cost=_d(58),
        indirect_cost_pct=_d(15),
        overhead_rate=_d(11),
        critical_load_pct=_d(90),
        dampener_pct=_d(5),
    ),
    WorkCenter(
        "COAT",
        DAY,
        capacity=_d(4),
        unit_cost=_d("9.80"),
        cost_basis=CostBasis.UNIT,
        subcontractor=SUBCONTRACTOR,
    ),
    WorkCenter(
        "WHEEL", DAY, capacity=_d(4), unit_cost=_d(41), indirect_cost_pct=_d(8), overhead_rate=_d(4)
    ),
    WorkCenter(
        "BATTERY",
        DAY,
        capacity=_d(2),
        unit_cost=_d(56),
        indirect_cost_pct=_d(10),
        overhead_rate=_d(9),
    ),
    WorkCenter(
        "ASSEMBLY",
        DAY,
        capacity=_d(9),
        unit_cost=_d(43),
        indirect_cost_pct=_d(8),
        overhead_rate=_d(5),
    ),
)
MACHINE_CENTERS = (
    MachineCenter(
        "ROBOT-1", "WELD", unit_cost=_d(68), overhead_rate=_d(14), efficiency_pct=_d(105)
    ),
    MachineCenter("ROBOT-2", "WELD", unit_cost=_d(68), overhead_rate=_d(14)),
)

CHANGEOVERS = ChangeoverMatrix(
    (
        ChangeoverRule("colour", "dark", "light", 45, resource="PAINT"),
        ChangeoverRule("colour", "light", "dark", 15, resource="PAINT"),
        ChangeoverRule("paint", "*", "*", 10, resource="PAINT"),
        ChangeoverRule("fixture", "*", "*", 25, resource="WELD"),  # and its robots
        ChangeoverRule("rim", "*", "*", 8, resource="WHEEL"),
    )
)


@dataclass(frozen=True, slots=True)
class _Step:
    """An operation of a family's routing; ``components`` picks BOM lines by item prefix."""

    no: str
    resource: str
    setup: str
    run: str
    description: str
    components: tuple[str, ...] = ()  # prefixes; ("*",) = every line not taken before
    alternatives: tuple[str, ...] = ()
    wait: int = 0
    move: int = 0


_ALL = ("*",)
# Routings by family (the item number's prefix). Raw frames of the models
# welded on ROBOT-2 get that robot first and ROBOT-1 as alternative.
_ROUTINGS: dict[str, tuple[_Step, ...]] = {
    "FR": (
        _Step("10", "CUT", "20", "7", "cut and mitre tubes", _ALL, move=60),
        _Step("20", "ROBOT-1", "30", "19", "weld frame", alternatives=("ROBOT-2", "WELD")),
    ),
    "FP": (
        _Step("10", "PAINT", "15", "6", "pre-treat, powder coat, decals", _ALL, wait=60),
        _Step("20", "COAT", "0", "3", "clear coat at V-COAT", wait=960, move=240),
    ),
    "WF": (_Step("10", "WHEEL", "10", "11", "lace and true", _ALL),),
    "WR": (_Step("10", "WHEEL", "10", "13", "lace, true, mount cassette body", _ALL),),
    "WS": (_Step("10", "WHEEL", "5", "2", "pair, tape and pack", _ALL),),
    "DT": (_Step("10", "ASSEMBLY", "5", "4", "kit drivetrain", _ALL),),
    "ED": (_Step("10", "ASSEMBLY", "10", "8", "kit e-drive", _ALL),),
    "CM": (_Step("10", "BATTERY", "30", "14", "spot-weld cells", _ALL),),
    "BP": (_Step("10", "BATTERY", "20", "12", "assemble and test pack", _ALL),),
    "BK": (
        _Step("10", "ASSEMBLY", "15", "31", "frame build", ("FP", "WS", "DT", "CK", "ED")),
        _Step("20", "ASSEMBLY", "10", "17", "final assembly, test ride, pack", _ALL),
    ),
}
_ROBOT_2_MODELS = frozenset({"MTB", "GRVL", "ETREK", "EMTB", "CARGO"})


def routing(item: Item) -> Routing | None:
    """The routing of a produced item (None for purchased items and phantom kits)."""
    family, _, rest = item.no.partition("-")
    steps = _ROUTINGS.get(family)
    if steps is None or not item.bom:
        return None
    if family == "FR" and rest.split("-")[0] in _ROBOT_2_MODELS:
        weld = replace(steps[1], resource="ROBOT-2", alternatives=("ROBOT-1", "WELD"))
        steps = (steps[0], weld)
    taken: set[str] = set()
    operations = []
    for step in steps:
        components = tuple(
            line.component
            for line in item.bom
            if line.component not in taken
            and (step.components == _ALL or line.component.split("-")[0] in step.components)
        )
        taken.update(components)
        operations.append(
            RoutingOperation(
                no=step.no,
                resource=step.resource,
                setup_time=Decimal(step.setup),
                run_time=Decimal(step.run),
                wait_time=step.wait,
                move_time=step.move,
                alternatives=step.alternatives,
                components=components,
                description=step.description,
            )
        )
    return Routing(item.no, tuple(operations))


def attributes(item: Item) -> dict[str, str]:
    """Changeover attributes by item family: paint on frames, fixtures, rim sizes."""
    family, _, rest = item.no.partition("-")
    if family == "FP":
        colour = rest.split("-")[-1]
        return {"colour": "light" if colour in LIGHT_COLOURS else "dark", "paint": colour}
    if family == "FR":
        return {"fixture": rest.split("-")[0]}
    rims = [line.component for line in item.bom if line.component.startswith("RM-")]
    if family in ("WF", "WR") and rims:
        return {"rim": rims[0].removeprefix("RM-")}
    return {}


# Overhead per unit of made items, by family (handling, testing, packaging).
_OVERHEAD = {
    "BK": "18.50",
    "FP": "2.40",
    "FR": "3.20",
    "WS": "0.80",
    "WF": "1.10",
    "WR": "1.10",
    "DT": "0.60",
    "ED": "2.40",
    "BP": "4.50",
    "CM": "1.80",
}
# Indirect cost % of purchased parts (freight, customs, receiving): electric
# parts come from overseas.
_OVERSEAS = frozenset({"MO", "CE", "BM", "DP"})


def with_costs(item: Item) -> Item:
    """The item with its changeover attributes and cost fields.

    Purchased parts have their price as standard cost and an indirect cost %;
    made items an overhead rate per unit (their standard cost comes from a
    cost roll-up over BOM and routing, so it is left at 0 here).
    """
    family = item.no.split("-", 1)[0]
    if not item.bom:
        indirect = Decimal(6) if family in _OVERSEAS else Decimal(4)
        return replace(item, standard_cost=item.unit_cost, indirect_cost_pct=indirect)
    return replace(
        item,
        overhead_rate=Decimal(_OVERHEAD.get(family, "0")),
        attributes=attributes(item),
    )


def build_shop(work: WorkCalendar, items: Mapping[str, Item]) -> ShopData:
    """Velotakt Works' shop for these items (a routing for every produced one)."""
    routings = {}
    for item in items.values():
        found = routing(item)
        if found is not None:
            routings[item.no] = found
    return ShopData(
        calendars=calendars(work),
        work_centers=WORK_CENTERS,
        machine_centers=MACHINE_CENTERS,
        routings=MappingProxyType(routings),
        changeovers=CHANGEOVERS,
    )
