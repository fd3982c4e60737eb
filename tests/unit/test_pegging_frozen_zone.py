"""Pegging before the planning start: stock and frozen-zone orders keep their identity."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from taktplan.io.case_json import read_case
from taktplan.planning import PlanResult, plan
from tests.conftest import OWN_CASES, SHARED_CASES


def _plan(path: Path) -> PlanResult:
    case = read_case(path)
    return plan(case.snapshot, case.options)


def _pegged(result: PlanResult, supply: str | None = None, demand: str | None = None) -> Decimal:
    return sum(
        (
            p.qty
            for p in result.pegging
            if (supply is None or p.supply == supply) and (demand is None or p.demand == demand)
        ),
        Decimal(0),
    )


def test_emergency_order_pegs_only_what_stock_leaves_open() -> None:
    """t39: SO-1 50 past due, 30 on hand -> stock 30 and emergency 20 serve it."""
    result = _plan(OWN_CASES / "t39-lfl-emergency-past-due-demand.json")
    emergency = next(line for line in result.lines if line.warning is not None)
    assert emergency.qty == 20
    assert _pegged(result, supply=emergency.supply_id) == 20
    assert _pegged(result, supply="on-hand 1000@MAIN", demand="SO-1") == 30
    assert _pegged(result, demand="SO-1") == 50


def test_frozen_zone_order_keeps_its_document_id() -> None:
    """t40: PO-1 20 due before the start serves SO-1 12 under its own id."""
    result = _plan(OWN_CASES / "t40-lfl-frozen-zone-supply-inflexible.json")
    assert _pegged(result, supply="PO-1", demand="SO-1") == 12
    assert not [p for p in result.pegging if p.supply.startswith("on-hand")]


@pytest.mark.skipif(not SHARED_CASES.is_dir(), reason="shared public cases not found")
def test_emergency_pegs_add_up_to_the_order_in_public_case_18() -> None:
    """100 on hand for past-due sales of 25, 50 and 40: stock first, emergency 15 for SO-3."""
    result = _plan(SHARED_CASES / "18-lfl-emergency-order.json")
    emergency = next(line for line in result.lines if line.warning is not None)
    assert _pegged(result, supply=emergency.supply_id) == emergency.qty == 15
    assert _pegged(result, supply=emergency.supply_id, demand="SO-3") == 15
    stock = "on-hand 1000@MAIN"
    shares = [_pegged(result, supply=stock, demand=so) for so in ("SO-1", "SO-2", "SO-3")]
    assert shares == [25, 50, 25]


@pytest.mark.skipif(not SHARED_CASES.is_dir(), reason="shared public cases not found")
def test_past_due_demand_covered_by_stock_is_pegged_in_public_case_17() -> None:
    result = _plan(SHARED_CASES / "17-maxqty-demand-in-frozen-zone.json")
    assert _pegged(result, supply="on-hand 1000@MAIN", demand="SO-1") == 95
