"""The ``takt`` command: the worksheet, JSON lines, explanations, check-cases, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from taktplan.domain.dates import iso
from taktplan.io.case_json import read_case
from taktplan.planning import PlanResult, plan
from tests.conftest import ROOT
from tests.unit.test_input_errors import mentions, minimal_case, run_cli, write_case

BIKE_SHOP = ROOT / "examples" / "bike-shop.json"
TAKT = Path(sys.executable).with_name("takt")

LINE_KEYS = {
    "item",
    "location",
    "variant",
    "action",
    "ref",
    "due_date",
    "qty",
    "original_due_date",
    "original_qty",
    "warning",
}


def bike_shop_plan() -> PlanResult:
    case = read_case(BIKE_SHOP)
    return plan(case.snapshot, case.options)


def worksheet_rows(output: str) -> tuple[list[str], dict[str, list[str]]]:
    """The header cells and, per line number, the cells of that line's first table row."""
    header: list[str] = []
    rows: dict[str, list[str]] = {}
    for text in output.splitlines():
        if text.startswith("┃"):
            header = [cell.strip() for cell in text.strip("┃").split("┃")]
        elif text.startswith("│"):
            cells = [cell.strip() for cell in text.strip("│").split("│")]
            if cells[0]:
                rows[cells[0]] = cells
    return header, rows


def test_plan_bike_shop_prints_the_worksheet() -> None:
    """`takt plan --case examples/bike-shop.json` exits 0 and prints the worksheet table."""
    result = run_cli("plan", "--case", str(BIKE_SHOP))
    assert result.exit_code == 0, result.output
    assert "Planning worksheet" in result.stdout
    expected = bike_shop_plan()
    assert f"{len(expected.lines)} lines for {expected.planned_skus} SKUs planned." in (
        result.stdout
    )
    assert result.stderr == ""


def test_worksheet_cells_sit_under_their_headers() -> None:
    """Every worksheet row has one cell per header, and each value is in its named column.

    Checked on every line of the bike shop against the plan from the Python API:
    the reference is under "Ref.", the due date under "Due date", the
    quantity under "Qty", the original date and quantity under theirs.
    """
    result = run_cli("plan", "--case", str(BIKE_SHOP))
    assert result.exit_code == 0, result.output
    header, rows = worksheet_rows(result.stdout)
    assert header[:4] == ["Line", "Item", "Loc.", "Action"]
    assert "" not in header
    expected = bike_shop_plan()
    assert sorted(rows, key=int) == [str(line.line_no) for line in expected.lines]
    for line in expected.lines:
        cells = rows[str(line.line_no)]
        assert len(cells) == len(header), (header, cells)
        shown = dict(zip(header, cells, strict=True))
        assert shown["Item"] == line.sku.item
        assert shown["Action"] == line.action.label
        assert shown["Ref."] == (line.ref or "")
        assert shown["Due date"] == iso(line.due_date)
        assert shown["Qty"] == format(line.qty.normalize(), "f")
        assert shown["Orig. date"] == (iso(line.original_due_date) or "")
        assert shown["Orig. qty"] == (
            "" if line.original_qty is None else format(line.original_qty.normalize(), "f")
        )


def test_plan_json_lines_have_exactly_the_case_keys() -> None:
    """`--json` prints JSON whose lines have exactly the keys of a case's expected line."""
    result = run_cli("plan", "--case", str(BIKE_SHOP), "--json")
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    expected = bike_shop_plan()
    assert len(payload["lines"]) == len(expected.lines) > 0
    for shown, line in zip(payload["lines"], expected.lines, strict=True):
        assert set(shown) == LINE_KEYS
        assert shown["item"] == line.sku.item
        assert shown["action"] == line.action.value
        assert shown["ref"] == line.ref
        assert shown["due_date"] == iso(line.due_date)
        assert shown["qty"] == float(line.qty)
    assert payload["errors"] == []


def test_plan_json_of_minimal_case_is_the_expected_line(tmp_path: Path) -> None:
    """The JSON line of a single new order carries every value, nulls included."""
    path = write_case(tmp_path, minimal_case())
    result = run_cli("plan", "--case", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["lines"] == [
        {
            "item": "1000",
            "location": "MAIN",
            "variant": "",
            "action": "new",
            "ref": None,
            "due_date": "2027-01-15",
            "qty": 5,
            "original_due_date": None,
            "original_qty": None,
            "warning": None,
        }
    ]


def test_explain_prints_numbered_decisions() -> None:
    """`--explain N` prints the line and its decisions numbered 1., 2., ... in order."""
    expected = bike_shop_plan()
    line = next(line for line in expected.lines if len(line.explanation) >= 2)
    result = run_cli("plan", "--case", str(BIKE_SHOP), "--explain", str(line.line_no))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Line {line.line_no}: {line.action.label} ")
    assert mentions(result.stdout, f"of {line.sku} due {iso(line.due_date)}")
    for step, text in enumerate(line.explanation, start=1):
        assert mentions(result.stdout, f"{step}. {text}")
    assert "Planning worksheet" not in result.stdout


def test_explain_of_a_missing_line_exits_2() -> None:
    """`--explain` with a line number that does not exist exits 2 and names the number."""
    count = len(bike_shop_plan().lines)
    result = run_cli("plan", "--case", str(BIKE_SHOP), "--explain", str(count + 1))
    assert result.exit_code == 2
    assert mentions(result.stderr, f"no planning line {count + 1}")
    assert result.stdout == ""


def test_explain_line_zero_exits_2() -> None:
    """Line numbers start at 1: `--explain 0` is a line that does not exist."""
    result = run_cli("plan", "--case", str(BIKE_SHOP), "--explain", "0")
    assert result.exit_code == 2
    assert mentions(result.stderr, "no planning line 0")


def test_installed_takt_script_exit_codes(tmp_path: Path) -> None:
    """The installed `takt` script exits 0 on the example and 2 on bad input."""
    good = subprocess.run(
        [str(TAKT), "plan", "--case", str(BIKE_SHOP), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["lines"]
    case = minimal_case()
    case["demand"][0]["date"] = "2027-13-01"
    bad_path = write_case(tmp_path, case, name="bad.json")
    bad = subprocess.run(
        [str(TAKT), "plan", "--case", str(bad_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert mentions(bad.stderr, "bad.json", "demand[0] (id SO-1): field 'date'", "2027-13-01")


def _case_with_expected(lines: list[dict[str, Any]]) -> dict[str, Any]:
    case = minimal_case()
    case["expected"] = {"match": "exact", "lines": lines}
    return case


RIGHT_LINE = {
    "item": "1000",
    "location": "MAIN",
    "action": "new",
    "ref": None,
    "due_date": "2027-01-15",
    "qty": 5,
    "warning": None,
}


def test_check_cases_all_pass_exits_0(tmp_path: Path) -> None:
    """`takt check-cases DIR` with only passing cases prints '1 passed, 0 failed', exit 0."""
    write_case(tmp_path, _case_with_expected([RIGHT_LINE]), name="good.json")
    result = run_cli("check-cases", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "pass good.json" in result.stdout
    assert result.stdout.rstrip().endswith("1 passed, 0 failed")


def test_check_cases_with_a_failing_case_exits_1(tmp_path: Path) -> None:
    """One passing and one failing case: '1 passed, 1 failed', exit 1, the failure reported."""
    write_case(tmp_path, _case_with_expected([RIGHT_LINE]), name="good.json")
    wrong = dict(RIGHT_LINE, qty=7)
    write_case(tmp_path, _case_with_expected([wrong]), name="wrong.json")
    result = run_cli("check-cases", str(tmp_path))
    assert result.exit_code == 1
    assert "pass good.json" in result.stdout
    assert "FAIL wrong.json" in result.stdout
    assert "missing: " in result.stdout
    assert "unexpected: " in result.stdout
    assert result.stdout.rstrip().endswith("1 passed, 1 failed")


def test_check_cases_counts_a_bad_case_file_as_failed(tmp_path: Path) -> None:
    """A case file with bad input fails (with its error) instead of stopping the run."""
    write_case(tmp_path, _case_with_expected([RIGHT_LINE]), name="good.json")
    broken = _case_with_expected([RIGHT_LINE])
    broken["demand"][0]["item"] = "9999"
    write_case(tmp_path, broken, name="broken.json")
    result = run_cli("check-cases", str(tmp_path))
    assert result.exit_code == 1
    assert mentions(result.stdout, "FAIL broken.json", "unknown item '9999'")
    assert result.stdout.rstrip().endswith("1 passed, 1 failed")


def test_check_cases_on_the_projects_own_cases_passes() -> None:
    """The project's own cases folder passes in full through the command."""
    folder = ROOT / "tests" / "cases"
    count = len(list(folder.glob("*.json")))
    result = run_cli("check-cases", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith(f"{count} passed, 0 failed")


def test_check_cases_on_a_missing_folder_exits_2(tmp_path: Path) -> None:
    """A folder that does not exist is bad input (exit 2), not '0 passed, 0 failed'."""
    result = run_cli("check-cases", str(tmp_path / "no-such-folder"))
    assert result.exit_code == 2
    assert mentions(result.stderr, "no-such-folder", "not a folder")


def _error_log_case() -> dict[str, Any]:
    """Three items planned in the order A-LFL, B-MAXQ, C-LFL; B-MAXQ has max inventory 10
    at or below its reorder point 20 and cannot be planned."""
    case = minimal_case()
    case["items"] = [
        {"no": "A-LFL", "reordering_policy": "lot-for-lot"},
        {
            "no": "B-MAXQ",
            "reordering_policy": "maximum-qty",
            "reorder_point": 20,
            "max_inventory": 10,
        },
        {"no": "C-LFL", "reordering_policy": "lot-for-lot"},
    ]
    case["demand"] = [
        {
            "type": "sales",
            "id": f"SO-{n}",
            "item": item,
            "location": "MAIN",
            "date": "2027-01-15",
            "qty": 5,
        }
        for n, item in enumerate(("A-LFL", "B-MAXQ", "C-LFL"), start=1)
    ]
    return case


def test_plan_with_a_logged_error_exits_0_and_shows_the_error_log(tmp_path: Path) -> None:
    """A SKU that cannot be planned goes to the error log; the other SKUs are planned, exit 0."""
    path = write_case(tmp_path, _error_log_case())
    result = run_cli("plan", "--case", str(path))
    assert result.exit_code == 0, result.output
    assert mentions(result.stdout, "Error log (1):", "B-MAXQ at MAIN: Maximum Qty.")
    _, rows = worksheet_rows(result.stdout)
    assert sorted(cells[1] for cells in rows.values()) == ["A-LFL", "C-LFL"]
    payload = json.loads(run_cli("plan", "--case", str(path), "--json").stdout)
    assert [line["item"] for line in payload["lines"]] == ["A-LFL", "C-LFL"]
    assert [entry["sku"] for entry in payload["errors"]] == ["B-MAXQ at MAIN"]


def test_stop_on_first_error_exits_1_keeping_earlier_lines(tmp_path: Path) -> None:
    """`--stop-on-first-error` stops at B-MAXQ, exits 1 and keeps the lines of A-LFL only."""
    path = write_case(tmp_path, _error_log_case())
    result = run_cli("plan", "--case", str(path), "--stop-on-first-error")
    assert result.exit_code == 1
    assert mentions(result.stdout, "Stopped at the first error", "B-MAXQ at MAIN")
    _, rows = worksheet_rows(result.stdout)
    assert [cells[1] for cells in rows.values()] == ["A-LFL"]
    as_json = run_cli("plan", "--case", str(path), "--stop-on-first-error", "--json")
    assert as_json.exit_code == 1
    assert [line["item"] for line in json.loads(as_json.stdout)["lines"]] == ["A-LFL"]
