"""The Giffler-Thompson heuristic: valid, active, deterministic schedules."""

from __future__ import annotations

import pytest

from taktplan.scheduling import heuristic
from taktplan.scheduling.heuristic import Rule, giffler_thompson
from taktplan.scheduling.model import Job, Resource, SchedulingModel
from taktplan.scheduling.objective import cost, makespan_lower_bound
from taktplan.scheduling.result import Status
from taktplan.scheduling.validator import violations
from tests.scheduling.conftest import benchmark, op, two_machine_model


@pytest.mark.parametrize("name", ["ft06", "la01", "mk01"])
@pytest.mark.parametrize("rule", list(Rule))
def test_every_rule_schedules_public_instances_validly(name: str, rule: Rule) -> None:
    model = benchmark(name)
    schedule = giffler_thompson(model, rule)
    assert violations(model, schedule) == []
    assert schedule.makespan >= makespan_lower_bound(model)


@pytest.mark.parametrize(("name", "best_known"), [("ft06", 55), ("la01", 666), ("mk01", 40)])
def test_best_rule_is_within_a_third_of_the_best_known(name: str, best_known: int) -> None:
    result = heuristic.solve(benchmark(name))
    assert best_known <= result.cost.makespan <= best_known * 4 // 3
    assert result.bound <= best_known


def test_same_model_gives_the_same_schedule() -> None:
    model = benchmark("la01")
    assert heuristic.solve(model) == heuristic.solve(model)


def test_active_schedule_uses_release_setup_and_the_faster_machine() -> None:
    model = two_machine_model()
    result = heuristic.solve(model)
    assert violations(model, result.schedule) == []
    by_job = {o.job: o for o in result.schedule.operations if o.op == 0}
    assert by_job[1].resource == 1 and by_job[1].start == 1  # B on M1 as soon as released
    assert by_job[2].end - by_job[2].start == 3  # C's setup counts on the machine
    # M1 must run B (4, from its release at 1) and A's second operation (2): 7 is optimal
    assert result.cost.makespan == 7


def test_due_dates_come_before_makespan() -> None:
    """B's due date makes it go first on M0, although that lengthens the makespan.

    A: M0 for 3 then M1 for 3 (no due date); B: M0 for 1, due at 1. A first
    gives makespan 6 with B 3 late; B first gives makespan 7 and nobody late.
    """
    model = SchedulingModel(
        (Job("A", (op((0, 3)), op((1, 3)))), Job("B", (op((0, 1)),), due=1, weight=2)),
        (Resource("M0"), Resource("M1")),
    )
    mwkr = giffler_thompson(model, Rule.MWKR)
    assert (cost(model, mwkr).tardiness, mwkr.makespan) == (6, 6)
    edd = giffler_thompson(model, Rule.EDD)
    assert (cost(model, edd).tardiness, edd.makespan) == (0, 7)
    result = heuristic.solve(model)
    assert (result.cost.tardiness, result.cost.makespan) == (0, 7)
    assert result.status is Status.FEASIBLE


def test_an_operation_of_no_length_does_not_wait_for_its_resource() -> None:
    """J1's empty operation on busy M0 runs at its release (1), not after J0's (0-5)."""
    model = SchedulingModel(
        (Job("J0", (op((0, 5)),)), Job("J1", (op((0, 0)), op((1, 3))), release=1)),
        (Resource("M0"), Resource("M1")),
    )
    result = heuristic.solve(model)
    placed = {(o.job, o.op): (o.start, o.end) for o in result.schedule.operations}
    assert placed == {(0, 0): (0, 5), (1, 0): (1, 1), (1, 1): (1, 4)}
    assert result.cost.makespan == 5
