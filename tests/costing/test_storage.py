"""Applying standard costs to the stored items, and ``takt cost`` on the database.

The world is the case ``tests/costing/bike-works.json`` (the figures of
:mod:`tests.costing.world`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from taktplan.cli.cost import apply_standard_costs
from taktplan.costing import MissingCostError
from taktplan.domain.snapshot import build_snapshot
from taktplan.io.case_json import read_case
from taktplan.storage import load_snapshot, make_engine, save_snapshot, upgrade
from tests.unit.test_input_errors import mentions, run_cli

CASE = Path(__file__).with_name("bike-works.json")
NEW = {"BIKE": Decimal("75.79960"), "FRAME": Decimal("41.04242"), "TUBE": 4, "PAINT": 12.5}


def _standard_costs(session: Session) -> dict[str, Decimal]:
    return {no: item.standard_cost for no, item in load_snapshot(session).items.items()}


def test_apply_writes_the_new_standard_costs(session: Session) -> None:
    save_snapshot(session, read_case(CASE).snapshot)
    assert _standard_costs(session) == {"BIKE": 70, "FRAME": 40, "TUBE": Decimal("3.8"), "PAINT": 0}
    rollup, written = apply_standard_costs(session)
    assert [row.item for row in written] == ["BIKE", "FRAME", "PAINT", "TUBE"]
    assert rollup.row("BIKE").new_standard_cost == Decimal("75.799598045")  # applied to 5 places
    assert _standard_costs(session) == NEW
    _, again = apply_standard_costs(session)
    assert again == []  # nothing changes the second time


def test_apply_of_part_of_the_world(session: Session) -> None:
    save_snapshot(session, read_case(CASE).snapshot)
    _, written = apply_standard_costs(session, ["FRAME"])
    assert [row.item for row in written] == ["FRAME", "TUBE"]
    assert _standard_costs(session) == {**NEW, "BIKE": 70, "PAINT": 0}


def test_apply_writes_nothing_when_a_cost_is_missing(session: Session) -> None:
    world = read_case(CASE).snapshot
    items = [replace(item, unit_cost=Decimal(0)) if item.no == "TUBE" else item
             for item in world.items.values()]  # fmt: skip
    save_snapshot(
        session,
        build_snapshot(
            items=items, locations=world.locations, supply=world.supply, shop=world.shop
        ),
    )
    with pytest.raises(MissingCostError) as caught:
        apply_standard_costs(session)
    assert caught.value.missing[0].path == ("BIKE", "FRAME", "TUBE")
    assert _standard_costs(session) == {"BIKE": 70, "FRAME": 40, "TUBE": Decimal("3.8"), "PAINT": 0}


# --- on the command line (SQLite) ---------------------------------------------------


def _db(folder: Path) -> str:
    url = f"sqlite:///{folder / 'cost.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        save_snapshot(session, read_case(CASE).snapshot)
    engine.dispose()
    return url


def _json(*args: str) -> Any:
    result = run_cli("cost", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rollup_and_apply_on_the_command_line(tmp_path: Path) -> None:
    db = _db(tmp_path)
    stored = _json("rollup", "--db", db)
    from_case = _json("rollup", "--case", str(CASE))
    assert stored == from_case
    shown = run_cli("cost", "rollup", "--db", db, "--apply")
    assert shown.exit_code == 0, shown.output
    assert mentions(shown.output, "4 items, 4 with a new standard cost")
    assert mentions(shown.output, "standard cost applied to 4 items")
    after = {row["item"]: row for row in _json("rollup", "--db", db)["items"]}
    assert after["BIKE"]["standard_cost"] == 75.7996
    assert after["BIKE"]["change"] == 0  # 75.799598045 - 75.79960 = -0.000001955, shown 0
    again = _json("rollup", "--db", db, "--apply")
    assert again["applied"] == []


def test_order_on_the_database_before_and_after_apply(tmp_path: Path) -> None:
    """PRD-3, 4 BIKE, 281.19839218: against 4 x 70 = 280 before, 4 x 75.79960 after."""
    db = _db(tmp_path)
    before = _json("order", "PRD-3", "--db", db)
    assert (before["single_level"]["total"], before["variance"]) == (281.2, 1.2)
    assert before["order"] == "Production order PRD-3 (released): 4 BIKE at MAIN due 2027-03-24"
    run_cli("cost", "rollup", "--db", db, "--apply")
    after = _json("order", "PRD-3", "--db", db)
    assert after["standard_amount"] == 303.2  # 303.1984
    assert after["variance"] == -22.0  # 281.19839218 - 303.1984 = -22.00000782
    missing = run_cli("cost", "order", "PRD-9", "--db", db)
    assert missing.exit_code == 2
    assert mentions(missing.output, "order PRD-9: field 'id': no such open order")


def test_plan_and_a_line_on_the_database(tmp_path: Path) -> None:
    """The stored worksheet is the case's (see test_cli.test_plan_json_per_month)."""
    db = _db(tmp_path)
    planned = run_cli("plan", "--db", db, "--from", "2027-03-01", "--to", "2027-04-30")
    assert planned.exit_code == 0, planned.output
    total = _json("plan", "--db", db, "--period", "month")["total"]
    assert (total["purchase"], total["production"]["total"], total["lines"]) == (83.19, 268.67, 6)
    assert (total["purchase_change"], total["production_change"]) == (-316.81, -164.13)
    line = _json("order", "--line", "3", "--db", db)
    assert line["order"] == "Worksheet line 3: New production 5.1 FRAME at MAIN due 2027-03-10"
    assert line["single_level"]["total"] == 268.67
