"""A save that fails half-way leaves the stored data exactly as it was."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from taktplan.planning.assignment import PlanningAssignment
from taktplan.planning.engine import plan
from taktplan.storage import documents, worksheet
from taktplan.storage.assignment import assign, load_assignment
from taktplan.storage.models import Base, PegRecord
from taktplan.storage.rows import insert_rows
from taktplan.storage.snapshots import load_snapshot, save_snapshot
from taktplan.storage.worksheet import load_pegging, load_worksheet, save_plan
from tests.storage.test_snapshot_store import counts
from tests.storage.worlds import handmade_result, options, rich_world, small_world


class Boom(RuntimeError):
    """The failure a test forces in the middle of a save."""


def test_a_bad_record_half_way_leaves_the_old_world(engine: Engine) -> None:
    """The last supply order repeats a document id: the database rejects it after
    locations, items, SKUs, inventory and demand were written and the old world deleted."""
    with Session(engine) as session:
        save_snapshot(session, small_world())
        before = counts(session)
    world = rich_world()
    bad = dataclasses.replace(world, supply=(*world.supply, world.supply[0]))
    with Session(engine) as session, pytest.raises(IntegrityError):
        save_snapshot(session, bad)
    with Session(engine) as session:
        assert (
            counts(session)
            == before
            == {**dict.fromkeys(before, 0), "locations": 1, "items": 1, "demand": 1}
        )
        assert load_snapshot(session) == small_world()


def test_an_exception_half_way_leaves_the_old_world(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(engine) as session:
        save_snapshot(session, rich_world())
        before = counts(session)

    def failing(*_args: object) -> None:
        raise Boom("interrupted after the master data")

    monkeypatch.setattr(documents, "write_demand", failing)
    with Session(engine) as session, pytest.raises(Boom):
        save_snapshot(session, small_world())
    with Session(engine) as session:
        assert counts(session) == before
        assert load_snapshot(session) == rich_world()


def test_an_interrupted_plan_leaves_the_old_worksheet(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new lines are written, the pegging fails: old lines, pegging and flags stay."""
    first = plan(rich_world(), options())
    with Session(engine) as session:
        save_plan(session, first, options())
        assign(session, [PlanningAssignment(first.lines[0].sku, ("inventory changed",))])

    def insert_then_fail(
        session: Session, model: type[Base], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        if model is PegRecord:
            raise Boom("interrupted while writing the pegging")
        insert_rows(session, model, columns, rows)

    monkeypatch.setattr(worksheet, "insert_rows", insert_then_fail)
    with Session(engine) as session, pytest.raises(Boom):
        save_plan(session, handmade_result(), options())
    with Session(engine) as session:
        assert load_worksheet(session) == list(first.lines)
        assert load_pegging(session) == list(first.pegging)
        assert len(load_assignment(session)) == 1


def test_a_caller_transaction_is_joined_and_rolled_back_as_a_whole(engine: Engine) -> None:
    with Session(engine) as session:
        save_snapshot(session, small_world())
    with Session(engine) as session, pytest.raises(Boom), session.begin():
        save_snapshot(session, rich_world())
        save_plan(session, plan(rich_world(), options()), options())
        raise Boom("the caller changes its mind")
    with Session(engine) as session:
        assert load_snapshot(session) == small_world()
        assert load_worksheet(session) == []
