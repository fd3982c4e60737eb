"""Whole-world passes kept between runs give what fresh passes give.

A world W' made from W by changing its documents shares W's items, BOMs and
SKU cards, so planning W' after W finds which SKUs are planned and their
order in :mod:`taktplan.planning.memo`. Every plan of W' (regenerative and
net change) must be line for line the plan made with those passes worked
out afresh, including when the change makes a SKU planned or unplanned.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.io.case_json import parse_case
from taktplan.planning import PlanResult, plan
from taktplan.planning.assignment import assigned_skus, planning_assignment
from taktplan.planning.memo import PassMemo
from taktplan.planning.options import PlanKind, PlanningOptions
from taktplan.planning.selection import _ORDER, _PLANNED
from tests.properties.multilevel import Case, worlds


def _changed(draw: st.DrawFn, snapshot: Snapshot) -> Snapshot:
    """W' from W: documents dropped or a quantity raised, structure objects shared."""
    demand, supply = list(snapshot.demand), list(snapshot.supply)
    kind = draw(st.sampled_from(["qty", "drop-demand", "drop-supply", "drop-all"]))
    if kind == "qty" and demand:
        n = draw(st.integers(0, len(demand) - 1))
        demand[n] = replace(demand[n], qty=demand[n].qty + Decimal(draw(st.integers(1, 30))))
    elif kind == "drop-demand" and demand:
        del demand[draw(st.integers(0, len(demand) - 1))]
    elif kind == "drop-supply" and supply:
        del supply[draw(st.integers(0, len(supply) - 1))]
    elif kind == "drop-all":
        demand, supply = [], []
    return replace(snapshot, demand=tuple(demand), supply=tuple(supply))


def _fresh(
    snapshot: Snapshot, options: PlanningOptions, assigned: frozenset[SkuKey] | None
) -> PlanResult:
    _PLANNED.clear()
    _ORDER.clear()
    return plan(snapshot, options, assigned=assigned)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds(), st.data())
def test_plans_after_a_change_match_fresh_passes(world: Case, data: st.DataObject) -> None:
    case = parse_case(world)
    before = case.snapshot
    after = _changed(data.draw, before)
    net = replace(case.options, kind=PlanKind.NET_CHANGE)
    flagged = assigned_skus(planning_assignment(before, after, net))

    _fresh(before, case.options, None)  # the kept passes are W's
    kept_regenerative = plan(after, case.options)
    plan(before, case.options)
    kept_net_change = plan(after, net, assigned=flagged)

    assert kept_regenerative == _fresh(after, case.options, None)
    assert kept_net_change == _fresh(after, net, flagged)


def test_memo_keys_structure_by_identity_and_the_rest_by_value() -> None:
    memo: PassMemo[int] = PassMemo(size=2)
    calls: list[str] = []

    def compute(label: str) -> int:
        calls.append(label)
        return len(calls)

    structure, copy = {"A": 1}, {"A": 1}
    assert memo.get((structure,), ("x",), lambda: compute("first")) == 1
    assert memo.get((structure,), ("x",), lambda: compute("again")) == 1  # kept
    assert memo.get((copy,), ("x",), lambda: compute("equal copy")) == 2  # not the same object
    assert memo.get((structure,), ("y",), lambda: compute("other value")) == 3
    assert memo.get((structure,), ("x",), lambda: compute("evicted")) == 4  # size 2
    assert calls == ["first", "equal copy", "other value", "evicted"]
