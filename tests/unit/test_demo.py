"""The demo company Velotakt Works and ``takt demo``.

The world is built as of a fixed day (Monday 2027-03-01) so that the numbers
below do not depend on when the tests run; ``takt demo`` itself builds as of
today, and its test compares the database with a plan of today's world.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from taktplan.capacity.load_report import Bucket, capacity_load
from taktplan.capacity.order_schedule import schedule_backward
from taktplan.capacity.resources import CostBasis
from taktplan.demo import COMPANY_NAME, build_demo_company
from taktplan.demo.summary import lines_by_action_and_warning, top_shortages, world_shape
from taktplan.domain.dates import from_day, to_day
from taktplan.domain.documents import DemandType, SupplyStatus, SupplyType
from taktplan.domain.item import ManufacturingPolicy, ReorderingPolicy, Replenishment
from taktplan.domain.snapshot import Snapshot
from taktplan.planning import Action, PlanningOptions, PlanResult, Warning, plan
from taktplan.storage import load_error_log, load_snapshot, load_worksheet, make_engine
from tests.unit.test_input_errors import run_cli, squeezed

TODAY = dt.date(2027, 3, 1)


@pytest.fixture(scope="module")
def world() -> tuple[Snapshot, PlanningOptions]:
    return build_demo_company(seed=7, today=TODAY)


@pytest.fixture(scope="module")
def result(world: tuple[Snapshot, PlanningOptions]) -> PlanResult:
    return plan(*world)


def test_the_company_has_a_few_hundred_items_in_deep_structures(
    world: tuple[Snapshot, PlanningOptions],
) -> None:
    snapshot, _ = world
    shape = world_shape(snapshot)
    # 48 bikes (9 models in sizes and colours), 48 painted and 24 raw frames,
    # 9 wheel sets with 18 wheels, 7 drivetrain and 4 e-drive kits, 4 battery
    # packs and 4 cell modules, 5 phantom cockpit kits; 173 purchased parts.
    assert (shape.items, shape.made_items, shape.purchased_items) == (344, 171, 173)
    assert shape.items >= 250
    # Bike -> e-drive kit -> battery pack -> cell module -> cells.
    assert shape.bom_levels == max(snapshot.low_level_codes.values()) == 4
    assert snapshot.low_level_codes["BK-ETREK-M-GRY"] == 0
    assert snapshot.low_level_codes["CE-21700"] == 4
    assert snapshot.low_level_codes["TS-ETREK"] == 3
    # A shared part: every 28-inch wheel of four models uses the same tube.
    users = {
        no for no, item in snapshot.items.items() for ln in item.bom if ln.component == "TU-28"
    }
    assert users == {"WF-CITY", "WR-CITY", "WF-TREK", "WR-TREK", "WF-GRVL", "WR-GRVL"} | {
        "WF-E28",
        "WR-E28",
    }
    phantoms = {ln.component for item in snapshot.items.values() for ln in item.bom if ln.phantom}
    assert phantoms == {"CK-CITY", "CK-SPORT", "CK-MTB", "CK-DROP", "CK-KID"}


def test_three_locations_and_the_distribution_centers_transfer_from_main(
    world: tuple[Snapshot, PlanningOptions],
) -> None:
    snapshot, _ = world
    assert snapshot.locations == ("MAIN", "EAST", "WEST")
    assert snapshot.location("MAIN").outbound_handling.days_from(0) == 1
    assert snapshot.location("EAST").inbound_handling.days_from(0) == 1
    # 46 stocked bikes and 8 spare parts at each distribution center.
    assert len(snapshot.skus) == 110
    by_location = Counter(key.location for key in snapshot.skus)
    assert by_location == {"EAST": 55, "WEST": 55}
    for sku in snapshot.skus.values():
        assert sku.parameters.replenishment is Replenishment.TRANSFER
        assert sku.parameters.transfer_from == "MAIN"
    shipping = {
        key.location: sku.parameters.transfer_shipping_time for key, sku in snapshot.skus.items()
    }
    assert (shipping["EAST"].days_from(0), shipping["WEST"].days_from(0)) == (2, 3)


def test_a_mix_of_policies_and_documents(world: tuple[Snapshot, PlanningOptions]) -> None:
    snapshot, options = world
    policies = Counter(item.parameters.reordering_policy for item in snapshot.items.values())
    assert policies == {
        ReorderingPolicy.LOT_FOR_LOT: 289,
        ReorderingPolicy.FIXED_REORDER_QTY: 23,
        ReorderingPolicy.MAXIMUM_QTY: 14,
        ReorderingPolicy.ORDER: 13,
        None: 5,  # the phantom cockpit kits are never planned on their own
    }
    mto = {
        no
        for no, item in snapshot.items.items()
        if item.manufacturing_policy is ManufacturingPolicy.MAKE_TO_ORDER
    }
    assert {"BK-CARGO-BLK", "FR-CARGO", "ED-CARGO", "CX-BOX"} <= mto
    cells = snapshot.items["CE-21700"].parameters
    assert cells.reorder_point > 0 and cells.reorder_qty > 0 and cells.order_multiple == 500
    demand = Counter(d.type for d in snapshot.demand)
    assert demand[DemandType.SALES] > 300
    assert demand[DemandType.FORECAST] == 46 * 2 * 4  # stocked bikes x DCs x months
    assert demand[DemandType.BLANKET] == 1
    assert demand[DemandType.TRANSFER_OUT] == 4
    assert any(d.blanket_id == "BO-7001" for d in snapshot.demand)
    assert any(d.date < options.start for d in snapshot.demand if d.type is DemandType.SALES)
    supply = Counter((s.type, s.status) for s in snapshot.supply)
    assert supply[(SupplyType.PRODUCTION, SupplyStatus.FIRM_PLANNED)] == 8
    assert supply[(SupplyType.PRODUCTION, SupplyStatus.RELEASED)] == 5
    assert supply[(SupplyType.TRANSFER_IN, SupplyStatus.OPEN)] == 4
    assert supply[(SupplyType.PURCHASE, SupplyStatus.OPEN)] > 50
    assert supply[(SupplyType.PURCHASE, SupplyStatus.RELEASED)] > 10
    assert len(snapshot.inventory) > 300


def test_weekday_calendar_with_a_holiday_and_a_twelve_week_horizon(
    world: tuple[Snapshot, PlanningOptions],
) -> None:
    snapshot, options = world
    assert options.start == options.work_date == to_day(TODAY)
    assert options.end == to_day(dt.date(2027, 5, 24))
    assert snapshot.calendar.non_working_weekdays == {5, 6}
    in_horizon = sorted(
        from_day(d) for d in snapshot.calendar.holidays if options.start <= d <= options.end
    )
    # Stock-taking Friday five weeks on, and Labour Day.
    assert in_horizon == [dt.date(2027, 4, 9), dt.date(2027, 5, 1)]


def test_a_shop_with_two_calendars_seven_work_centers_and_two_robots(
    world: tuple[Snapshot, PlanningOptions],
) -> None:
    snapshot, options = world
    shop = snapshot.shop
    day_shift, two_shifts = shop.calendars
    monday = to_day(TODAY)
    assert (day_shift.code, day_shift.minutes(monday)) == ("DAY", 480)  # 07:00-15:30, 30' break
    assert day_shift.periods(monday)[0][1] - day_shift.periods(monday)[0][0] == 270
    assert (two_shifts.code, two_shifts.minutes(monday)) == ("2SHIFT", 960)
    assert day_shift.minutes(monday + 5) == 0  # Saturday
    # The company's holidays stop the shop too: stock-taking Friday is in the horizon.
    stock_taking = to_day(dt.date(2027, 4, 9))
    assert stock_taking in day_shift.holidays and stock_taking in two_shifts.holidays
    assert day_shift.minutes(stock_taking) == two_shifts.minutes(stock_taking) == 0
    assert options.start <= stock_taking <= options.end
    assert [c.code for c in shop.work_centers] == [
        "CUT", "WELD", "PAINT", "COAT", "WHEEL", "BATTERY", "ASSEMBLY",
    ]  # fmt: skip
    assert {(m.code, m.work_center) for m in shop.machine_centers} == {
        ("ROBOT-1", "WELD"),
        ("ROBOT-2", "WELD"),
    }
    paint, coat = shop.resources["PAINT"], shop.resources["COAT"]
    assert paint.finite and paint.critical_load_pct == 90
    assert (coat.subcontractor, coat.cost_basis, coat.unit_cost) == (
        "V-COAT",
        CostBasis.UNIT,
        Decimal("9.80"),
    )
    assert shop.resources["ROBOT-1"].calendar.code == "2SHIFT"
    assert all(center.overhead_rate > 0 for center in shop.work_centers if center.code != "COAT")


def test_every_produced_item_has_a_routing_using_each_component_once(
    world: tuple[Snapshot, PlanningOptions],
) -> None:
    snapshot, _ = world
    made = {no for no, item in snapshot.items.items() if item.bom}
    phantoms = {ln.component for item in snapshot.items.values() for ln in item.bom if ln.phantom}
    assert set(snapshot.shop.routings) == made - phantoms
    assert len(snapshot.shop.routings) == 171 - 5
    for no, routing in snapshot.shop.routings.items():
        linked = [c for op in routing.operations for c in op.components]
        assert sorted(linked) == sorted(ln.component for ln in snapshot.items[no].bom), no
    bike = snapshot.shop.routing("BK-ETREK-M-GRY")
    assert bike is not None
    build, final = bike.operations
    assert (build.resource, build.setup_time, build.run_time) == ("ASSEMBLY", 15, 31)
    assert build.components == ("FP-ETREK-M-GRY", "WS-E28", "DT-E1X10", "CK-SPORT", "ED-ETREK")
    assert "PK-L" in final.components
    frame = snapshot.shop.routing("FR-ETREK-M")
    assert frame is not None
    assert [(op.resource, op.alternatives) for op in frame.operations] == [
        ("CUT", ()),
        ("ROBOT-2", ("ROBOT-1", "WELD")),
    ]
    painted = snapshot.shop.routing("FP-CITY-M-WHT")
    assert painted is not None
    assert [op.resource for op in painted.operations] == ["PAINT", "COAT"]
    assert painted.operations[1].wait_time == 960


def test_painted_frames_are_light_or_dark_and_colour_changes_cost_time(
    world: tuple[Snapshot, PlanningOptions],
) -> None:
    snapshot, _ = world
    items = snapshot.items
    shades = {no: item.attributes["colour"] for no, item in items.items() if no.startswith("FP-")}
    assert len(shades) == 48 and set(shades.values()) == {"light", "dark"}
    white, black = items["FP-CITY-M-WHT"].attributes, items["FP-MTB-L-BLK"].attributes
    assert white == {"colour": "light", "paint": "WHT"}
    assert black == {"colour": "dark", "paint": "BLK"}
    matrix = snapshot.shop.changeovers
    assert matrix.minutes_at("PAINT", black, white) == 45 + 10  # clean booth, change powder
    assert matrix.minutes_at("PAINT", white, black) == 15 + 10
    assert matrix.minutes_at("PAINT", black, items["FP-EMTB-M-BLK"].attributes) == 0
    assert matrix.minutes_at("CUT", black, white) == 0
    trek, mtb = items["FR-TREK-M"].attributes, items["FR-MTB-M"].attributes
    assert trek == {"fixture": "TREK"}
    assert matrix.minutes_at(("ROBOT-2", "WELD"), trek, mtb) == 25  # the robot's work center
    assert items["WF-E29"].attributes == {"rim": "29E"}


def test_cost_fields_on_items(world: tuple[Snapshot, PlanningOptions]) -> None:
    snapshot, _ = world
    cells, saddle = snapshot.items["CE-21700"], snapshot.items["SA-COMFORT"]
    assert (cells.standard_cost, cells.indirect_cost_pct) == (Decimal("2.9"), 6)
    assert (saddle.standard_cost, saddle.indirect_cost_pct) == (Decimal(16), 4)
    bike = snapshot.items["BK-ETREK-M-GRY"]
    assert (bike.overhead_rate, bike.standard_cost, bike.indirect_cost_pct) == (
        Decimal("18.50"),
        0,
        0,
    )
    assert all(
        item.overhead_rate > 0
        for no, item in snapshot.items.items()
        if no in snapshot.shop.routings
    )
    # Made items below the bike cost what their components cost, rolled up from the bottom:
    # tube set 48 + 0.4 kg of white powder at 11 + decals 3.
    assert snapshot.items["FR-CITY-M"].unit_cost == Decimal("48.00")
    assert snapshot.items["FP-CITY-M-WHT"].unit_cost == Decimal("55.40")


def _weekly_load(
    snapshot: Snapshot, options: PlanningOptions, result: PlanResult
) -> dict[str, list[Decimal]]:
    """% used per work or machine center and week of the horizon, of the production orders
    after the plan (existing ones as changed, new ones added) scheduled backward."""
    orders = {
        s.id: (s.sku.item, s.qty, s.date)
        for s in snapshot.supply
        if s.type is SupplyType.PRODUCTION
    }
    for line in result.lines:
        if line.replenishment is not Replenishment.PRODUCTION:
            continue
        if line.action is Action.NEW:
            orders[f"new {line.line_no}"] = (line.sku.item, line.qty, line.due_date)
        elif line.action is Action.CANCEL:
            del orders[line.ref or ""]
        else:
            orders[line.ref or ""] = (line.sku.item, line.qty, line.due_date)
    operations = []
    for order, (item, qty, due) in orders.items():
        routing = snapshot.shop.routing(item)
        assert routing is not None, item
        schedule = schedule_backward(order, routing, qty, due, snapshot.shop.resources)
        operations += schedule.operations
    last_week = options.end - 7  # the last week holds only orders of demand beyond the end
    rows = capacity_load(operations, snapshot.shop.resources, options.start, last_week, Bucket.WEEK)
    load: dict[str, list[Decimal]] = {}
    for row in rows:
        load.setdefault(row.resource, []).append(row.used_pct)
    return load


def test_the_plans_production_loads_the_shop_like_a_real_one(
    world: tuple[Snapshot, PlanningOptions], result: PlanResult
) -> None:
    """Main centers average 55-110 % over the weeks of the plan, and many of their weeks
    lie between 60 and 110 %. Which weeks depends on how the plan dates the orders:
    monthly forecasts and a week's lot accumulation make some weeks peak far above
    (work for finite loading), others nearly idle."""
    load = _weekly_load(*world, result)
    main = ("CUT", "ROBOT-1", "ROBOT-2", "PAINT", "WHEEL", "BATTERY", "ASSEMBLY")
    assert len(load["ASSEMBLY"]) == 12  # 2027-03-01 to the week of 2027-05-17
    for code in main:
        weeks = load[code]
        assert 55 <= sum(weeks) / len(weeks) <= 110, (code, weeks)
    in_range = [(code, pct) for code in main for pct in load[code] if 60 <= pct <= 110]
    assert len(in_range) >= 5, load
    assert max(load["PAINT"]) > 90  # above its critical load %
    assert max(load["COAT"]) < 60  # the coating vendor has room
    # Hand welding only stands in for the robots: WELD's row, which includes them, holds
    # their load on four units (two welders, two robots).
    for weld, *robots in zip(load["WELD"], load["ROBOT-1"], load["ROBOT-2"], strict=True):
        assert abs(weld - sum(robots) / 4) <= Decimal("0.1"), (weld, robots)


def test_same_seed_and_day_give_the_same_world_and_plan(
    world: tuple[Snapshot, PlanningOptions], result: PlanResult
) -> None:
    again = build_demo_company(seed=7, today=TODAY)
    assert again == world
    assert plan(*again).lines == result.lines
    other, _ = build_demo_company(seed=8, today=TODAY)
    assert other.items.keys() == world[0].items.keys()
    assert other.demand != world[0].demand


def test_the_plan_has_every_kind_of_suggestion_and_no_errors(result: PlanResult) -> None:
    assert result.error_log == ()
    assert not result.stopped_early
    actions = Counter(line.action for line in result.lines)
    assert len(actions) >= 3
    assert actions[Action.NEW] > 1000
    assert actions[Action.CANCEL] > 0
    assert actions[Action.RESCHED_AND_CHG_QTY] + actions[Action.RESCHEDULE] > 0
    warnings = Counter(line.warning for line in result.lines)
    assert warnings[Warning.EMERGENCY] > 0
    assert warnings[Warning.EXCEPTION] > 0
    assert warnings[Warning.ATTENTION] > 0
    # Every line is at a real location; transfers reach both distribution centers.
    assert {line.sku.location for line in result.lines} == {"MAIN", "EAST", "WEST"}
    at_centers = {ln.replenishment for ln in result.lines if ln.sku.location != "MAIN"}
    assert at_centers == {Replenishment.TRANSFER}
    table = lines_by_action_and_warning(result)
    assert sum(sum(row.values()) for row in table.values()) == len(result.lines)
    assert list(table) == list(Action)


def test_the_cargo_bike_is_made_to_order(result: PlanResult) -> None:
    cargo = [ln for ln in result.lines if ln.sku.item in ("BK-CARGO-BLK", "BK-CARGO-SND")]
    boxes = [ln for ln in result.lines if ln.sku.item == "CX-BOX"]
    assert cargo and all(ln.action is Action.NEW for ln in cargo)
    # One custom box per cargo bike ordered, bought order by order.
    assert sum(ln.qty for ln in boxes) == sum(ln.qty for ln in cargo)


def test_top_shortages_are_late_new_orders_by_value(
    world: tuple[Snapshot, PlanningOptions], result: PlanResult
) -> None:
    snapshot, options = world
    shortages = top_shortages(snapshot, result, options.work_date)
    assert len(shortages) == 10
    values = [s.value for s in shortages]
    assert values == sorted(values, reverse=True)
    for shortage in shortages:
        late = [
            ln
            for ln in result.lines
            if ln.sku == shortage.sku
            and ln.action is Action.NEW
            and (ln.starting_date < options.work_date or ln.warning is Warning.EMERGENCY)
        ]
        assert shortage.lines == len(late)
        assert shortage.qty == sum(ln.qty for ln in late)
        assert shortage.value == shortage.qty * snapshot.items[shortage.sku.item].unit_cost
    assert len(top_shortages(snapshot, result, options.work_date, limit=3)) == 3


def test_takt_demo_stores_the_company_and_its_worksheet(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/demo.db"
    first = run_cli("demo", "--db", url)
    assert first.exit_code == 0, first.output
    text = squeezed(first.output)
    for expected in (
        COMPANY_NAME,
        "344items",
        "shop: 7 work centers (2 machine centers), 2 shop calendars, 166 routings",
        "Worksheetlinesbyactionandwarning",
        "Top10shortages",
    ):
        assert squeezed(expected) in text
    assert squeezed(f"{tmp_path}/demo.db") in text
    assert "taktworksheet--db" in text
    # A second run replaces the world and the worksheet instead of adding to them.
    second = run_cli("demo", "--db", url, "--seed", "7")
    assert second.exit_code == 0, second.output
    snapshot, options = build_demo_company(seed=7)
    expected_lines = plan(snapshot, options).lines
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            stored = load_snapshot(session)
            worksheet = load_worksheet(session)
            assert load_error_log(session) == []
    finally:
        engine.dispose()
    assert len(stored.items) == len(snapshot.items) == 344
    assert len(stored.skus) == 110
    assert stored.shop == snapshot.shop
    assert stored.items["FP-CITY-M-WHT"] == snapshot.items["FP-CITY-M-WHT"]
    assert len(worksheet) == len(expected_lines)
    assert [(ln.sku, ln.action, ln.qty) for ln in worksheet] == [
        (ln.sku, ln.action, ln.qty) for ln in expected_lines
    ]
    assert f"{len(expected_lines)}worksheetlines" in text


def test_takt_demo_rejects_an_unknown_database_scheme() -> None:
    result = run_cli("demo", "--db", "mysql://somewhere/db")
    assert result.exit_code == 2
    assert "unsupported database scheme" in result.output


def test_the_demo_exported_to_csv_and_imported_elsewhere_plans_the_same(tmp_path: Path) -> None:
    """Round trip: takt demo -> takt export (CSV folder) -> takt import into an empty
    database gives the same world, shop included; takt plan on both databases gives the
    same worksheet, line for line."""
    first, second = (f"sqlite:///{tmp_path}/{name}.db" for name in ("first", "second"))
    assert run_cli("demo", "--db", first, "--seed", "7").exit_code == 0
    exported = run_cli("export", str(tmp_path / "csv"), "--db", first)
    assert exported.exit_code == 0, exported.output
    imported = run_cli("import", str(tmp_path / "csv"), "--db", second)
    assert imported.exit_code == 0, imported.output
    worksheets = []
    worlds = []
    for url in (first, second):
        planned = run_cli("plan", "--db", url, "--from", "2026-11-30", "--to", "2027-02-26")
        assert planned.exit_code == 0, planned.output
        engine = make_engine(url)
        try:
            with Session(engine) as session:
                worksheets.append(load_worksheet(session))
                worlds.append(load_snapshot(session))
        finally:
            engine.dispose()
    assert len(worksheets[0]) > 300
    assert worksheets[0] == worksheets[1]
    assert worlds[0] == worlds[1]
    assert len(worlds[1].shop.routings) == 166
