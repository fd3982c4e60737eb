"""Velotakt Works: an invented bicycle and e-bike maker, built in memory.

The company makes city, trekking, mountain, gravel, kids' and electric bikes
at its plant MAIN and sells them there and through two distribution centers,
EAST and WEST, which get their bikes and spare parts by transfer from MAIN.

Item numbers say what an item is (the domain has no description field)::

    BK-ETREK-M-GRY   finished bike: model, frame size, colour      level 0
    FP-ETREK-M-GRY   painted frame                                  level 1
    FR-ETREK-M       welded raw frame                               level 2
    TS-ETREK         tube set (purchased)                           level 3
    WS-E28 / WF-E28 / WR-E28   wheel set, front and rear wheel (made)
    DT-E1X10         drivetrain kit        ED-ETREK  e-drive kit
    BP-500 / CM-500  battery pack / cell module   CE-21700  cells (level 4)
    CK-SPORT         cockpit kit, a phantom (its parts go straight to the bike)

Everything else is purchased: rims, spokes, hubs, tyres, chains, motors...
Most items are Lot-for-Lot; cheap common parts (spokes, nipples, bolts,
cells) are Fixed Reorder Qty. with a reorder point, bulk goods (paint
powder, grease, cartons, manuals) Maximum Qty., and the e-cargo bike and
its custom parts are make-to-order with the Order policy.

The world is deterministic: the same ``seed`` and ``today`` give the same
items, orders and quantities. Demand is sized from a baseline rate per model,
and stocks, reorder points and open purchase orders from the weekly usage
that rate explodes to through the bills of material, so the numbers fit
together the way a real company's do (with some orders early, late or too
big, for the plan to correct).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from taktplan.demo.shop import build_shop, with_costs
from taktplan.domain.bom import low_level_codes
from taktplan.domain.calendar import WorkCalendar
from taktplan.domain.dates import DateFormula, Day, to_day
from taktplan.domain.documents import (
    Demand,
    DemandType,
    InventoryEntry,
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
from taktplan.planning.options import PlanningOptions

COMPANY_NAME = "Velotakt Works"
MAIN, EAST, WEST = "MAIN", "EAST", "WEST"
DISTRIBUTION_CENTERS = {EAST: DateFormula(2, "D"), WEST: DateFormula(3, "D")}
HORIZON_WEEKS = 12
SALES_WEEKS = 10

LFL = ReorderingPolicy.LOT_FOR_LOT
FRQ = ReorderingPolicy.FIXED_REORDER_QTY
MAXQ = ReorderingPolicy.MAXIMUM_QTY
ORDER = ReorderingPolicy.ORDER
MTO = ManufacturingPolicy.MAKE_TO_ORDER

# Purchased parts: item no., unit cost (EUR), lead time, reordering policy,
# order multiple, flags (spare = also sold at the distribution centers,
# mto = bought for one customer order).
_PARTS = """
TS-CITY 48 4W lfl 10          | TS-TREK 55 4W lfl 10       | TS-MTB 96 5W lfl 10
TS-GRVL 88 5W lfl 10          | TS-ECITY 62 4W lfl 10      | TS-ETREK 66 4W lfl 10
TS-EMTB 118 5W lfl 10         | TS-CARGO 140 6W order 0 mto | TS-KID20 21 3W lfl 20
TS-KID24 24 3W lfl 20
PW-BLU 12 2W max 25           | PW-WHT 11 2W max 25        | PW-GRN 12 2W max 25
PW-GRY 11 2W max 25           | PW-RED 13 2W max 25        | PW-BLK 11 2W max 25
PW-SND 14 2W max 25
DC-CITY 3 3W lfl 50           | DC-TREK 3 3W lfl 50        | DC-MTB 4 3W lfl 50
DC-GRVL 4 3W lfl 50           | DC-ECITY 3 3W lfl 50       | DC-ETREK 3 3W lfl 50
DC-EMTB 4 3W lfl 50           | DC-CARGO 6 3W order 0 mto  | DC-KID20 2 3W lfl 50
DC-KID24 2 3W lfl 50
RM-20 9 3W lfl 20             | RM-24 11 3W lfl 20         | RM-26 24 3W lfl 20
RM-28 18 3W lfl 20            | RM-29 26 3W lfl 20         | RM-28E 29 4W lfl 20
RM-29E 38 4W lfl 20
SP-188 0.22 4W frq 500        | SP-220 0.22 4W frq 500     | SP-260 0.26 4W frq 500
SP-292 0.24 4W frq 500        | SP-294 0.24 4W frq 500     | NP-14G 0.05 4W frq 1000
HF-QR 9 5W lfl 10             | HF-DISC 21 5W lfl 10       | HF-KID 6 5W lfl 10
HF-CARGO 38 6W lfl 10
HR-DISC11 34 5W lfl 10        | HR-DISC12 52 5W lfl 10     | HR-KID 9 5W lfl 10
HR-CARGO 61 6W lfl 10         | IG-7 92 6W lfl 10
RT-20 0.6 2W frq 100          | RT-24 0.7 2W frq 100       | RT-26 0.8 2W frq 100
RT-28 0.8 2W frq 100          | RT-29 0.9 2W frq 100
TY-20 7 3W lfl 10             | TY-24 8 3W lfl 10          | TY-26C 24 3W lfl 10
TY-28C 14 3W lfl 10 spare     | TY-28T 17 3W lfl 10 spare  | TY-29M 29 3W lfl 10 spare
TY-700G 26 3W lfl 10          | TY-28E 22 3W lfl 10        | TY-29E 34 3W lfl 10
TU-20 2 2W frq 50             | TU-24 2 2W frq 50          | TU-26 3 2W frq 50
TU-28 2.5 2W frq 50 spare     | TU-29 2.8 2W frq 50 spare
CH-7 6 4W lfl 25              | CH-10 14 4W lfl 25         | CH-11 19 4W lfl 25 spare
CH-12 27 4W lfl 25 spare
CS-7 9 5W lfl 10              | CS-10 24 5W lfl 10         | CS-11 36 5W lfl 10
CS-12 58 5W lfl 10            | SR-22 4 4W lfl 50
RD-7 8 6W lfl 10              | RD-10 26 6W lfl 10         | RD-11 41 6W lfl 10
RD-12 64 6W lfl 10            | FD-2X 18 6W lfl 10
SH-7 6 6W lfl 10              | SH-10 19 6W lfl 10         | SH-11 28 6W lfl 10
SH-12 39 6W lfl 10            | SH-IG7 14 6W lfl 10
CR-CITY 22 5W lfl 10          | CR-TREK 38 5W lfl 10       | CR-MTB 74 5W lfl 10
CR-GRVL 69 5W lfl 10          | CR-KID 12 5W lfl 10        | CR-E 31 5W lfl 10
BB-BSA 9 4W lfl 20            | BB-PF 14 4W lfl 20         | BB-SQ 6 4W lfl 20
MO-CITY 285 8W lfl 10         | MO-TOUR 340 8W lfl 10      | MO-MTB 455 8W lfl 10
DP-BASIC 38 4W lfl 10         | DP-COLOR 74 4W lfl 10      | HN-STD 12 3W lfl 20
HN-CARGO 19 3W order 0 mto    | SS-01 6 3W frq 50          | CG-4A 42 4W lfl 20 spare
BM-36V 28 6W lfl 20           | BM-36VHC 36 6W lfl 20      | BH-400 14 5W lfl 20
BH-500 15 5W lfl 20           | BH-625 17 5W lfl 20        | BH-750 21 5W lfl 20
CE-21700 2.9 8W frq 500       | NS-01 0.9 2W max 100       | CL-01 0.1 3W frq 1000
HB-CITY 12 3W lfl 20          | HB-FLAT 11 3W lfl 20       | HB-RISER 19 3W lfl 20
HB-DROP 24 3W lfl 20          | HB-KID 5 3W lfl 20         | ST-ADJ 14 3W lfl 20
ST-60 9 3W lfl 20             | ST-90 9 3W lfl 20          | GR-ERGO 8 2W lfl 50
GR-LOCK 7 2W lfl 50           | GR-KID 2 2W lfl 50         | BT-01 6 2W lfl 50
HS-STD 5 3W lfl 20            | HS-TAPER 11 3W lfl 20      | BL-V 7 3W lfl 20
BL-KID 4 3W lfl 20            | BL-DROP 48 5W lfl 10
DB-HYD2 62 5W lfl 10          | DB-HYD4 118 6W lfl 10      | DB-MECH 34 5W lfl 10
RB-V 11 3W lfl 20             | RB-KID 6 3W lfl 20         | RO-160 7 4W lfl 20
RO-180 8 4W lfl 20            | RO-203 11 4W lfl 20
SA-COMFORT 16 3W lfl 20 spare | SA-TOUR 19 3W lfl 20       | SA-SPORT 22 3W lfl 20
SA-KID 6 3W lfl 20            | SQ-STD 9 3W lfl 20         | SQ-SUSP 24 3W lfl 20
SQ-DROP 89 6W lfl 10          | SC-01 1.5 3W frq 200       | PD-CITY 8 3W lfl 20
PD-FLAT 14 3W lfl 20          | PD-KID 4 3W lfl 20         | KS-STD 9 3W lfl 20
KS-CARGO 39 4W order 0 mto    | FE-28 13 3W lfl 20         | FE-CARGO 31 4W order 0 mto
FE-KID 6 3W lfl 20            | RK-STD 17 3W lfl 20        | RK-E 26 3W lfl 20
LT-DYN 21 4W lfl 20           | LT-E 29 4W lfl 20          | BE-01 2 2W frq 100
RF-01 1.2 2W frq 200          | CB-STD 4 2W lfl 50         | CB-E 7 2W lfl 50
CG-01 5 3W lfl 20             | CX-BOX 210 5W order 0 mto  | CX-RAIN 45 3W order 0 mto
PK-S 3 2W max 50              | PK-M 4 2W max 50           | PK-L 5 2W max 50
MN-BIKE 0.8 3W max 200        | MN-EBIKE 1.6 3W max 200    | BO-KIT 1.1 2W frq 200
GS-01 9 2W max 5
"""

_POLICIES = {"lfl": LFL, "frq": FRQ, "max": MAXQ, "order": ORDER}


@dataclass(frozen=True, slots=True)
class _Part:
    no: str
    cost: Decimal
    lead: DateFormula
    policy: ReorderingPolicy
    multiple: int
    spare: bool = False
    mto: bool = False


def _parts() -> list[_Part]:
    parts: list[_Part] = []
    for row in _PARTS.strip().splitlines():
        for cell in row.split("|"):
            no, cost, lead, policy, multiple, *flags = cell.split()
            parts.append(
                _Part(
                    no,
                    Decimal(cost),
                    DateFormula.parse(lead),
                    _POLICIES[policy],
                    int(multiple),
                    spare="spare" in flags,
                    mto="mto" in flags,
                )
            )
    return parts


# Wheel sets: rim, spoke, spokes per wheel, front hub, rear hub, rim tape, tyre, tube.
_WHEELS: dict[str, tuple[str, str, int, str, str, str, str, str]] = {
    "CITY": ("RM-28", "SP-292", 36, "HF-QR", "IG-7", "RT-28", "TY-28C", "TU-28"),
    "TREK": ("RM-28", "SP-292", 32, "HF-DISC", "HR-DISC11", "RT-28", "TY-28T", "TU-28"),
    "MTB": ("RM-29", "SP-294", 32, "HF-DISC", "HR-DISC12", "RT-29", "TY-29M", "TU-29"),
    "GRVL": ("RM-28", "SP-292", 28, "HF-DISC", "HR-DISC11", "RT-28", "TY-700G", "TU-28"),
    "E28": ("RM-28E", "SP-292", 36, "HF-DISC", "HR-DISC11", "RT-28", "TY-28E", "TU-28"),
    "E29": ("RM-29E", "SP-294", 32, "HF-DISC", "HR-DISC12", "RT-29", "TY-29E", "TU-29"),
    "CARGO": ("RM-26", "SP-260", 36, "HF-CARGO", "HR-CARGO", "RT-26", "TY-26C", "TU-26"),
    "K20": ("RM-20", "SP-188", 28, "HF-KID", "HR-KID", "RT-20", "TY-20", "TU-20"),
    "K24": ("RM-24", "SP-220", 28, "HF-KID", "HR-KID", "RT-24", "TY-24", "TU-24"),
}

_DRIVETRAINS: dict[str, tuple[str, ...]] = {
    "HUB7": ("SH-IG7", "CH-7", "CR-CITY", "BB-SQ", "SR-22"),
    "2X10": ("SH-10", "FD-2X", "RD-10", "CS-10", "CH-10", "CR-TREK", "BB-BSA"),
    "1X12": ("SH-12", "RD-12", "CS-12", "CH-12", "CR-MTB", "BB-PF"),
    "1X11": ("SH-11", "RD-11", "CS-11", "CH-11", "CR-GRVL", "BB-BSA"),
    "E1X10": ("SH-10", "RD-10", "CS-10", "CH-10", "CR-E"),
    "E1X12": ("SH-12", "RD-12", "CS-12", "CH-12", "CR-E"),
    "KID7": ("SH-7", "RD-7", "CS-7", "CH-7", "CR-KID", "BB-SQ"),
}

# E-drive kits: motor, battery pack, display, wiring harness.
_EDRIVES: dict[str, tuple[str, str, str, str]] = {
    "ECITY": ("MO-CITY", "BP-400", "DP-BASIC", "HN-STD"),
    "ETREK": ("MO-TOUR", "BP-500", "DP-COLOR", "HN-STD"),
    "EMTB": ("MO-MTB", "BP-625", "DP-COLOR", "HN-STD"),
    "CARGO": ("MO-MTB", "BP-750", "DP-COLOR", "HN-CARGO"),
}

# Battery packs: cells (10 in series x n parallel), battery management board.
_BATTERIES: dict[str, tuple[int, str]] = {
    "400": (30, "BM-36V"),
    "500": (40, "BM-36V"),
    "625": (50, "BM-36VHC"),
    "750": (60, "BM-36VHC"),
}

_COCKPITS: dict[str, tuple[str, ...]] = {
    "CITY": ("HB-CITY", "ST-ADJ", "GR-ERGO", "HS-STD", "BL-V", "BE-01"),
    "SPORT": ("HB-FLAT", "ST-60", "GR-ERGO", "HS-TAPER"),
    "MTB": ("HB-RISER", "ST-60", "GR-LOCK", "HS-TAPER"),
    "DROP": ("HB-DROP", "ST-90", "BT-01", "HS-TAPER", "BL-DROP"),
    "KID": ("HB-KID", "ST-ADJ", "GR-KID", "HS-STD", "BL-KID", "BE-01"),
}


@dataclass(frozen=True, slots=True)
class _Model:
    code: str
    sizes: tuple[str, ...]  # () = one size
    colours: tuple[str, str]
    wheels: str
    drivetrain: str
    cockpit: str
    parts: tuple[tuple[str, int], ...]  # further purchased parts per bike
    monthly: int  # forecast per distribution center and month, size M, first colour
    price: int
    paint_kg: str = "0.4"
    edrive: bool = False
    make_to_order: bool = False


_COMMON = (("SC-01", 1), ("BO-KIT", 1), ("RF-01", 1))
_MODELS = (
    _Model(
        "CITY", ("S", "M", "L"), ("BLU", "WHT"), "CITY", "HUB7", "CITY",
        (("RB-V", 1), ("SA-COMFORT", 1), ("SQ-SUSP", 1), ("PD-CITY", 1), ("FE-28", 1),
         ("RK-STD", 1), ("KS-STD", 1), ("LT-DYN", 1), ("CG-01", 1), ("CB-STD", 1),
         ("PK-L", 1), ("MN-BIKE", 1)),
        30, 649,
    ),
    _Model(
        "TREK", ("S", "M", "L"), ("GRN", "GRY"), "TREK", "2X10", "SPORT",
        (("DB-HYD2", 1), ("RO-160", 2), ("SA-TOUR", 1), ("SQ-STD", 1), ("PD-CITY", 1),
         ("FE-28", 1), ("RK-STD", 1), ("KS-STD", 1), ("LT-DYN", 1), ("BE-01", 1),
         ("CB-STD", 1), ("PK-L", 1), ("MN-BIKE", 1)),
        35, 899,
    ),
    _Model(
        "MTB", ("S", "M", "L"), ("RED", "BLK"), "MTB", "1X12", "MTB",
        (("DB-HYD2", 1), ("RO-180", 2), ("SA-SPORT", 1), ("SQ-DROP", 1), ("PD-FLAT", 1),
         ("CB-STD", 1), ("PK-L", 1), ("MN-BIKE", 1)),
        25, 1390,
    ),
    _Model(
        "GRVL", ("S", "M", "L"), ("SND", "BLK"), "GRVL", "1X11", "DROP",
        (("DB-MECH", 1), ("RO-160", 2), ("SA-SPORT", 1), ("SQ-STD", 1), ("PD-FLAT", 1),
         ("CB-STD", 1), ("PK-M", 1), ("MN-BIKE", 1)),
        15, 1190,
    ),
    _Model(
        "ECITY", ("S", "M", "L"), ("WHT", "BLU"), "E28", "E1X10", "SPORT",
        (("DB-HYD2", 1), ("RO-180", 2), ("SA-COMFORT", 1), ("SQ-SUSP", 1), ("PD-CITY", 1),
         ("FE-28", 1), ("RK-E", 1), ("KS-STD", 1), ("LT-E", 1), ("CG-01", 1), ("BE-01", 1),
         ("CB-E", 1), ("PK-L", 1), ("MN-EBIKE", 1)),
        30, 2490, edrive=True,
    ),
    _Model(
        "ETREK", ("S", "M", "L"), ("GRY", "GRN"), "E28", "E1X10", "SPORT",
        (("DB-HYD2", 1), ("RO-180", 2), ("SA-TOUR", 1), ("SQ-STD", 1), ("PD-CITY", 1),
         ("FE-28", 1), ("RK-E", 1), ("KS-STD", 1), ("LT-E", 1), ("BE-01", 1), ("CB-E", 1),
         ("PK-L", 1), ("MN-EBIKE", 1)),
        40, 2990, edrive=True,
    ),
    _Model(
        "EMTB", ("S", "M", "L"), ("BLK", "RED"), "E29", "E1X12", "MTB",
        (("DB-HYD4", 1), ("RO-203", 2), ("SA-SPORT", 1), ("SQ-DROP", 1), ("PD-FLAT", 1),
         ("CB-E", 1), ("PK-L", 1), ("MN-EBIKE", 1)),
        20, 3990, edrive=True,
    ),
    _Model(
        "CARGO", (), ("BLK", "SND"), "CARGO", "E1X12", "CITY",
        (("DB-HYD4", 1), ("RO-203", 2), ("SA-COMFORT", 1), ("SQ-SUSP", 1), ("PD-CITY", 1),
         ("FE-CARGO", 1), ("KS-CARGO", 1), ("LT-E", 1), ("CB-E", 1), ("CX-BOX", 1),
         ("CX-RAIN", 1), ("MN-EBIKE", 1)),
        2, 5490, paint_kg="0.7", edrive=True, make_to_order=True,
    ),
    _Model(
        "KID20", (), ("RED", "BLU"), "K20", "KID7", "KID",
        (("RB-KID", 1), ("SA-KID", 1), ("SQ-STD", 1), ("PD-KID", 1), ("FE-KID", 1),
         ("KS-STD", 1), ("CB-STD", 1), ("PK-S", 1), ("MN-BIKE", 1)),
        12, 329, paint_kg="0.25",
    ),
    _Model(
        "KID24", (), ("RED", "BLU"), "K24", "KID7", "KID",
        (("RB-KID", 1), ("SA-KID", 1), ("SQ-STD", 1), ("PD-KID", 1), ("FE-KID", 1),
         ("KS-STD", 1), ("CB-STD", 1), ("PK-M", 1), ("MN-BIKE", 1)),
        12, 379, paint_kg="0.3",
    ),
)  # fmt: skip

_SIZE_SHARE = {"S": 0.7, "M": 1.0, "L": 0.8, "": 1.0}
_COLOUR_SHARE = (1.0, 0.6)


def _suffix(size: str, colour: str = "") -> str:
    return "-".join(part for part in (size, colour) if part)


@dataclass(frozen=True, slots=True)
class _Bike:
    no: str
    model: _Model
    size: str
    colour: str

    @property
    def monthly(self) -> float:
        """Expected sales per distribution center and month."""
        share = _COLOUR_SHARE[self.model.colours.index(self.colour)]
        return self.model.monthly * _SIZE_SHARE[self.size] * share


def _bikes() -> list[_Bike]:
    return [
        _Bike(f"BK-{m.code}-{_suffix(size, colour)}", m, size, colour)
        for m in _MODELS
        for size in m.sizes or ("",)
        for colour in m.colours
    ]


def _line(
    component: str, qty: int | str | Decimal, scrap: str = "0", phantom: bool = False
) -> BomLine:
    return BomLine(component, Decimal(qty), Decimal(scrap), phantom=phantom)


def _structure(bikes: list[_Bike]) -> dict[str, tuple[BomLine, ...]]:
    """The bills of material of every made item (purchased parts have none)."""
    boms: dict[str, tuple[BomLine, ...]] = {}
    for bike in bikes:
        m = bike.model
        frame = f"FR-{m.code}" + (f"-{bike.size}" if bike.size else "")
        painted = f"FP-{m.code}-{_suffix(bike.size, bike.colour)}"
        boms.setdefault(frame, (_line(f"TS-{m.code}", 1),))
        boms[painted] = (
            _line(frame, 1),
            _line(f"PW-{bike.colour}", m.paint_kg, "8"),
            _line(f"DC-{m.code}", 1),
        )
        lines = [
            _line(painted, 1),
            _line(f"WS-{m.wheels}", 1),
            _line(f"DT-{m.drivetrain}", 1),
            _line(f"CK-{m.cockpit}", 1, phantom=True),
        ]
        if m.edrive:
            lines.append(_line(f"ED-{m.code}", 1))
        lines += [_line(no, qty) for no, qty in m.parts + _COMMON]
        lines.append(_line("GS-01", "0.02"))
        boms[bike.no] = tuple(lines)
    for code, (rim, spoke, spokes, front, rear, tape, tyre, tube) in _WHEELS.items():
        for side, hub in (("F", front), ("R", rear)):
            boms[f"W{side}-{code}"] = (
                _line(rim, 1),
                _line(spoke, spokes),
                _line("NP-14G", spokes),
                _line(hub, 1),
                _line(tape, 1),
                _line(tyre, 1),
                _line(tube, 1),
            )
        boms[f"WS-{code}"] = (_line(f"WF-{code}", 1), _line(f"WR-{code}", 1))
    for code, parts in _DRIVETRAINS.items():
        boms[f"DT-{code}"] = tuple(_line(no, 1) for no in parts)
    for code, (motor, battery, display, harness) in _EDRIVES.items():
        boms[f"ED-{code}"] = (
            _line(motor, 1),
            _line(battery, 1),
            _line(display, 1),
            _line(harness, 1),
            _line("SS-01", 1),
            _line("CG-4A", 1),
        )
    for wh, (cells, bms) in _BATTERIES.items():
        boms[f"CM-{wh}"] = (
            _line("CE-21700", cells),
            _line("NS-01", Decimal(cells) / 50),
            _line("CL-01", 2),
        )
        boms[f"BP-{wh}"] = (_line(f"CM-{wh}", 1), _line(bms, 1), _line(f"BH-{wh}", 1))
    for code, parts in _COCKPITS.items():
        boms[f"CK-{code}"] = tuple(_line(no, 1) for no in parts)
    return boms


def _weekly_usage(
    bikes: list[_Bike], boms: dict[str, tuple[BomLine, ...]], nos: Iterable[str]
) -> dict[str, float]:
    """Expected use per week of every item: bike sales exploded through the BOMs."""
    usage: dict[str, float] = defaultdict(float)
    for bike in bikes:
        # Two distribution centers plus some direct sales at MAIN.
        usage[bike.no] = bike.monthly * 2.3 * 12 / 52
    bare = {no: Item(no, PlanningParameters(), bom=boms.get(no, ())) for no in nos}
    codes = low_level_codes(bare)
    for no in sorted(bare, key=lambda n: (codes[n], n)):
        for line in boms.get(no, ()):
            factor = float(line.qty_per * (1 + line.scrap_pct / 100))
            usage[line.component] += usage[no] * factor
    return usage


def _up(qty: float, multiple: int = 0) -> Decimal:
    """``qty`` rounded up to a whole unit, then to ``multiple``."""
    units = max(1, math.ceil(qty))
    if multiple:
        units = math.ceil(units / multiple) * multiple
    return Decimal(units)


_W1, _W2, _D1 = DateFormula(1, "W"), DateFormula(2, "W"), DateFormula(1, "D")


def _part_parameters(part: _Part, weekly: float, rng: random.Random) -> PlanningParameters:
    lead_weeks = part.lead.days_from(0) / 7
    base = PlanningParameters(
        replenishment=Replenishment.PURCHASE,
        reordering_policy=part.policy,
        lead_time=part.lead,
        order_multiple=Decimal(part.multiple),
    )
    if part.policy is LFL:
        return base.overridden(
            {
                "lot_accumulation_period": _W2,
                "rescheduling_period": _W2,
                "safety_lead_time": _D1 if rng.random() < 0.3 else DateFormula(),
                "safety_stock": _up(weekly * 0.5) if rng.random() < 0.35 else Decimal(0),
                "min_order_qty": _up(weekly, part.multiple) if rng.random() < 0.2 else Decimal(0),
            }
        )
    if part.policy is FRQ:
        return base.overridden(
            {
                "time_bucket": _W1,
                "safety_stock": _up(weekly * 0.5),
                "reorder_point": _up(weekly * (lead_weeks + 1)),
                "reorder_qty": _up(weekly * 4, part.multiple),
            }
        )
    if part.policy is MAXQ:
        return base.overridden(
            {
                "time_bucket": _W1,
                "reorder_point": _up(weekly * (lead_weeks + 1)),
                "max_inventory": _up(weekly * (lead_weeks + 5), part.multiple),
            }
        )
    return base.overridden({"dampener_period": _W1})


def _made_parameters(no: str) -> PlanningParameters:
    """Production cards by family (the item number's prefix)."""
    family = no.split("-", 1)[0]
    lead, multiple, minimum, safety = {
        "BK": ("2D", 0, 0, 0),
        "FP": ("3D", 0, 0, 0),
        "FR": ("1W", 5, 10, 0),
        "WS": ("1D", 0, 0, 0),
        "WF": ("2D", 10, 0, 0),
        "WR": ("2D", 10, 0, 0),
        "DT": ("1D", 0, 0, 0),
        "ED": ("1D", 0, 0, 0),
        "BP": ("3D", 0, 0, 10),
        "CM": ("2D", 0, 20, 0),
        "CK": ("1D", 0, 0, 0),
    }[family]
    policy: ReorderingPolicy | None = None if family == "CK" else LFL
    return PlanningParameters(
        replenishment=Replenishment.PRODUCTION,
        reordering_policy=policy,
        lead_time=DateFormula.parse(lead),
        safety_lead_time=_D1 if family == "BK" else DateFormula(),
        safety_stock=Decimal(safety),
        lot_accumulation_period=_W1,
        rescheduling_period=_W1,
        order_multiple=Decimal(multiple),
        min_order_qty=Decimal(minimum),
    )


_MTO_PARAMETERS = {
    "replenishment": Replenishment.PRODUCTION,
    "reordering_policy": ORDER,
    "lead_time": DateFormula(3, "D"),
    "dampener_period": _W1,
    "lot_accumulation_period": DateFormula(),
    "rescheduling_period": DateFormula(),
    "order_multiple": Decimal(0),
    "min_order_qty": Decimal(0),
    "safety_stock": Decimal(0),
}


def _calendar(start: dt.date) -> WorkCalendar:
    """Monday to Friday; public holidays and the company's stock-taking Friday."""
    holidays = {
        dt.date(year, month, day)
        for year in (start.year - 1, start.year, start.year + 1)
        for month, day in ((1, 1), (5, 1), (10, 3), (12, 25), (12, 26))
    }
    stock_taking = start + dt.timedelta(days=35)
    stock_taking += dt.timedelta(days=(4 - stock_taking.weekday()) % 7)
    holidays.add(stock_taking)
    return WorkCalendar(frozenset({5, 6}), frozenset(to_day(day) for day in holidays))


@dataclass(slots=True)
class _Documents:
    rng: random.Random
    calendar: WorkCalendar
    start: Day
    demand: list[Demand] = field(default_factory=list)
    supply: list[Supply] = field(default_factory=list)
    inventory: list[InventoryEntry] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def number(self, prefix: str, first: int) -> str:
        value = self.counters.get(prefix, first)
        self.counters[prefix] = value + 1
        return f"{prefix}-{value}"

    def working(self, offset: int) -> Day:
        return self.calendar.next_working(self.start + offset)

    def sale(self, key: SkuKey, day: Day, qty: int, blanket: str | None = None) -> None:
        self.demand.append(
            Demand(
                self.number("SO", 104001),
                DemandType.SALES,
                key,
                day,
                Decimal(qty),
                blanket_id=blanket,
            )
        )

    def stock(self, key: SkuKey, qty: Decimal | int) -> None:
        if qty > 0:
            self.inventory.append(InventoryEntry(key, Decimal(qty)))


def _bike_sales(docs: _Documents, bikes: list[_Bike], start: dt.date) -> None:
    """Sales orders over the next weeks, monthly forecasts, a blanket order."""
    rng = docs.rng
    months: list[dt.date] = []
    for step in range(4):
        month0 = start.month - 1 + step
        months.append(dt.date(start.year + month0 // 12, month0 % 12 + 1, 1))
    # The current month's forecast is cut to the days left of it.
    days_left = (months[1] - start).days / (months[1] - months[0]).days
    for bike in bikes:
        if bike.model.make_to_order:
            for _ in range(rng.randint(2, 4)):
                docs.sale(
                    SkuKey(bike.no, "", MAIN), docs.working(rng.randint(10, 7 * SALES_WEEKS)), 1
                )
            continue
        for location in (EAST, WEST, MAIN):
            share = 0.3 if location == MAIN else 1.0
            orders = rng.randint(0, 2) if location == MAIN else rng.randint(1, 4)
            for _ in range(orders):
                qty = max(1, round(bike.monthly * share * rng.uniform(0.15, 0.5)))
                docs.sale(
                    SkuKey(bike.no, "", location),
                    docs.working(rng.randint(0, 7 * SALES_WEEKS - 1)),
                    qty,
                )
            if location == MAIN:
                continue
            for month in months:
                share = days_left if month < start else 1.0
                qty = round(bike.monthly * share * rng.uniform(0.9, 1.25))
                docs.demand.append(
                    Demand(
                        f"FC-{location}-{month:%Y-%m}",
                        DemandType.FORECAST,
                        SkuKey(bike.no, "", location),
                        to_day(month),
                        Decimal(qty),
                    )
                )
    # Overdue direct sales at MAIN: the plan flags them as emergencies.
    for bike in rng.sample([b for b in bikes if not b.model.make_to_order], 3):
        docs.sale(SkuKey(bike.no, "", MAIN), docs.start - rng.randint(1, 6), rng.randint(1, 4))
    # A rental fleet's blanket order, partly called off already.
    fleet = SkuKey("BK-ECITY-M-WHT", "", WEST)
    docs.demand.append(Demand("BO-7001", DemandType.BLANKET, fleet, docs.working(56), Decimal(60)))
    docs.sale(fleet, docs.working(9), 20, blanket="BO-7001")
    docs.sale(fleet, docs.working(30), 15, blanket="BO-7001")


def _spare_sales(docs: _Documents, parts: list[_Part]) -> dict[str, int]:
    """Spare parts sold at the distribution centers; returns the weekly rate per part."""
    rates: dict[str, int] = {}
    for part in parts:
        if not part.spare:
            continue
        rates[part.no] = docs.rng.randint(4, 16)
        for location in DISTRIBUTION_CENTERS:
            for _ in range(docs.rng.randint(3, 6)):
                qty = docs.rng.randint(rates[part.no] // 2, rates[part.no] * 2)
                docs.sale(
                    SkuKey(part.no, "", location),
                    docs.working(docs.rng.randint(0, 7 * SALES_WEEKS - 1)),
                    qty,
                )
    return rates


def build_demo_company(
    seed: int = 7, today: dt.date | None = None
) -> tuple[Snapshot, PlanningOptions]:
    """The world of Velotakt Works and the options of a regenerative plan from ``today``.

    The plan runs from ``today`` (default: the system date) for 12 weeks, with
    ``today`` as the work date. Same ``seed`` and ``today``, same world.
    """
    start_date = today or dt.date.today()
    rng = random.Random(seed)
    calendar = _calendar(start_date)
    start = to_day(start_date)
    bikes = _bikes()
    parts = _parts()
    boms = _structure(bikes)
    nos = [bike.no for bike in bikes] + sorted(set(boms) - {b.no for b in bikes})
    nos += [part.no for part in parts]
    usage = _weekly_usage(bikes, boms, nos)
    by_bike = {bike.no: bike for bike in bikes}
    mto_made = {
        no
        for bike in bikes
        if bike.model.make_to_order
        for no in (bike.no, f"FP-CARGO-{bike.colour}", "FR-CARGO", "ED-CARGO")
    }

    items: list[Item] = []
    for no in nos:
        if no in boms:
            params = _made_parameters(no)
            if no in mto_made:
                params = params.overridden(_MTO_PARAMETERS)
            bike = by_bike.get(no)
            cost = Decimal(bike.model.price) * Decimal("0.55") if bike else Decimal(0)
            items.append(
                Item(
                    no,
                    params,
                    manufacturing_policy=MTO
                    if no in mto_made
                    else ManufacturingPolicy.MAKE_TO_STOCK,
                    unit_cost=cost.quantize(Decimal("0.01")),
                    bom=boms[no],
                )
            )
    for part in parts:
        items.append(
            Item(
                part.no,
                _part_parameters(part, usage[part.no], rng),
                manufacturing_policy=MTO if part.mto else ManufacturingPolicy.MAKE_TO_STOCK,
                unit_cost=part.cost,
            )
        )
    item_map = {item.no: item for item in items}
    # Made items cost what their components cost (bikes: 55 % of the list price).
    for no in sorted(boms, key=lambda n: _depth(n, boms)):  # components first
        if item_map[no].unit_cost:
            continue
        cost = sum(
            (line.qty_per * item_map[line.component].unit_cost for line in boms[no]), Decimal(0)
        )
        item_map[no] = replace(item_map[no], unit_cost=cost.quantize(Decimal("0.01")))
    item_map = {no: with_costs(item_map[no]) for no in nos}
    items = [item_map[no] for no in nos]

    docs = _Documents(rng, calendar, start)
    _bike_sales(docs, bikes, start_date)
    spare_rates = _spare_sales(docs, parts)
    skus = _sku_cards(item_map, bikes, spare_rates)
    _stock(docs, bikes, items, usage, spare_rates)
    _open_orders(docs, bikes, parts, boms, usage, item_map)

    snapshot = build_snapshot(
        items=items,
        locations=[
            Location(MAIN, outbound_handling=_D1),
            Location(EAST, inbound_handling=_D1),
            Location(WEST, inbound_handling=_D1),
        ],
        skus=skus,
        inventory=docs.inventory,
        demand=docs.demand,
        supply=docs.supply,
        calendar=calendar,
        shop=build_shop(calendar, item_map),
    )
    options = PlanningOptions(start=start, end=start + 7 * HORIZON_WEEKS, work_date=start)
    return snapshot, options


def _depth(no: str, boms: dict[str, tuple[BomLine, ...]]) -> int:
    lines = boms.get(no, ())
    return 1 + max((_depth(line.component, boms) for line in lines), default=0)


def _sku_cards(
    items: dict[str, Item], bikes: list[_Bike], spare_rates: dict[str, int]
) -> list[Sku]:
    """Bikes and spare parts at the distribution centers, replenished from MAIN."""
    cards: list[Sku] = []
    for location, shipping in DISTRIBUTION_CENTERS.items():
        transfer = {
            "replenishment": Replenishment.TRANSFER,
            "transfer_from": MAIN,
            "transfer_shipping_time": shipping,
            "lead_time": DateFormula(),
            "safety_lead_time": DateFormula(),
        }
        for bike in bikes:
            if bike.model.make_to_order:
                continue
            adult = not bike.model.code.startswith("KID")
            params = items[bike.no].parameters.overridden(
                {**transfer, "safety_stock": Decimal(2 if adult else 0)}
            )
            cards.append(Sku(SkuKey(bike.no, "", location), params))
        for no, rate in spare_rates.items():
            params = items[no].parameters.overridden(
                {
                    **transfer,
                    "reordering_policy": FRQ,
                    "time_bucket": _W1,
                    "safety_stock": Decimal(rate),
                    "reorder_point": Decimal(rate * 2),
                    "reorder_qty": _up(rate * 4, 5),
                    "order_multiple": Decimal(5),
                    "min_order_qty": Decimal(0),
                }
            )
            cards.append(Sku(SkuKey(no, "", location), params))
    return cards


def _keeps_stock(params: PlanningParameters) -> bool:
    return bool(params.safety_stock or params.reorder_point or params.max_inventory)


def _stock(
    docs: _Documents,
    bikes: list[_Bike],
    items: list[Item],
    usage: dict[str, float],
    spare_rates: dict[str, int],
) -> None:
    rng = docs.rng
    stocked = {bike.no for bike in bikes if not bike.model.make_to_order}
    for item in items:
        key = SkuKey(item.no, "", MAIN)
        weekly = usage[item.no]
        if item.manufacturing_policy is MTO:
            continue  # made or bought for one customer order, never kept
        if item.no in stocked:
            # The distribution centers hold about a month of sales.
            monthly = weekly * 52 / 12 / 2.3
            docs.stock(key, round(monthly * rng.uniform(0, 0.5)))
            for location in DISTRIBUTION_CENTERS:
                docs.stock(SkuKey(item.no, "", location), round(monthly * rng.uniform(0.6, 1.4)))
        elif _keeps_stock(item.parameters):
            # Never empty: a SKU that must hold stock but has no record at
            # MAIN would be planned at the blank location.
            docs.stock(key, _up(weekly * rng.uniform(0.3, 3.0)))
        elif item.bom:
            if item.parameters.reordering_policy is not None and rng.random() < 0.4:
                docs.stock(key, round(weekly * rng.uniform(0.1, 0.8)))
        elif rng.random() > 0.08:
            docs.stock(key, round(weekly * rng.uniform(0.3, 3.0)))
    for no, rate in spare_rates.items():
        for location in DISTRIBUTION_CENTERS:
            docs.stock(SkuKey(no, "", location), rng.randint(rate, rate * 4))


def _open_orders(
    docs: _Documents,
    bikes: list[_Bike],
    parts: list[_Part],
    boms: dict[str, tuple[BomLine, ...]],
    usage: dict[str, float],
    items: dict[str, Item],
) -> None:
    """Purchase orders, production orders and transfers already in the system."""
    rng = docs.rng
    for part in parts:
        if part.policy is ORDER or rng.random() > 0.45:
            continue
        for _ in range(rng.randint(1, 2)):
            released = rng.random() < 0.3
            docs.supply.append(
                Supply(
                    docs.number("PO", 24001),
                    SupplyType.PURCHASE,
                    SkuKey(part.no, "", MAIN),
                    docs.working(rng.randint(2, 49)),
                    _up(usage[part.no] * rng.uniform(1.0, 4.0), part.multiple),
                    status=SupplyStatus.RELEASED if released else SupplyStatus.OPEN,
                )
            )
    stocked = [b for b in bikes if not b.model.make_to_order]
    for bike in rng.sample(stocked, 8):
        docs.supply.append(
            Supply(
                docs.number("PRD", 3001),
                SupplyType.PRODUCTION,
                SkuKey(bike.no, "", MAIN),
                docs.working(rng.randint(3, 15)),
                Decimal(rng.randint(2, 6) * 5),
                status=SupplyStatus.FIRM_PLANNED,
            )
        )
    subassemblies = sorted(
        no
        for no in boms
        if no.split("-", 1)[0] in ("FP", "WS", "BP") and items[no].manufacturing_policy is not MTO
    )
    for no in rng.sample(subassemblies, 5):
        docs.supply.append(
            Supply(
                docs.number("PRD", 3001),
                SupplyType.PRODUCTION,
                SkuKey(no, "", MAIN),
                docs.working(rng.randint(1, 6)),
                Decimal(rng.randint(2, 8) * 5),
                status=SupplyStatus.RELEASED,
            )
        )
    # Bikes on the truck to the distribution centers.
    for bike in rng.sample(stocked, 4):
        location = rng.choice(sorted(DISTRIBUTION_CENTERS))
        receipt = docs.working(rng.randint(4, 8))
        shipped = receipt - DISTRIBUTION_CENTERS[location].days_from(receipt)
        number = docs.number("TO", 5001)
        qty = Decimal(rng.randint(2, 8))
        docs.demand.append(
            Demand(number, DemandType.TRANSFER_OUT, SkuKey(bike.no, "", MAIN), shipped, qty)
        )
        docs.supply.append(
            Supply(number, SupplyType.TRANSFER_IN, SkuKey(bike.no, "", location), receipt, qty)
        )
