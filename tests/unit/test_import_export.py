"""Import and export: case JSON, CSV folders and Excel workbooks (docs/import-export.md).

- a CSV folder and a workbook give exactly the snapshot of the equivalent case file;
- export then import gives the same snapshot, options and planning assignment,
  for every plannable own case and the bike-shop example, in all three formats;
- validation lists every bad row with file (or sheet), row and column,
  reference errors included, and traces an error found by the snapshot back
  to its row;
- ``takt import`` / ``takt export`` on temporary SQLite databases: a round trip
  through the database and a CSV folder, and a bad import that lists all its
  errors, exits with 2 and leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from taktplan.cli.main import app
from taktplan.domain.snapshot import Snapshot
from taktplan.io.case_json import parse_case, read_case, read_raw
from taktplan.io.csv_folder import read_csv_folder, write_csv_folder
from taktplan.io.formats import read_data, write_data
from taktplan.io.records import ImportErrors, RowError, write_case_json
from taktplan.io.workbook import read_workbook, write_workbook
from taktplan.storage import load_snapshot, make_engine
from taktplan.storage.models import Base
from tests.conftest import OWN_CASES, ROOT

EXIT_BAD_INPUT = 2

ROUND_TRIP = [
    path
    for path in sorted(OWN_CASES.glob("*.json"))
    if not (read_raw(path).get("expected") or {}).get("error")
] + [ROOT / "examples" / "bike-shop.json"]

# A small world with a BOM, two locations, an SKU with a transfer, a calendar
# and one record of each document type, as a case document ...
CASE: dict[str, Any] = {
    "format": 1,
    "planning": {"start": "2027-01-04", "end": "2027-03-31", "work_date": "2027-01-05"},
    "calendar": {"non_working_weekdays": ["Sat", "Sun"], "holidays": ["2027-01-06"]},
    "locations": [{"code": "MAIN"}, {"code": "EAST", "inbound_handling_time": "1D"}],
    "items": [
        {
            "no": "BIKE",
            "replenishment": "production",
            "reordering_policy": "lot-for-lot",
            "lead_time": "1W",
            "bom": [
                {"component": "WHEEL", "qty_per": 2, "scrap_pct": "2.5"},
                {"component": "FRAME", "qty_per": 1},
            ],
        },
        {"no": "WHEEL", "reordering_policy": "fixed-reorder-qty", "reorder_qty": 40},
        {"no": "FRAME", "reordering_policy": "order", "unit_cost": "12.75"},
    ],
    "skus": [
        {"item": "BIKE", "location": "EAST", "replenishment": "transfer", "transfer_from": "MAIN"},
    ],
    "inventory": [{"item": "WHEEL", "location": "MAIN", "qty": 12}],
    "demand": [
        {"type": "sales", "id": "SO-1", "item": "BIKE", "location": "EAST",
         "date": "2027-01-20", "qty": 3},
        {"type": "forecast", "id": "FC-1", "item": "BIKE", "location": "MAIN",
         "date": "2027-02-01", "qty": 10},
    ],
    "supply": [
        {"type": "purchase", "id": "PO-1", "item": "WHEEL", "location": "MAIN",
         "date": "2027-01-12", "qty": 8, "status": "released"},
    ],
}  # fmt: skip

# ... and the same world as CSV files, written the way a planner would (empty
# cells for defaults, columns in any order, a column left out).
CSV_FILES = {
    "planning.csv": "start,end,work_date\n2027-01-04,2027-03-31,2027-01-05\n",
    "calendar.csv": "non_working_weekdays,holidays\nSat,2027-01-06\nSun,\n",
    "locations.csv": "code,inbound_handling_time\nMAIN,\nEAST,1D\n",
    "items.csv": (
        "no,replenishment,reordering_policy,lead_time,reorder_qty,unit_cost\n"
        "BIKE,production,lot-for-lot,1W,,\n"
        "WHEEL,,fixed-reorder-qty,,40,\n"
        "FRAME,,order,,,12.75\n"
    ),
    "bom_lines.csv": "parent,component,qty_per,scrap_pct\nBIKE,WHEEL,2,2.5\nBIKE,FRAME,1,\n",
    "skus.csv": "item,location,replenishment,transfer_from\nBIKE,EAST,transfer,MAIN\n",
    "inventory.csv": "item,location,qty\nWHEEL,MAIN,12\n",
    "demand.csv": (
        "type,id,item,location,date,qty\n"
        "sales,SO-1,BIKE,EAST,2027-01-20,3\n"
        "forecast,FC-1,BIKE,MAIN,2027-02-01,10\n"
    ),
    "supply.csv": (
        "id,type,item,location,date,qty,status\nPO-1,purchase,WHEEL,MAIN,2027-01-12,8,released\n"
    ),
}


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems_of(error: pytest.ExceptionInfo[ImportErrors]) -> list[str]:
    return [problem.describe() for problem in error.value.problems]


# ---------------------------------------------------------------- same snapshot


def test_a_csv_folder_reads_like_the_case_file(tmp_path: Path) -> None:
    expected = parse_case(CASE)
    loaded = read_csv_folder(write_folder(tmp_path / "world", CSV_FILES))
    assert loaded.snapshot == expected.snapshot
    assert loaded.options == expected.options
    assert loaded.assigned is None


def test_a_workbook_with_excel_dates_and_numbers_reads_like_the_case_file(
    tmp_path: Path,
) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    sheets: dict[str, list[list[Any]]] = {
        "planning": [
            ["start", "end", "work_date"],
            [dt.date(2027, 1, 4), dt.datetime(2027, 3, 31), "2027-01-05"],
        ],
        "calendar": [["non_working_weekdays", "holidays"], ["Sat", dt.date(2027, 1, 6)], ["Sun"]],
        "locations": [["code", "inbound_handling_time"], ["MAIN"], ["EAST", "1D"]],
        "items": [
            ["no", "replenishment", "reordering_policy", "lead_time", "reorder_qty", "unit_cost"],
            ["BIKE", "production", "lot-for-lot", "1W"],
            ["WHEEL", None, "fixed-reorder-qty", None, 40],
            ["FRAME", None, "order", None, None, 12.75],
        ],
        "bom_lines": [
            ["parent", "component", "qty_per", "scrap_pct"],
            ["BIKE", "WHEEL", 2, 2.5],
            ["BIKE", "FRAME", 1.0],
        ],
        "skus": [
            ["item", "location", "replenishment", "transfer_from"],
            ["BIKE", "EAST", "transfer", "MAIN"],
        ],
        "inventory": [["item", "location", "qty"], ["WHEEL", "MAIN", 12]],
        "demand": [
            ["type", "id", "item", "location", "date", "qty"],
            ["sales", "SO-1", "BIKE", "EAST", dt.date(2027, 1, 20), 3],
            ["forecast", "FC-1", "BIKE", "MAIN", "2027-02-01", 10],
        ],
        "supply": [
            ["id", "type", "item", "location", "date", "qty", "status"],
            ["PO-1", "purchase", "WHEEL", "MAIN", "2027-01-12", 8, "released"],
        ],
        "Notes": [["sheets with other names are not read"]],
    }  # fmt: skip
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(tmp_path / "world.xlsx")
    expected = parse_case(CASE)
    loaded = read_workbook(tmp_path / "world.xlsx")
    assert loaded.snapshot == expected.snapshot
    assert loaded.options == expected.options


@pytest.mark.parametrize("path", ROUND_TRIP, ids=lambda path: path.stem)
def test_export_then_import_gives_the_same_world(path: Path, tmp_path: Path) -> None:
    case = read_case(path)
    write_case_json(tmp_path / "case.json", case.snapshot, case.options, assigned=case.assigned)
    write_csv_folder(tmp_path / "csv", case.snapshot, case.options, assigned=case.assigned)
    write_workbook(tmp_path / "book.xlsx", case.snapshot, case.options, assigned=case.assigned)
    for again in (
        read_case(tmp_path / "case.json"),
        read_csv_folder(tmp_path / "csv"),
        read_workbook(tmp_path / "book.xlsx"),
    ):
        assert again.snapshot == case.snapshot
        assert again.options == case.options
        assert again.assigned == case.assigned


def test_export_writes_every_file_and_sheet_with_its_header(tmp_path: Path) -> None:
    case = parse_case(CASE)
    write_data(tmp_path / "csv", case.snapshot, case.options)
    write_data(tmp_path / "book.xlsx", case.snapshot, case.options)
    names = {path.name for path in (tmp_path / "csv").iterdir()}
    assert names == {
        f"{name}.csv"
        for name in (
            "planning",
            "calendar",
            "locations",
            "items",
            "bom_lines",
            "skus",
            "inventory",
            "demand",
            "supply",
            "shop_calendars",
            "shop_holidays",
            "work_centers",
            "machine_centers",
            "routing_operations",
            "changeovers",
        )
    }
    header = (tmp_path / "csv" / "bom_lines.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "parent,component,qty_per,scrap_pct,variant,phantom"
    book = load_workbook(tmp_path / "book.xlsx")
    assert {f"{name}.csv" for name in book.sheetnames} == names
    assert read_data(tmp_path / "book.xlsx").snapshot == case.snapshot


# ---------------------------------------------------------------- errors


def test_every_bad_row_is_listed_with_file_row_and_column(tmp_path: Path) -> None:
    files = dict(CSV_FILES)
    files["demand.csv"] = (
        "type,id,item,location,date,qty\n"
        "sales,SO-1,BIKE,EAST,2027-01-20,3\n"
        "sales,SO-2,BIKE,EAST,2027-02-30,3\n"  # row 3: no such date
        "sales,SO-3,BIKE,EAST,2027-02-01,-1\n"  # row 4: negative quantity
        "rush,SO-4,BIKE,EAST,2027-02-01,1\n"  # row 5: no such type
        "sales,SO-5,BIKE,EAST,,1\n"  # row 6: no date
    )
    files["items.csv"] += "SPOKE,,,lots,,\n"  # row 5: lead time is no date formula
    files["inventory.csv"] += "GHOST,MAIN,1\nWHEEL,WEST,1\n"  # rows 3-4: unknown references
    with pytest.raises(ImportErrors) as error:
        read_csv_folder(write_folder(tmp_path / "world", files))
    assert problems_of(error) == [
        "items.csv row 5, column lead_time: "
        "'lots' is not a date formula (expected e.g. 1D, 2W, 1M)",
        "inventory.csv row 3, column item: unknown item 'GHOST'",
        "inventory.csv row 4, column location: unknown location 'WEST'",
        "demand.csv row 3, column date: '2027-02-30' is not a date (expected YYYY-MM-DD)",
        "demand.csv row 4, column qty: Input should be greater than or equal to 0 (got '-1')",
        "demand.csv row 5, column type: Input should be 'sales', 'forecast', 'blanket', "
        "'component', 'transfer-out', 'service' or 'job' (got 'rush')",
        "demand.csv row 6, column date: missing required value",
    ]


def test_file_level_problems_are_listed_too(tmp_path: Path) -> None:
    files = {name: text for name, text in CSV_FILES.items() if name != "planning.csv"}
    files["skus.csv"] = "item,location,reorder_pont\nWHEEL,MAIN,3\n"
    files["bom_lines.csv"] = "parent,component,qty_per\nBIKE,WHEEL,2,extra\n,FRAME,1\n"
    with pytest.raises(ImportErrors) as error:
        read_csv_folder(write_folder(tmp_path / "world", files))
    assert problems_of(error) == [
        "planning.csv: missing (a planning table is required)",
        "bom_lines.csv row 2: 1 cell(s) right of the last column",
        "bom_lines.csv row 3, column parent: missing required value",
        "skus.csv row 1, column reorder_pont: unknown column 'reorder_pont' (columns: "
        "item, location, variant, replenishment, reordering_policy, lead_time, "
        "safety_lead_time, safety_stock, reorder_point, reorder_qty, max_inventory, "
        "overflow_level, time_bucket, lot_accumulation_period, rescheduling_period, "
        "dampener_period, dampener_qty, include_inventory, min_order_qty, max_order_qty, "
        "order_multiple, transfer_from, transfer_shipping_time)",
    ]


def test_an_error_found_by_the_snapshot_names_its_row(tmp_path: Path) -> None:
    files = dict(CSV_FILES)
    files["bom_lines.csv"] = (
        "parent,component,qty_per,phantom\nBIKE,WHEEL,2,\nBIKE,FRAME,1,true\n"  # row 3
    )
    with pytest.raises(ImportErrors) as error:
        read_csv_folder(write_folder(tmp_path / "phantom", files))
    assert problems_of(error) == [
        "bom_lines.csv row 3, column phantom: phantom line names item 'FRAME', which has no BOM"
    ]
    files = dict(CSV_FILES)
    files["supply.csv"] += "PO-1,purchase,WHEEL,MAIN,2027-01-19,8,open\n"  # row 3: same id
    with pytest.raises(ImportErrors) as error:
        read_csv_folder(write_folder(tmp_path / "duplicate", files))
    assert problems_of(error) == ["supply.csv row 3, column id: duplicate document id 'PO-1'"]


def test_workbook_errors_name_the_sheet(tmp_path: Path) -> None:
    case = parse_case(CASE)
    write_workbook(tmp_path / "book.xlsx", case.snapshot, case.options)
    book = load_workbook(tmp_path / "book.xlsx")
    demand = book["demand"]
    header = [cell.value for cell in demand[1]]
    demand.cell(row=3, column=header.index("date") + 1, value="2027-13-01")
    items = book["items"]
    items.cell(row=4, column=1).value = None  # cell(value=None) would not clear it
    book.save(tmp_path / "book.xlsx")
    with pytest.raises(ImportErrors) as error:
        read_workbook(tmp_path / "book.xlsx")
    assert problems_of(error) == [
        "sheet items row 4, column no: missing required value",
        "sheet bom_lines row 3, column component: unknown component item 'FRAME'",
        "sheet demand row 3, column date: '2027-13-01' is not a date (expected YYYY-MM-DD)",
    ]
    assert all(isinstance(problem, RowError) for problem in error.value.problems)


# ---------------------------------------------------------------- the commands


def run_cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def stored(url: str) -> Snapshot:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return load_snapshot(session)
    finally:
        engine.dispose()


def row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_import_export_round_trip_through_two_databases(tmp_path: Path) -> None:
    case_path = ROOT / "examples" / "bike-shop.json"
    first = f"sqlite:///{tmp_path / 'first.db'}"
    second = f"sqlite:///{tmp_path / 'second.db'}"
    result = run_cli("import", str(case_path), "--db", first)
    assert result.exit_code == 0, result.output
    assert "demand" in result.stdout and "8" in result.stdout
    result = run_cli("export", str(tmp_path / "csv"), "--db", first, "--start", "2027-03-01")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "csv" / "demand.csv").is_file()
    result = run_cli("import", str(tmp_path / "csv"), "--db", second)
    assert result.exit_code == 0, result.output
    assert stored(second) == stored(first) == read_case(case_path).snapshot
    result = run_cli("export", str(tmp_path / "world.xlsx"), "--db", second)
    assert result.exit_code == 0, result.output
    assert read_workbook(tmp_path / "world.xlsx").snapshot == stored(first)


def test_a_bad_import_lists_every_error_and_writes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    assert run_cli("import", str(ROOT / "examples" / "bike-shop.json"), "--db", url).exit_code == 0
    before, counts = stored(url), row_counts(url)
    folder = write_folder(tmp_path / "bad", CSV_FILES)
    files = dict(CSV_FILES)
    files["demand.csv"] += "sales,SO-2,BIKE,EAST,2027-02-30,3\n"  # row 4
    files["demand.csv"] += "sales,SO-3,NOPE,EAST,2027-02-01,3\n"  # row 5
    files["supply.csv"] = files["supply.csv"].replace(",8,", ",eight,")  # row 2
    write_folder(folder, files)
    result = run_cli("import", str(folder), "--db", url)
    assert result.exit_code == EXIT_BAD_INPUT
    lines = result.stderr.splitlines()
    assert lines == [
        "error: demand.csv row 4, column date: '2027-02-30' is not a date (expected YYYY-MM-DD)",
        "error: demand.csv row 5, column item: unknown item 'NOPE'",
        "error: supply.csv row 2, column qty: Input should be a valid decimal (got 'eight')",
        "3 errors; nothing was imported.",
    ]
    assert "Traceback" not in result.output
    assert row_counts(url) == counts
    assert stored(url) == before


def test_import_and_export_reject_what_they_cannot_read_or_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    shutil.copy(ROOT / "examples" / "bike-shop.json", tmp_path / "bike.txt")
    result = run_cli("import", str(tmp_path / "bike.txt"), "--db", url)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "expected a case file (.json), an Excel workbook (.xlsx)" in result.stderr
    result = run_cli("import", str(tmp_path / "nowhere"), "--db", url)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "no such file or folder" in result.stderr
    result = run_cli("export", str(tmp_path / "out.json"), "--db", url, "--start", "2027-02-30")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "--start" in result.stderr
    assert not (tmp_path / "out.json").exists()
