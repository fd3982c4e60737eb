"""Two planners on one worksheet: optimistic concurrency of carrying out.

A line carried out by one planner is gone for the other; an order changed
after the plan makes its line a conflict. Either way the second carry-out
raises ConflictError and writes nothing. On PostgreSQL the first test runs
the two carry-outs at the same time on two connections.
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from taktplan.errors import ConflictError
from taktplan.io.case_json import read_case
from taktplan.planning.engine import plan
from taktplan.planning.result import Action
from taktplan.storage import load_snapshot, load_worksheet, save_plan, save_snapshot
from taktplan.storage.carry_out import carry_out, set_accept
from taktplan.storage.models import SupplyRecord
from tests.conftest import OWN_CASES, ROOT

BIKE_SHOP = ROOT / "examples" / "bike-shop.json"
T58 = OWN_CASES / "t58-bom-parent-cancel-and-decrease-components-follow.json"


def _planned(engine: Engine, path: object = BIKE_SHOP) -> list[int]:
    """Store the case, plan it, accept every line; returns the line numbers."""
    case = read_case(path)  # type: ignore[arg-type]
    with Session(engine) as session:
        save_snapshot(session, case.snapshot)
        save_plan(session, plan(case.snapshot, case.options), case.options)
        set_accept(session, None)
        return [line.line_no for line in load_worksheet(session)]


def _orders(engine: Engine) -> list[tuple[str, Decimal]]:
    with Session(engine) as session:
        rows = session.execute(select(SupplyRecord.document_id, SupplyRecord.qty)).all()
    return sorted((row.document_id, row.qty) for row in rows)


def test_a_line_carried_out_by_another_planner_is_a_conflict(engine: Engine) -> None:
    numbers = _planned(engine)
    with Session(engine) as first:
        done = carry_out(first)
    assert [row.line_no for row in done] == numbers
    after_first = _orders(engine)
    with Session(engine) as second, pytest.raises(ConflictError) as caught:
        carry_out(second, line_nos=numbers[:2])
    assert caught.value.record == "worksheet"
    assert "another planner carried it out" in caught.value.message
    assert f"line {numbers[0]}, {numbers[1]} is gone" in caught.value.message
    assert _orders(engine) == after_first


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_two_planners_carrying_out_at_the_same_time(engine: Engine) -> None:
    """The second waits for the first's row locks, then finds the lines gone.

    PostgreSQL only: SQLite locks the whole file, two writers never overlap.
    """
    numbers = _planned(engine)
    outcome: dict[str, object] = {}
    first = Session(engine)
    first.begin()
    done = carry_out(first)  # joins the open transaction: lines deleted, not yet committed
    made = sorted(row.order for row in done if row.action is Action.NEW)

    def second_planner() -> None:
        with Session(engine) as second:
            try:
                outcome["done"] = carry_out(second, line_nos=numbers)
            except ConflictError as error:
                outcome["conflict"] = error

    worker = threading.Thread(target=second_planner)
    worker.start()
    time.sleep(0.5)
    assert worker.is_alive(), "the second carry-out must wait for the first one's locks"
    first.commit()
    first.close()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert "done" not in outcome
    assert isinstance(outcome["conflict"], ConflictError)
    numbered = sorted(doc for doc, _ in _orders(engine) if "-0" in doc)  # PO-00001, ...
    assert made and numbered == made  # the first planner's new orders, and no others
    with Session(engine) as session:
        assert load_worksheet(session) == []


def test_an_order_changed_since_the_plan_is_a_conflict(engine: Engine) -> None:
    """t58 plans REL-2 from 8 down to 5; someone else makes it 9 first."""
    _planned(engine, T58)
    with Session(engine) as other, other.begin():
        other.execute(update(SupplyRecord).where(SupplyRecord.document_id == "REL-2").values(qty=9))
    before = _orders(engine)
    with Session(engine) as session:
        lines = load_worksheet(session)
        change = next(ln for ln in lines if ln.ref == "REL-2")
        assert change.action is Action.CHANGE_QTY
        with pytest.raises(ConflictError) as caught:
            carry_out(session)
        session.rollback()
        assert caught.value.record == f"worksheet line {change.line_no}"
        assert caught.value.field == "ref"
        assert "REL-2 changed since the plan (the plan saw 8 due" in caught.value.message
        assert "it is now 9 due" in caught.value.message
        assert len(load_worksheet(session)) == len(lines)
        assert session.scalar(select(func.count()).select_from(SupplyRecord)) == len(before)
    assert _orders(engine) == before


def test_the_other_lines_carry_out_once_the_conflict_is_left_out(engine: Engine) -> None:
    _planned(engine, T58)
    with Session(engine) as other, other.begin():
        other.execute(update(SupplyRecord).where(SupplyRecord.document_id == "REL-2").values(qty=9))
    with Session(engine) as session:
        lines = load_worksheet(session)
        others = [ln.line_no for ln in lines if ln.ref != "REL-2"]
        done = carry_out(session, line_nos=others)
        assert [row.line_no for row in done] == others
        assert [ln.ref for ln in load_worksheet(session)] == ["REL-2"]
        assert {s.id: s.qty for s in load_snapshot(session).supply}["REL-2"] == 9
