"""The shop in a CSV folder and an Excel workbook (docs/import-export.md).

- the frame shop of :mod:`tests.shop_case`, written by hand as CSV files,
  reads exactly like its case file; written out and read back in all three
  formats it stays the same;
- a folder without the shop files has no shop;
- every bad shop row is listed with file (or sheet), row and column, links
  between rows included, and an error only the snapshot finds names its row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from taktplan.io.case_json import parse_case, read_case
from taktplan.io.csv_folder import read_csv_folder, write_csv_folder
from taktplan.io.records import ImportErrors, write_case_json
from taktplan.io.workbook import read_workbook, write_workbook
from tests.shop_case import shop_case
from tests.unit.test_import_export import (
    CSV_FILES,
    EXIT_BAD_INPUT,
    problems_of,
    run_cli,
    stored,
    write_folder,
)
from tests.unit.test_input_errors import mentions

# The frame shop as a planner would type it: columns in any order or left
# out, empty cells for defaults, Monday to Friday in one row with Friday's
# short day in another.
SHOP_FILES = {
    "planning.csv": "start,end\n2027-01-04,2027-03-31\n",
    "calendar.csv": "non_working_weekdays,holidays\nSat,2027-01-06\nSun,\n",
    "locations.csv": "code\nMAIN\n",
    "items.csv": (
        "no,replenishment,reordering_policy,unit_cost,standard_cost,indirect_cost_pct,"
        "overhead_rate,attributes\n"
        "BIKE,production,lot-for-lot,412.30,405.00,,3,\n"
        "FRAME,production,lot-for-lot,,85.5,5,1.5,colour=dark;finish = matt\n"
        "WHEEL,,lot-for-lot,38,,,,\n"
        "TUBE,,lot-for-lot,7.25,,,,\n"
        "POWDER,,lot-for-lot,12,,,,\n"
    ),
    "bom_lines.csv": (
        "parent,component,qty_per,scrap_pct\n"
        "BIKE,FRAME,1,\nBIKE,WHEEL,2,\nFRAME,TUBE,3,\nFRAME,POWDER,0.4,8\n"
    ),
    "demand.csv": "type,id,item,location,date,qty\nsales,SO-1,BIKE,MAIN,2027-02-01,12\n",
    "shop_calendars.csv": (
        "code,weekday,shifts\n"
        "DAY,weekdays,07:00-11:30 12:00-15:30\n"
        "DAY,fri,07:00-12:00\n"
        "2SHIFT,weekdays,  06:00-14:00   14:00-22:00 \n"
        "2SHIFT,sat,06:00-12:00\n"
    ),
    "shop_holidays.csv": "date,calendar\n2027-01-06,DAY\n2027-04-02,DAY\n",
    "work_centers.csv": (
        "code,calendar,capacity,efficiency_pct,unit_cost,cost_basis,indirect_cost_pct,"
        "overhead_rate,subcontractor,queue_time,critical_load_pct,dampener_pct\n"
        "CUT,DAY,,,42,,,4.5,,,,\n"
        "WELD,2SHIFT,2,90,48,time,10,6,,30,95,5\n"
        "PAINT,DAY,,,55.5,,,,,,85,\n"
        "COAT,DAY,,,2.5,unit,,,V-COAT,,,\n"
        "ASSEMBLY,DAY,4,,38,,,,,,,\n"
    ),
    "machine_centers.csv": (
        "code,work_center,unit_cost,efficiency_pct\nROBOT-1,WELD,60,110\nROBOT-2,WELD,60,\n"
    ),
    "routing_operations.csv": (
        "item,no,resource,setup_time,run_time,wait_time,move_time,alternatives,components,"
        "unit_cost_per,description\n"
        "FRAME,10,CUT,20,4.5,,30,,TUBE,,\n"
        "FRAME,20,ROBOT-1,30,12,,,ROBOT-2 WELD,,,\n"
        "FRAME,30,PAINT,15,6,240,,,POWDER,,\n"
        'FRAME,40,COAT,,,1440,,,,2.8,"powder coat, outside"\n'
        "BIKE,10,ASSEMBLY,10,35,,,,FRAME WHEEL,,\n"
    ),
    "changeovers.csv": (
        "attribute,from,to,minutes,resource\n"
        "colour,light,dark,20,PAINT\ncolour,dark,light,45,PAINT\ncolour,*,*,30,\n"
        "finish,*,*,10,\n"
    ),
}


def test_the_shop_files_read_like_the_case_file(tmp_path: Path) -> None:
    expected = parse_case(shop_case())
    loaded = read_csv_folder(write_folder(tmp_path / "shop", SHOP_FILES))
    assert loaded.snapshot.shop == expected.snapshot.shop
    assert loaded.snapshot == expected.snapshot
    frame = loaded.snapshot.items["FRAME"]
    assert frame.attributes == {"colour": "dark", "finish": "matt"}
    assert loaded.snapshot.shop.resources["WELD"].critical_load_pct == 95


def test_export_then_import_keeps_the_shop_in_every_format(tmp_path: Path) -> None:
    case = parse_case(shop_case())
    write_case_json(tmp_path / "case.json", case.snapshot, case.options)
    write_csv_folder(tmp_path / "csv", case.snapshot, case.options)
    write_workbook(tmp_path / "book.xlsx", case.snapshot, case.options)
    for again in (
        read_case(tmp_path / "case.json"),
        read_csv_folder(tmp_path / "csv"),
        read_workbook(tmp_path / "book.xlsx"),
    ):
        assert again.snapshot == case.snapshot
        assert again.snapshot.shop.routing("FRAME") == case.snapshot.shop.routing("FRAME")
    lines = (tmp_path / "csv" / "shop_calendars.csv").read_text(encoding="utf-8").splitlines()
    assert lines == [
        "code,weekday,shifts",
        "DAY,mon,07:00-11:30 12:00-15:30",
        "DAY,tue,07:00-11:30 12:00-15:30",
        "DAY,wed,07:00-11:30 12:00-15:30",
        "DAY,thu,07:00-11:30 12:00-15:30",
        "DAY,fri,07:00-12:00",
        "2SHIFT,weekdays,06:00-14:00 14:00-22:00",
        "2SHIFT,sat,06:00-12:00",
    ]
    operations = (tmp_path / "csv" / "routing_operations.csv").read_text(encoding="utf-8")
    assert operations.splitlines()[:3] == [
        "item,no,resource,setup_time,run_time,wait_time,move_time,alternatives,components,"
        "unit_cost_per,description",
        "FRAME,10,CUT,20,4.5,,30,,TUBE,,",
        "FRAME,20,ROBOT-1,30,12,,,ROBOT-2 WELD,,,",
    ]
    items = (tmp_path / "csv" / "items.csv").read_text(encoding="utf-8").splitlines()
    assert items[0].endswith(",standard_cost,indirect_cost_pct,overhead_rate,attributes")
    assert items[2].endswith(",85.5,5,1.5,colour=dark; finish=matt")
    book = load_workbook(tmp_path / "book.xlsx")
    weld = [cell.value for cell in book["work_centers"][3]]
    assert weld == ["WELD", "2SHIFT", 2, 90, 48, None, 10, 6, None, 30, 95, 5]


def test_a_folder_without_shop_files_has_no_shop(tmp_path: Path) -> None:
    loaded = read_csv_folder(write_folder(tmp_path / "plain", CSV_FILES))
    assert loaded.snapshot.shop.empty
    assert loaded.snapshot.shop.changeovers.rules == ()
    assert all(not item.attributes for item in loaded.snapshot.items.values())


def _broken(files: dict[str, str], name: str, *rows: str) -> dict[str, str]:
    return {**files, name: files[name] + "".join(f"{row}\n" for row in rows)}


def test_every_bad_shop_row_is_listed_with_file_row_and_column(tmp_path: Path) -> None:
    files = dict(SHOP_FILES)
    files = _broken(files, "items.csv", "SADDLE,,lot-for-lot,9,,,,colour")  # row 7
    files = _broken(
        files,
        "shop_calendars.csv",
        "NIGHT,mon,22:00-06:00",  # row 6
        "NIGHT,monday,00:00-06:00",  # row 7
        "DAY,fri,07:00-11:00",  # row 8: Friday of DAY again
        "LATE,tue,12:00-18:00 17:00-21:00",  # row 9
    )
    files = _broken(files, "shop_holidays.csv", "2027-02-30,DAY", "2027-05-01,NOPE")  # 4, 5
    files = _broken(
        files,
        "work_centers.csv",
        "SAW,3SHIFT,0,,,,,,,,,",  # row 7: unknown calendar, capacity 0
        "CUT,DAY,,,40,hour,,,,,,",  # row 8: CUT again, cost basis
        "OVEN,DAY,,,,,,,,,120,",  # row 9: critical load above 100
    )
    files = _broken(
        files,
        "machine_centers.csv",
        "ROBOT-3,WELDING,60,",  # row 4
        "PAINT,PAINT,50,",  # row 5: a work center's code
    )
    files = _broken(
        files,
        "routing_operations.csv",
        "TRIKE,10,CUT,,,,,,,,",  # row 7
        "BIKE,20,ASSEMBLY,,-5,,,,,,",  # row 8
        "BIKE,10,ASSEMBLY,,,,,,,,",  # row 9: operation 10 again
        "BIKE,30,GLUE,,,,,WELD ROBOT-9,SADDLE WHEEL,,",  # row 10
    )
    files = _broken(
        files,
        "changeovers.csv",
        "finish,gloss,matt,lots,",  # row 6
        "colour,light,dark,25,PAINT",  # row 7: row 2 again
        "colour,light,dark,25,",  # row 8: the same for every center is another rule
        "colour,light,dark,20,BOOTH",  # row 9
    )
    with pytest.raises(ImportErrors) as error:
        read_csv_folder(write_folder(tmp_path / "bad", files))
    assert problems_of(error) == [
        "items.csv row 7, column attributes: 'colour' is not name=value (e.g. colour=dark; size=M)",
        "shop_calendars.csv row 6, column shifts: shift '22:00-06:00' ends before it starts "
        "(split a night shift at 24:00 and give the rest to the next day)",
        "shop_calendars.csv row 7, column weekday: Input should be 'mon', 'tue', 'wed', 'thu', "
        "'fri', 'sat', 'sun' or 'weekdays' (got 'monday')",
        "shop_calendars.csv row 8, column weekday: weekday 'fri' of calendar 'DAY' given twice "
        "(first on row 3)",
        "shop_calendars.csv row 9, column shifts: shifts 12:00-18:00 and 17:00-21:00 overlap",
        "shop_holidays.csv row 4, column date: '2027-02-30' is not a date (expected YYYY-MM-DD)",
        "shop_holidays.csv row 5, column calendar: unknown calendar 'NOPE'",
        "work_centers.csv row 7, column calendar: unknown calendar '3SHIFT'",
        "work_centers.csv row 7, column capacity: Input should be greater than 0 (got '0')",
        "work_centers.csv row 8, column code: work center 'CUT' given twice (first on row 2)",
        "work_centers.csv row 8, column cost_basis: Input should be 'time' or 'unit' (got 'hour')",
        "work_centers.csv row 9, column critical_load_pct: Input should be less than or equal "
        "to 100 (got '120')",
        "machine_centers.csv row 4, column work_center: unknown work center 'WELDING'",
        "machine_centers.csv row 5, column code: 'PAINT' is a work center already",
        "routing_operations.csv row 7, column item: unknown item 'TRIKE'",
        "routing_operations.csv row 8, column run_time: Input should be greater than or equal "
        "to 0 (got '-5')",
        "routing_operations.csv row 9, column no: operation 10 of the routing of 'BIKE' given "
        "twice (first on row 6)",
        "routing_operations.csv row 10, column resource: unknown work or machine center 'GLUE'",
        "routing_operations.csv row 10, column alternatives: unknown work or machine center "
        "'ROBOT-9'",
        "routing_operations.csv row 10, column components: component 'SADDLE' is not on the BOM "
        "of BIKE",
        "changeovers.csv row 6, column minutes: Input should be a valid integer, unable to parse "
        "string as an integer (got 'lots')",
        "changeovers.csv row 7, column to: rule for colour light -> dark at PAINT given twice "
        "(first on row 2)",
        "changeovers.csv row 9, column resource: unknown work or machine center 'BOOTH'",
    ]


def test_a_shop_error_the_snapshot_finds_names_its_row(tmp_path: Path) -> None:
    files = _broken(dict(SHOP_FILES), "shop_calendars.csv", "IDLE,weekdays,", "IDLE,sat,")
    with pytest.raises(ImportErrors) as error:
        read_csv_folder(write_folder(tmp_path / "idle", files))
    assert problems_of(error) == [
        "shop_calendars.csv row 6, column shifts: the calendar has no working time"
    ]


def test_shop_sheets_name_the_sheet(tmp_path: Path) -> None:
    case = parse_case(shop_case())
    write_workbook(tmp_path / "book.xlsx", case.snapshot, case.options)
    book = load_workbook(tmp_path / "book.xlsx")
    operations = book["routing_operations"]
    header: list[Any] = [cell.value for cell in operations[1]]
    operations.cell(row=3, column=header.index("resource") + 1, value="ROBOT-9")
    calendars = book["shop_calendars"]
    calendars.cell(row=2, column=3, value="7:00-11:30 12:00-24:30")
    book.save(tmp_path / "book.xlsx")
    with pytest.raises(ImportErrors) as error:
        read_workbook(tmp_path / "book.xlsx")
    assert problems_of(error) == [
        "sheet shop_calendars row 2, column shifts: '12:00-24:30' is not a shift "
        "(expected HH:MM-HH:MM within 00:00-24:00, e.g. 07:00-15:30)",
        "sheet routing_operations row 3, column resource: unknown work or machine center 'ROBOT-9'",
    ]


def test_takt_import_and_export_carry_the_shop_through_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    folder = write_folder(tmp_path / "shop", SHOP_FILES)
    result = run_cli("import", str(folder), "--db", url)
    assert result.exit_code == 0, result.output
    assert mentions(result.stdout, "work_centers │ 5", "routing_operations │ 5", "changeovers │ 4")
    result = run_cli("export", str(tmp_path / "out.json"), "--db", url, "--start", "2027-01-04")
    assert result.exit_code == 0, result.output
    exported = read_case(tmp_path / "out.json")
    assert exported.snapshot == read_csv_folder(folder).snapshot == stored(url)
    assert exported.snapshot.shop.resources["COAT"].subcontractor == "V-COAT"


def test_a_bad_shop_import_writes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    assert (
        run_cli("import", str(write_folder(tmp_path / "good", SHOP_FILES)), "--db", url).exit_code
        == 0
    )
    before = stored(url)
    files = _broken(dict(SHOP_FILES), "work_centers.csv", "SAW,3SHIFT,,,,,,,,,,")
    files = _broken(files, "routing_operations.csv", "BIKE,20,GLUE,,,,,,,,")
    result = run_cli("import", str(write_folder(tmp_path / "bad", files)), "--db", url)
    assert result.exit_code == EXIT_BAD_INPUT
    assert result.stderr.splitlines() == [
        "error: work_centers.csv row 7, column calendar: unknown calendar '3SHIFT'",
        "error: routing_operations.csv row 7, column resource: unknown work or machine center "
        "'GLUE'",
        "2 errors; nothing was imported.",
    ]
    assert stored(url) == before
