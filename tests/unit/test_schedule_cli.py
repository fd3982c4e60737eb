"""takt schedule, takt load and takt release on the example frame shop (a case file)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.unit.test_input_errors import mentions, run_cli

FRAME_SHOP = str(Path(__file__).parents[2] / "examples" / "frame-shop.json")


def _schedule(*args: str) -> dict[str, object]:
    result = run_cli("schedule", "--case", FRAME_SHOP, "--json", *args)
    assert result.exit_code == 0, result.output
    payload: dict[str, object] = json.loads(result.output)
    return payload


def test_schedule_json_has_every_order_and_operation() -> None:
    payload = _schedule()
    orders = payload["orders"]
    assert isinstance(orders, list)
    assert sorted(o["order"] for o in orders) == [f"PRD-{n}" for n in range(1, 7)]
    assert all(len(o["operations"]) == 3 for o in orders)
    first_cut = next(o for o in orders if o["order"] == "PRD-1")["operations"][0]
    # 25 frames: laser 20 min setup + 4 min a frame = 120 min from Monday 07:00.
    assert first_cut["resource"] in ("LASER", "SAW")
    assert first_cut["start"] == "2027-03-01T07:00"
    assert payload["method"] == "sequence"


def test_optimise_never_changes_over_more_than_the_heuristic() -> None:
    quick = _schedule()
    best = _schedule("--optimise", "--time-limit", "3")
    assert best["method"] == "optimise"
    assert best["solver"] is not None  # CP-SAT's, or the heuristic's when it could not improve
    assert len(best["late"]) <= len(quick["late"])  # type: ignore[arg-type]
    if len(best["late"]) == len(quick["late"]):  # type: ignore[arg-type]
        assert best["changeover_minutes"] <= quick["changeover_minutes"]  # type: ignore[operator]


def test_schedule_table_and_filters() -> None:
    result = run_cli("schedule", "--case", FRAME_SHOP, "--from", "2027-03-02", "--to", "2027-03-02")
    assert result.exit_code == 0, result.output
    assert mentions(result.output, "PRD-1", "PRD-2", "2 orders")
    assert "PRD-3" not in result.output


def test_load_per_week_adds_up_the_operations(tmp_path: Path) -> None:
    out = tmp_path / "load.csv"
    result = run_cli("load", "--case", FRAME_SHOP, "--bucket", "week", "--json", "--csv", str(out))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    weld = [r for r in rows if r["resource"] == "WELD"]
    # Infinite schedule: welding needs 30 + 9 x qty per order: 6 x 30 + 9 x 145 = 1485 min,
    # all in the week of Monday 2027-03-01 (the orders end by Friday).
    assert [(r["period"], r["load_minutes"]) for r in weld] == [("2027-03-01", 1485)]
    with out.open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == len(rows)


def test_a_work_center_row_includes_its_machine_centers(tmp_path: Path) -> None:
    out = tmp_path / "cut.csv"
    args = ("load", "--case", FRAME_SHOP, "--bucket", "week", "--center", "CUT")
    result = run_cli(*args, "--json", "--csv", str(out))
    assert result.exit_code == 0, result.output
    # Cutting runs on LASER (SAW is its alternative): 6 x 20 setup + 4 x 145 frames = 700 min.
    # The schedule spans Tuesday to Friday: 4 x 480 min for CUT's own unit, LASER and SAW.
    [cut] = json.loads(result.output)
    assert (cut["load_minutes"], cut["available_minutes"], cut["used_pct"]) == (700, 5760, "12.2")
    assert cut["machine_centers"] == ["LASER", "SAW"] and not cut["overloaded"]
    with out.open(encoding="utf-8") as handle:
        assert [row["machine_centers"] for row in csv.DictReader(handle)] == ["LASER SAW"]
    table = run_cli(*args)
    assert mentions(table.output, "CUT (incl. LASER, SAW)", "11.7", "96.0", "12.2")


def test_release_writes_documents_for_the_period(tmp_path: Path) -> None:
    result = run_cli(
        "release",
        "--case",
        FRAME_SHOP,
        "--from",
        "2027-03-01",
        "--to",
        "2027-03-01",
        "--csv",
        str(tmp_path),
        "--json",
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output[result.output.index("{") :])
    orders = {card["order"] for card in payload["job_cards"]}
    assert orders and all(o.startswith("PRD-") for o in orders)
    picks = [p for p in payload["pick_list"] if p["component"] == "TUBE"]
    # Three tubes a frame, no scrap: 75 for 25 frames, 60 for 20, 90 for 30.
    assert {p["qty"] for p in picks} <= {"75", "60", "90"}
    for name in ("dispatch.csv", "job_cards.csv", "pick_list.csv"):
        assert (tmp_path / name).exists()


def test_bad_input_is_named() -> None:
    unknown = run_cli("load", "--case", FRAME_SHOP, "--center", "OVEN")
    assert unknown.exit_code == 2
    assert mentions(unknown.output, "OVEN", "--center")
    bad_day = run_cli("schedule", "--case", FRAME_SHOP, "--from", "2027-13-01")
    assert bad_day.exit_code == 2
    assert mentions(bad_day.output, "--from")
    not_started = run_cli(
        "release", "--case", FRAME_SHOP, "--order", "PRD-6", "--from", "2027-03-08"
    )
    assert not_started.exit_code == 2
    assert mentions(not_started.output, "PRD-6")


def test_batches_are_proposed_per_item_within_the_window() -> None:
    result = run_cli("batches", "--case", FRAME_SHOP, "--window", "2", "--json")
    assert result.exit_code == 0, result.output
    # White frames due Mar 2, 3 and 4 (25 + 25 + 30), black ones Mar 2 and 3 (20 + 20);
    # the black order due Mar 5 is 3 days after the first: a batch of its own.
    assert json.loads(result.output) == [
        {
            "item": "FRAME-B",
            "location": "MAIN",
            "orders": ["PRD-2", "PRD-4"],
            "qty": "40",
            "due_date": "2027-03-02",
        },
        {
            "item": "FRAME-W",
            "location": "MAIN",
            "orders": ["PRD-1", "PRD-3", "PRD-5"],
            "qty": "80",
            "due_date": "2027-03-02",
        },
    ]
    refused = run_cli("batches", "--case", FRAME_SHOP, "--apply")
    assert refused.exit_code == 2


def test_schedule_load_release_and_carry_out_on_the_database(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'frames.db'}"
    assert run_cli("import", FRAME_SHOP, "--db", db).exit_code == 0
    # From Tuesday the black frames due Tuesday and Wednesday cannot make it: the welder
    # is the bottleneck. Both get Reschedule lines naming it and the sales order.
    scheduled = run_cli("schedule", "--db", db, "--start", "2027-03-02", "--json")
    assert scheduled.exit_code == 0, scheduled.output
    payload = json.loads(scheduled.output)
    late = {s["order"]: s for s in payload["reschedule"]}
    assert set(late) == {"PRD-2", "PRD-4"}
    assert [d["id"] for d in late["PRD-4"]["late_demand"]] == ["SO-4"]
    assert late["PRD-4"]["bottleneck"] == "WELD"
    worksheet = run_cli("worksheet", "--db", db)
    assert mentions(worksheet.output, "Reschedule", "PRD-2", "PRD-4")
    # The stored schedule feeds the load report: welding per the schedule.
    load = json.loads(run_cli("load", "--db", db, "--center", "WELD", "--json").output)
    stored_weld = sum(
        op["setup_minutes"] + op["run_minutes"]
        for order in payload["orders"]
        for op in order["operations"]
        if op["resource"] == "WELD"
    )
    assert sum(row["load_minutes"] for row in load) == stored_weld == 6 * 30 + 9 * 145
    # Releasing Tuesday's starts changes their status, all in one go.
    released = run_cli("release", "--db", db, "--from", "2027-03-02", "--to", "2027-03-02")
    assert released.exit_code == 0, released.output
    orders = run_cli("order", "list", "--db", db, "--status", "released")
    assert mentions(orders.output, "PRD-1", "PRD-2")
    # Carrying out a Reschedule line moves the order's due date to the day it can be ready.
    row = next(text for text in worksheet.output.splitlines() if "PRD-4" in text)
    line_no = row.split("│")[1].strip()
    assert run_cli("accept", line_no, "--db", db).exit_code == 0
    carried = run_cli("carry-out", line_no, "--db", db)
    assert carried.exit_code == 0, carried.output
    listed = run_cli("order", "list", "--db", db, "--item", "FRAME-B")
    row = next(text for text in listed.output.splitlines() if "PRD-4" in text)
    assert "2027-03-04" in row
