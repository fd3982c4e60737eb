"""save_plan / load_worksheet: lines, pegging, error log and the run record."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taktplan.domain.documents import DemandType
from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot, build_snapshot
from taktplan.io.case_json import read_case
from taktplan.planning.assignment import PlanningAssignment
from taktplan.planning.engine import plan
from taktplan.planning.options import PlanKind
from taktplan.planning.result import Action, PlanningLine, Warning
from taktplan.storage.assignment import assign, load_assignment
from taktplan.storage.models import PegRecord, PlanningRun, WorksheetLine
from taktplan.storage.rows import insert_rows
from taktplan.storage.runs import options_from_json
from taktplan.storage.worksheet import load_error_log, load_pegging, load_worksheet, save_plan
from tests.conftest import OWN_CASES
from tests.storage.worlds import handmade_result, options, rich_world

NET_CHANGE_CASE = OWN_CASES / "t73-net-change-plans-assigned-skus-and-components.json"
A, B, C = (SkuKey(no, "", "MAIN") for no in "ABC")


def test_a_plan_comes_back_line_for_line(session: Session) -> None:
    result = plan(rich_world(), options())
    run_id = save_plan(session, result, options())
    assert load_worksheet(session) == list(result.lines)
    assert load_pegging(session) == list(result.pegging)
    assert load_error_log(session) == []
    run = session.get(PlanningRun, run_id)
    assert run is not None
    assert (run.kind, run.line_count, run.peg_count, run.error_count) == (
        PlanKind.REGENERATIVE,
        13,
        21,
        0,
    )
    assert (run.planned_skus, run.stopped_early, run.scope_skus) == (
        result.planned_skus,
        False,
        None,
    )
    assert options_from_json(run.options) == options()
    assert run.options["start"] == "2027-01-04" and run.options["item_filter"] is None


def test_every_field_of_a_line_is_exact(session: Session) -> None:
    result = handmade_result()
    started = dt.datetime(2027, 1, 4, 6, 30, 15)
    run_id = save_plan(session, result, options(), started=started)
    lines = load_worksheet(session)
    assert lines == list(result.lines)
    assert [str(line.qty) for line in lines] == ["3.333333333333333333333333333", "0.10"]
    assert lines[1].original_qty == 1000  # PostgreSQL writes 1E+3 as 1000: same value
    assert lines[1].original_due_date == result.lines[1].original_due_date
    assert lines[0].explanation == ("sale SO-7 needs 3.33", "lead time 3D")
    assert load_pegging(session) == list(result.pegging)
    assert [(e.sku, e.message) for e in load_error_log(session)] == [
        (SkuKey("NUT", "M6", "EAST"), "order multiple is negative")
    ]
    run = session.get(PlanningRun, run_id)
    assert run is not None and run.started == started and run.error_count == 1


def test_the_worksheet_filters(session: Session) -> None:
    save_plan(session, handmade_result(), options())
    assert [line.line_no for line in load_worksheet(session, items={"NUT"})] == [2]
    assert [line.line_no for line in load_worksheet(session, locations={"WEST"})] == [1]
    assert [line.line_no for line in load_worksheet(session, actions={Action.NEW})] == [1]
    emergencies = load_worksheet(session, warnings={Warning.EMERGENCY})
    assert [line.line_no for line in emergencies] == [1]
    assert load_worksheet(session, items={"BOLT"}, actions={Action.CANCEL}) == []


def test_a_regenerative_plan_replaces_the_whole_worksheet(session: Session) -> None:
    save_plan(session, plan(rich_world(), options()), options())
    second = handmade_result()
    save_plan(session, second, options())
    assert load_worksheet(session) == list(second.lines)
    assert load_pegging(session) == list(second.pegging)
    assert session.scalar(select(func.count()).select_from(PlanningRun)) == 2


def _with_sale_qty(world: Snapshot, item: str, qty: int) -> Snapshot:
    demand = [
        dataclasses.replace(row, qty=Decimal(qty))
        if row.type is DemandType.SALES and row.sku.item == item
        else row
        for row in world.demand
    ]
    return build_snapshot(
        items=world.items.values(),
        locations=[world.location(code) for code in world.locations],
        demand=demand,
        calendar=world.calendar,
    )


def _without_numbers(lines: list[PlanningLine]) -> list[PlanningLine]:
    return [dataclasses.replace(line, line_no=0) for line in lines]


def test_a_net_change_plan_replaces_only_the_lines_of_its_scope(session: Session) -> None:
    """t73: A feeds C; B is not assigned. Sale of A goes from 6 to 10 after the first plan."""
    case = read_case(NET_CHANGE_CASE)
    full = dataclasses.replace(case.options, kind=PlanKind.REGENERATIVE)
    first = plan(case.snapshot, full)
    save_plan(session, first, full)
    before = load_worksheet(session)
    assert [(line.line_no, line.sku.item, line.qty) for line in before] == [
        (1, "A", Decimal(6)),
        (2, "B", Decimal(9)),
        (3, "C", Decimal(12)),
    ]
    assign(session, [PlanningAssignment(A, ("sales SO-1 changed",))])
    assign(session, [PlanningAssignment(B, ("inventory changed",))])
    changed = _with_sale_qty(case.snapshot, "A", 10)
    net = plan(changed, case.options, assigned={A})
    assert net.scope == frozenset({A, C})

    run_id = save_plan(session, net, case.options)

    after = load_worksheet(session)
    assert after[0] == before[1]  # B's line is untouched, number and all
    assert [(line.line_no, line.sku.item, line.qty) for line in after] == [
        (2, "B", Decimal(9)),
        (3, "A", Decimal(10)),
        (4, "C", Decimal(20)),
    ]
    assert _without_numbers(after[1:]) == _without_numbers(list(net.lines))
    # What a regenerative plan of the changed world gives, up to line numbers.
    regenerative = plan(changed, full)
    by_sku = sorted(_without_numbers(after), key=lambda line: line.sku)
    assert by_sku == sorted(_without_numbers(list(regenerative.lines)), key=lambda line: line.sku)
    pegs = load_pegging(session)
    assert [peg for peg in pegs if peg.sku == B] == [peg for peg in first.pegging if peg.sku == B]
    assert [peg for peg in pegs if peg.sku != B] == list(net.pegging)
    assert [row.sku for row in load_assignment(session)] == [B]  # A was replanned
    run = session.get(PlanningRun, run_id)
    assert run is not None and (run.kind, run.scope_skus, run.line_count) == (
        PlanKind.NET_CHANGE,
        2,
        2,
    )
    stored = session.scalars(select(WorksheetLine.run_id).order_by(WorksheetLine.line_no))
    assert list(stored) == [run_id - 1, run_id, run_id]


def test_a_plan_of_some_items_replaces_only_their_lines(session: Session) -> None:
    """t73 planned whole (A 6, B 9, C 12), then item B alone: only its line is replaced."""
    case = read_case(NET_CHANGE_CASE)
    full = dataclasses.replace(case.options, kind=PlanKind.REGENERATIVE)
    save_plan(session, plan(case.snapshot, full), full)
    assign(session, [PlanningAssignment(A, ("sales SO-1 changed",))])
    assign(session, [PlanningAssignment(B, ("inventory changed",))])
    only_b = dataclasses.replace(full, item_filter=frozenset({"B"}))
    result = plan(case.snapshot, only_b)
    assert [line.sku.item for line in result.lines] == ["B"]
    save_plan(session, result, only_b)
    after = load_worksheet(session)
    assert [(line.line_no, line.sku.item, line.qty) for line in after] == [
        (1, "A", Decimal(6)),
        (3, "C", Decimal(12)),
        (4, "B", Decimal(9)),
    ]
    assert [row.sku for row in load_assignment(session)] == [A]  # B was replanned


def test_rows_that_leave_out_a_column_with_a_default_are_refused(session: Session) -> None:
    """insert_rows binds exactly the given columns; a Python-side default would be lost."""
    columns = ("run_id", "item_no", "supply", "supply_type", "demand", "demand_type", "qty")
    with pytest.raises(ValueError, match="pegging: insert binds"):
        insert_rows(
            session,
            PegRecord,
            columns,
            [(1, "CHAIR", "PO-1", "purchase", "SO-1", "sales", Decimal(1))],
        )
