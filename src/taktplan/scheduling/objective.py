"""What a schedule costs: weighted tardiness first, then changeover time, then makespan.

The three are combined lexicographically into one integer so that every
solver minimises the same number::

    value = tardiness * tardiness_scale + changeover * changeover_scale + makespan

Each scale exceeds everything the terms after it can add up to: the
changeover scale is the model's horizon plus one (no schedule a solver
returns ends later than the horizon), the tardiness scale is the changeover
bound plus one times that. A scale is 0 when its term cannot occur (no due
dates, no changeover matrix with a time above zero), so that a model with
neither has the makespan as its objective, the classical job-shop goal.

The value is a Python integer and never overflows here; :func:`largest_value`
tells whether it fits the 64-bit integers CP-SAT computes with.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from taktplan.scheduling.model import Schedule, SchedulingModel


@dataclass(frozen=True, slots=True)
class Cost:
    """A schedule's weighted tardiness, makespan, total changeover time, and the combination."""

    tardiness: int
    makespan: int
    value: int
    changeover: int = 0


@dataclass(frozen=True, slots=True)
class Scales:
    """The weights of one unit of tardiness and of changeover time in the combined value."""

    tardiness: int
    changeover: int

    def combine(self, tardiness: int, changeover: int, makespan: int) -> int:
        return tardiness * self.tardiness + changeover * self.changeover + makespan


def has_due_dates(model: SchedulingModel) -> bool:
    return any(job.due is not None and job.weight > 0 for job in model.jobs)


def scales(model: SchedulingModel) -> Scales:
    """The scales that make the combined value lexicographic for ``model``."""
    makespan_scale = model.horizon() + 1
    changeover = makespan_scale if model.has_changeovers else 0
    tardiness = (model.changeover_bound() + 1) * makespan_scale if has_due_dates(model) else 0
    return Scales(tardiness, changeover)


def largest_value(model: SchedulingModel) -> int:
    """A combined value no schedule within the model's horizon exceeds."""
    horizon = model.horizon()
    weight = scales(model)
    late = sum(job.weight * max(0, horizon - job.due) for job in model.jobs if job.due is not None)
    return weight.combine(late, model.changeover_bound(), horizon)


def tardiness_scale(model: SchedulingModel) -> int:
    """The weight of one unit of weighted tardiness in the combined objective."""
    return scales(model).tardiness


def changeover_time(model: SchedulingModel, schedule: Schedule) -> int:
    """The changeover time between consecutive operations, summed over the resources."""
    total = 0
    for resource, ops in schedule.sequences().items():
        if not model.resources[resource].has_changeovers:
            continue
        for before, after in pairwise(ops):
            total += model.changeover(resource, before.job, after.job)
    return total


def cost(model: SchedulingModel, schedule: Schedule) -> Cost:
    completions = schedule.completions(len(model.jobs))
    tardiness = sum(
        job.weight * max(0, completions[j] - job.due)
        for j, job in enumerate(model.jobs)
        if job.due is not None
    )
    makespan = schedule.makespan
    changeover = changeover_time(model, schedule)
    value = scales(model).combine(tardiness, changeover, makespan)
    return Cost(tardiness, makespan, value, changeover)


def makespan_lower_bound(model: SchedulingModel) -> int:
    """A makespan no schedule can beat: the longest job path or the busiest resource.

    A resource's load counts only operations that can run nowhere else.
    """
    longest = max(
        (job.release + sum(op.shortest for op in job.operations) for job in model.jobs),
        default=0,
    )
    load = [0] * len(model.resources)
    for job in model.jobs:
        for op in job.operations:
            if len(op.modes) == 1:
                load[op.modes[0].resource] += op.shortest
    return max([longest, *load])
