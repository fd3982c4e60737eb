"""A run's results keep one object per distinct quantity and day, and every value as computed."""

from __future__ import annotations

from decimal import Decimal

from taktplan.io.case_json import parse_case
from taktplan.planning import plan
from taktplan.planning.shared_values import SharedValues
from tests.unit.test_input_errors import minimal_case


def test_equal_quantities_share_one_object_but_keep_their_text() -> None:
    shared = SharedValues()
    first = shared.qty(Decimal("2.5"))
    assert shared.qty(Decimal("2.5")) is first
    other = shared.qty(Decimal("2.50"))
    assert other is not first and str(other) == "2.50"
    assert shared.day(740_000) is shared.day(int("740000"))


def test_a_plans_equal_quantities_and_days_are_one_object() -> None:
    """Four sales of 5 on one day: four New lines of 5, all sharing their 5 and their day."""
    case = minimal_case()
    first = case["demand"][0]
    case["demand"] = [{**first, "id": f"SO-{n}"} for n in range(1, 5)]
    case["items"][0]["reordering_policy"] = "order"
    result = plan(parse_case(case).snapshot, parse_case(case).options)
    assert [(line.qty, line.due_date) for line in result.lines] == [
        (Decimal(5), result.lines[0].due_date)
    ] * 4
    assert len({id(line.qty) for line in result.lines}) == 1
    assert len({id(line.due_date) for line in result.lines}) == 1
    assert len({id(peg.qty) for peg in result.pegging}) == 1
