"""When the material of a production order is there: from the plan's pegging.

A production order's component demand is pegged to the supplies that serve
it: stock (there now), existing orders (their due date, or the new date
when the plan reschedules them) and the plan's suggestions (their due date).
The component is ready on the latest of those dates: an operation that
consumes it cannot start before.
"""

from __future__ import annotations

from taktplan.domain.dates import Day
from taktplan.domain.documents import DemandType
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.result import Action, PlanResult


def material_ready(snapshot: Snapshot, result: PlanResult) -> dict[tuple[str, str], Day]:
    """Per (production order no., component item): the day its last pegged supply is due."""
    dates: dict[str, Day] = {s.id: s.date for s in snapshot.supply}
    for line in result.lines:
        if line.action is Action.CANCEL:
            continue
        if line.ref is not None and line.action is not Action.NEW:
            dates[line.ref] = line.due_date
        if line.supply_id:
            dates[line.supply_id] = line.due_date
    orders = {s.id for s in snapshot.supply if s.type.value == "production"}
    ready: dict[tuple[str, str], Day] = {}
    for peg in result.pegging:
        if peg.demand_type != DemandType.COMPONENT.value or peg.feeds not in orders:
            continue
        due = dates.get(peg.supply)
        if due is None:
            continue  # stock: ready now
        key = (peg.feeds, peg.sku.item)
        ready[key] = max(ready.get(key, due), due)
    return ready
