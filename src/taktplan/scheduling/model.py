"""The scheduling model: jobs, their operations in routing order, resources, schedules.

Everything is indexed by position: a job is ``model.jobs[j]``, its operations
are ``job.operations[k]`` in routing sequence, a resource is
``model.resources[r]``. Times are integers in one unit the caller chooses
(minutes for production orders, the benchmark's own unit for job-shop files).

An operation may run on any of its eligible resources (alternative machines),
each with its own processing time. A setup time, when given, is done on the
chosen resource right before processing: the resource is busy from the
operation's start to ``start + setup + processing time``.

The model checks its own links when it is built (resource indices in range,
no negative times, at least one eligible resource per operation); the
solvers then trust it.
"""

from __future__ import annotations

from dataclasses import dataclass

from taktplan.errors import InputError


@dataclass(frozen=True, slots=True)
class Mode:
    """One way to run an operation: on ``resource`` for ``duration`` time units."""

    resource: int
    duration: int


@dataclass(frozen=True, slots=True)
class Operation:
    """One step of a job's routing, with its eligible resources and a setup time."""

    modes: tuple[Mode, ...]
    setup: int = 0

    def occupation(self, resource: int) -> int | None:
        """How long the operation keeps ``resource`` busy (None: not eligible there)."""
        for mode in self.modes:
            if mode.resource == resource:
                return self.setup + mode.duration
        return None

    @property
    def shortest(self) -> int:
        """The shortest time the operation can take on any eligible resource."""
        return self.setup + min(mode.duration for mode in self.modes)


@dataclass(frozen=True, slots=True)
class Job:
    """A job (a production order): operations in routing order, due date, weight, release.

    ``due`` None means no due date: the job never counts as tardy.
    """

    id: str
    operations: tuple[Operation, ...]
    release: int = 0
    due: int | None = None
    weight: int = 1


@dataclass(frozen=True, slots=True)
class Resource:
    """A machine or work center that runs one operation at a time."""

    id: str


@dataclass(frozen=True, slots=True)
class SchedulingModel:
    """The whole problem: jobs and the resources they run on."""

    jobs: tuple[Job, ...]
    resources: tuple[Resource, ...]

    def __post_init__(self) -> None:
        for j, job in enumerate(self.jobs):
            _check_job(job, j, len(self.resources))

    @property
    def num_operations(self) -> int:
        return sum(len(job.operations) for job in self.jobs)

    def operation(self, job: int, op: int) -> Operation:
        return self.jobs[job].operations[op]

    def horizon(self) -> int:
        """An end time every left-shifted schedule fits in: latest release plus all work."""
        work = sum(
            op.setup + max(mode.duration for mode in op.modes)
            for job in self.jobs
            for op in job.operations
        )
        return max((job.release for job in self.jobs), default=0) + work


def _check_job(job: Job, index: int, num_resources: int) -> None:
    record = f"job {job.id or index}"
    if job.release < 0:
        raise InputError(f"negative release time {job.release}", record=record, field="release")
    if job.weight < 0:
        raise InputError(f"negative weight {job.weight}", record=record, field="weight")
    for k, op in enumerate(job.operations):
        where = f"{record} operation {k}"
        if not op.modes:
            raise InputError("no eligible resource", record=where, field="resources")
        if op.setup < 0:
            raise InputError(f"negative setup time {op.setup}", record=where, field="setup")
        seen: set[int] = set()
        for mode in op.modes:
            if not 0 <= mode.resource < num_resources:
                raise InputError(
                    f"resource {mode.resource} out of range 0..{num_resources - 1}",
                    record=where,
                    field="resource",
                )
            if mode.resource in seen:
                raise InputError(
                    f"resource {mode.resource} listed twice", record=where, field="resource"
                )
            seen.add(mode.resource)
            if mode.duration < 0:
                raise InputError(
                    f"negative processing time {mode.duration}", record=where, field="duration"
                )


@dataclass(frozen=True, slots=True)
class ScheduledOperation:
    """Operation ``op`` of job ``job`` runs on ``resource`` over ``[start, end)``."""

    job: int
    op: int
    resource: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Schedule:
    """Scheduled operations, sorted by job and then by position in the routing."""

    operations: tuple[ScheduledOperation, ...]

    @staticmethod
    def of(operations: list[ScheduledOperation]) -> Schedule:
        return Schedule(tuple(sorted(operations, key=lambda o: (o.job, o.op))))

    @property
    def makespan(self) -> int:
        return max((o.end for o in self.operations), default=0)

    def completions(self, num_jobs: int) -> list[int]:
        """When each job's last operation ends (0 for a job without operations)."""
        ends = [0] * num_jobs
        for o in self.operations:
            ends[o.job] = max(ends[o.job], o.end)
        return ends
