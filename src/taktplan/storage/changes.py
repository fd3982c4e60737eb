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

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from taktplan.domain.dates import to_day
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.assignment import PlanningAssignment, planning_assignment
from taktplan.planning.options import PlanKind, PlanningOptions
from taktplan.storage.assignment import assign
from taktplan.storage.database import transaction
from taktplan.storage.models import PlanningRun
from taktplan.storage.runs import options_from_json
from taktplan.storage.snapshots import load_snapshot


def default_options(today: dt.date | None = None) -> PlanningOptions:
    """Options of a plan nobody configured: from today for 12 weeks, every item."""
    start = to_day(today or dt.date.today())
    return PlanningOptions(start=start, end=start + 84, work_date=start)


def assignment_options(session: Session) -> PlanningOptions:
    """The options to judge a change with: the latest plan's, without its filters.

    A change flags SKUs whatever the last plan looked at (filters, MPS or MRP
    only); the next plan decides what it covers.
    """
    stored = session.scalar(select(PlanningRun.options).order_by(PlanningRun.id.desc()).limit(1))
    options = default_options() if stored is None else options_from_json(stored)
    return replace(
        options,
        kind=PlanKind.REGENERATIVE,
        item_filter=None,
        location_filter=None,
        mps=True,
        mrp=True,
    )


@dataclass(slots=True)
class Change:
    """A change in progress: the world before it; once done, the SKUs it flagged."""

    before: Snapshot
    flagged: list[PlanningAssignment] = field(default_factory=list)


@contextmanager
def tracked_change(session: Session) -> Iterator[Change]:
    """Run a change of the stored world in one transaction and flag what it changed."""
    with transaction(session):
        change = Change(load_snapshot(session))
        yield change
        session.flush()
        change.flagged += flag_difference(session, change.before, load_snapshot(session))


def flag_difference(
    session: Session, before: Snapshot, after: Snapshot
) -> tuple[PlanningAssignment, ...]:
    """Flag the SKUs that differ between two states of the world; returns them."""
    found = planning_assignment(before, after, assignment_options(session))
    assign(session, found)
    return found
