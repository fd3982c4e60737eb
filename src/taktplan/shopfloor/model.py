"""Production jobs as a scheduling model for the sequencing solvers.

Every job step becomes an operation with one mode per center that can run
it (its span on the working-time axis). Wait and move time between two
steps become a lag: an extra operation on a resource of the job's own, so
that the next step cannot start before the lag has passed while the
centers stay free. A step that waits for material gets it folded into the
job's release: the job may not start before the material day less the
shortest time of the steps before it.

Each item is a product family; a center with changeover rules gets the
matrix of changeover times between the families (on the axis), so the
solvers weigh them.

:class:`ModelMap` keeps the way back from model indices to orders, steps and
center codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from taktplan.capacity.resources import Shop
from taktplan.capacity.sequencing import ChangeoverMatrix
from taktplan.scheduling.model import Job, Mode, Operation, Resource, SchedulingModel
from taktplan.shopfloor.axis import WorkingAxis
from taktplan.shopfloor.jobs import ProductionJob, changeover_minutes


@dataclass(frozen=True, slots=True)
class ModelMap:
    """Model operation (job, index) -> step index in the job (None: a lag), resource codes."""

    steps: tuple[tuple[int | None, ...], ...]
    resources: tuple[str, ...]


def build_model(
    jobs: Sequence[ProductionJob],
    shop: Shop,
    axis: WorkingAxis,
    changeovers: ChangeoverMatrix | None = None,
) -> tuple[SchedulingModel, ModelMap]:
    """The model and its map; centers are indexed in code order, lag resources after them."""
    codes = sorted({c.resource for job in jobs for step in job.steps for c in step.choices})
    index = {code: n for n, code in enumerate(codes)}
    lag_resources: list[str] = []
    model_jobs: list[Job] = []
    steps_map: list[tuple[int | None, ...]] = []
    for job in jobs:
        operations: list[Operation] = []
        kinds: list[int | None] = []
        shortest_before = 0
        release = axis.at(job.release)
        for k, step in enumerate(job.steps):
            if k > 0:
                previous = job.steps[k - 1]
                lag = axis.elapsed(previous.wait + previous.move)
                if lag:
                    lag_resources.append(f"{job.order} lag")
                    resource = len(codes) + len(lag_resources) - 1
                    operations.append(Operation((Mode(resource, lag),)))
                    kinds.append(None)
                    shortest_before += lag
            modes = tuple(
                Mode(index[c.resource], axis.work(c.span, shop[c.resource].calendar))
                for c in step.choices
            )
            operations.append(Operation(modes))
            kinds.append(k)
            release = max(release, axis.at(step.ready) - shortest_before)
            shortest_before += min(mode.duration for mode in modes)
        model_jobs.append(
            Job(job.order, tuple(operations), release=max(release, 0), due=axis.at(job.due))
        )
        steps_map.append(tuple(kinds))
    items = sorted({job.item for job in jobs})
    family = {item: n for n, item in enumerate(items)}
    model_jobs = [
        replace(j, family=family[job.item]) for j, job in zip(model_jobs, jobs, strict=True)
    ]
    examples = {job.item: job for job in jobs}
    centers = tuple(
        Resource(code, _matrix(code, [examples[item] for item in items], shop, axis, changeovers))
        for code in codes
    )
    lags = tuple(Resource(code) for code in lag_resources)
    model = SchedulingModel(tuple(model_jobs), centers + lags)
    return model, ModelMap(tuple(steps_map), tuple(codes))


def _matrix(
    code: str,
    families: list[ProductionJob],
    shop: Shop,
    axis: WorkingAxis,
    changeovers: ChangeoverMatrix | None,
) -> tuple[tuple[int, ...], ...]:
    """Changeover times between the families at center ``code`` (empty: none there)."""
    if changeovers is None:
        return ()
    where = shop[code]
    codes = (where.code, where.work_center)
    rows = tuple(
        tuple(
            axis.work(changeover_minutes(changeovers, a, b, codes), where.calendar)
            for b in families
        )
        for a in families
    )
    return rows if any(any(row) for row in rows) else ()
