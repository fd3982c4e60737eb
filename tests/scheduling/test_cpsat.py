"""The CP-SAT optimiser: known optima, the lexicographic objective, the bound."""

from __future__ import annotations

from taktplan.scheduling import cpsat, heuristic
from taktplan.scheduling.model import Job, Resource, SchedulingModel
from taktplan.scheduling.result import Status
from taktplan.scheduling.solve import solve
from taktplan.scheduling.validator import violations
from tests.scheduling.conftest import benchmark, op


def test_ft06_reaches_and_proves_its_optimum() -> None:
    model = benchmark("ft06")
    start = heuristic.solve(model)
    assert start.cost.makespan > 55  # so the optimiser has work to do
    result = cpsat.solve(model, time_limit=20.0, start=start)
    assert result.cost.makespan == 55
    assert result.bound == 55
    assert result.status is Status.OPTIMAL
    assert result.solver == "cpsat"
    assert violations(model, result.schedule) == []


def test_mk01_flexible_reaches_its_optimum() -> None:
    model = benchmark("mk01")
    result = solve(model, time_limit=20.0)
    assert result.cost.makespan == 40
    assert result.status is Status.OPTIMAL
    assert violations(model, result.schedule) == []


def test_tardiness_is_minimised_before_makespan() -> None:
    """Three jobs with due dates where the shortest makespan makes a heavy job late.

    On M0: A (4) then its M1 part (4); B (2) due at 2 with weight 5; C (2) due
    at 4. Any order with B first and C second avoids all lateness; the
    optimiser must find weighted tardiness 0, then the shortest makespan
    among such schedules (B, C, A on M0: A ends at 8 on M0, 12 on M1).
    """
    model = SchedulingModel(
        (
            Job("A", (op((0, 4)), op((1, 4)))),
            Job("B", (op((0, 2)),), due=2, weight=5),
            Job("C", (op((0, 2)),), due=4),
        ),
        (Resource("M0"), Resource("M1")),
    )
    result = cpsat.solve(model, time_limit=10.0, start=_worst_start(model))
    assert (result.cost.tardiness, result.cost.makespan) == (0, 12)
    assert result.status is Status.OPTIMAL
    assert violations(model, result.schedule) == []


def _worst_start(model: SchedulingModel) -> heuristic.SolveResult:
    """A start from the makespan rule alone, which makes B and C late."""
    start = heuristic.solve(model, rules=(heuristic.Rule.MWKR,))
    assert start.cost.tardiness > 0
    return start


def test_heuristic_only_returns_without_cpsat() -> None:
    model = benchmark("la01")
    result = solve(model, time_limit=10.0, heuristic_only=True)
    assert result.solver != "cpsat"
    assert result.cost == heuristic.solve(model).cost


def test_mk05_flexible_reaches_its_optimum() -> None:
    """The flexible shop whose optimum 172 needs the machine-pool cuts to be found in time."""
    model = benchmark("mk05")
    result = solve(model, time_limit=20.0)
    assert result.cost.makespan == 172
    assert violations(model, result.schedule) == []


def test_portfolio_follows_the_model() -> None:
    """No LP on a job shop, reduced costs and the pool on a flexible one, default otherwise."""
    options = cpsat.CpSatOptions()
    searches, switches = cpsat.portfolio(benchmark("ft06"), options)
    assert (searches, switches.machine_pool) == (("no_lp",), False)
    searches, switches = cpsat.portfolio(benchmark("mk01"), options)
    assert (searches, switches.machine_pool) == (("reduced_costs",), True)
    due = SchedulingModel((Job("A", (op((0, 3)),), due=2, weight=1),), (Resource("M0"),))
    searches, switches = cpsat.portfolio(due, options)
    assert (searches, switches.machine_pool) == ((), False)
