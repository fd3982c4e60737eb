"""MPS/MRP runs, net change from two files, the planning assignment, and their input errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from taktplan.domain.item import SkuKey
from taktplan.io.case_json import parse_case
from taktplan.planning.assignment import assigned_skus, planning_assignment
from tests.conftest import OWN_CASES
from tests.unit.test_input_errors import mentions, minimal_case, run_cli, write_case

MPS_CASE = OWN_CASES / "t68-mps-only-plans-items-with-sales-or-forecast.json"
SHARED_COMPONENT = OWN_CASES / "t74-net-change-component-sees-unassigned-parents.json"


def _lines(output: str) -> set[tuple[str, str, str, Any]]:
    payload = json.loads(output)
    return {(ln["item"], ln["action"], ln["due_date"], ln["qty"]) for ln in payload["lines"]}


def _regenerative(path: Path) -> dict[str, Any]:
    """A case file as a plain regenerative world (no assignment)."""
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    raw["planning"] = dict(raw["planning"], kind="regenerative", mps=True, mrp=True)
    raw.pop("planning_assignment", None)
    raw.pop("expected", None)
    return raw


def test_mps_flag_reports_items_with_sales_or_forecast(tmp_path: Path) -> None:
    world = write_case(tmp_path, _regenerative(MPS_CASE))
    result = run_cli("plan", "--case", str(world), "--json", "--mps")
    assert result.exit_code == 0, result.output
    assert _lines(result.output) == {("A", "new", "2027-01-14", 10), ("F", "new", "2027-01-09", 20)}


def test_mrp_flag_reports_components_of_the_mps_plan(tmp_path: Path) -> None:
    world = write_case(tmp_path, _regenerative(MPS_CASE))
    result = run_cli("plan", "--case", str(world), "--json", "--mrp")
    assert result.exit_code == 0, result.output
    assert _lines(result.output) == {("C", "new", "2027-01-11", 20)}


def test_both_flags_plan_everything(tmp_path: Path) -> None:
    world = write_case(tmp_path, _regenerative(MPS_CASE))
    result = run_cli("plan", "--case", str(world), "--json", "--mps", "--mrp")
    assert len(_lines(result.output)) == 3


def test_changed_from_runs_net_change_on_what_changed(tmp_path: Path) -> None:
    """Only C's inventory changed (2 -> 5): C is replanned, A and B are not reported."""
    after = _regenerative(SHARED_COMPONENT)
    before = json.loads(json.dumps(after))
    before["inventory"][0]["qty"] = 2
    new = write_case(tmp_path, after, "after.json")
    old = write_case(tmp_path, before, "before.json")
    result = run_cli("plan", "--case", str(new), "--json", "--changed-from", str(old))
    assert result.exit_code == 0, result.output
    assert _lines(result.output) == {("C", "new", "2027-01-11", 5)}
    full = run_cli("plan", "--case", str(new), "--json")
    assert {line[0] for line in _lines(full.output)} == {"A", "B", "C"}


def test_assignment_command_names_sku_and_reason(tmp_path: Path) -> None:
    after = _regenerative(SHARED_COMPONENT)
    before = json.loads(json.dumps(after))
    before["demand"][0]["qty"] = 7
    new = write_case(tmp_path, after, "after.json")
    old = write_case(tmp_path, before, "before.json")
    result = run_cli("assignment", "--before", str(old), "--after", str(new))
    assert result.exit_code == 0, result.output
    assert mentions(result.output, "A at MAIN", "sales SO-1 changed")
    assert mentions(result.output, "C at MAIN", "fed by a changed SKU")
    assert mentions(result.output, "2 SKUs flagged")


def test_bom_change_flags_parent_and_old_and_new_components() -> None:
    """Replacing A's component C by D flags A, D (new child) and C (old child)."""
    raw = _regenerative(SHARED_COMPONENT)
    raw["items"].append(
        {"no": "D", "replenishment": "purchase", "reordering_policy": "lot-for-lot"}
    )
    before = parse_case(raw)
    raw["items"][0]["bom"] = [{"component": "D", "qty_per": 1}]
    after = parse_case(raw)
    flagged = assigned_skus(planning_assignment(before.snapshot, after.snapshot, after.options))
    assert flagged == {SkuKey("A", "", "MAIN"), SkuKey("C", "", "MAIN"), SkuKey("D", "", "MAIN")}


def test_no_change_flags_nothing() -> None:
    case = parse_case(_regenerative(SHARED_COMPONENT))
    assert planning_assignment(case.snapshot, case.snapshot, case.options) == ()


def test_unknown_components_location_is_bad_input(tmp_path: Path) -> None:
    case = minimal_case()
    case["planning"]["components_at_location"] = "NOWHERE"
    result = run_cli("plan", "--case", str(write_case(tmp_path, case)))
    assert result.exit_code == 2
    assert mentions(
        result.output, "planning", "components_at_location", "unknown location 'NOWHERE'"
    )


def test_assignment_of_unknown_item_is_bad_input(tmp_path: Path) -> None:
    case = minimal_case()
    case["planning_assignment"] = [{"item": "9999", "location": "MAIN"}]
    result = run_cli("plan", "--case", str(write_case(tmp_path, case)))
    assert result.exit_code == 2
    assert mentions(result.output, "planning_assignment[0]", "item", "unknown item '9999'")


def test_phantom_without_bom_is_bad_input(tmp_path: Path) -> None:
    case = minimal_case()
    case["items"][0]["replenishment"] = "production"
    case["items"].append({"no": "P", "reordering_policy": "lot-for-lot"})
    case["items"][0]["bom"] = [{"component": "P", "qty_per": 1, "phantom": True}]
    result = run_cli("plan", "--case", str(write_case(tmp_path, case)))
    assert result.exit_code == 2
    assert mentions(result.output, "item 1000 bom[0]", "phantom", "which has no BOM")
