"""One entry point for both schedulers, within a wall-clock budget.

``solve(model, time_limit)`` builds the heuristic schedule first (always,
so that there is a valid schedule whatever happens next), then lets CP-SAT
improve it with whatever time is left. ``heuristic_only`` stops after the
first step. Both results passed the validator.
"""

from __future__ import annotations

import time

from taktplan.scheduling import heuristic
from taktplan.scheduling.model import SchedulingModel
from taktplan.scheduling.result import SolveResult, Status


def solve(
    model: SchedulingModel,
    time_limit: float,
    *,
    heuristic_only: bool = False,
    workers: int = 2,
) -> SolveResult:
    """The best valid schedule found within ``time_limit`` seconds (heuristic time included)."""
    deadline = time.monotonic() + time_limit
    first = heuristic.solve(model)
    if heuristic_only or first.status is Status.OPTIMAL:
        return first
    from taktplan.scheduling import cpsat  # OR-Tools loads only when it is needed

    remaining = deadline - time.monotonic()
    if remaining <= 0.05:
        return first
    return cpsat.solve(model, remaining, cpsat.CpSatOptions(workers=workers), start=first)
