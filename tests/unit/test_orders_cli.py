"""takt order, takt sales, takt order-planning and carry-out conflicts on the command line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from taktplan.storage import make_engine, save_snapshot, upgrade
from tests.storage.worlds import shop_world
from tests.unit.test_input_errors import mentions, run_cli


def _shop_db(folder: Path) -> str:
    url = f"sqlite:///{folder / 'shop.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        save_snapshot(session, shop_world())
    engine.dispose()
    return url


def test_release_and_finish_a_production_order(tmp_path: Path) -> None:
    db = _shop_db(tmp_path)
    listed = run_cli("order", "list", "--db", db)
    assert mentions(listed.output, "PRD-1", "planned", "1 production orders")
    released = run_cli("order", "release", "PRD-1", "--db", db)
    assert released.exit_code == 0, released.output
    assert mentions(released.output, "PRD-1: planned -> released", "TABLE at MAIN")
    finished = run_cli("order", "finish", "PRD-1", "--qty", "9", "--date", "2027-01-05", "--db", db)
    assert finished.exit_code == 0, finished.output
    assert mentions(
        finished.output,
        "PRD-1: released -> finished",
        "output 9 TABLE at MAIN",
        "consumption -39.6 LEG at MAIN",
        "consumption -10.395 TOP at MAIN",
    )
    history = run_cli("order", "list", "--status", "finished", "--db", db)
    assert mentions(history.output, "PRD-1", "2027-01-05", "1 production orders")
    again = run_cli("order", "firm-plan", "PRD-1", "--db", db)
    assert again.exit_code == 2
    assert mentions(again.output, "production order PRD-1", "no such open production order")


def test_bad_finish_input_names_the_field(tmp_path: Path) -> None:
    db = _shop_db(tmp_path)
    run_cli("order", "release", "PRD-1", "--db", db)
    for options, field in ((["--qty", "nine"], "qty"), (["--date", "2027-02-30"], "date")):
        result = run_cli("order", "finish", "PRD-1", *options, "--db", db)
        assert result.exit_code == 2
        assert mentions(result.output, "production order PRD-1", f"field '{field}'")


def test_sales_orders_are_tracked_as_they_are_entered(tmp_path: Path) -> None:
    """STOOL: 5 on hand, +10 on 2027-01-14, SO-5 takes 8 on 2027-01-16."""
    db = _shop_db(tmp_path)
    covered = run_cli(
        "sales", "add", "SO-20", "--item", "STOOL", "--qty", "4", "--date", "2027-01-09",
        "--location", "MAIN", "--db", db,
    )  # fmt: skip
    assert covered.exit_code == 0, covered.output
    assert mentions(covered.output, "covered by existing supply on the requested date")
    assert mentions(covered.output, "flagged for net change planning: STOOL at MAIN")
    late = run_cli("sales", "change", "SO-20", "--item", "STOOL", "--qty", "6", "--db", db)
    assert mentions(
        late.output,
        "not covered: existing supply leaves 5 available to promise on 2027-01-09",
        "earliest date from existing supply: 2027-01-14",
        "a new order started today is due",
    )
    duplicate = run_cli(
        "sales", "add", "SO-20", "--item", "STOOL", "--qty", "1", "--date", "2027-01-09",
        "--db", db,
    )  # fmt: skip
    assert duplicate.exit_code == 2
    assert mentions(duplicate.output, "sales order SO-20", "already has a line for item STOOL")
    bad_date = run_cli(
        "sales", "add", "SO-21", "--item", "STOOL", "--qty", "1", "--date", "09.01.2027",
        "--db", db,
    )  # fmt: skip
    assert bad_date.exit_code == 2
    assert mentions(bad_date.output, "sales order SO-21", "field 'date'", "not a date")
    deleted = run_cli("sales", "delete", "SO-20", "--item", "STOOL", "--db", db)
    assert mentions(deleted.output, "SO-20: line for STOOL deleted")


def test_order_planning_lists_and_makes_supply(tmp_path: Path) -> None:
    db = _shop_db(tmp_path)
    listed = run_cli("order-planning", "--db", db)
    assert listed.exit_code == 0, listed.output
    assert mentions(listed.output, "SO-1", "SO-3", "SO-E", "3 demand lines not covered")
    made = run_cli("order-planning", "make", "SO-1", "--item", "CHAIR", "--db", db)
    assert made.exit_code == 0, made.output
    assert mentions(made.output, "PO-00001: purchase of 3 CHAIR at MAIN", "due 2027-01-09")
    by_transfer = run_cli(
        "order-planning", "make", "SO-E", "--item", "CHAIR", "--by", "transfer", "--db", db
    )
    assert mentions(by_transfer.output, "TR-00001: transfer from MAIN of 4 CHAIR at EAST")
    assert mentions(run_cli("order-planning", "--db", db).output, "1 demand lines not covered")
    unknown = run_cli("order-planning", "make", "SO-2", "--item", "CHAIR", "--db", db)
    assert unknown.exit_code == 2
    assert mentions(unknown.output, "demand SO-2", "no uncovered demand line for item CHAIR")


def test_a_line_carried_out_twice_is_a_conflict(tmp_path: Path) -> None:
    db = _shop_db(tmp_path)
    planned = run_cli("plan", "--db", db, "--from", "2027-01-04", "--to", "2027-03-31")
    assert planned.exit_code == 0, planned.output
    assert run_cli("accept", "--db", db, "--all").exit_code == 0
    first = run_cli("carry-out", "1", "--db", db)
    assert first.exit_code == 0, first.output
    assert mentions(first.output, "1 lines carried out")
    second = run_cli("carry-out", "1", "--db", db)
    assert second.exit_code == 3
    assert mentions(second.output, "conflict:", "worksheet line 1 is gone")
