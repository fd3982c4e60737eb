"""A fast, deterministic scheduler: Giffler-Thompson active schedules with priority rules.

At each step the operation that could finish first (on the resource where it
finishes earliest) fixes a resource and a time ``c``; every waiting
operation headed for that resource that could start before ``c`` is in
conflict, and a priority rule picks which one goes first. That builds an
*active* schedule: no operation can start earlier without delaying another.
The rules are tried in turn and the cheapest schedule is kept, ties going to
the earlier rule, so the result does not depend on anything but the model.

On a resource with changeovers an operation's earliest start includes the
changeover from the job that ran there last. The smallest-changeover rule
starts from the earliest-due-date choice and prefers, among the operations
in conflict (all ready about equally early), one with a shorter changeover,
as long as the urgent job can still finish by its due date after it.
"""

from __future__ import annotations

import heapq
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
    CHANGEOVER = "smallest-changeover"


@dataclass(frozen=True, slots=True)
class _Candidate:
    """The next operation of a job on the resource where it would finish first."""

    job: int
    mode: Mode
    start: int
    end: int
    changeover: int = 0


Priority = Callable[[_Candidate], tuple[int, ...]]
Chooser = Callable[[list[_Candidate]], _Candidate]


def solve(model: SchedulingModel, rules: tuple[Rule, ...] = tuple(Rule)) -> SolveResult:
    """The cheapest schedule the rules build, validated; the bound is the makespan bound.

    The smallest-changeover rule is left out for a model without changeovers
    (it would only repeat most-work-remaining), unless it is the only rule.
    """
    best: SolveResult | None = None
    if not model.has_changeovers and any(rule is not Rule.CHANGEOVER for rule in rules):
        rules = tuple(rule for rule in rules if rule is not Rule.CHANGEOVER)
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
    """One active schedule, conflicts settled by ``rule`` (then by job index).

    Each unfinished job keeps its candidate (its next operation at its
    earliest end); placing an operation on a resource only refreshes the
    candidates of the jobs whose next operation could run there, and a heap
    with version numbers finds the earliest end. The schedule is the one the
    plain textbook loop (every candidate recomputed every step) builds.
    """
    jobs = model.jobs
    next_op = [0] * len(jobs)
    job_ready = [job.release for job in jobs]
    resource_ready = [0] * len(model.resources)
    last_job: list[int | None] = [None] * len(model.resources)
    work_left = [sum(op.shortest for op in job.operations) for job in jobs]
    choose = _chooser(model, rule, next_op, work_left)
    current: list[_Candidate | None] = [None] * len(jobs)
    version = [0] * len(jobs)
    heap: list[tuple[int, int, int, int]] = []
    users: list[set[int]] = [set() for _ in model.resources]  # jobs whose next op may run there
    chosen_on: list[set[int]] = [set() for _ in model.resources]  # jobs whose candidate is there

    def refresh(j: int) -> None:
        old = current[j]
        if old is not None:
            chosen_on[old.mode.resource].discard(j)
        version[j] += 1
        if next_op[j] >= len(jobs[j].operations):
            current[j] = None
            return
        found = _candidate(model, j, next_op[j], job_ready[j], resource_ready, last_job)
        current[j] = found
        chosen_on[found.mode.resource].add(j)
        heapq.heappush(heap, (found.end, found.mode.resource, j, version[j]))

    for j, each in enumerate(jobs):
        if each.operations:
            for mode in each.operations[0].modes:
                users[mode.resource].add(j)
        refresh(j)
    placed: list[ScheduledOperation] = []
    for _ in range(model.num_operations):
        while True:
            _end, _resource, j, seen = heap[0]
            if seen == version[j]:
                break
            heapq.heappop(heap)
        first = current[j]
        assert first is not None
        resource = first.mode.resource
        conflict = []
        for k in chosen_on[resource]:
            c = current[k]
            if c is not None and (c.start < first.end or c is first):
                conflict.append(c)
        chosen = choose(conflict)
        done = chosen.job
        op = jobs[done].operations[next_op[done]]
        placed.append(ScheduledOperation(done, next_op[done], resource, chosen.start, chosen.end))
        job_ready[done] = chosen.end
        if chosen.end > chosen.start:  # an operation of no length leaves the resource as it was
            resource_ready[resource] = chosen.end
            last_job[resource] = done
        work_left[done] -= op.shortest
        for mode in op.modes:
            users[mode.resource].discard(done)
        next_op[done] += 1
        if next_op[done] < len(jobs[done].operations):
            for mode in jobs[done].operations[next_op[done]].modes:
                users[mode.resource].add(done)
        refresh(done)
        for k in sorted(users[resource]):
            refresh(k)
    return Schedule.of(placed)


def _candidate(
    model: SchedulingModel,
    job: int,
    op_index: int,
    ready: int,
    resource_ready: list[int],
    last_job: list[int | None],
) -> _Candidate:
    op = model.jobs[job].operations[op_index]
    best: _Candidate | None = None
    for mode in op.modes:
        length = op.setup + mode.duration
        before = last_job[mode.resource]
        change = 0
        if before is not None and length > 0:
            change = model.changeover(mode.resource, before, job)
        start = max(ready, resource_ready[mode.resource] + change) if length > 0 else ready
        end = start + length
        if best is None or (end, mode.resource) < (best.end, best.mode.resource):
            best = _Candidate(job, mode, start, end, change)
    assert best is not None  # the model guarantees at least one mode
    return best


def _chooser(
    model: SchedulingModel, rule: Rule, next_op: list[int], work_left: list[int]
) -> Chooser:
    """Which candidate of a conflict goes first (ties to the lower job index)."""
    if rule is not Rule.CHANGEOVER:
        priority = _priority(model, rule, next_op, work_left)
        return lambda conflict: min(conflict, key=lambda c: (*priority(c), c.job))
    edd = _priority(model, Rule.EDD, next_op, work_left)
    jobs = model.jobs

    def choose(conflict: list[_Candidate]) -> _Candidate:
        urgent = min(conflict, key=lambda c: (*edd(c), c.job))
        due = jobs[urgent.job].due
        length = urgent.end - urgent.start

        def urgent_still_on_time(c: _Candidate) -> bool:
            if due is None:
                return True
            change = model.changeover(c.mode.resource, c.job, urgent.job) if length else 0
            return c.end + change + work_left[urgent.job] <= due

        cheaper = [
            c for c in conflict if c.changeover < urgent.changeover and urgent_still_on_time(c)
        ]
        if not cheaper:
            return urgent
        return min(cheaper, key=lambda c: (c.changeover, *edd(c), c.job))

    return choose


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
