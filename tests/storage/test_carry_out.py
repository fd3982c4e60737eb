"""Accept and carry out worksheet lines into orders; planning again then suggests nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from taktplan.domain.documents import DemandType, SupplyStatus, SupplyType
from taktplan.errors import InputError
from taktplan.io.case_json import read_case
from taktplan.planning.engine import plan
from taktplan.planning.result import Action
from taktplan.storage import load_snapshot, load_worksheet, save_plan, save_snapshot
from taktplan.storage.carry_out import carry_out, set_accept
from taktplan.storage.models import SupplyRecord
from tests.conftest import OWN_CASES, ROOT

BIKE_SHOP = ROOT / "examples" / "bike-shop.json"
STABLE_AFTER_CARRY_OUT = [
    BIKE_SHOP,
    OWN_CASES / "t41-bom-four-levels-scrap-calendar.json",
    OWN_CASES / "t45-transfer-chain-three-locations.json",
    OWN_CASES / "t46-transfer-existing-rescheduled-outbound-follows.json",
    OWN_CASES / "t53-order-policy-component-under-lfl-parents.json",
    OWN_CASES / "t58-bom-parent-cancel-and-decrease-components-follow.json",
    OWN_CASES / "t65-make-to-order-linked-subassembly.json",
]


def _plan_and_store(session: Session, path: Path) -> int:
    case = read_case(path)
    save_snapshot(session, case.snapshot)
    result = plan(case.snapshot, case.options)
    save_plan(session, result, case.options)
    return len(result.lines)


def _replan(session: Session, path: Path) -> list[str]:
    options = read_case(path).options
    result = plan(load_snapshot(session), options)
    save_plan(session, result, options)
    return [f"{ln.sku} {ln.action.value} {ln.qty} {ln.due_date}" for ln in result.lines]


@pytest.mark.parametrize("path", STABLE_AFTER_CARRY_OUT, ids=lambda p: p.stem)
def test_carrying_out_every_line_leaves_nothing_to_suggest(session: Session, path: Path) -> None:
    lines = _plan_and_store(session, path)
    assert lines > 0
    assert set_accept(session, None) == lines
    done = carry_out(session)
    assert len(done) == lines
    assert load_worksheet(session) == []
    assert _replan(session, path) == []


def test_new_change_and_cancel_lines_become_order_changes(session: Session) -> None:
    """t58: FP-1 cancelled, REL-2 8 -> 5, PO-C cancelled, New C 10 on 2027-01-18."""
    path = OWN_CASES / "t58-bom-parent-cancel-and-decrease-components-follow.json"
    _plan_and_store(session, path)
    set_accept(session, None)
    carry_out(session)
    orders = {
        row.document_id: (row.item_no, row.type, row.qty, row.date.isoformat(), row.status)
        for row in session.scalars(select(SupplyRecord))
    }
    assert "FP-1" not in orders and "PO-C" not in orders
    assert orders["REL-2"][2] == Decimal(5)
    new = [value for key, value in orders.items() if key.startswith("PO-0")]
    assert new == [("C", SupplyType.PURCHASE, Decimal(10), "2027-01-18", SupplyStatus.OPEN)]


def test_new_transfer_gets_its_outbound_side(session: Session) -> None:
    """t45: the transfer lines become transfer orders with both sides, shipped on start."""
    path = OWN_CASES / "t45-transfer-chain-three-locations.json"
    _plan_and_store(session, path)
    transfers = [ln for ln in load_worksheet(session) if ln.ref_type == "transfer"]
    set_accept(session, None)
    carry_out(session)
    snapshot = load_snapshot(session)
    inbound = {s.id: s for s in snapshot.supply if s.type is SupplyType.TRANSFER_IN}
    outbound = {d.id: d for d in snapshot.demand if d.type is DemandType.TRANSFER_OUT}
    assert len(inbound) == len(transfers) == 2
    assert set(inbound) == set(outbound)
    for document, receipt in inbound.items():
        line = next(ln for ln in transfers if ln.sku == receipt.sku)
        assert (receipt.qty, receipt.date) == (line.qty, line.due_date)
        assert (outbound[document].qty, outbound[document].date) == (line.qty, line.starting_date)


def test_only_accepted_lines_are_carried_out(session: Session) -> None:
    _plan_and_store(session, BIKE_SHOP)
    worksheet = load_worksheet(session)
    set_accept(session, None, accept=False)
    chosen = [worksheet[0].line_no, worksheet[-1].line_no]
    assert set_accept(session, chosen) == 2
    done = carry_out(session)
    assert [row.line_no for row in done] == chosen
    left = [ln.line_no for ln in load_worksheet(session)]
    assert left == [ln.line_no for ln in worksheet[1:-1]]


def test_production_lines_become_firm_planned_when_asked(session: Session) -> None:
    _plan_and_store(session, OWN_CASES / "t41-bom-four-levels-scrap-calendar.json")
    set_accept(session, None)
    done = carry_out(session, firm_planned=True)
    made = [
        row.order for row in done if row.action is Action.NEW and row.order_type == "production"
    ]
    statuses = {
        row.status for row in session.scalars(select(SupplyRecord)) if row.document_id in made
    }
    assert made and statuses == {SupplyStatus.FIRM_PLANNED}


def test_changed_order_gone_stops_the_carry_out_and_writes_nothing(session: Session) -> None:
    path = OWN_CASES / "t58-bom-parent-cancel-and-decrease-components-follow.json"
    _plan_and_store(session, path)
    set_accept(session, None)
    snapshot = load_snapshot(session)
    gone = snapshot.supply[-1].id if snapshot.supply[-1].id == "PO-C" else "PO-C"
    session.execute(SupplyRecord.__table__.delete().where(SupplyRecord.document_id == gone))
    session.commit()
    before = sorted(s.id for s in load_snapshot(session).supply)
    lines_before = len(load_worksheet(session))
    with pytest.raises(InputError, match=f"{gone} no longer exists"):
        carry_out(session)
    session.rollback()
    assert sorted(s.id for s in load_snapshot(session).supply) == before
    assert len(load_worksheet(session)) == lines_before


def test_accepting_an_unknown_line_is_an_error(session: Session) -> None:
    _plan_and_store(session, BIKE_SHOP)
    with pytest.raises(InputError, match="no worksheet line 999"):
        set_accept(session, [1, 999])
