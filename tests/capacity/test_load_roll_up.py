"""The capacity load report rolls a work center's machine centers up into its row."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from taktplan.capacity.load_report import Bucket, LoadRow, capacity_load
from taktplan.capacity.order_schedule import ScheduledOperation
from taktplan.capacity.resources import MachineCenter, Shop, WorkCenter, build_shop
from taktplan.shopfloor.export import load_as_json, write_csv
from tests.capacity.shop import at, calendar, day

MONDAY, WEDNESDAY = "2027-01-04", "2027-01-06"


def _shop() -> Shop:
    """WELD: two hand welders (capacity 2, infinite) and two robots, ROBOT-1
    finite at 90 %, ROBOT-2 infinite; PAINT has no machine centers. Every
    weekday has 480 working minutes."""
    return build_shop(
        [calendar()],
        [WorkCenter("WELD", "STD", capacity=Decimal(2)), WorkCenter("PAINT", "STD")],
        [
            MachineCenter("ROBOT-1", "WELD", critical_load_pct=Decimal(90)),
            MachineCenter("ROBOT-2", "WELD"),
        ],
    )


def _op(resource: str, iso: str, minutes: int) -> ScheduledOperation:
    """``minutes`` of load on ``resource``, all of it on that day."""
    return ScheduledOperation(
        f"PRD-{resource}-{iso}", "10", resource, 0, minutes, ((at(iso, "08:00"), at(iso, "09:00")),)
    )


OPERATIONS = [
    _op("WELD", MONDAY, 300),
    _op("ROBOT-1", MONDAY, 450),
    _op("ROBOT-2", MONDAY, 400),
    _op("PAINT", MONDAY, 120),
    _op("WELD", WEDNESDAY, 900),
    _op("ROBOT-1", WEDNESDAY, 480),
    _op("ROBOT-2", WEDNESDAY, 500),
]


def _figures(rows: list[LoadRow], resource: str) -> list[tuple[object, ...]]:
    return [
        (r.period - day(MONDAY), r.load, r.available, r.allowed, r.used_pct, r.overloaded)
        for r in rows
        if r.resource == resource
    ]


def test_a_work_center_row_adds_its_machine_centers_load_and_capacity() -> None:
    """Monday: load 300 + 450 + 400 = 1150 of 2 x 480 + 480 + 480 = 1920 available
    (59.9 %); allowed 960 + 90 % of 480 = 432 + 480 = 1872, not overloaded, though
    ROBOT-1 is over its 432 on its own row (450 = 93.8 %). Wednesday: 900 + 480 + 500
    = 1880 of 1920 is 97.9 % but above the 1872 allowed: overloaded. Tuesday is idle."""
    rows = capacity_load(OPERATIONS, _shop(), day(MONDAY), day(WEDNESDAY))
    assert _figures(rows, "WELD") == [
        (0, 1150, 1920, Decimal(1872), Decimal("59.9"), False),
        (1, 0, 1920, Decimal(1872), Decimal("0.0"), False),
        (2, 1880, 1920, Decimal(1872), Decimal("97.9"), True),
    ]
    weld = rows[[r.resource for r in rows].index("WELD")]
    assert weld.machine_centers == ("ROBOT-1", "ROBOT-2")
    assert weld.limit_pct is None  # 100, 90 and 100 %: no single limit
    # Machine center rows and a work center without machine centers stay as they are.
    assert _figures(rows, "ROBOT-1")[0] == (0, 450, 480, Decimal(432), Decimal("93.8"), True)
    assert _figures(rows, "ROBOT-2")[2] == (2, 500, 480, Decimal(480), Decimal("104.2"), True)
    assert _figures(rows, "PAINT")[0] == (0, 120, 480, Decimal(480), Decimal("25.0"), False)
    assert {r.machine_centers for r in rows if r.resource != "WELD"} == {()}


def test_asking_for_the_work_center_alone_still_rolls_up_per_week() -> None:
    """The week of Monday, three of its days: 1150 + 1880 = 3030 of 3 x 1920 = 5760
    (52.6 %), allowed 3 x 1872 = 5616."""
    [week] = capacity_load(
        OPERATIONS, _shop(), day(MONDAY), day(WEDNESDAY), Bucket.WEEK, resources=["WELD"]
    )
    assert (week.resource, week.load, week.available, week.allowed) == ("WELD", 3030, 5760, 5616)
    assert (week.used_pct, week.overloaded) == (Decimal("52.6"), False)


def test_json_and_csv_name_the_machine_centers_of_a_roll_up(tmp_path: Path) -> None:
    rows = capacity_load(OPERATIONS, _shop(), day(MONDAY), day(MONDAY), resources=["WELD", "PAINT"])
    [paint, weld] = load_as_json(rows)
    assert weld == {
        "resource": "WELD",
        "period": MONDAY,
        "load_minutes": 1150,
        "available_minutes": 1920,
        "used_pct": "59.9",
        "limit_pct": None,
        "allowed_minutes": "1872",
        "overloaded": False,
        "machine_centers": ["ROBOT-1", "ROBOT-2"],
    }
    assert (paint["limit_pct"], paint["machine_centers"]) == ("100", [])
    out = tmp_path / "load.csv"
    write_csv(out, [paint, weld])
    with out.open(encoding="utf-8") as handle:
        cells = [(r["resource"], r["machine_centers"]) for r in csv.DictReader(handle)]
    assert cells == [("PAINT", ""), ("WELD", "ROBOT-1 ROBOT-2")]
