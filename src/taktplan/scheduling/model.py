"""The scheduling model: jobs, their operations in routing order, resources, schedules.

Everything is indexed by position: a job is ``model.jobs[j]``, its operations
are ``job.operations[k]`` in routing sequence, a resource is
``model.resources[r]``. Times are integers in one unit the caller chooses
(minutes for production orders, the benchmark's own unit for job-shop files).

An operation may run on any of its eligible resources (alternative machines),
each with its own processing time. A setup time, when given, is done on the
chosen resource right before processing: the resource is busy from the
operation's start to ``start + setup + processing time``.

Sequence-dependent changeovers: a job belongs to a product ``family`` (an
index standing for a combination of attributes, such as a paint colour), and
a resource may carry a square matrix ``changeovers[a][b]``, the time it needs
between an operation of a family-``a`` job and the next operation of a
family-``b`` job. The changeover occupies the resource after the previous
operation ends and before the next one starts, so on such a resource
consecutive operations (by start) need ``next.start >= prev.end +
changeovers[family(prev)][family(next)]``. The first operation on a resource
needs none, and an operation that takes no time on the resource neither
needs nor causes one. A resource without a matrix has no changeovers.

The model checks its own links when it is built (resource indices in range,
no negative times, at least one eligible resource per operation, changeover
matrices square, non-negative and covering every family that runs on the
resource); the solvers then trust it.
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

    ``due`` None means no due date: the job never counts as tardy. ``family``
    indexes the changeover matrices of the resources the job runs on.
    """

    id: str
    operations: tuple[Operation, ...]
    release: int = 0
    due: int | None = None
    weight: int = 1
    family: int = 0


@dataclass(frozen=True, slots=True)
class Resource:
    """A machine or work center that runs one operation at a time.

    ``changeovers[a][b]``: the time between an operation of a family-``a`` job
    and the next one of a family-``b`` job (empty: no changeovers here).
    """

    id: str
    changeovers: tuple[tuple[int, ...], ...] = ()

    @property
    def has_changeovers(self) -> bool:
        """Whether the matrix has any time above zero (an all-zero matrix changes nothing)."""
        return any(any(row) for row in self.changeovers)

    def changeover(self, before: int, after: int) -> int:
        """The changeover from family ``before`` to family ``after`` (0 without a matrix)."""
        return self.changeovers[before][after] if self.changeovers else 0


@dataclass(frozen=True, slots=True)
class SchedulingModel:
    """The whole problem: jobs and the resources they run on."""

    jobs: tuple[Job, ...]
    resources: tuple[Resource, ...]

    def __post_init__(self) -> None:
        for j, job in enumerate(self.jobs):
            _check_job(job, j, len(self.resources))
        for r, resource in enumerate(self.resources):
            _check_changeovers(self, resource, r)

    @property
    def num_operations(self) -> int:
        return sum(len(job.operations) for job in self.jobs)

    def operation(self, job: int, op: int) -> Operation:
        return self.jobs[job].operations[op]

    @property
    def has_changeovers(self) -> bool:
        """Whether any resource has a changeover matrix with a time above zero."""
        return any(resource.has_changeovers for resource in self.resources)

    def changeover(self, resource: int, before: int, after: int) -> int:
        """The changeover on ``resource`` from job ``before``'s family to job ``after``'s."""
        return self.resources[resource].changeover(
            self.jobs[before].family, self.jobs[after].family
        )

    def max_changeover_into(self, job: int, op: int) -> int:
        """The longest changeover operation ``op`` of ``job`` can need on any eligible resource."""
        family = self.jobs[job].family
        return max(
            (
                max((row[family] for row in self.resources[mode.resource].changeovers), default=0)
                for mode in self.jobs[job].operations[op].modes
            ),
            default=0,
        )

    def changeover_bound(self) -> int:
        """A total changeover time no schedule exceeds: each operation's longest changeover."""
        return sum(
            self.max_changeover_into(j, k)
            for j, job in enumerate(self.jobs)
            for k in range(len(job.operations))
        )

    def horizon(self) -> int:
        """An end time every left-shifted schedule fits in: latest release plus all work.

        Work counts each operation's longest setup plus processing time and its
        longest changeover.
        """
        work = sum(
            op.setup + max(mode.duration for mode in op.modes)
            for job in self.jobs
            for op in job.operations
        )
        latest_release = max((job.release for job in self.jobs), default=0)
        return latest_release + work + self.changeover_bound()


def _check_job(job: Job, index: int, num_resources: int) -> None:
    record = f"job {job.id or index}"
    if job.release < 0:
        raise InputError(f"negative release time {job.release}", record=record, field="release")
    if job.weight < 0:
        raise InputError(f"negative weight {job.weight}", record=record, field="weight")
    if job.family < 0:
        raise InputError(f"negative family {job.family}", record=record, field="family")
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


def _check_changeovers(model: SchedulingModel, resource: Resource, index: int) -> None:
    """The matrix is square, non-negative and has a row for every family that runs here."""
    matrix = resource.changeovers
    if not matrix:
        return
    record = f"resource {resource.id or index}"
    size = len(matrix)
    for a, row in enumerate(matrix):
        if len(row) != size:
            raise InputError(
                f"changeover matrix is not square: row {a} has {len(row)} entries, "
                f"the matrix has {size} rows",
                record=record,
                field="changeovers",
            )
        for b, minutes in enumerate(row):
            if minutes < 0:
                raise InputError(
                    f"negative changeover {minutes} from family {a} to family {b}",
                    record=record,
                    field="changeovers",
                )
    for j, job in enumerate(model.jobs):
        runs_here = any(m.resource == index for op in job.operations for m in op.modes)
        if runs_here and job.family >= size:
            raise InputError(
                f"job {job.id or j} has family {job.family}, "
                f"the changeover matrix covers families 0..{size - 1}",
                record=record,
                field="changeovers",
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

    def sequences(self) -> dict[int, list[ScheduledOperation]]:
        """Per resource, the operations that take time on it, in order of start.

        Operations of length zero are left out: they occupy nothing, so they
        neither need nor cause a changeover.
        """
        by_resource: dict[int, list[ScheduledOperation]] = {}
        for o in sorted(self.operations, key=lambda o: (o.start, o.end, o.job, o.op)):
            if o.end > o.start:
                by_resource.setdefault(o.resource, []).append(o)
        return by_resource

    def completions(self, num_jobs: int) -> list[int]:
        """When each job's last operation ends (0 for a job without operations)."""
        ends = [0] * num_jobs
        for o in self.operations:
            ends[o.job] = max(ends[o.job], o.end)
        return ends
