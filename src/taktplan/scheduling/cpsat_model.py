"""The CP-SAT model of a scheduling model: interval variables on no-overlap resources.

Each operation has a start and an end; with one eligible resource it is a
fixed-size interval on it, with several it has one optional interval per
resource and exactly one of their presence literals is true. Operations of a
job follow one another; a job starts no earlier than its release. The
objective is the one of :mod:`taktplan.scheduling.objective`: weighted
tardiness, then changeover time, then makespan, scaled into one integer.

A resource without changeovers is a plain no-overlap over its intervals. A
resource with a changeover matrix also gets a circuit: a node per operation
that can take time on it and a depot node; an arc literal from operation
``a`` to ``b`` means ``b`` follows ``a`` directly, which needs ``b`` to start
no earlier than ``a``'s end plus the changeover between their families; the
depot's arcs mark the first and the last operation, an operation's loop on
itself means it runs elsewhere. The changeovers of the chosen arcs are the
objective's changeover term.

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
from taktplan.scheduling.objective import has_due_dates, makespan_lower_bound, scales


@dataclass
class OperationVars:
    """The solver variables of one operation: start, end, and per resource its literal."""

    start: cp_model.IntVar
    end: cp_model.LinearExprT
    presence: dict[int, cp_model.IntVar | bool] = field(default_factory=dict)


@dataclass
class Circuit:
    """The sequence of one resource with changeovers: arc literals between its operations.

    ``nodes[i]`` is the (job, operation) of node ``i + 1`` (node 0 is the
    depot); ``arcs[a, b]`` is the literal of the arc from node ``a`` to node
    ``b``, loops included.
    """

    resource: int
    nodes: list[tuple[int, int]]
    arcs: dict[tuple[int, int], cp_model.IntVar]


@dataclass
class CpModel:
    """The CP-SAT model with handles back to operations, makespan, tardiness and sequences."""

    model: cp_model.CpModel
    ops: dict[tuple[int, int], OperationVars]
    makespan: cp_model.IntVar
    tardiness: dict[int, cp_model.IntVar]
    circuits: list[Circuit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ModelOptions:
    """Switches for what the model adds beyond the constraints themselves.

    ``hint``: give the incumbent schedule to the solver as a hint.
    ``cap_horizon``: for a makespan-only model, allow no end beyond the
    incumbent's makespan. ``makespan_interval``: put a unit interval starting
    at the makespan on every resource, so that the resources' no-overlap
    reasoning (edge finding, energy) also pushes the makespan's lower bound.
    ``machine_pool``: add a redundant cumulative over every operation with
    the number of resources as its capacity, and every resource's load (the
    operations placed on it) before the makespan, which let a flexible
    shop's bound see the shop's total and per-machine load before it knows
    where operations run.
    """

    hint: bool = True
    cap_horizon: bool = False
    makespan_interval: bool = False
    machine_pool: bool = False


def build(
    model: SchedulingModel, incumbent: Schedule, options: ModelOptions | None = None
) -> CpModel:
    """The CP-SAT model of ``model``, starting from the valid schedule ``incumbent``."""
    options = options or ModelOptions()
    cp = cp_model.CpModel()
    capped = options.cap_horizon and not has_due_dates(model) and not model.has_changeovers
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
    circuits, changeovers = _no_overlaps(cp, model, ops, end_marker)
    if options.machine_pool:
        _machine_pool(cp, model, ops, makespan)
    tardiness = _tardiness(cp, model, ops, horizon)
    weight = scales(model)
    late = [model.jobs[j].weight * weight.tardiness * t for j, t in tardiness.items()]
    change = [weight.changeover * term for term in changeovers]
    cp.minimize(cp_model.LinearExpr.sum([*late, *change, makespan]))
    built = CpModel(cp, ops, makespan, tardiness, circuits)
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
) -> tuple[list[Circuit], list[cp_model.LinearExpr]]:
    """One interval per (operation, eligible resource); one no-overlap per resource.

    Resources with changeovers also get their circuit; returned with the
    changeover time of every arc (the total of the chosen arcs).
    """
    intervals: list[list[cp_model.IntervalVar]] = [[] for _ in model.resources]
    members: list[list[tuple[int, int]]] = [[] for _ in model.resources]
    for j, job in enumerate(model.jobs):
        for k, op in enumerate(job.operations):
            v = ops[j, k]
            for mode in op.modes:
                if op.setup + mode.duration > 0:
                    members[mode.resource].append((j, k))
            if len(op.modes) == 1:
                mode = op.modes[0]
                length = op.setup + mode.duration
                if length > 0:  # CP-SAT's no-overlap keeps even an empty interval apart
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
                if length > 0:
                    intervals[mode.resource].append(iv)
                v.presence[mode.resource] = lit
                literals.append(lit)
            cp.add_exactly_one(literals)
    for resource_intervals in intervals:
        if resource_intervals:
            cp.add_no_overlap(resource_intervals + on_every_resource)
    circuits: list[Circuit] = []
    changeovers: list[cp_model.LinearExpr] = []
    for r, resource in enumerate(model.resources):
        if resource.has_changeovers and len(members[r]) > 1:
            circuit, minutes = _circuit(cp, model, ops, r, members[r])
            circuits.append(circuit)
            changeovers += minutes
    return circuits, changeovers


def _machine_pool(
    cp: cp_model.CpModel,
    model: SchedulingModel,
    ops: dict[tuple[int, int], OperationVars],
    makespan: cp_model.IntVar,
) -> None:
    """At most as many operations run at once as there are resources (a redundant cut).

    Also: every resource's load (the time of the operations placed on it)
    fits before the makespan.
    """
    load: list[list[cp_model.LinearExprT]] = [[] for _ in model.resources]
    for (j, k), v in ops.items():
        op = model.operation(j, k)
        for mode in op.modes:
            length = op.setup + mode.duration
            present = v.presence.get(mode.resource, True)
            load[mode.resource].append(
                length * present if not isinstance(present, bool) else length
            )
    for terms in load:
        if terms:
            cp.add(cp_model.LinearExpr.sum(terms) <= makespan)
    intervals = []
    for (j, k), v in ops.items():
        op = model.operation(j, k)
        shortest = op.shortest
        if shortest <= 0:
            continue
        longest = max(op.setup + mode.duration for mode in op.modes)
        size = cp.new_int_var(shortest, longest, f"size_{j}_{k}")
        intervals.append(cp.new_interval_var(v.start, size, v.end, f"pool_{j}_{k}"))
    if intervals:
        cp.add_cumulative(intervals, [1] * len(intervals), len(model.resources))


def _circuit(
    cp: cp_model.CpModel,
    model: SchedulingModel,
    ops: dict[tuple[int, int], OperationVars],
    resource: int,
    nodes: list[tuple[int, int]],
) -> tuple[Circuit, list[cp_model.LinearExpr]]:
    """The sequence of the operations on ``resource``, with the changeover of every arc."""
    arcs: dict[tuple[int, int], cp_model.IntVar] = {}
    minutes: list[cp_model.LinearExpr] = []
    always_here = False
    for a, (j, k) in enumerate(nodes, start=1):
        present = ops[j, k].presence.get(resource, True)
        arcs[0, a] = cp.new_bool_var(f"first_{resource}_{j}_{k}")
        arcs[a, 0] = cp.new_bool_var(f"last_{resource}_{j}_{k}")
        if isinstance(present, bool):
            always_here = True
        else:
            arcs[a, a] = cp.new_bool_var(f"elsewhere_{resource}_{j}_{k}")
            cp.add(arcs[a, a] + present == 1)
        for b, (j2, k2) in enumerate(nodes, start=1):
            if a == b:
                continue
            lit = cp.new_bool_var(f"next_{resource}_{j}_{k}_{j2}_{k2}")
            arcs[a, b] = lit
            change = model.changeover(resource, j, j2)
            cp.add(ops[j2, k2].start >= ops[j, k].end + change).only_enforce_if(lit)
            if change:
                minutes.append(change * lit)
    if not always_here:
        arcs[0, 0] = cp.new_bool_var(f"idle_{resource}")
    cp.add_circuit([(a, b, lit) for (a, b), lit in arcs.items()])
    return Circuit(resource, list(nodes), arcs), minutes


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
        # one mode: the end is the start plus a length (the start itself when that is 0)
        if len(model.operation(o.job, o.op).modes) > 1 and isinstance(v.end, cp_model.IntVar):
            cp.add_hint(v.end, o.end)
        for resource, lit in v.presence.items():
            if not isinstance(lit, bool):
                cp.add_hint(lit, resource == o.resource)
    cp.add_hint(built.makespan, incumbent.makespan)
    completions = incumbent.completions(len(model.jobs))
    for j, late in built.tardiness.items():
        due = model.jobs[j].due or 0
        cp.add_hint(late, max(0, completions[j] - due))
    sequences = incumbent.sequences()
    for circuit in built.circuits:
        node = {key: i for i, key in enumerate(circuit.nodes, start=1)}
        order = [node[o.job, o.op] for o in sequences.get(circuit.resource, [])]
        chosen = set(zip([0, *order], [*order, 0], strict=True))
        chosen |= {(i, i) for i in node.values() if i not in order}
        for arc, lit in circuit.arcs.items():
            cp.add_hint(lit, arc in chosen)


def _nonempty(model: SchedulingModel) -> list[tuple[int, Job]]:
    return [(j, job) for j, job in enumerate(model.jobs) if job.operations]
