"""The optimiser: OR-Tools CP-SAT on the interval model, warm-started from the heuristic.

:func:`solve` has the heuristic's result type. It gives CP-SAT the heuristic
schedule as its hint, lets it improve that schedule for ``time_limit``
seconds of wall time and returns the best schedule found, validated. The
bound is CP-SAT's proven lower bound on the objective (never below the
heuristic's simple one).

Which search CP-SAT's full-problem worker runs depends on the model
(:func:`portfolio`): on a classical job shop (makespan only, one machine per
operation) the search without linear relaxation proves and improves fastest;
on a flexible job shop the reduced-cost search with a redundant machine-pool
cumulative does; a model with due dates or changeovers keeps CP-SAT's
default. The other worker runs large-neighbourhood search around the best
schedule.

CP-SAT with several workers is not reproducible under a wall-clock limit:
how far the search gets depends on the machine's load. Give ``workers=1``
and a ``deterministic_limit`` (in CP-SAT's deterministic seconds) for runs
that must repeat exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from taktplan.scheduling import heuristic
from taktplan.scheduling.cpsat_model import CpModel, ModelOptions, build
from taktplan.scheduling.model import Schedule, ScheduledOperation, SchedulingModel
from taktplan.scheduling.objective import cost, has_due_dates, largest_value
from taktplan.scheduling.result import SolveResult, Status
from taktplan.scheduling.validator import check


@dataclass(frozen=True, slots=True)
class CpSatOptions:
    """How CP-SAT searches: threads, seed, and an optional deterministic work limit."""

    workers: int = 2
    seed: int = 0
    model: ModelOptions = field(default_factory=ModelOptions)
    deterministic_limit: float | None = None
    log: bool = False
    subsolvers: tuple[str, ...] | None = None
    """CP-SAT's full-problem searches; None: chosen from the model by :func:`portfolio`."""


LARGEST_OBJECTIVE = 2**62
"""CP-SAT's integers are 64-bit: a model whose combined objective could exceed this
(due dates, changeovers and makespan over very long horizons) is left to the heuristic."""

EXACT_FLOAT = 2**53
"""CP-SAT reports its bound as a float, exact up to here; above it the bound is rounded down."""


def solve(
    model: SchedulingModel,
    time_limit: float,
    options: CpSatOptions | None = None,
    start: SolveResult | None = None,
) -> SolveResult:
    """The best schedule CP-SAT finds within ``time_limit`` seconds, from ``start``.

    ``start`` defaults to the heuristic's schedule; one CP-SAT run hinted
    with it takes the whole time. If CP-SAT finds nothing better, the start
    schedule is returned with the better bound.
    """
    options = options or CpSatOptions()
    best = start or heuristic.solve(model)
    if best.status is Status.OPTIMAL or model.num_operations == 0:
        return best
    if largest_value(model) > LARGEST_OBJECTIVE:
        return best
    return _run(model, best, time_limit, options)


def _run(
    model: SchedulingModel,
    incumbent: SolveResult,
    time_limit: float,
    options: CpSatOptions,
) -> SolveResult:
    """One CP-SAT run hinted with ``incumbent``; the better of the two, with the best bound."""
    searches, model_options = portfolio(model, options)
    built = build(model, incumbent.schedule, model_options)
    solver = cp_model.CpSolver()
    _configure(solver, time_limit, options)
    solver.parameters.subsolvers.extend(searches)
    status = solver.solve(built.model)
    bound = max(incumbent.bound, _integer_bound(solver.best_objective_bound))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _with_bound(incumbent, bound)
    schedule = check(model, _schedule(model, built, solver))
    found = cost(model, schedule)
    if found.value >= incumbent.cost.value:
        return _with_bound(incumbent, bound)
    proven = status == cp_model.OPTIMAL or found.value <= bound
    return SolveResult(
        schedule,
        found,
        min(bound, found.value),
        Status.OPTIMAL if proven else Status.FEASIBLE,
        "cpsat",
    )


def portfolio(
    model: SchedulingModel, options: CpSatOptions
) -> tuple[tuple[str, ...], ModelOptions]:
    """The full-problem searches for ``model`` and the model switches they work best with.

    Chosen on the public benchmark instances with 2 workers (BENCHMARKS.md):
    without linear relaxation on Taillard's job shops, reduced costs with
    the machine-pool cumulative on Brandimarte's flexible shops. Models with
    due dates or changeovers keep CP-SAT's default search, whose linear
    relaxation reasons well about a weighted sum.
    """
    if options.subsolvers is not None:
        return options.subsolvers, options.model
    if has_due_dates(model) or model.has_changeovers:
        return (), options.model
    if all(len(op.modes) == 1 for job in model.jobs for op in job.operations):
        return ("no_lp",), options.model
    return ("reduced_costs",), replace(options.model, machine_pool=True)


def _configure(solver: cp_model.CpSolver, time_limit: float, options: CpSatOptions) -> None:
    p = solver.parameters
    p.max_time_in_seconds = max(0.01, time_limit)
    p.num_workers = options.workers
    p.random_seed = options.seed
    p.log_search_progress = options.log
    if options.deterministic_limit is not None:
        p.max_deterministic_time = options.deterministic_limit


def _integer_bound(bound: float) -> int:
    """The float bound as an integer no larger than the true one."""
    if abs(bound) < EXACT_FLOAT:
        return math.ceil(bound - 1e-6)
    return math.floor(bound) - math.ceil(abs(bound) * 2**-50)


def _with_bound(result: SolveResult, bound: int) -> SolveResult:
    bound = min(bound, result.cost.value)
    status = Status.OPTIMAL if bound == result.cost.value else result.status
    return SolveResult(result.schedule, result.cost, bound, status, result.solver)


def _schedule(model: SchedulingModel, built: CpModel, solver: cp_model.CpSolver) -> Schedule:
    placed = []
    for (j, k), v in built.ops.items():
        op = model.operation(j, k)
        if len(op.modes) == 1:
            resource = op.modes[0].resource
        else:
            resource = next(r for r, lit in v.presence.items() if solver.boolean_value(lit))
        start = solver.value(v.start)
        length = op.occupation(resource) or 0
        placed.append(ScheduledOperation(j, k, resource, start, start + length))
    return Schedule.of(placed)
