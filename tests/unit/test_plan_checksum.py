"""The plan digest: stable, order-free, and blind to how a number is written."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from taktplan.io.case_json import read_case
from taktplan.planning.checksum import plan_digest
from taktplan.planning.engine import plan
from taktplan.planning.result import PlanResult
from tests.conftest import plannable_cases


def _some_result() -> PlanResult:
    for path in plannable_cases():
        case = read_case(path)
        result = plan(case.snapshot, case.options, assigned=case.assigned)
        if len(result.lines) >= 2 and result.pegging:
            return result
    raise AssertionError("no case with two lines and pegging")


def test_digest_ignores_record_order_and_number_spelling() -> None:
    result = _some_result()
    shuffled = replace(
        result,
        lines=tuple(reversed(result.lines)),
        pegging=tuple(reversed(result.pegging)),
    )
    respelled = replace(
        result, lines=tuple(replace(line, qty=line.qty * Decimal("1.000")) for line in result.lines)
    )
    assert plan_digest(shuffled) == plan_digest(result)
    assert plan_digest(respelled).sha256 == plan_digest(result).sha256


def test_digest_sees_every_field() -> None:
    result = _some_result()
    first = result.lines[0]
    changes = [
        replace(first, qty=first.qty + 1),
        replace(first, explanation=(*first.explanation, "x")),
        replace(first, starting_date=first.starting_date - 1),
        replace(first, line_no=first.line_no + 1000),
    ]
    for changed in changes:
        other = replace(result, lines=(changed, *result.lines[1:]))
        assert plan_digest(other).sha256 != plan_digest(result).sha256
    fewer = replace(result, pegging=result.pegging[1:])
    assert plan_digest(fewer).sha256 != plan_digest(result).sha256
