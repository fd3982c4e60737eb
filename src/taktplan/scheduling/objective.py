"""What a schedule costs: weighted tardiness against due dates first, then makespan.

The two are combined lexicographically into one integer so that every solver
minimises the same number: ``tardiness * scale + makespan``, where ``scale``
exceeds any makespan a solver can return (the model's horizon plus one). A
model without due dates has ``scale`` 0 and the objective is the makespan,
the classical job-shop goal.
"""

from __future__ import annotations

from dataclasses import dataclass

from taktplan.scheduling.model import Schedule, SchedulingModel


@dataclass(frozen=True, slots=True)
class Cost:
    """A schedule's weighted tardiness, makespan and the two combined."""

    tardiness: int
    makespan: int
    value: int


def has_due_dates(model: SchedulingModel) -> bool:
    return any(job.due is not None and job.weight > 0 for job in model.jobs)


def tardiness_scale(model: SchedulingModel) -> int:
    """The weight of one unit of weighted tardiness in the combined objective."""
    return model.horizon() + 1 if has_due_dates(model) else 0


def cost(model: SchedulingModel, schedule: Schedule) -> Cost:
    completions = schedule.completions(len(model.jobs))
    tardiness = sum(
        job.weight * max(0, completions[j] - job.due)
        for j, job in enumerate(model.jobs)
        if job.due is not None
    )
    makespan = schedule.makespan
    return Cost(tardiness, makespan, tardiness * tardiness_scale(model) + makespan)


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
