"""Random small models with changeovers: both solvers give valid schedules, CP-SAT never worse.

Also checks that the CP-SAT model agrees with :mod:`objective` on every
schedule: fixed to the heuristic's schedule as its hint, it is feasible and
its objective is the heuristic's cost.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from taktplan.scheduling import cpsat, heuristic
from taktplan.scheduling.cpsat import CpSatOptions
from taktplan.scheduling.cpsat_model import ModelOptions, build
from taktplan.scheduling.model import Job, Mode, Operation, Resource, SchedulingModel
from taktplan.scheduling.result import Status
from taktplan.scheduling.validator import violations


@st.composite
def models(draw: st.DrawFn) -> SchedulingModel:
    families = draw(st.integers(1, 3))
    num_resources = draw(st.integers(1, 3))
    resources = []
    for r in range(num_resources):
        if draw(st.booleans()):
            row = st.tuples(*[st.integers(0, 20)] * families)
            matrix = draw(st.tuples(*[row] * families))
        else:
            matrix = ()
        resources.append(Resource(f"R{r}", matrix))
    jobs = []
    for j in range(draw(st.integers(1, 5))):
        ops = []
        for _ in range(draw(st.integers(1, 3))):
            eligible = draw(st.sets(st.integers(0, num_resources - 1), min_size=1, max_size=2))
            modes = tuple(Mode(r, draw(st.integers(0, 12))) for r in sorted(eligible))
            ops.append(Operation(modes, draw(st.sampled_from([0, 0, 2]))))
        due = draw(st.one_of(st.none(), st.integers(0, 60)))
        jobs.append(
            Job(
                f"J{j}",
                tuple(ops),
                release=draw(st.integers(0, 6)),
                due=due,
                weight=draw(st.integers(0, 3)),
                family=draw(st.integers(0, families - 1)),
            )
        )
    return SchedulingModel(tuple(jobs), tuple(resources))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_both_solvers_are_valid_and_cpsat_never_worse(model: SchedulingModel) -> None:
    start = heuristic.solve(model)
    assert violations(model, start.schedule) == []
    options = CpSatOptions(workers=1, deterministic_limit=2.0)
    result = cpsat.solve(model, time_limit=10.0, options=options, start=start)
    assert violations(model, result.schedule) == []
    assert result.cost.value <= start.cost.value
    assert result.bound <= result.cost.value


@pytest.mark.parametrize("machine_pool", [False, True])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_cpsat_model_prices_the_hinted_schedule_like_the_objective(
    machine_pool: bool, model: SchedulingModel
) -> None:
    """Fixed to the heuristic's schedule, the model (with or without the redundant
    machine-pool cuts) is feasible and its objective is the heuristic's cost."""
    start = heuristic.solve(model)
    built = build(model, start.schedule, ModelOptions(machine_pool=machine_pool))
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    assert solver.solve(built.model) == cp_model.OPTIMAL
    assert solver.objective_value == start.cost.value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_machine_pool_cuts_off_no_optimum(model: SchedulingModel) -> None:
    """Solved to optimality with and without the machine pool, the optimum is the same."""
    optima = []
    for pool in (False, True):
        options = CpSatOptions(
            workers=1, deterministic_limit=5.0, subsolvers=(), model=ModelOptions(machine_pool=pool)
        )
        result = cpsat.solve(model, time_limit=30.0, options=options)
        assert result.status is Status.OPTIMAL
        assert violations(model, result.schedule) == []
        optima.append(result.cost.value)
    assert optima[0] == optima[1]
