"""Every line carries the decisions that made it, recorded while the engine decided."""

from __future__ import annotations

from pathlib import Path

import pytest

from taktplan.io.case_json import read_case
from taktplan.planning import Action, PlanResult, plan
from tests.conftest import ROOT, plannable_cases


def _plan(path: Path) -> PlanResult:
    case = read_case(path)
    return plan(case.snapshot, case.options)


@pytest.mark.parametrize("path", plannable_cases(), ids=lambda p: p.stem)
def test_every_line_is_explained(path: Path) -> None:
    """No line without at least one recorded reason."""
    for line in _plan(path).lines:
        assert line.explanation, f"line {line.line_no} of {path.name} has no explanation"


def test_new_line_names_its_demand_and_each_modifier() -> None:
    """Bike shop FRAME-26: need 2 for SO-1001, raised to the minimum order qty 10."""
    result = _plan(ROOT / "examples" / "bike-shop.json")
    line = next(ln for ln in result.lines if ln.sku.item == "FRAME-26" and ln.action is Action.NEW)
    text = "\n".join(line.explanation)
    assert "sales SO-1001" in text
    assert "short 2" in text
    assert "raised to minimum order qty 10" in text
    assert "Lot-for-Lot" in text and "safety stock 5" in text


def test_reschedule_line_names_the_rescheduling_period_decision() -> None:
    """PO-501 is pulled in from 03-26 to 03-22 because 03-22 + 7D reaches 03-26."""
    result = _plan(ROOT / "examples" / "bike-shop.json")
    line = next(ln for ln in result.lines if ln.ref == "PO-501")
    assert line.action is Action.RESCHED_AND_CHG_QTY
    assert line.explanation[1] == (
        "rescheduled in to 2027-03-22 for sales SO-1002: "
        "2027-03-22 + rescheduling period 7D >= 2027-03-26"
    )
    assert line.explanation[-1].startswith("decreased 20 -> 10")


def test_reorder_line_shows_projected_inventory_and_window() -> None:
    """Bike shop BELL (Maximum Qty. 120, ROP 20, bucket 1W): 35 - 20 = 15 at the end of week 2."""
    result = _plan(ROOT / "examples" / "bike-shop.json")
    line = next(ln for ln in result.lines if ln.sku.item == "BELL")
    text = "\n".join(line.explanation)
    assert "projected inventory 15" in text
    assert "reorder point 20" in text
    assert "maximum inventory 120 - projected 15 = 105" in text
    assert line.qty == 105


def test_corrected_parameters_are_named_in_the_explanation(tmp_path: Path) -> None:
    """ROP 5 below safety stock 10 is raised to 10, and the line says so."""
    import json

    case = {
        "format": 1,
        "planning": {"start": "2027-01-04", "end": "2027-03-31", "work_date": "2026-12-12"},
        "locations": [{"code": "MAIN"}],
        "items": [
            {
                "no": "1000",
                "reordering_policy": "fixed-reorder-qty",
                "safety_stock": 10,
                "reorder_point": 5,
                "reorder_qty": 50,
            }
        ],
        "inventory": [{"item": "1000", "location": "MAIN", "qty": 8}],
    }
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    result = _plan(path)
    reorder = next(ln for ln in result.lines if ln.warning is None)
    assert reorder.qty == 50
    assert any("reorder point 5 raised to the safety stock 10" in t for t in reorder.explanation)
