"""Changes of the stored world flag what the next net change plan must replan.

Every change a planner makes through taktplan (an import, a sales order
entered, lines carried out, an order released or finished, supply made in
order planning) runs inside :func:`tracked_change`: the world is read before
and after the change, in the same transaction, and the difference goes to the
planning assignment (:func:`taktplan.planning.assignment.planning_assignment`
gives each SKU its reasons). The after-state is read through
:func:`~taktplan.domain.snapshot.build_snapshot`, so a change that would leave
an invalid world (an unknown item, a bad quantity) is refused and nothing of
it is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from taktplan.domain.snapshot import Snapshot
from taktplan.planning.assignment import PlanningAssignment
from taktplan.storage.assignment import flag_difference
from taktplan.storage.database import transaction
from taktplan.storage.runs import assignment_options, default_options
from taktplan.storage.snapshots import load_snapshot, reload_documents

__all__ = ["Change", "assignment_options", "default_options", "flag_difference", "tracked_change"]


@dataclass(slots=True)
class Change:
    """A change in progress: the world before it; once done, the SKUs it flagged."""

    before: Snapshot
    flagged: list[PlanningAssignment] = field(default_factory=list)


@contextmanager
def tracked_change(session: Session, *, documents_only: bool = False) -> Iterator[Change]:
    """Run a change of the stored world in one transaction and flag what it changed.

    ``documents_only``: the change writes inventory, demand or supply and no
    master data, so the world after it is the world before with its documents
    read again (on a 100,000-item company that halves the time of entering a
    sales order line).
    """
    with transaction(session):
        change = Change(load_snapshot(session))
        yield change
        session.flush()
        if documents_only:
            after = reload_documents(session, change.before)
        else:
            after = load_snapshot(session)
        change.flagged += flag_difference(session, change.before, after)
