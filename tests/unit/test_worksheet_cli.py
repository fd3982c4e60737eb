"""The planner's loop on the command line: plan --db, worksheet, accept, carry-out."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from taktplan.io.case_json import read_case
from taktplan.storage import make_engine, save_snapshot, upgrade
from tests.conftest import ROOT
from tests.unit.test_cli import worksheet_rows
from tests.unit.test_input_errors import mentions, run_cli

BIKE_SHOP = ROOT / "examples" / "bike-shop.json"
WINDOW = ("--from", "2027-03-01", "--to", "2027-05-31")


def _bike_shop_db(folder: Path) -> str:
    url = f"sqlite:///{folder / 'plan.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        save_snapshot(session, read_case(BIKE_SHOP).snapshot)
    engine.dispose()
    return url


def test_plan_review_accept_carry_out_and_plan_again(tmp_path: Path) -> None:
    db = _bike_shop_db(tmp_path)
    planned = run_cli("plan", "--db", db, *WINDOW)
    assert planned.exit_code == 0, planned.output
    assert mentions(planned.output, "9 lines for 4 SKUs planned", "worksheet stored in")
    news = run_cli("worksheet", "--db", db, "--action", "new")
    assert mentions(news.output, "7 lines, 6 accepted")
    assert run_cli("accept", "--db", db, "--all").exit_code == 0
    done = run_cli("carry-out", "--db", db)
    assert done.exit_code == 0, done.output
    assert mentions(done.output, "9 lines carried out", "purchase PO-00001")
    again = run_cli("plan", "--db", db, *WINDOW)
    assert mentions(again.output, "0 lines for 4 SKUs planned")


def test_accept_without_lines_or_all_is_bad_input(tmp_path: Path) -> None:
    db = _bike_shop_db(tmp_path)
    result = run_cli("accept", "--db", db)
    assert result.exit_code == 2
    assert mentions(result.output, "name line numbers or use --all")


def test_unknown_line_is_bad_input_and_nothing_changes(tmp_path: Path) -> None:
    db = _bike_shop_db(tmp_path)
    run_cli("plan", "--db", db, *WINDOW)
    result = run_cli("accept", "--db", db, "--reject", "1", "999")
    assert result.exit_code == 2
    assert mentions(result.output, "no worksheet line 999")
    assert mentions(run_cli("worksheet", "--db", db).output, "9 lines, 8 accepted")


def test_bad_planning_date_names_the_option(tmp_path: Path) -> None:
    db = _bike_shop_db(tmp_path)
    result = run_cli("plan", "--db", db, "--from", "2027-02-30")
    assert result.exit_code == 2
    assert mentions(result.output, "2027-02-30")


def test_unreachable_database_is_one_line_without_the_password() -> None:
    result = run_cli("worksheet", "--db", "postgresql+psycopg://planner:secret@127.0.0.1:1/x")
    assert result.exit_code == 1
    assert mentions(result.output, "database postgresql+psycopg://planner:***@127.0.0.1:1/x")
    assert "secret" not in result.output


def test_listings_stop_at_the_limit_and_count_every_line(tmp_path: Path) -> None:
    """`--limit 3` prints lines 1-3 of the 9, says so, and counts all 9 by action and warning."""
    db = _bike_shop_db(tmp_path)
    planned = run_cli("plan", "--db", db, *WINDOW, "--limit", "3")
    assert planned.exit_code == 0, planned.output
    _, rows = worksheet_rows(planned.stdout)
    assert sorted(rows, key=int) == ["1", "2", "3"]
    assert mentions(planned.output, "showing the first 3 of 9 lines", "takt worksheet")
    # The bike shop's worksheet: 7 new orders, one existing order rescheduled
    # with a new quantity, one cancelled; one line carries an Exception
    # warning, which is why 8 of 9 are accepted.
    assert mentions(planned.output, "9 lines for 4 SKUs planned")
    stored = run_cli("worksheet", "--db", db, "--limit", "3")
    assert sorted(worksheet_rows(stored.stdout)[1], key=int) == ["1", "2", "3"]
    assert mentions(stored.output, "showing the first 3 of 9 lines", "9 lines, 8 accepted")
    summary = next(text for text in stored.output.splitlines() if text.startswith("by action"))
    counted = dict(
        part.rsplit(" ", 1) for part in summary.split(": ", 1)[1].split("; ")[0].split(", ")
    )
    assert sum(int(n) for n in counted.values()) == 9
    assert counted == {"New": "7", "Resched. & Chg. Qty.": "1", "Cancel": "1"}
    assert summary.endswith("; warnings: Exception 1")
    everything = run_cli("worksheet", "--db", db, "--limit", "0")
    assert sorted(worksheet_rows(everything.stdout)[1], key=int) == [str(n) for n in range(1, 10)]
    assert "showing the first" not in everything.output
    assert "by action" not in everything.output


def test_a_negative_limit_is_refused(tmp_path: Path) -> None:
    result = run_cli("worksheet", "--db", _bike_shop_db(tmp_path), "--limit", "-1")
    assert result.exit_code == 2
    assert mentions(result.output, "--limit")
