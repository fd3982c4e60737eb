"""Effective planning parameters, order modifiers and the error log of a run.

Parameters are built with ``effective_parameters(PlanningParameters(...), start,
BlankOverflowLevel.ITEM_VALUES_ONLY)`` the way the engine builds them for a SKU.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from taktplan.domain.dates import DateFormula
from taktplan.domain.item import PlanningParameters, ReorderingPolicy, SkuKey
from taktplan.errors import PlanningError
from taktplan.io.case_json import read_case
from taktplan.planning import plan
from taktplan.planning.modifiers import apply_modifiers
from taktplan.planning.options import BlankOverflowLevel
from taktplan.planning.parameters import (
    EffectiveParameters,
    default_overflow_level,
    effective_parameters,
    filter_by_policy,
)
from tests.unit.test_input_errors import minimal_case, write_case

FRQ = ReorderingPolicy.FIXED_REORDER_QTY
MAXQ = ReorderingPolicy.MAXIMUM_QTY
ORDER = ReorderingPolicy.ORDER
LFL = ReorderingPolicy.LOT_FOR_LOT

START = dt.date(2027, 2, 1).toordinal()  # February 2027 has 28 days
ITEM_VALUES = BlankOverflowLevel.ITEM_VALUES_ONLY
DEFAULT_CALC = BlankOverflowLevel.DEFAULT_CALCULATION

D = Decimal
F = DateFormula.parse


def effective(
    blank_overflow: BlankOverflowLevel = ITEM_VALUES, **fields: Any
) -> EffectiveParameters:
    params = effective_parameters(PlanningParameters(**fields), START, blank_overflow)
    assert params is not None
    return params


# --- order modifiers -----------------------------------------------------------------


def test_minimum_then_multiple() -> None:
    """Need 5 with minimum 25 and multiple 10: raised to 25, then rounded up to 30."""
    params = effective(reordering_policy=LFL, min_order_qty=D(25), order_multiple=D(10))
    modified = apply_modifiers(D(5), params)
    assert modified.qty == D(30)
    assert modified.steps == (
        "wanted 5",
        "raised to minimum order qty 25",
        "rounded up to order multiple 10: 30",
    )


def test_maximum_caps_the_order() -> None:
    """Need 130 with maximum 100: the order is capped at 100."""
    params = effective(reordering_policy=LFL, max_order_qty=D(100))
    modified = apply_modifiers(D(130), params)
    assert modified.qty == D(100)
    assert modified.steps == ("wanted 130", "capped at maximum order qty 100")


def test_need_below_maximum_is_unchanged() -> None:
    """Need 80 with maximum 100 and no other modifier: 80, no steps to explain."""
    params = effective(reordering_policy=LFL, max_order_qty=D(100))
    modified = apply_modifiers(D(80), params)
    assert modified.qty == D(80)
    assert modified.steps == ()


def test_multiple_rounding_with_decimals() -> None:
    """Need 2.5 with multiple 0.75: 4 x 0.75 = 3.0 (exact decimal arithmetic)."""
    params = effective(reordering_policy=LFL, order_multiple=D("0.75"))
    modified = apply_modifiers(D("2.5"), params)
    assert modified.qty == D("3.0")
    assert modified.steps[-1] == "rounded up to order multiple 0.75: 3"


def test_exact_multiple_is_not_rounded() -> None:
    """Need 1.5 with multiple 0.75 is already a multiple: unchanged, no steps."""
    params = effective(reordering_policy=LFL, order_multiple=D("0.75"))
    modified = apply_modifiers(D("1.5"), params)
    assert modified.qty == D("1.5")
    assert modified.steps == ()


def test_no_need_is_not_modified() -> None:
    """A need of 0 is not lifted to the minimum order quantity."""
    params = effective(reordering_policy=LFL, min_order_qty=D(25), order_multiple=D(10))
    assert apply_modifiers(D(0), params).qty == D(0)


def test_order_policy_ignores_modifiers() -> None:
    """Order policy drops min/max/multiple, so the need is ordered exactly."""
    params = effective(
        reordering_policy=ORDER, min_order_qty=D(25), max_order_qty=D(40), order_multiple=D(10)
    )
    assert apply_modifiers(D(7), params).qty == D(7)
    assert apply_modifiers(D(130), params).qty == D(130)


# --- filtering by policy ------------------------------------------------------------

_EVERYTHING = PlanningParameters(
    safety_stock=D(5),
    reorder_point=D(10),
    reorder_qty=D(50),
    max_inventory=D(100),
    overflow_level=D(200),
    time_bucket=F("1W"),
    lot_accumulation_period=F("2W"),
    rescheduling_period=F("1W"),
    dampener_period=F("3D"),
    dampener_qty=D(2),
    min_order_qty=D(20),
    max_order_qty=D(80),
    order_multiple=D(5),
)


def test_lot_for_lot_drops_reorder_point_and_time_bucket() -> None:
    """Lot-for-Lot keeps safety stock, modifiers and its periods; drops reorder fields."""
    kept = filter_by_policy(LFL, replace(_EVERYTHING, reordering_policy=LFL))
    assert kept.reorder_point == 0
    assert kept.reorder_qty == 0
    assert kept.max_inventory == 0
    assert kept.overflow_level == 0
    assert kept.time_bucket.is_zero
    assert kept.safety_stock == D(5)
    assert (kept.min_order_qty, kept.max_order_qty, kept.order_multiple) == (D(20), D(80), D(5))
    assert kept.lot_accumulation_period == F("2W")
    assert kept.rescheduling_period == F("1W")
    assert kept.dampener_period == F("3D")
    assert kept.dampener_qty == D(2)


def test_order_drops_safety_stock_and_modifiers() -> None:
    """Order keeps only the dampener period; safety stock, modifiers and reorder fields go."""
    kept = filter_by_policy(ORDER, replace(_EVERYTHING, reordering_policy=ORDER))
    assert kept.safety_stock == 0
    assert (kept.min_order_qty, kept.max_order_qty, kept.order_multiple) == (0, 0, 0)
    assert (kept.reorder_point, kept.reorder_qty, kept.max_inventory) == (0, 0, 0)
    assert kept.time_bucket.is_zero
    assert kept.lot_accumulation_period.is_zero
    assert kept.rescheduling_period.is_zero
    assert kept.dampener_period == F("3D")
    assert kept.dampener_qty == 0


def test_fixed_reorder_qty_keeps_reorder_qty_not_max_inventory() -> None:
    """Fixed Reorder Qty. keeps reorder point, reorder qty and time bucket; drops max inventory
    and the Lot-for-Lot periods."""
    kept = filter_by_policy(FRQ, replace(_EVERYTHING, reordering_policy=FRQ))
    assert (kept.reorder_point, kept.reorder_qty, kept.max_inventory) == (D(10), D(50), D(0))
    assert kept.time_bucket == F("1W")
    assert kept.lot_accumulation_period.is_zero
    assert kept.rescheduling_period.is_zero
    assert kept.dampener_period.is_zero


def test_maximum_qty_keeps_max_inventory_not_reorder_qty() -> None:
    """Maximum Qty. keeps reorder point and maximum inventory; drops the reorder quantity."""
    kept = filter_by_policy(MAXQ, replace(_EVERYTHING, reordering_policy=MAXQ))
    assert (kept.reorder_point, kept.reorder_qty, kept.max_inventory) == (D(10), D(0), D(100))
    assert kept.overflow_level == D(200)


def test_effective_parameters_apply_the_filter() -> None:
    """effective_parameters plans Lot-for-Lot without reorder point (no reorder-point walk)
    and with a one-day bucket although the card has a 1W time bucket."""
    params = effective(**{**_fields(_EVERYTHING), "reordering_policy": LFL})
    assert params.policy is LFL
    assert params.reorder_point == 0
    assert params.reorder_point_planning is False
    assert params.bucket_days == 1
    assert params.safety_stock == D(5)


def test_reorder_policies_use_the_time_bucket() -> None:
    """Maximum Qty. plans with reorder points and a bucket of the time bucket's days."""
    params = effective(
        reordering_policy=MAXQ, reorder_point=D(10), max_inventory=D(100), time_bucket=F("1W")
    )
    assert params.reorder_point_planning is True
    assert params.bucket_days == 7


def test_blank_policy_is_not_planned() -> None:
    """A card without reordering policy gives no parameters: the SKU is not planned."""
    assert effective_parameters(PlanningParameters(), START, ITEM_VALUES) is None


def _fields(p: PlanningParameters) -> dict[str, Any]:
    return {name: getattr(p, name) for name in PlanningParameters.field_names()}


# --- corrections ------------------------------------------------------------------


def test_reorder_point_below_safety_stock_is_raised() -> None:
    """Fixed Reorder Qty. with reorder point 5 under safety stock 10: reorder point 10, noted."""
    params = effective(
        reordering_policy=FRQ, safety_stock=D(10), reorder_point=D(5), reorder_qty=D(50)
    )
    assert params.reorder_point == D(10)
    assert params.corrections == ("reorder point 5 raised to the safety stock 10",)


def test_max_order_below_min_order_is_raised() -> None:
    """Maximum order qty 5 under minimum order qty 20 is raised to 20, noted."""
    params = effective(reordering_policy=LFL, min_order_qty=D(20), max_order_qty=D(5))
    assert params.max_order_qty == D(20)
    assert params.min_order_qty == D(20)
    assert params.corrections == ("maximum order qty 5 raised to the minimum order qty 20",)
    assert apply_modifiers(D(50), params).qty == D(20)


def test_consistent_values_are_not_corrected() -> None:
    """Values that already agree are kept and give no correction notes."""
    params = effective(
        reordering_policy=FRQ,
        safety_stock=D(10),
        reorder_point=D(30),
        reorder_qty=D(50),
        min_order_qty=D(5),
        max_order_qty=D(60),
    )
    assert (params.reorder_point, params.max_order_qty) == (D(30), D(60))
    assert params.corrections == ()


def test_overflow_level_below_reorder_level_is_raised() -> None:
    """Fixed Reorder Qty.: an overflow level under reorder point + reorder qty is raised to it."""
    params = effective(
        reordering_policy=FRQ, reorder_point=D(20), reorder_qty=D(50), overflow_level=D(30)
    )
    assert params.overflow_level == D(70)


# --- overflow level ---------------------------------------------------------------


def test_default_overflow_level_maximum_qty() -> None:
    """Maximum Qty.: max inventory 100 + min order 30 = 130, rounded up to multiple 40 = 160."""
    card = PlanningParameters(
        reordering_policy=MAXQ,
        reorder_point=D(20),
        max_inventory=D(100),
        min_order_qty=D(30),
        order_multiple=D(40),
    )
    assert default_overflow_level(card, MAXQ) == D(160)
    assert effective(DEFAULT_CALC, **_fields(card)).overflow_level == D(160)


def test_default_overflow_level_fixed_reorder_qty() -> None:
    """Fixed Reorder Qty.: reorder point 20 + the larger of reorder qty 50 and min order 30."""
    card = PlanningParameters(
        reordering_policy=FRQ, reorder_point=D(20), reorder_qty=D(50), min_order_qty=D(30)
    )
    assert default_overflow_level(card, FRQ) == D(70)
    bigger_min = replace(card, min_order_qty=D(65))
    assert default_overflow_level(bigger_min, FRQ) == D(85)


def test_default_overflow_level_only_for_reorder_policies() -> None:
    """Lot-for-Lot and Order have no overflow level, even with the default calculation."""
    card = PlanningParameters(reordering_policy=LFL, min_order_qty=D(30))
    assert default_overflow_level(card, LFL) == 0
    assert effective(DEFAULT_CALC, **_fields(card)).overflow_level == 0
    assert effective(DEFAULT_CALC, reordering_policy=ORDER).overflow_level == 0


def test_blank_overflow_level_item_values_only_means_no_check() -> None:
    """With 'item values only' a blank overflow level stays 0 (no overflow check)."""
    params = effective(
        ITEM_VALUES,
        reordering_policy=MAXQ,
        reorder_point=D(20),
        max_inventory=D(100),
        min_order_qty=D(30),
    )
    assert params.overflow_level == 0


def test_given_overflow_level_wins_over_default_calculation() -> None:
    """An overflow level on the card is used as is, not replaced by the computed one."""
    params = effective(
        DEFAULT_CALC,
        reordering_policy=MAXQ,
        reorder_point=D(20),
        max_inventory=D(100),
        overflow_level=D(150),
    )
    assert params.overflow_level == D(150)


# --- derived periods --------------------------------------------------------------


def test_dampener_capped_by_lot_accumulation_for_lot_for_lot() -> None:
    """Lot-for-Lot: dampener period 1W with lot accumulation 3D gives 3 dampener days."""
    params = effective(
        reordering_policy=LFL, dampener_period=F("1W"), lot_accumulation_period=F("3D")
    )
    assert params.lot_accumulation_days == 3
    assert params.dampener_days == 3


def test_dampener_not_capped_for_order() -> None:
    """Order: dampener period 1W stays 7 days (Order has no lot accumulation period)."""
    params = effective(
        reordering_policy=ORDER, dampener_period=F("1W"), lot_accumulation_period=F("3D")
    )
    assert params.lot_accumulation_days == 0
    assert params.dampener_days == 7


def test_dampener_below_lot_accumulation_is_kept() -> None:
    """Lot-for-Lot: dampener 2D under lot accumulation 1W stays 2 days."""
    params = effective(
        reordering_policy=LFL, dampener_period=F("2D"), lot_accumulation_period=F("1W")
    )
    assert params.dampener_days == 2
    assert params.lot_accumulation_days == 7


def test_month_periods_are_measured_from_the_planning_start() -> None:
    """Periods in months count the days of the month from the start: 1M from 2027-02-01 = 28."""
    params = effective(
        reordering_policy=LFL, lot_accumulation_period=F("1M"), rescheduling_period=F("1M")
    )
    assert params.lot_accumulation_days == 28
    assert params.rescheduling_days == 28


# --- parameters that cannot be planned ---------------------------------------------


@pytest.mark.parametrize("max_inventory", [D(10), D(20)])
def test_maximum_qty_needs_max_inventory_above_reorder_point(max_inventory: Decimal) -> None:
    """Maximum Qty. with max inventory at or below the reorder point 20 is a PlanningError."""
    card = PlanningParameters(
        reordering_policy=MAXQ, reorder_point=D(20), max_inventory=max_inventory
    )
    with pytest.raises(PlanningError, match="maximum inventory"):
        effective_parameters(card, START, ITEM_VALUES)


def test_fixed_reorder_qty_needs_a_reorder_qty() -> None:
    """Fixed Reorder Qty. with reorder qty 0 is a PlanningError."""
    card = PlanningParameters(reordering_policy=FRQ, reorder_point=D(10), reorder_qty=D(0))
    with pytest.raises(PlanningError, match="reorder quantity"):
        effective_parameters(card, START, ITEM_VALUES)


# --- the error log of a run ---------------------------------------------------------


def _three_item_case(bad_item: dict[str, Any]) -> dict[str, Any]:
    """Items A-LFL, the bad item B-..., C-LFL (same low-level code, planned in that order),
    each with a sale of 5 on 2027-01-15."""
    case = minimal_case()
    case["items"] = [
        {"no": "A-LFL", "reordering_policy": "lot-for-lot"},
        bad_item,
        {"no": "C-LFL", "reordering_policy": "lot-for-lot"},
    ]
    case["demand"] = [
        {
            "type": "sales",
            "id": f"SO-{item['no']}",
            "item": item["no"],
            "location": "MAIN",
            "date": "2027-01-15",
            "qty": 5,
        }
        for item in case["items"]
    ]
    return case


BAD_MAXQ = {
    "no": "B-MAXQ",
    "reordering_policy": "maximum-qty",
    "reorder_point": 20,
    "max_inventory": 20,
}
BAD_FRQ = {
    "no": "B-FRQ",
    "reordering_policy": "fixed-reorder-qty",
    "reorder_point": 10,
    "reorder_qty": 0,
}


@pytest.mark.parametrize(
    ("bad_item", "says"),
    [(BAD_MAXQ, "maximum inventory"), (BAD_FRQ, "reorder quantity")],
    ids=["maximum-qty", "fixed-reorder-qty"],
)
def test_bad_parameters_go_to_the_error_log(
    tmp_path: Path, bad_item: dict[str, Any], says: str
) -> None:
    """The SKU with bad parameters is logged by name; the other SKUs are still planned."""
    case = read_case(write_case(tmp_path, _three_item_case(bad_item)))
    result = plan(case.snapshot, case.options)
    assert [entry.sku for entry in result.error_log] == [SkuKey(bad_item["no"], "", "MAIN")]
    assert says in result.error_log[0].message
    assert [(line.sku.item, line.qty) for line in result.lines] == [
        ("A-LFL", D(5)),
        ("C-LFL", D(5)),
    ]
    assert result.stopped_early is False


@pytest.mark.parametrize("bad_item", [BAD_MAXQ, BAD_FRQ], ids=["maximum-qty", "fixed-reorder-qty"])
def test_stop_on_first_error_keeps_earlier_lines(tmp_path: Path, bad_item: dict[str, Any]) -> None:
    """stop_on_first_error stops the run at the bad SKU: A-LFL's line kept, C-LFL not planned."""
    case = read_case(write_case(tmp_path, _three_item_case(bad_item)))
    options = replace(case.options, stop_on_first_error=True)
    result = plan(case.snapshot, options)
    assert result.stopped_early is True
    assert [entry.sku.item for entry in result.error_log] == [bad_item["no"]]
    assert [(line.line_no, line.sku.item) for line in result.lines] == [(1, "A-LFL")]


def test_stop_on_first_error_without_errors_plans_everything(tmp_path: Path) -> None:
    """stop_on_first_error changes nothing when every SKU can be planned."""
    good = {"no": "B-LFL", "reordering_policy": "lot-for-lot"}
    case = read_case(write_case(tmp_path, _three_item_case(good)))
    result = plan(case.snapshot, replace(case.options, stop_on_first_error=True))
    assert result.stopped_early is False
    assert result.error_log == ()
    assert [line.sku.item for line in result.lines] == ["A-LFL", "B-LFL", "C-LFL"]
