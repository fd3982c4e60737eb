"""The supply-planning engine: pure, deterministic, no I/O."""

from taktplan.planning.engine import plan
from taktplan.planning.options import PlanningOptions
from taktplan.planning.result import Action, PlanningLine, PlanResult, Warning

__all__ = ["Action", "PlanResult", "PlanningLine", "PlanningOptions", "Warning", "plan"]
