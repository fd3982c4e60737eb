"""A fast, deterministic scheduler: Giffler-Thompson active schedules with priority rules.

At each step the operation that could finish first (on the resource where it
finishes earliest) fixes a resource and a time ``c``; every waiting
operation headed for that resource that could start before ``c`` is in
conflict, and a priority rule picks which one goes first. That builds an
*active* schedule: no operation can start earlier without delaying another.
The rules are tried in turn and the cheapest schedule is kept, ties going to
the earlier rule, so the result does not depend on anything but the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from taktplan.scheduling.model import Mode, Schedule, ScheduledOperation, SchedulingModel
from taktplan.scheduling.objective import cost, makespan_lower_bound
from taktplan.scheduling.result import SolveResult, Status
from taktplan.scheduling.validator import check


class Rule(StrEnum):
    """Which conflicting operation goes first."""

    MWKR = "most-work-remaining"
    MOPNR = "most-operations-remaining"
    SPT = "shortest-processing-time"
    EDD = "earliest-due-date"


@dataclass(frozen=True, slots=True)
class _Candidate:
    """The next operation of a job on the resource where it would finish first."""

    job: int
    mode: Mode
    start: int
    end: int


Priority = Callable[[_Candidate], tuple[int, ...]]


def solve(model: SchedulingModel, rules: tuple[Rule, ...] = tuple(Rule)) -> SolveResult:
    """The cheapest schedule the rules build, validated; the bound is the makespan bound."""
    best: SolveResult | None = None
    for rule in rules:
        schedule = check(model, giffler_thompson(model, rule))
        value = cost(model, schedule)
        if best is None or value.value < best.cost.value:
            best = SolveResult(schedule, value, 0, Status.FEASIBLE, rule.value)
    if best is None:
        raise ValueError("no priority rule given")
    bound = makespan_lower_bound(model)
    status = Status.OPTIMAL if best.cost.value == bound else Status.FEASIBLE
    return SolveResult(best.schedule, best.cost, bound, status, best.solver)


def giffler_thompson(model: SchedulingModel, rule: Rule) -> Schedule:
    """One active schedule, conflicts settled by ``rule`` (then by job index)."""
    jobs = model.jobs
    next_op = [0] * len(jobs)
    job_ready = [job.release for job in jobs]
    resource_ready = [0] * len(model.resources)
    work_left = [sum(op.shortest for op in job.operations) for job in jobs]
    priority = _priority(model, rule, next_op, work_left)
    placed: list[ScheduledOperation] = []
    for _ in range(model.num_operations):
        candidates = [
            _candidate(model, j, next_op[j], job_ready[j], resource_ready)
            for j in range(len(jobs))
            if next_op[j] < len(jobs[j].operations)
        ]
        first = min(candidates, key=lambda c: (c.end, c.mode.resource, c.job))
        resource = first.mode.resource
        conflict = [c for c in candidates if c.mode.resource == resource and c.start < first.end]
        chosen = min(conflict, key=lambda c: (*priority(c), c.job))
        op = jobs[chosen.job].operations[next_op[chosen.job]]
        placed.append(
            ScheduledOperation(chosen.job, next_op[chosen.job], resource, chosen.start, chosen.end)
        )
        job_ready[chosen.job] = resource_ready[resource] = chosen.end
        work_left[chosen.job] -= op.shortest
        next_op[chosen.job] += 1
    return Schedule.of(placed)


def _candidate(
    model: SchedulingModel, job: int, op_index: int, ready: int, resource_ready: list[int]
) -> _Candidate:
    op = model.jobs[job].operations[op_index]
    best: _Candidate | None = None
    for mode in op.modes:
        start = max(ready, resource_ready[mode.resource])
        end = start + op.setup + mode.duration
        if best is None or (end, mode.resource) < (best.end, best.mode.resource):
            best = _Candidate(job, mode, start, end)
    assert best is not None  # the model guarantees at least one mode
    return best


def _priority(
    model: SchedulingModel, rule: Rule, next_op: list[int], work_left: list[int]
) -> Priority:
    """A sort key (smaller goes first) reading the scheduler's live state."""
    jobs = model.jobs
    if rule is Rule.MWKR:
        return lambda c: (-work_left[c.job], c.end - c.start)
    if rule is Rule.MOPNR:
        return lambda c: (next_op[c.job] - len(jobs[c.job].operations), -work_left[c.job])
    if rule is Rule.SPT:
        return lambda c: (c.end - c.start, -work_left[c.job])
    no_due = model.horizon() + 1
    due = [no_due if job.due is None else job.due for job in jobs]
    return lambda c: (due[c.job], -work_left[c.job])
