"""What a scheduler returns: the schedule, its cost, the best bound and how sure it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from taktplan.scheduling.model import Schedule
from taktplan.scheduling.objective import Cost


class Status(StrEnum):
    """``optimal``: the cost equals the proven bound; ``feasible``: valid, maybe not the best."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"


@dataclass(frozen=True, slots=True)
class SolveResult:
    """A valid schedule, its cost, a lower bound on the combined objective and the status.

    ``bound`` is in the units of ``cost.value``: no schedule of the model costs
    less. ``solver`` names what made the schedule (a priority rule, ``cpsat``).
    """

    schedule: Schedule
    cost: Cost
    bound: int
    status: Status
    solver: str

    @property
    def gap(self) -> float:
        """Relative distance between the cost and the bound (0.0 when proven optimal)."""
        if self.cost.value == 0:
            return 0.0
        return (self.cost.value - self.bound) / self.cost.value
