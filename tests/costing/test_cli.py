"""``takt cost rollup | order | plan`` on a case file (tests/costing/bike-works.json).

The case is the world of :mod:`tests.costing.world`; the figures are the ones
worked out there, rounded for display (unit costs to 5 decimals, amounts to 2).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from taktplan.io.case_json import read_case
from tests.costing.world import items, shop
from tests.unit.test_input_errors import mentions, run_cli

CASE = str(Path(__file__).with_name("bike-works.json"))
NO_SHARES = ("capacity", "subcontracted", "capacity_overhead", "manufacturing_overhead")


def _json(*args: str) -> Any:
    result = run_cli("cost", *args, "--case", CASE, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_case_is_the_world_of_the_engine_tests() -> None:
    case = read_case(CASE)
    for item in items():
        card = case.snapshot.items[item.no]
        assert (card.bom, card.scrap_pct, card.unit_cost, card.standard_cost) == (
            item.bom,
            item.scrap_pct,
            item.unit_cost,
            item.standard_cost,
        )
        assert (card.indirect_cost_pct, card.overhead_rate) == (
            item.indirect_cost_pct,
            item.overhead_rate,
        )
    assert case.snapshot.shop.routings == shop().routings
    assert case.snapshot.shop.resources == shop().resources


def test_rollup_json() -> None:
    rows = {row["item"]: row for row in _json("rollup")["items"]}
    assert list(rows) == ["BIKE", "FRAME", "PAINT", "TUBE"]
    bike = rows["BIKE"]
    assert (bike["lot_size"], bike["standard_cost"], bike["new_standard_cost"]) == (
        2,
        70,
        75.7996,  # 75.799598045
    )
    assert bike["rolled_up"] == {
        "material": 16.6372,
        "capacity": 36.38295,
        "subcontracted": 3.1416,
        "capacity_overhead": 4.75089,  # 4.750889
        "manufacturing_overhead": 14.88696,  # 14.886959045
        "total": 75.7996,
    }
    assert bike["single_level"]["material"] == 44.36327  # 44.36327095
    assert rows["FRAME"]["new_standard_cost"] == 41.04242  # 41.0424225
    assert rows["FRAME"]["costed_from"] == "BOM + routing"
    assert rows["TUBE"] == {
        "item": "TUBE",
        "replenishment": "purchase",
        "produced": False,
        "costed_from": "unit cost",
        "lot_size": 1,
        "standard_cost": 3.8,
        "new_standard_cost": 4,
        "change": 0.2,
        "indirect_cost_pct": 0,
        "overhead_rate": 0,
        "single_level": {
            **dict.fromkeys(rows["TUBE"]["single_level"], 0),
            "material": 4,
            "total": 4,
        },
        "rolled_up": {**dict.fromkeys(rows["TUBE"]["rolled_up"], 0), "material": 4, "total": 4},
    }


def test_rollup_table_and_item_filter() -> None:
    result = run_cli("cost", "rollup", "--case", CASE, "--item", "FRAME")
    assert result.exit_code == 0, result.output
    assert mentions(result.output, "FRAME", "BOM + routing", "20", "40.00000", "41.04242")
    assert mentions(result.output, "2 items, 2 with a new standard cost")
    assert "BIKE" not in result.output


@pytest.mark.parametrize(
    ("order", "total", "variance", "standard"),
    [
        ("PRD-1", 346.0, -4.0, 350),  # 345.997990225, 350, -4.002009775
        ("PRD-2", 151.6, 11.6, 140),  # 151.59919609 (the lot of 2)
        ("PRD-3", 281.2, 1.2, 280),  # 281.19839218
        ("PO-9", 400, 20, 380),  # 100 TUBE at 4.00 against 3.80
    ],
)
def test_order_json(order: str, total: float, variance: float, standard: int) -> None:
    found = _json("order", order)
    assert found["single_level"]["total"] == total
    assert found["rolled_up"]["total"] == total
    assert (found["variance"], found["standard_amount"]) == (variance, standard)


def test_order_json_has_materials_and_operations() -> None:
    found = _json("order", "PRD-1")
    assert found["order"] == "Production order PRD-1 (planned): 5 BIKE at MAIN due 2027-03-10"
    assert found["unit_cost"] == 69.1996  # 345.997990225 / 5 = 69.199598045
    assert found["materials"] == [
        {"component": "FRAME", "variant": "", "qty": 5.1, "unit_cost": 41.04242,
         "amount": 209.32},
        {"component": "PAINT", "variant": "", "qty": 1, "unit_cost": 12.5, "amount": 12.5},
    ]  # fmt: skip
    assert found["operations"] == [
        {"operation": "10", "resource": "ASSY", "basis": "time", "quantity": 1.75, "rate": 36,
         "direct": 63, "overhead": 7, "subcontracted": False},
    ]  # fmt: skip
    assert found["single_level"] == {
        "material": 221.82,
        "capacity": 63,
        "subcontracted": 0,
        "capacity_overhead": 7,
        "manufacturing_overhead": 54.18,
        "total": 346.0,
    }


def test_order_of_a_worksheet_line() -> None:
    """Planning the case gives line 3: New FRAME 5.1 (see test_plan: 268.6695735)."""
    found = _json("order", "--line", "3")
    assert found["order"] == ("Worksheet line 3: New production 5.1 FRAME at MAIN due 2027-03-10")
    assert found["single_level"]["total"] == 268.67
    assert found["variance"] == 64.67  # 268.6695735 - 5.1 x 40
    result = run_cli("cost", "order", "--line", "3", "--case", CASE)
    assert result.exit_code == 0, result.output
    assert mentions(result.output, "COAT", "5.61 units", "2.80000", "15.71", "subcontracted")
    assert mentions(result.output, "standard 40.00000 x 5.1 = 204.00; variance 64.67")


def test_order_text_without_standard_cost() -> None:
    result = run_cli("cost", "order", "--line", "4", "--case", CASE)  # PAINT, no standard
    assert result.exit_code == 0, result.output
    assert mentions(result.output, "Worksheet line 4: New purchase 1 PAINT", "12.50")
    assert mentions(result.output, "no standard cost on the item: no variance")


def test_plan_json_per_month() -> None:
    """The case's worksheet (``takt plan --case``):

    1 Cancel PRD-2 (2 BIKE, 2027-03-17)  before 151.59919609
    2 Cancel PRD-3 (4 BIKE, 2027-03-24)  before 281.19839218
    3 New FRAME 5.1 (2027-03-10)         268.6695735
    4 New PAINT 1 (2027-03-10)           12.50
    5 Cancel PO-9 (100 TUBE, 2027-03-03) before 400
    6 New TUBE 17.6715 (2027-03-10)      70.686

    Purchase 83.186, change 83.186 - 400 = -316.814; production 268.6695735,
    change 268.6695735 - 151.59919609 - 281.19839218 = -164.12801477.
    """
    found = _json("plan", "--period", "month")
    assert found["period"] == "month"
    assert found["total"] == {
        "purchase": 83.19,
        "production": {
            "material": 70.69,
            "capacity": 141.64,
            "subcontracted": 15.71,
            "capacity_overhead": 20.55,
            "manufacturing_overhead": 20.08,
            "total": 268.67,
        },
        "purchase_change": -316.81,
        "production_change": -164.13,
        "lines": 6,
    }
    assert [row["period"] for row in found["periods"]] == ["2027-03"]
    assert [row["group"] for row in found["groups"]] == [
        "production, level 0",
        "production, level 1",
        "purchase, level 1",
        "purchase, level 2",
    ]
    assert found["skipped_lines"] == []


def test_plan_table_per_week() -> None:
    result = run_cli("cost", "plan", "--case", CASE)
    assert result.exit_code == 0, result.output
    assert mentions(result.output, "Cost of the plan per week", "2027-W09", "-400.00")
    assert mentions(result.output, "2027-W10", "83.19", "268.67", "2027-W11", "-151.60")
    assert mentions(
        result.output,
        "6 lines: purchase spend 83.19 (-316.81 against existing orders), "
        "production cost 268.67 (-164.13)",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rollup", "--apply"], "--apply: --apply writes to the database; leave out --case"),
        (["order", "PRD-9"], "order PRD-9: field 'id': no such open order"),
        (["order"], "name an order number or a worksheet line (--line N), not both"),
        (["order", "PRD-1", "--line", "3"], "not both"),
        (["order", "--line", "99"], "line 99: no worksheet line 99 (lines: 1, 2, 3, 4, 5, 6)"),
        (["plan", "--period", "day"], "Invalid value for '--period'"),
    ],
)
def test_bad_input_exits_2(args: list[str], message: str) -> None:
    result = run_cli("cost", *args, "--case", CASE)
    assert result.exit_code == 2, result.output
    assert mentions(result.output, message)


def test_missing_unit_cost_is_one_line_with_the_paths(tmp_path: Path) -> None:
    raw = json.loads(Path(CASE).read_text())
    for item in raw["items"]:
        if item["no"] in ("TUBE", "PAINT"):
            item["unit_cost"] = 0
    path = tmp_path / "no-costs.json"
    path.write_text(json.dumps(raw))
    result = run_cli("cost", "rollup", "--case", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "error: items: field 'unit_cost': 2 items have no unit cost: "
        "BIKE > PAINT has no unit cost; BIKE > FRAME > TUBE has no unit cost"
    )
    order = run_cli("cost", "order", "PO-9", "--case", str(path))
    assert order.exit_code == 2
    assert mentions(order.stderr, "item TUBE: field 'unit_cost': 1 item has no unit cost")


def test_a_transfer_order_has_no_cost(tmp_path: Path) -> None:
    raw = json.loads(Path(CASE).read_text())
    raw["locations"].append({"code": "EAST"})
    raw["supply"].append(
        {"type": "transfer-in", "id": "TO-1", "item": "TUBE", "location": "EAST",
         "date": "2027-03-05", "qty": 5}
    )  # fmt: skip
    path = tmp_path / "transfer.json"
    path.write_text(json.dumps(raw))
    result = run_cli("cost", "order", "TO-1", "--case", str(path))
    assert result.exit_code == 2
    assert mentions(
        result.output,
        "order TO-1: field 'type': TO-1 is a transfer-in order: it moves stock and has no cost",
    )
