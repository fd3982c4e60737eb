"""The stored schedule, its Reschedule lines, releasing a period and merging batches."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from taktplan.domain.dates import from_day
from taktplan.domain.documents import (
    Demand,
    DemandType,
    PlanningFlexibility,
    SupplyStatus,
)
from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot, build_snapshot
from taktplan.errors import InputError
from taktplan.planning.engine import plan
from taktplan.planning.result import Action
from taktplan.shopfloor.feedback import reschedule_suggestions
from taktplan.shopfloor.schedule import Method, schedule_orders
from taktplan.storage import load_snapshot, load_worksheet, save_plan, save_snapshot
from taktplan.storage.batches import merge_batches
from taktplan.storage.models import SupplyRecord
from taktplan.storage.schedules import load_schedule, release_orders, save_schedule
from tests.capacity.shop import day
from tests.shopfloor.world import OPTIONS, order, world


def late_world() -> Snapshot:
    """Three orders of 10 FRAME due Monday for sales SO-1 (30): two end Tuesday."""
    orders = [
        replace(order(no, "2027-01-04", 10), flexibility=PlanningFlexibility.NONE)
        for no in ("O1", "O2", "O3")
    ]
    base = world(*orders)
    sale = Demand("SO-1", DemandType.SALES, SkuKey("FRAME"), day("2027-01-04"), Decimal(30))
    return build_snapshot(
        items=base.items.values(),
        locations=base.locations,
        supply=base.supply,
        demand=[sale],
        shop=base.shop,
    )


def test_schedule_round_trip_and_reschedule_lines(session: Session) -> None:
    snapshot = late_world()
    save_snapshot(session, snapshot)
    result = plan(snapshot, OPTIONS)
    save_plan(session, result, OPTIONS, planned_from=snapshot)
    schedule = schedule_orders(snapshot, OPTIONS, Method.SEQUENCE)
    suggestions = reschedule_suggestions(snapshot, OPTIONS, schedule, result)
    assert save_schedule(session, snapshot, schedule, suggestions) == 2
    stored = load_schedule(session)
    assert stored is not None
    assert sorted(stored, key=lambda o: o.order) == sorted(schedule.orders, key=lambda o: o.order)
    lines = [line for line in load_worksheet(session) if line.sku.item == "FRAME"]
    assert sorted((line.ref, line.action) for line in lines) == [
        (s.order, Action.RESCHEDULE) for s in sorted(suggestions, key=lambda s: s.order)
    ]
    assert {line.due_date for line in lines} == {day("2027-01-05")}
    assert all("bottleneck WELD" in " ".join(line.explanation) for line in lines)
    # A second schedule replaces the first, lines included (no duplicates).
    save_schedule(session, snapshot, schedule, suggestions)
    assert len([line for line in load_worksheet(session) if line.sku.item == "FRAME"]) == 2


def test_nothing_scheduled_yet(session: Session) -> None:
    save_snapshot(session, late_world())
    assert load_schedule(session) is None


def test_release_is_all_or_none(session: Session) -> None:
    snapshot = late_world()
    save_snapshot(session, snapshot)
    with pytest.raises(InputError):
        release_orders(session, snapshot, ["O1", "NOPE"])
    assert {s.status for s in load_snapshot(session).supply} == {SupplyStatus.FIRM_PLANNED}
    assert release_orders(session, snapshot, ["O1", "O2"]) == ["O1", "O2"]
    statuses = {s.id: s.status for s in load_snapshot(session).supply}
    assert statuses == {
        "O1": SupplyStatus.RELEASED,
        "O2": SupplyStatus.RELEASED,
        "O3": SupplyStatus.FIRM_PLANNED,
    }
    # Releasing again leaves released orders alone.
    assert release_orders(session, load_snapshot(session), ["O1", "O3"]) == ["O3"]


def test_merge_batches_within_the_window(session: Session) -> None:
    # A and B due Monday and Wednesday merge (window 2 days): 10 + 15 = 25 due Monday.
    # C due Friday starts a batch of its own; R is released and stays.
    snapshot = world(
        order("A", "2027-01-04", 10),
        order("B", "2027-01-06", 15),
        order("C", "2027-01-08", 5),
        replace(order("R", "2027-01-05", 7), status=SupplyStatus.RELEASED),
    )
    save_snapshot(session, snapshot)
    batches, flagged = merge_batches(session, 2)
    assert [(b.orders, b.qty, b.due) for b in batches] == [
        (("A", "B"), Decimal(25), day("2027-01-04"))
    ]
    rows = {r.document_id: (r.qty, r.date) for r in session.scalars(select(SupplyRecord))}
    assert rows == {
        "A": (Decimal(25), from_day(day("2027-01-04"))),
        "C": (Decimal(5), from_day(day("2027-01-08"))),
        "R": (Decimal(7), from_day(day("2027-01-05"))),
    }
    assert "FRAME" in {row.sku.item for row in flagged}
