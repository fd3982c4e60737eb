"""The CP-SAT model of a scheduling model: interval variables on no-overlap resources.

Each operation has a start and an end; with one eligible resource it is a
fixed-size interval on it, with several it has one optional interval per
resource and exactly one of their presence literals is true. Operations of a
job follow one another; a job starts no earlier than its release. The
objective is the one of :mod:`taktplan.scheduling.objective`: weighted
tardiness (scaled to dominate) plus makespan.

Domains are cut to what a schedule can use: every operation lies between
its job's head (release plus the shortest times of the operations before
it) and the horizon minus its tail. The incumbent schedule is the solver's
hint. Capping the horizon at the incumbent's makespan is possible
(``cap_horizon``) but off by default: on Taillard 15x15 instances it slowed
CP-SAT's search down rather than helping it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from taktplan.scheduling.model import Job, Schedule, SchedulingModel
from taktplan.scheduling.objective import has_due_dates, makespan_lower_bound, tardiness_scale


@dataclass
class OperationVars:
    """The solver variables of one operation: start, end, and per resource its literal."""

    start: cp_model.IntVar
    end: cp_model.LinearExprT
    presence: dict[int, cp_model.IntVar | bool] = field(default_factory=dict)


@dataclass
class CpModel:
    """The CP-SAT model with handles back to operations, makespan and tardiness."""

    model: cp_model.CpModel
    ops: dict[tuple[int, int], OperationVars]
    makespan: cp_model.IntVar
    tardiness: dict[int, cp_model.IntVar]


@dataclass(frozen=True, slots=True)
class ModelOptions:
    """Switches for what the model adds beyond the constraints themselves.

    ``hint``: give the incumbent schedule to the solver as a hint.
    ``cap_horizon``: for a makespan-only model, allow no end beyond the
    incumbent's makespan. ``makespan_interval``: put a unit interval starting
    at the makespan on every resource, so that the resources' no-overlap
    reasoning (edge finding, energy) also pushes the makespan's lower bound.
    """

    hint: bool = True
    cap_horizon: bool = False
    makespan_interval: bool = False


def build(
    model: SchedulingModel, incumbent: Schedule, options: ModelOptions | None = None
) -> CpModel:
    """The CP-SAT model of ``model``, starting from the valid schedule ``incumbent``."""
    options = options or ModelOptions()
    cp = cp_model.CpModel()
    capped = options.cap_horizon and not has_due_dates(model)
    horizon = incumbent.makespan if capped else model.horizon()
    ops = _operations(cp, model, horizon)
    _precedences(cp, model, ops)
    makespan = cp.new_int_var(min(makespan_lower_bound(model), horizon), horizon, "makespan")
    last_ends = [
        ops[j, len(job.operations) - 1].end for j, job in enumerate(model.jobs) if job.operations
    ]
    cp.add_max_equality(makespan, last_ends)
    end_marker = (
        [cp.new_fixed_size_interval_var(makespan, 1, "makespan_marker")]
        if options.makespan_interval
        else []
    )
    _no_overlaps(cp, model, ops, end_marker)
    tardiness = _tardiness(cp, model, ops, horizon)
    scale = tardiness_scale(model)
    cp.minimize(scale * sum(model.jobs[j].weight * t for j, t in tardiness.items()) + makespan)
    built = CpModel(cp, ops, makespan, tardiness)
    if options.hint:
        _hint(built, model, incumbent)
    return built


def _operations(
    cp: cp_model.CpModel, model: SchedulingModel, horizon: int
) -> dict[tuple[int, int], OperationVars]:
    ops: dict[tuple[int, int], OperationVars] = {}
    for j, job in enumerate(model.jobs):
        shortest = [op.shortest for op in job.operations]
        head = job.release
        tail = sum(shortest)
        for k, op in enumerate(job.operations):
            tail -= shortest[k]
            latest_start = max(head, horizon - tail - shortest[k])
            start = cp.new_int_var(head, latest_start, f"start_{j}_{k}")
            if len(op.modes) == 1:
                mode = op.modes[0]
                length = op.setup + mode.duration
                ops[j, k] = OperationVars(start, start + length, {mode.resource: True})
            else:
                end = cp.new_int_var(head + shortest[k], max(head, horizon - tail), f"end_{j}_{k}")
                ops[j, k] = OperationVars(start, end)
            head += shortest[k]
    return ops


def _precedences(
    cp: cp_model.CpModel, model: SchedulingModel, ops: dict[tuple[int, int], OperationVars]
) -> None:
    for j, job in enumerate(model.jobs):
        for k in range(1, len(job.operations)):
            cp.add(ops[j, k].start >= ops[j, k - 1].end)


def _no_overlaps(
    cp: cp_model.CpModel,
    model: SchedulingModel,
    ops: dict[tuple[int, int], OperationVars],
    on_every_resource: list[cp_model.IntervalVar],
) -> None:
    """One interval per (operation, eligible resource); one no-overlap per resource."""
    intervals: list[list[cp_model.IntervalVar]] = [[] for _ in model.resources]
    for j, job in enumerate(model.jobs):
        for k, op in enumerate(job.operations):
            v = ops[j, k]
            if len(op.modes) == 1:
                mode = op.modes[0]
                length = op.setup + mode.duration
                iv = cp.new_fixed_size_interval_var(v.start, length, f"op_{j}_{k}")
                intervals[mode.resource].append(iv)
                continue
            literals = []
            for mode in op.modes:
                lit = cp.new_bool_var(f"on_{j}_{k}_{mode.resource}")
                length = op.setup + mode.duration
                iv = cp.new_optional_interval_var(
                    v.start, length, v.end, lit, f"op_{j}_{k}_{mode.resource}"
                )
                intervals[mode.resource].append(iv)
                v.presence[mode.resource] = lit
                literals.append(lit)
            cp.add_exactly_one(literals)
    for resource_intervals in intervals:
        if resource_intervals:
            cp.add_no_overlap(resource_intervals + on_every_resource)


def _tardiness(
    cp: cp_model.CpModel,
    model: SchedulingModel,
    ops: dict[tuple[int, int], OperationVars],
    horizon: int,
) -> dict[int, cp_model.IntVar]:
    tardiness: dict[int, cp_model.IntVar] = {}
    for j, job in enumerate(model.jobs):
        if job.due is None or job.weight == 0 or not job.operations:
            continue
        late = cp.new_int_var(0, max(0, horizon - job.due), f"tardiness_{j}")
        cp.add(late >= ops[j, len(job.operations) - 1].end - job.due)
        tardiness[j] = late
    return tardiness


def _hint(built: CpModel, model: SchedulingModel, incumbent: Schedule) -> None:
    cp = built.model
    for o in incumbent.operations:
        v = built.ops[o.job, o.op]
        cp.add_hint(v.start, o.start)
        if isinstance(v.end, cp_model.IntVar):
            cp.add_hint(v.end, o.end)
        for resource, lit in v.presence.items():
            if not isinstance(lit, bool):
                cp.add_hint(lit, resource == o.resource)
    cp.add_hint(built.makespan, incumbent.makespan)
    completions = incumbent.completions(len(model.jobs))
    for j, late in built.tardiness.items():
        due = model.jobs[j].due or 0
        cp.add_hint(late, max(0, completions[j] - due))


def _nonempty(model: SchedulingModel) -> list[tuple[int, Job]]:
    return [(j, job) for j, job in enumerate(model.jobs) if job.operations]
