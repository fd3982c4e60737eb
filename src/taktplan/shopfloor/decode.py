"""Place a solver's sequence in real time, through each center's calendar.

The solver decides which center runs each step and in what order each
center works; this module turns that into minutes. Steps are taken in the
order of their solver start, and each starts as early as it can:

* after the previous step of its order has ended plus wait and move time,
  and after the center's queue time;
* not before the schedule's start, nor the day its material is due;
* after the center has finished its previous job and, when the product
  changes, the changeover from it (changeover happens in the center's
  working time, possibly while the job still waits for its material).

Each step then takes its span of working minutes from its center's
calendar, across breaks and nights when it must.
"""

from __future__ import annotations

from collections.abc import Sequence

from taktplan.capacity.order_schedule import OrderSchedule, ScheduledOperation
from taktplan.capacity.resources import Shop
from taktplan.capacity.sequencing import ChangeoverMatrix
from taktplan.capacity.shop_calendar import Minute
from taktplan.scheduling.model import Schedule
from taktplan.shopfloor.jobs import Choice, ProductionJob, changeover_minutes
from taktplan.shopfloor.model import ModelMap


def decode(
    jobs: Sequence[ProductionJob],
    schedule: Schedule,
    mapping: ModelMap,
    shop: Shop,
    changeovers: ChangeoverMatrix | None = None,
) -> list[OrderSchedule]:
    """Orders in real time, in the sequence and on the centers ``schedule`` chose."""
    chosen: list[tuple[int, int, int, Choice]] = []  # (solver start, job, step, choice)
    for o in schedule.operations:
        step = mapping.steps[o.job][o.op]
        if step is None:
            continue
        code = mapping.resources[o.resource]
        choice = next(c for c in jobs[o.job].steps[step].choices if c.resource == code)
        chosen.append((o.start, o.job, step, choice))
    chosen.sort(key=lambda row: (row[0], row[1], row[2]))
    placer = _Placer(jobs, shop, changeovers)
    for _, j, k, choice in chosen:
        placer.place(j, k, choice)
    return placer.orders()


class _Placer:
    def __init__(
        self, jobs: Sequence[ProductionJob], shop: Shop, changeovers: ChangeoverMatrix | None
    ) -> None:
        self.jobs = jobs
        self.shop = shop
        self.changeovers = changeovers
        self.done: dict[tuple[int, int], ScheduledOperation] = {}
        self.free: dict[str, Minute] = {}
        self.last_job: dict[str, int] = {}

    def place(self, j: int, k: int, choice: Choice) -> None:
        job = self.jobs[j]
        step = job.steps[k]
        where = self.shop[choice.resource]
        calendar = where.calendar
        earliest = max(job.release, step.ready)
        if k > 0:
            before = job.steps[k - 1]
            earliest = max(earliest, self.done[(j, k - 1)].end + before.wait + before.move)
        if where.queue_time:
            earliest = calendar.forward(earliest, where.queue_time)[-1][1]
        changeover: tuple[tuple[Minute, Minute], ...] = ()
        free = self.free.get(choice.resource)
        if free is not None:
            minutes = changeover_minutes(
                self.changeovers,
                self.jobs[self.last_job[choice.resource]],
                job,
                (where.code, where.work_center),
            )
            if minutes:
                changeover = tuple(calendar.forward(free, minutes))
                free = changeover[-1][1]
            earliest = max(earliest, free)
        pieces = tuple(calendar.forward(earliest, choice.span))
        self.done[(j, k)] = ScheduledOperation(
            job.order,
            step.no,
            choice.resource,
            choice.setup,
            choice.run,
            pieces,
            changeover,
        )
        self.free[choice.resource] = pieces[-1][1]
        self.last_job[choice.resource] = j

    def orders(self) -> list[OrderSchedule]:
        found = []
        for j, job in enumerate(self.jobs):
            operations = tuple(self.done[(j, k)] for k in range(len(job.steps)))
            found.append(OrderSchedule(job.order, job.item, job.qty, operations))
        return found
