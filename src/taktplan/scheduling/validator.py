"""The check every schedule passes before a solver returns it.

:func:`violations` lists, in plain words, everything wrong with a schedule
for a model: an operation missing, scheduled twice or unknown, on a resource
it cannot use, with a length that is not its setup plus processing time,
before its job's release, before the previous operation of its job ends,
overlapping another operation on the same resource, or too soon after the
operation before it on a resource with changeovers. :func:`check` raises
:class:`InvalidScheduleError` with those messages; a solver that hits it has
a bug, so it is an error of taktplan, not of the input.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from taktplan.errors import TaktplanError
from taktplan.scheduling.model import Schedule, ScheduledOperation, SchedulingModel


class InvalidScheduleError(TaktplanError):
    """A schedule breaks the model's rules; ``problems`` lists every violation."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"invalid schedule: {shown}{more}")


def _name(model: SchedulingModel, o: ScheduledOperation) -> str:
    return f"job {model.jobs[o.job].id} operation {o.op}"


def violations(model: SchedulingModel, schedule: Schedule) -> list[str]:
    """Every rule the schedule breaks, one message each (empty: the schedule is valid)."""
    problems: list[str] = []
    placed: dict[tuple[int, int], ScheduledOperation] = {}
    for o in schedule.operations:
        if not (0 <= o.job < len(model.jobs) and 0 <= o.op < len(model.jobs[o.job].operations)):
            problems.append(f"job index {o.job} operation {o.op} is not in the model")
            continue
        if (o.job, o.op) in placed:
            problems.append(f"{_name(model, o)} is scheduled more than once")
            continue
        placed[o.job, o.op] = o
        problems.extend(_placement(model, o))
    for j, job in enumerate(model.jobs):
        for k in range(len(job.operations)):
            if (j, k) not in placed:
                problems.append(f"job {job.id} operation {k} is not scheduled")
    problems.extend(_precedence(model, placed))
    problems.extend(_overlaps(model, placed.values()))
    problems.extend(_changeovers(model, schedule))
    return problems


def check(model: SchedulingModel, schedule: Schedule) -> Schedule:
    """The schedule itself when it is valid; otherwise raise :class:`InvalidScheduleError`."""
    problems = violations(model, schedule)
    if problems:
        raise InvalidScheduleError(problems)
    return schedule


def _placement(model: SchedulingModel, o: ScheduledOperation) -> list[str]:
    """Resource eligibility, length and release of one scheduled operation."""
    problems = []
    job = model.jobs[o.job]
    occupation = job.operations[o.op].occupation(o.resource)
    if occupation is None:
        allowed = sorted(m.resource for m in job.operations[o.op].modes)
        problems.append(f"{_name(model, o)} is on resource {o.resource}, allowed {allowed}")
    elif o.end - o.start != occupation:
        problems.append(
            f"{_name(model, o)} lasts {o.end - o.start} ([{o.start}, {o.end})), "
            f"setup plus processing time on resource {o.resource} is {occupation}"
        )
    if o.start < job.release:
        problems.append(f"{_name(model, o)} starts at {o.start}, before its release {job.release}")
    return problems


def _precedence(
    model: SchedulingModel, placed: dict[tuple[int, int], ScheduledOperation]
) -> list[str]:
    problems = []
    for j, job in enumerate(model.jobs):
        for k in range(1, len(job.operations)):
            before, after = placed.get((j, k - 1)), placed.get((j, k))
            if before is not None and after is not None and after.start < before.end:
                problems.append(
                    f"job {job.id} operation {k} starts at {after.start}, "
                    f"before operation {k - 1} ends at {before.end}"
                )
    return problems


def _overlaps(model: SchedulingModel, placed: Iterable[ScheduledOperation]) -> list[str]:
    by_resource: dict[int, list[ScheduledOperation]] = {}
    for o in placed:
        if o.end > o.start:
            by_resource.setdefault(o.resource, []).append(o)
    problems = []
    for resource in sorted(by_resource):
        ops = sorted(by_resource[resource], key=lambda o: (o.start, o.end, o.job, o.op))
        latest = ops[0]
        for o in ops[1:]:
            if o.start < latest.end:
                problems.append(
                    f"resource {model.resources[resource].id}: {_name(model, latest)} "
                    f"[{latest.start}, {latest.end}) overlaps {_name(model, o)} "
                    f"[{o.start}, {o.end})"
                )
            if o.end > latest.end:
                latest = o
    return problems


def _changeovers(model: SchedulingModel, schedule: Schedule) -> list[str]:
    """Consecutive operations on a resource leave room for the changeover between them."""
    problems = []
    for resource, ops in sorted(schedule.sequences().items()):
        if not (0 <= resource < len(model.resources)):
            continue
        if not model.resources[resource].has_changeovers:
            continue
        for before, after in pairwise(ops):
            if not (_known(model, before) and _known(model, after)):
                continue
            needed = model.changeover(resource, before.job, after.job)
            if needed and after.start < before.end + needed:
                problems.append(
                    f"{_name(model, after)} starts at {after.start}, changeover from "
                    f"job {model.jobs[before.job].id} needs until {before.end + needed}"
                )
    return problems


def _known(model: SchedulingModel, o: ScheduledOperation) -> bool:
    return 0 <= o.job < len(model.jobs) and 0 <= o.op < len(model.jobs[o.job].operations)
