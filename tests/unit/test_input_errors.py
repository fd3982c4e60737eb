"""Bad input is rejected with one error naming the file, the record and the field.

Each test starts from :func:`minimal_case` (a small valid case), breaks one
thing, writes it to ``tmp_path`` and checks both :func:`read_case` (an
:class:`InputError` with ``.record`` and ``.field``) and the ``takt plan``
command (exit code 2 and a one-line message on stderr).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from taktplan.cli.main import app
from taktplan.errors import InputError
from taktplan.io import case_json
from taktplan.io.case_json import parse_case, read_case
from taktplan.planning import plan

EXIT_BAD_INPUT = 2

_MINIMAL: dict[str, Any] = {
    "format": 1,
    "name": "minimal",
    "planning": {"start": "2027-01-04", "end": "2027-03-31", "work_date": "2027-01-04"},
    "locations": [{"code": "MAIN"}],
    "items": [
        {
            "no": "1000",
            "replenishment": "purchase",
            "reordering_policy": "lot-for-lot",
            "lead_time": "1W",
        }
    ],
    "inventory": [],
    "demand": [
        {
            "type": "sales",
            "id": "SO-1",
            "item": "1000",
            "location": "MAIN",
            "date": "2027-01-15",
            "qty": 5,
        }
    ],
    "supply": [],
}


def minimal_case() -> dict[str, Any]:
    """A valid case: Lot-for-Lot item 1000 at MAIN, one sale of 5 on 2027-01-15.

    Planned, it gives exactly one line: New 5 due 2027-01-15.
    """
    return copy.deepcopy(_MINIMAL)


def write_case(folder: Path, case: dict[str, Any], name: str = "case.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(case, indent=2), encoding="utf-8")
    return path


def run_cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def squeezed(text: str) -> str:
    """The text without any whitespace.

    Content checks compare squeezed text so that they do not depend on where a
    console wraps; :func:`test_cli_error_is_a_single_line` checks the wrapping.
    """
    return "".join(text.split())


def mentions(output: str, *parts: str) -> bool:
    """Whether every part occurs in the output (whitespace and line breaks ignored)."""
    return all(squeezed(part) in squeezed(output) for part in parts)


def purchase(order_id: str, qty: int = 20) -> dict[str, Any]:
    return {
        "type": "purchase",
        "id": order_id,
        "item": "1000",
        "location": "MAIN",
        "date": "2027-01-20",
        "qty": qty,
    }


@dataclass(frozen=True)
class BadInput:
    """One way to break the minimal case, and the error it must give."""

    name: str
    mutate: Callable[[dict[str, Any]], None]
    record: str
    field: str
    says: str  # a piece of the message (the offending value or the reason)


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(case: dict[str, Any]) -> None:
        node: Any = case
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return mutate


def _drop(path: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def mutate(case: dict[str, Any]) -> None:
        node: Any = case
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return mutate


def _two_sales_same_id(case: dict[str, Any]) -> None:
    case["demand"].append(dict(case["demand"][0], date="2027-02-01"))


def _two_purchases_same_id(case: dict[str, Any]) -> None:
    case["supply"] = [purchase("PO-1"), purchase("PO-1", qty=30)]


def _purchase_of_unknown_item(case: dict[str, Any]) -> None:
    case["supply"] = [dict(purchase("PO-1"), item="NOPE")]


def _inventory_at_unknown_location(case: dict[str, Any]) -> None:
    case["inventory"] = [{"item": "1000", "location": "EAST", "qty": 3}]


BAD_INPUTS = [
    BadInput(
        "unknown-item", _set(("demand", 0, "item"), "9999"), "demand[0] (id SO-1)", "item", "9999"
    ),
    BadInput(
        "unknown-location",
        _set(("demand", 0, "location"), "EAST"),
        "demand[0] (id SO-1)",
        "location",
        "EAST",
    ),
    BadInput(
        "supply-unknown-item", _purchase_of_unknown_item, "supply[0] (id PO-1)", "item", "NOPE"
    ),
    BadInput(
        "inventory-unknown-location",
        _inventory_at_unknown_location,
        "inventory[0] (item 1000)",
        "location",
        "EAST",
    ),
    BadInput("negative-qty", _set(("demand", 0, "qty"), -5), "demand[0] (id SO-1)", "qty", "-5"),
    BadInput(
        "negative-lead-time",
        _set(("items", 0, "lead_time"), "-1D"),
        "items[0] (no 1000)",
        "lead_time",
        "-1D",
    ),
    BadInput(
        "negative-safety-stock",
        _set(("items", 0, "safety_stock"), -1),
        "items[0] (no 1000)",
        "safety_stock",
        "-1",
    ),
    BadInput(
        "malformed-date",
        _set(("demand", 0, "date"), "2027-02-30"),
        "demand[0] (id SO-1)",
        "date",
        "2027-02-30",
    ),
    BadInput(
        "malformed-planning-date",
        _set(("planning", "start"), "04.01.2027"),
        "planning",
        "start",
        "04.01.2027",
    ),
    BadInput(
        "malformed-date-formula",
        _set(("items", 0, "lead_time"), "1X"),
        "items[0] (no 1000)",
        "lead_time",
        "1X",
    ),
    BadInput(
        "unknown-policy",
        _set(("items", 0, "reordering_policy"), "just-in-time"),
        "items[0] (no 1000)",
        "reordering_policy",
        "just-in-time",
    ),
    BadInput("duplicate-demand-id", _two_sales_same_id, "demand[1] (id SO-1)", "id", "SO-1"),
    BadInput("duplicate-supply-id", _two_purchases_same_id, "supply[1] (id PO-1)", "id", "PO-1"),
    BadInput(
        "missing-demand-date",
        _drop(("demand", 0, "date")),
        "demand[0] (id SO-1)",
        "date",
        "missing",
    ),
    BadInput("missing-item-no", _drop(("items", 0, "no")), "items[0]", "no", "missing"),
    BadInput("missing-planning", _drop(("planning",)), "case", "planning", "missing"),
    BadInput(
        "reserved-above-qty",
        _set(("demand", 0, "reserved_qty"), 8),
        "demand[0] (id SO-1)",
        "reserved_qty",
        "reserved",
    ),
]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda bad: bad.name)
def test_read_case_names_record_and_field(tmp_path: Path, bad: BadInput) -> None:
    """read_case raises InputError whose record, field, source and message locate the bad value."""
    case = minimal_case()
    bad.mutate(case)
    path = write_case(tmp_path, case)
    with pytest.raises(InputError) as caught:
        read_case(path)
    error = caught.value
    assert error.record == bad.record
    assert error.field == bad.field
    assert error.source == str(path)
    assert bad.says in error.message
    assert str(error).startswith(f"{path}: {bad.record}: field '{bad.field}': ")


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda bad: bad.name)
def test_cli_plan_reports_bad_input_with_exit_2(tmp_path: Path, bad: BadInput) -> None:
    """`takt plan` exits 2 and its message names the file, the record and the field."""
    case = minimal_case()
    bad.mutate(case)
    path = write_case(tmp_path, case, name=f"{bad.name}.json")
    result = run_cli("plan", "--case", str(path))
    assert result.exit_code == EXIT_BAD_INPUT
    assert result.stderr.startswith("error: ")
    assert mentions(result.stderr, path.name, f"{bad.record}: field '{bad.field}'", bad.says)
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_cli_error_is_a_single_line(tmp_path: Path) -> None:
    """The bad-input message is one line even when the path and message are long.

    (A console that wraps at 80 columns splits it over several lines.)
    """
    folder = tmp_path / "a-rather-long-folder-name-for-planning-cases" / "another-level"
    folder.mkdir(parents=True)
    case = minimal_case()
    case["demand"][0]["qty"] = -5
    path = write_case(folder, case, name="negative-quantity-on-a-sales-line.json")
    result = run_cli("plan", "--case", str(path))
    assert result.exit_code == EXIT_BAD_INPUT
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert str(path) in lines[0]
    assert "demand[0] (id SO-1): field 'qty'" in lines[0]


def test_malformed_json_names_file_and_position(tmp_path: Path) -> None:
    """Malformed JSON is an InputError naming the file and the line/column, and exit code 2."""
    path = tmp_path / "broken.json"
    path.write_text('{"format": 1,\n "planning": {\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_case(path)
    assert caught.value.source == str(path)
    assert "malformed JSON" in caught.value.message
    assert "line 3" in caught.value.message
    result = run_cli("plan", "--case", str(path))
    assert result.exit_code == EXIT_BAD_INPUT
    assert mentions(result.stderr, "broken.json", "malformed JSON at line 3")


def test_case_that_is_not_an_object_is_rejected(tmp_path: Path) -> None:
    """A JSON document that is not an object is bad input naming the file (record 'case')."""
    path = tmp_path / "list.json"
    path.write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_case(path)
    assert caught.value.record == "case"
    assert caught.value.source == str(path)
    assert "JSON object" in caught.value.message


def test_missing_file_exits_2(tmp_path: Path) -> None:
    """A case file that does not exist is bad input: exit code 2 naming the file."""
    path = tmp_path / "nowhere.json"
    result = run_cli("plan", "--case", str(path))
    assert result.exit_code == EXIT_BAD_INPUT
    assert mentions(result.stderr, "nowhere.json", "cannot read file")


def _bom_cycle_case() -> dict[str, Any]:
    """BIKE -> FRAME -> TUBE -> FRAME: FRAME and TUBE form a cycle, BIKE is outside it."""
    case = minimal_case()
    case["items"] = [
        {
            "no": "BIKE",
            "replenishment": "production",
            "reordering_policy": "lot-for-lot",
            "bom": [{"component": "FRAME", "qty_per": 1}],
        },
        {
            "no": "FRAME",
            "replenishment": "production",
            "reordering_policy": "lot-for-lot",
            "bom": [{"component": "TUBE", "qty_per": 3}],
        },
        {
            "no": "TUBE",
            "replenishment": "production",
            "reordering_policy": "lot-for-lot",
            "bom": [{"component": "FRAME", "qty_per": 1}],
        },
    ]
    case["demand"][0]["item"] = "BIKE"
    return case


def test_bom_cycle_is_rejected_when_the_case_is_read(tmp_path: Path) -> None:
    """read_case rejects a BOM cycle: an InputError on field 'bom' naming the cycle's items.

    The cycle is a fact about the input file, so it must be found while reading
    (with the file name), not later by the engine.
    """
    path = write_case(tmp_path, _bom_cycle_case())
    with pytest.raises(InputError) as caught:
        read_case(path)
    error = caught.value
    assert error.field == "bom"
    assert error.source == str(path)
    assert "FRAME" in error.record or "TUBE" in error.record
    assert "cycle" in error.message.lower()
    assert "FRAME" in error.message
    assert "TUBE" in error.message
    assert "BIKE" not in error.message


def test_bom_cycle_via_cli_names_file_and_items(tmp_path: Path) -> None:
    """`takt plan` on a BOM cycle exits 2 naming the file, field 'bom' and the cycle's items."""
    path = write_case(tmp_path, _bom_cycle_case(), name="cycle.json")
    result = run_cli("plan", "--case", str(path))
    assert result.exit_code == EXIT_BAD_INPUT
    assert mentions(result.stderr, "cycle.json", "field 'bom'", "FRAME -> TUBE -> FRAME")
    assert "BIKE" not in result.stderr


def test_demand_with_reserved_qty_within_qty_is_accepted(tmp_path: Path) -> None:
    """A demand reserving all of its quantity against on-hand stock is valid input.

    Inventory 10, sale 5 fully reserved: the reservation is read as given and
    the stock covers it, so the plan suggests nothing.
    """
    case = minimal_case()
    case["inventory"] = [{"item": "1000", "location": "MAIN", "qty": 10}]
    case["demand"][0]["reserved_qty"] = 5
    path = write_case(tmp_path, case)
    loaded = read_case(path)
    assert loaded.snapshot.demand[0].reserved_qty == Decimal(5)
    assert loaded.snapshot.demand[0].qty == Decimal(5)
    assert plan(loaded.snapshot, loaded.options).lines == ()
    result = run_cli("plan", "--case", str(path), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["lines"] == []


def test_minimal_case_is_valid_and_plans_one_new_line(tmp_path: Path) -> None:
    """The starting point of the other tests is valid: it plans New 5 due 2027-01-15."""
    path = write_case(tmp_path, minimal_case())
    result = run_cli("plan", "--case", str(path), "--json")
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)["lines"]
    assert [(line["action"], line["qty"], line["due_date"]) for line in lines] == [
        ("new", 5, "2027-01-15")
    ]


def test_low_level_codes_follow_the_deepest_parent() -> None:
    """A uses B and C, B uses C: C sits below its deepest parent B (code 2), not at 1."""
    from decimal import Decimal

    from taktplan.domain.bom import low_level_codes
    from taktplan.domain.item import BomLine, Item, PlanningParameters

    def item(no: str, *components: str) -> Item:
        lines = tuple(BomLine(c, Decimal(1)) for c in components)
        return Item(no, PlanningParameters(), bom=lines)

    items = {"A": item("A", "B", "C"), "B": item("B", "C"), "C": item("C")}
    assert low_level_codes(items) == {"A": 0, "B": 1, "C": 2}


def test_a_bad_line_deep_in_a_chunked_section_is_named_by_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Demand is validated a chunk at a time; the error still names the line in the file."""
    monkeypatch.setattr(case_json, "DOCUMENT_CHUNK", 2)
    case = minimal_case()
    first = case["demand"][0]
    case["demand"] = [{**first, "id": f"SO-{n}"} for n in range(1, 7)]
    case["demand"][4]["date"] = "2027-02-30"
    with pytest.raises(InputError) as caught:
        read_case(write_case(tmp_path, case))
    assert (caught.value.record, caught.value.field) == ("demand[4] (id SO-5)", "date")


def test_parse_case_leaves_the_document_as_it_was() -> None:
    case = minimal_case()
    case["supply"] = [purchase("PO-1"), purchase("PO-2")]
    kept = copy.deepcopy(case)
    parsed = parse_case(case)
    assert case == kept
    assert [row.id for row in parsed.snapshot.supply] == ["PO-1", "PO-2"]


def test_locations_come_from_the_documents_when_none_are_given() -> None:
    case = minimal_case()
    del case["locations"]
    case["supply"] = [{**purchase("PO-1"), "location": "EAST"}]
    parsed = parse_case(case)
    assert parsed.snapshot.locations == ("EAST", "MAIN")
