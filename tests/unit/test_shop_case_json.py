"""The shop in a case file (docs/shop-data.md): read, written back, and rejected when bad.

The world is the frame shop of :mod:`tests.shop_case`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from taktplan.capacity.resources import CostBasis
from taktplan.capacity.shop_calendar import Shift
from taktplan.domain.dates import to_day
from taktplan.errors import InputError
from taktplan.io.case_json import parse_case, read_case
from taktplan.io.records import record_counts, write_case_json
from tests.shop_case import shop_case
from tests.unit.test_input_errors import mentions, run_cli, write_case

EXIT_BAD_INPUT = 2


def day(iso: str) -> int:
    return to_day(dt.date.fromisoformat(iso))


# ---------------------------------------------------------------- reading


def test_calendars_give_shifts_per_weekday_and_holidays() -> None:
    shop = parse_case(shop_case()).snapshot.shop
    workday, twoshift = shop.calendars
    assert workday.code == "DAY"
    assert workday.weekly[0] == (Shift(420, 690), Shift(720, 930))  # 07:00-11:30 12:00-15:30
    assert workday.weekly[4] == (Shift(420, 720),)  # the short Friday
    assert workday.weekly[5:] == ((), ())
    # Monday 2027-01-04: 270 + 210 minutes; Wednesday the 6th is a holiday; Friday 300.
    assert [workday.minutes(day(f"2027-01-{d:02d}")) for d in range(4, 11)] == [
        480, 480, 0, 480, 300, 0, 0,
    ]  # fmt: skip
    assert workday.holidays == {day("2027-01-06"), day("2027-04-02")}
    assert twoshift.minutes(day("2027-01-06")) == 960  # no holidays in this calendar
    assert twoshift.minutes(day("2027-01-09")) == 360  # Saturday morning
    assert twoshift.minutes(day("2027-01-10")) == 0


def test_work_and_machine_centers_keep_every_setting() -> None:
    shop = parse_case(shop_case()).snapshot.shop
    weld = shop.resources["WELD"]
    assert (weld.capacity, weld.efficiency_pct, weld.unit_cost) == (2, 90, 48)
    assert (weld.indirect_cost_pct, weld.overhead_rate, weld.queue_time) == (10, 6, 30)
    assert (weld.critical_load_pct, weld.dampener_pct, weld.finite) == (95, 5, True)
    assert weld.calendar.code == "2SHIFT"
    coat = shop.resources["COAT"]
    assert (coat.cost_basis, coat.unit_cost, coat.subcontractor) == (
        CostBasis.UNIT,
        Decimal("2.5"),
        "V-COAT",
    )
    assert coat.critical_load_pct is None and not coat.finite
    cut = shop.resources["CUT"]  # defaults
    assert (cut.capacity, cut.efficiency_pct, cut.cost_basis, cut.queue_time) == (
        1,
        100,
        CostBasis.TIME,
        0,
    )
    robot = shop.resources["ROBOT-1"]
    assert (robot.kind, robot.work_center, robot.calendar.code) == (
        "machine center",
        "WELD",
        "2SHIFT",
    )
    assert (robot.efficiency_pct, robot.unit_cost) == (110, 60)


def test_routings_keep_operations_in_order_with_their_links() -> None:
    shop = parse_case(shop_case()).snapshot.shop
    frame = shop.routing("FRAME")
    assert frame is not None
    assert [op.no for op in frame.operations] == ["10", "20", "30", "40"]
    cut, weld, paint, coat = frame.operations
    assert (cut.setup_time, cut.run_time, cut.move_time, cut.components) == (
        20,
        Decimal("4.5"),
        30,
        ("TUBE",),
    )
    assert weld.alternatives == ("ROBOT-2", "WELD")
    assert (paint.wait_time, paint.components) == (240, ("POWDER",))
    assert (coat.unit_cost_per, coat.description, coat.run_time) == (
        Decimal("2.8"),
        "powder coat, outside",
        0,
    )
    assert cut.unit_cost_per is None
    assert shop.routing("WHEEL") is None


def test_changeovers_and_item_attributes() -> None:
    snapshot = parse_case(shop_case()).snapshot
    matrix = snapshot.shop.changeovers
    frame = snapshot.items["FRAME"]
    assert frame.attributes == {"colour": "dark", "finish": "matt"}
    light = {"colour": "light", "finish": "matt"}
    assert matrix.minutes_at("PAINT", light, frame.attributes) == 20
    assert matrix.minutes_at("PAINT", frame.attributes, light) == 45
    assert matrix.minutes_at("CUT", light, frame.attributes) == 30  # the rule for every center
    # Red to dark gloss: the colour wildcard (30) plus the finish (10).
    assert matrix.minutes({"colour": "red", "finish": "gloss"}, frame.attributes) == 40
    assert (frame.standard_cost, frame.indirect_cost_pct, frame.overhead_rate) == (
        Decimal("85.5"),
        5,
        Decimal("1.5"),
    )
    wheel = snapshot.items["WHEEL"]
    assert (wheel.standard_cost, wheel.overhead_rate, wheel.attributes) == (0, 0, {})


def test_a_case_without_a_shop_has_none() -> None:
    case = shop_case()
    del case["shop"]
    snapshot = parse_case(case).snapshot
    assert snapshot.shop.empty
    assert "work_centers" not in record_counts(parse_case(case))


# ---------------------------------------------------------------- writing


def test_the_shop_is_written_back_and_reads_the_same(tmp_path: Path) -> None:
    case = parse_case(shop_case())
    write_case_json(tmp_path / "shop.json", case.snapshot, case.options)
    again = read_case(tmp_path / "shop.json")
    assert again.snapshot == case.snapshot
    assert again.snapshot.shop == case.snapshot.shop
    written = json.loads((tmp_path / "shop.json").read_text(encoding="utf-8"))
    # Defaults are left out; Monday to Friday differ in DAY, so every day is named.
    assert written["shop"]["calendars"] == [
        {
            "code": "DAY",
            "shifts": {
                "mon": ["07:00-11:30", "12:00-15:30"],
                "tue": ["07:00-11:30", "12:00-15:30"],
                "wed": ["07:00-11:30", "12:00-15:30"],
                "thu": ["07:00-11:30", "12:00-15:30"],
                "fri": ["07:00-12:00"],
            },
            "holidays": ["2027-01-06", "2027-04-02"],
        },
        {
            "code": "2SHIFT",
            "weekdays": ["06:00-14:00", "14:00-22:00"],
            "shifts": {"sat": ["06:00-12:00"]},
        },
    ]
    assert written["shop"]["work_centers"][3] == {
        "code": "COAT",
        "calendar": "DAY",
        "unit_cost": 2.5,
        "cost_basis": "unit",
        "subcontractor": "V-COAT",
    }
    assert written["shop"]["routings"][0]["operations"][3] == {
        "no": "40",
        "resource": "COAT",
        "wait_time": 1440,
        "unit_cost_per": 2.8,
        "description": "powder coat, outside",
    }
    assert written["shop"]["changeovers"][0] == {
        "attribute": "colour",
        "from": "light",
        "to": "dark",
        "minutes": 20,
        "resource": "PAINT",
    }
    frame = next(item for item in written["items"] if item["no"] == "FRAME")
    assert frame["attributes"] == {"colour": "dark", "finish": "matt"}
    assert (frame["standard_cost"], frame["indirect_cost_pct"], frame["overhead_rate"]) == (
        85.5,
        5,
        1.5,
    )
    wheel = next(item for item in written["items"] if item["no"] == "WHEEL")
    assert "attributes" not in wheel and "standard_cost" not in wheel


def test_a_world_without_a_shop_is_written_without_one(tmp_path: Path) -> None:
    case = shop_case()
    del case["shop"]
    parsed = parse_case(case)
    write_case_json(tmp_path / "plain.json", parsed.snapshot, parsed.options)
    assert "shop" not in json.loads((tmp_path / "plain.json").read_text(encoding="utf-8"))


def test_an_import_counts_the_shop_records() -> None:
    counts = record_counts(parse_case(shop_case()))
    assert {
        name: counts[name] for name in ("shop_calendars", "work_centers", "machine_centers")
    } == {
        "shop_calendars": 2,
        "work_centers": 5,
        "machine_centers": 2,
    }
    assert (counts["routings"], counts["routing_operations"], counts["changeovers"]) == (2, 5, 4)


# ---------------------------------------------------------------- bad input


@dataclass(frozen=True)
class BadShop:
    name: str
    mutate: Callable[[dict[str, Any]], None]
    record: str
    field: str
    says: str


def _shop(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    return lambda case: change(case["shop"])


def _frame_op(index: int, **values: Any) -> Callable[[dict[str, Any]], None]:
    return _shop(lambda shop: shop["routings"][0]["operations"][index].update(values))


BAD = [
    BadShop(
        "shift-out-of-the-day",
        _shop(lambda s: s["calendars"][0]["shifts"].update(mon=["25:00-26:00"])),
        "shop calendars[0] (code DAY)",
        "shifts",
        "mon: '25:00-26:00' is not a shift (expected HH:MM-HH:MM within 00:00-24:00",
    ),
    BadShop(
        "shift-ending-before-it-starts",
        _shop(lambda s: s["calendars"][1].update(weekdays=["22:00-06:00"])),
        "shop calendars[1] (code 2SHIFT)",
        "weekdays",
        "shift '22:00-06:00' ends before it starts (split a night shift at 24:00",
    ),
    BadShop(
        "no-such-weekday",
        _shop(lambda s: s["calendars"][0]["shifts"].update(monday=["07:00-15:00"])),
        "shop calendars[0] (code DAY)",
        "shifts",
        "'monday' is not a weekday (expected mon, tue, wed, thu, fri, sat, sun)",
    ),
    BadShop(
        "shift-text-not-a-list",
        _shop(lambda s: s["calendars"][1].update(weekdays="06:00-14:00")),
        "shop calendars[1] (code 2SHIFT)",
        "weekdays",
        "expected a list of shifts",
    ),
    BadShop(
        "overlapping-shifts",
        _shop(lambda s: s["calendars"][0]["shifts"].update(tue=["07:00-12:00", "11:00-15:00"])),
        "shop calendars[0] (code DAY)",
        "shifts",
        "tue: shifts 07:00-12:00 and 11:00-15:00 overlap",
    ),
    BadShop(
        "no-working-time",
        _shop(lambda s: s["calendars"].append({"code": "NEVER"})),
        "calendar NEVER",
        "shifts",
        "the calendar has no working time",
    ),
    BadShop(
        "holiday-not-a-date",
        _shop(lambda s: s["calendars"][0].update(holidays=["2027-02-30"])),
        "shop calendars[0] (code DAY)",
        "holidays",
        "'2027-02-30' is not a date (expected YYYY-MM-DD)",
    ),
    BadShop(
        "calendar-twice",
        _shop(lambda s: s["calendars"].append({"code": "DAY", "weekdays": ["08:00-16:00"]})),
        "calendar DAY",
        "code",
        "calendar code used twice",
    ),
    BadShop(
        "unknown-calendar",
        _shop(lambda s: s["work_centers"][1].update(calendar="3SHIFT")),
        "work center WELD",
        "calendar",
        "unknown calendar '3SHIFT'",
    ),
    BadShop(
        "zero-capacity",
        _shop(lambda s: s["work_centers"][1].update(capacity=0)),
        "shop work_centers[1] (code WELD)",
        "capacity",
        "greater than 0",
    ),
    BadShop(
        "critical-load-above-100",
        _shop(lambda s: s["work_centers"][2].update(critical_load_pct=120)),
        "shop work_centers[2] (code PAINT)",
        "critical_load_pct",
        "less than or equal to 100",
    ),
    BadShop(
        "cost-basis",
        _shop(lambda s: s["work_centers"][3].update(cost_basis="hour")),
        "shop work_centers[3] (code COAT)",
        "cost_basis",
        "Input should be 'time' or 'unit' (got 'hour')",
    ),
    BadShop(
        "queue-time-not-minutes",
        _shop(lambda s: s["work_centers"][1].update(queue_time="half an hour")),
        "shop work_centers[1] (code WELD)",
        "queue_time",
        "valid integer",
    ),
    BadShop(
        "missing-calendar",
        _shop(lambda s: s["work_centers"][0].pop("calendar")),
        "shop work_centers[0] (code CUT)",
        "calendar",
        "missing required field",
    ),
    BadShop(
        "unknown-work-center",
        _shop(lambda s: s["machine_centers"][0].update(work_center="WELDING")),
        "machine center ROBOT-1",
        "work_center",
        "unknown work center 'WELDING'",
    ),
    BadShop(
        "machine-center-named-like-a-work-center",
        _shop(lambda s: s["machine_centers"][1].update(code="CUT")),
        "machine center CUT",
        "code",
        "code used twice",
    ),
    BadShop(
        "unknown-resource",
        _frame_op(1, resource="ROBOT-3"),
        "routing FRAME operation 20",
        "resource",
        "unknown work or machine center 'ROBOT-3'",
    ),
    BadShop(
        "negative-run-time",
        _frame_op(2, run_time=-6),
        "shop routings[0] (item FRAME) operations[2] (no 30)",
        "run_time",
        "greater than or equal to 0",
    ),
    BadShop(
        "operation-no-twice",
        _frame_op(3, no="30"),
        "routing FRAME operation 30",
        "no",
        "operation no. used twice",
    ),
    BadShop(
        "component-not-on-the-bom",
        _frame_op(0, components=["TUBE", "WHEEL"]),
        "routing FRAME operation 10",
        "components",
        "component 'WHEEL' is not on the BOM of FRAME",
    ),
    BadShop(
        "routing-of-an-unknown-item",
        _shop(lambda s: s["routings"][1].update(item="TRIKE")),
        "routing TRIKE",
        "item",
        "unknown item 'TRIKE'",
    ),
    BadShop(
        "a-second-routing",
        _shop(lambda s: s["routings"].append({"item": "FRAME", "operations": []})),
        "shop routings[2] (item FRAME)",
        "item",
        "a second routing for item 'FRAME'",
    ),
    BadShop(
        "routing-without-operations",
        _shop(lambda s: s["routings"][1].update(operations=[])),
        "routing BIKE",
        "operations",
        "a routing needs operations",
    ),
    BadShop(
        "changeover-without-minutes",
        _shop(lambda s: s["changeovers"][0].pop("minutes")),
        "shop changeovers[0] (attribute colour)",
        "minutes",
        "missing required field",
    ),
    BadShop(
        "changeover-rule-twice",
        _shop(lambda s: s["changeovers"].append(dict(s["changeovers"][2], minutes=25))),
        "shop changeovers[4] (attribute colour)",
        "to",
        "a second rule for colour * -> *",
    ),
    BadShop(
        "attribute-value-not-text",
        lambda case: case["items"][1].update(attributes={"colour": 5}),
        "items[1] (no FRAME) attributes",
        "colour",
        "Input should be a valid string (got 5)",
    ),
    BadShop(
        "attribute-value-with-a-semicolon",
        lambda case: case["items"][1].update(attributes={"colour": "dark;matt"}),
        "items[1] (no FRAME)",
        "attributes",
        "value 'dark;matt' of attribute 'colour' must be non-empty, without ';'",
    ),
    BadShop(
        "negative-overhead-rate",
        lambda case: case["items"][1].update(overhead_rate="-1.5"),
        "items[1] (no FRAME)",
        "overhead_rate",
        "greater than or equal to 0",
    ),
]


@pytest.mark.parametrize("bad", BAD, ids=lambda bad: bad.name)
def test_bad_shop_input_names_record_and_field(tmp_path: Path, bad: BadShop) -> None:
    case = shop_case()
    bad.mutate(case)
    path = write_case(tmp_path, case)
    with pytest.raises(InputError) as error:
        read_case(path)
    assert (error.value.record, error.value.field) == (bad.record, bad.field)
    assert bad.says in error.value.message
    assert error.value.source == str(path)


def test_takt_plan_reports_a_bad_shift_in_one_line(tmp_path: Path) -> None:
    case = shop_case()
    case["shop"]["calendars"][0]["shifts"]["mon"] = ["25:00-26:00"]
    path = write_case(tmp_path, case)
    result = run_cli("plan", "--case", str(path))
    assert result.exit_code == EXIT_BAD_INPUT
    assert mentions(
        result.stderr,
        f"error: {path}: shop calendars[0] (code DAY): field 'shifts': "
        "mon: '25:00-26:00' is not a shift",
    )
