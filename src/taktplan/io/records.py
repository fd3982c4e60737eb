"""Record tables: the case format flattened into one table per record type.

A CSV folder (:mod:`taktplan.io.csv_folder`) and an Excel workbook
(:mod:`taktplan.io.workbook`) both hold the same tables; this module turns
them into the case document (the dict a case JSON file decodes to) and back.

Import validates in three passes and collects every problem of a pass before
giving up, so a planner sees all bad rows at once:

1. each row alone, with the case format's own pydantic models
   (:mod:`taktplan.io.case_json`): types, dates, enums, required values;
2. references between rows (unknown item, location or component, duplicate
   item or location code), so that they too are listed row by row;
3. the assembled document through :func:`~taktplan.io.case_json.parse_case`,
   which stays the authority; an error it raises is traced back to its row.

Export goes the other way: a snapshot and its run options become a case
document (:func:`case_document`), then tables (:func:`case_tables`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from taktplan.domain.calendar import WEEKDAYS
from taktplan.domain.dates import DateFormula, iso
from taktplan.domain.item import PlanningParameters, SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.io.case_json import (
    CaseBomLine,
    CaseCalendar,
    CaseDemand,
    CaseInventory,
    CaseItem,
    CaseLocation,
    CasePlanning,
    CaseSku,
    CaseSkuRef,
    CaseSupply,
    PlanningCase,
    parse_case,
)
from taktplan.io.shop_records import (
    SHOP_TABLES,
    check_shop_tables,
    shop_document,
    shop_from_tables,
    shop_tables,
    trace_shop_error,
)
from taktplan.io.shop_text import attributes_text
from taktplan.io.tables import Cell, Row, RowError, Table, TableSpec, cell_input, model_columns
from taktplan.planning.options import PlanningOptions

# ---------------------------------------------------------------- the tables


BOM_PARENT = "parent"

TABLES: tuple[TableSpec, ...] = (
    TableSpec("planning", model_columns(CasePlanning), CasePlanning, required=True),
    TableSpec("calendar", model_columns(CaseCalendar), CaseCalendar),
    TableSpec("locations", model_columns(CaseLocation), CaseLocation),
    TableSpec(
        "items",
        model_columns(CaseItem, first=("no",), skip=("bom",)),
        CaseItem,
        required=True,
        mappings=("attributes",),
    ),
    TableSpec("bom_lines", (BOM_PARENT, *model_columns(CaseBomLine)), CaseBomLine),
    TableSpec("skus", model_columns(CaseSku, first=("item", "location", "variant")), CaseSku),
    TableSpec("inventory", model_columns(CaseInventory), CaseInventory),
    TableSpec("demand", model_columns(CaseDemand), CaseDemand),
    TableSpec("supply", model_columns(CaseSupply), CaseSupply),
    TableSpec("planning_assignment", model_columns(CaseSkuRef), CaseSkuRef),
    *SHOP_TABLES,
)
SPECS: dict[str, TableSpec] = {spec.name: spec for spec in TABLES}

# ---------------------------------------------------------------- errors


class ImportErrors(InputError):
    """Every problem an import found; nothing was imported."""

    def __init__(self, problems: Iterable[InputError]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        super().__init__(f"{count} error{'s' if count != 1 else ''}; nothing was imported")

    def describe(self) -> str:
        return "\n".join(problem.describe() for problem in self.problems)


def _reason(detail: Mapping[str, Any]) -> str:
    if detail["type"] == "missing":
        return "missing required value"
    message = str(detail["msg"]).removeprefix("Value error, ")
    if detail["type"] != "value_error" and "input" in detail:
        message = f"{message} (got {detail['input']!r})"
    return message


# ---------------------------------------------------------------- import


def read_tables(tables: Mapping[str, Table], label: Callable[[str], str]) -> PlanningCase:
    """Validate the tables and build the case; :class:`ImportErrors` lists every problem.

    ``tables`` maps a table name (see :data:`TABLES`) to what was read;
    ``label`` names a table that is missing (``"planning.csv"``).
    """
    problems: list[InputError] = []
    for spec in TABLES:
        table = tables.get(spec.name)
        if table is None:
            if spec.required:
                problems.append(
                    RowError(f"missing (a {spec.name} table is required)", source=label(spec.name))
                )
            continue
        for column in table.columns:
            if column and column not in spec.columns:
                problems.append(
                    RowError(
                        f"unknown column '{column}' (columns: {', '.join(spec.columns)})",
                        source=table.source,
                        row=1,
                        column=column,
                    )
                )
        problems.extend(_check_rows(spec, table))
    planning = tables.get("planning")
    if planning is not None and len(planning.rows) != 1:
        problems.append(
            RowError(
                f"needs exactly one data row (found {len(planning.rows)})", source=planning.source
            )
        )
    problems.extend(_check_references(tables))
    if problems:
        raise ImportErrors(_in_file_order(problems, tables))
    document, where = _document(tables)
    try:
        return parse_case(document)
    except InputError as error:
        raise ImportErrors([_traced(error, where, tables)]) from None


def _in_file_order(problems: list[InputError], tables: Mapping[str, Table]) -> list[InputError]:
    """Problems by table (in :data:`TABLES` order), then row, then column."""
    specs = {
        tables[spec.name].source: (index, spec)
        for index, spec in enumerate(TABLES)
        if spec.name in tables
    }

    def key(problem: InputError) -> tuple[int, int, int]:
        if not isinstance(problem, RowError) or problem.source not in specs:
            return (-1, 0, 0)
        index, spec = specs[problem.source]
        column = spec.columns.index(problem.column) if problem.column in spec.columns else -1
        return (index, problem.row or 0, column)

    return sorted(problems, key=key)


def _model_input(spec: TableSpec, values: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The row as its model reads it, and the reasons of cells that cannot be read at all."""
    data: dict[str, Any] = {}
    bad: dict[str, str] = {}
    for column, text in values.items():
        if column not in spec.columns or (spec.name == "bom_lines" and column == BOM_PARENT):
            continue
        try:
            data[column] = cell_input(spec, column, text)
        except ValueError as error:
            bad[column] = str(error)
    if spec.name == "calendar":
        return {key: [value] for key, value in data.items()}, bad
    return data, bad


def _check_rows(spec: TableSpec, table: Table) -> list[InputError]:
    problems: list[InputError] = []
    for row in table.rows:
        if row.extra_cells:
            problems.append(
                RowError(
                    f"{row.extra_cells} cell(s) right of the last column",
                    source=table.source,
                    row=row.number,
                )
            )
        if spec.name == "bom_lines" and not row.values.get(BOM_PARENT):
            problems.append(
                RowError(
                    "missing required value", source=table.source, row=row.number, column=BOM_PARENT
                )
            )
        data, bad = _model_input(spec, row.values)
        problems += [
            RowError(reason, source=table.source, row=row.number, column=column)
            for column, reason in bad.items()
        ]
        try:
            spec.model.model_validate(data)
        except ValidationError as error:
            for detail in error.errors():
                column = next((str(part) for part in detail["loc"] if isinstance(part, str)), "")
                if column in bad:
                    continue
                problems.append(
                    RowError(_reason(detail), source=table.source, row=row.number, column=column)
                )
    return problems


def _check_references(tables: Mapping[str, Table]) -> list[InputError]:
    """Unknown and duplicate codes, every one of them (the snapshot stops at the first)."""
    problems: list[InputError] = []

    def rows(name: str) -> list[tuple[str, Row]]:
        table = tables.get(name)
        return [] if table is None else [(table.source, row) for row in table.rows]

    def codes(name: str, column: str, what: str) -> set[str]:
        first: dict[str, int] = {}
        for source, row in rows(name):
            code = row.values.get(column, "")
            if code in first:
                problems.append(
                    RowError(
                        f"duplicate {what} '{code}' (first on row {first[code]})",
                        source=source,
                        row=row.number,
                        column=column,
                    )
                )
            first.setdefault(code, row.number)
        return set(first)

    items = codes("items", "no", "item no.")
    locations = codes("locations", "code", "location")

    def check(name: str, column: str, known: set[str], what: str) -> None:
        for source, row in rows(name):
            value = row.values.get(column, "")
            if value and value not in known:
                problems.append(
                    RowError(
                        f"unknown {what} '{value}'", source=source, row=row.number, column=column
                    )
                )

    check("bom_lines", BOM_PARENT, items, "item")
    check("bom_lines", "component", items, "component item")
    for name in ("skus", "inventory", "demand", "supply", "planning_assignment"):
        check(name, "item", items, "item")
    boms: dict[str, set[str]] = {}
    for _, row in rows("bom_lines"):
        boms.setdefault(row.values.get(BOM_PARENT, ""), set()).add(row.values.get("component", ""))
    problems += check_shop_tables(tables, items, boms)
    if locations:  # without a locations table every code used is a location
        for name in ("skus", "inventory", "demand", "supply", "planning_assignment"):
            check(name, "location", locations, "location")
        check("skus", "transfer_from", locations, "location")
        check("planning", "components_at_location", locations, "location")
    return problems


@dataclass(frozen=True, slots=True)
class _Where:
    """Which row each record of the assembled document came from."""

    bom_rows: dict[tuple[str, int], int]


def _document(tables: Mapping[str, Table]) -> tuple[dict[str, Any], _Where]:
    """The case document the tables stand for (cells stay text; the models convert)."""

    def records(name: str) -> list[dict[str, Any]]:
        table = tables.get(name)
        if table is None:
            return []
        spec = SPECS[name]
        return [
            {column: cell_input(spec, column, text) for column, text in row.values.items()}
            for row in table.rows
        ]

    boms: dict[str, list[dict[str, Any]]] = {}
    bom_rows: dict[tuple[str, int], int] = {}
    table = tables.get("bom_lines")
    for row in table.rows if table is not None else []:
        line = dict(row.values)
        parent = line.pop(BOM_PARENT)
        bom_rows[(parent, len(boms.setdefault(parent, [])))] = row.number
        boms[parent].append(line)
    calendar: dict[str, list[str]] = {"non_working_weekdays": [], "holidays": []}
    for values in records("calendar"):
        for key, value in values.items():
            calendar[key].append(value)
    document: dict[str, Any] = {
        "format": 1,
        "planning": records("planning")[0],
        "calendar": calendar,
        "locations": records("locations"),
        "items": [{**item, "bom": boms.get(item["no"], [])} for item in records("items")],
        "skus": records("skus"),
        "inventory": records("inventory"),
        "demand": records("demand"),
        "supply": records("supply"),
    }
    if "planning_assignment" in tables:
        document["planning_assignment"] = records("planning_assignment")
    shop = shop_from_tables(tables)
    if shop is not None:
        document["shop"] = shop
    return document, _Where(bom_rows)


_INDEXED = re.compile(r"^(\w+)\[(\d+)\]")
_BOM = re.compile(r"^item (.+) bom\[(\d+)\]$")


def _traced(error: InputError, where: _Where, tables: Mapping[str, Table]) -> InputError:
    """The error of the assembled document, pointed at the file and row it came from."""
    record = error.record
    column = error.field
    bom = _BOM.match(record)
    if bom is not None:
        source = tables["bom_lines"].source
        number = where.bom_rows.get((bom.group(1), int(bom.group(2))))
        return RowError(error.message, source=source, row=number, column=column)
    indexed = _INDEXED.match(record)
    if indexed is not None and indexed.group(1) in tables:
        table = tables[indexed.group(1)]
        index = int(indexed.group(2))
        if index < len(table.rows):
            return RowError(
                error.message, source=table.source, row=table.rows[index].number, column=column
            )
    if record == "planning" and "planning" in tables:
        table = tables["planning"]
        return RowError(error.message, source=table.source, row=table.rows[0].number, column=column)
    return trace_shop_error(error, tables) or error


# ---------------------------------------------------------------- export


def _plain(value: Any) -> Cell:
    """A domain value as the case format writes it (dates are done by the caller)."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, DateFormula):
        # "0D", not blank: on a SKU card a blank field takes the item's value.
        return f"{value.count}{value.unit}"
    if value is None or isinstance(value, str | bool | Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    raise TypeError(f"cannot export {value!r}")


_CASE_PARAMETERS = tuple(
    name for name in PlanningParameters.field_names() if name in CaseSku.model_fields
)


def _parameters(params: PlanningParameters, base: PlanningParameters) -> dict[str, Cell]:
    """The planning fields that differ from ``base`` (the defaults, or the item card)."""
    return {
        name: _plain(getattr(params, name))
        for name in _CASE_PARAMETERS
        if getattr(params, name) != getattr(base, name)
    }


def _without_defaults(model: type[BaseModel], record: dict[str, Cell]) -> dict[str, Cell]:
    kept: dict[str, Cell] = {}
    for name, value in record.items():
        info = model.model_fields[name]
        if not info.is_required() and _plain(info.default) == value:
            continue
        if value is None and not info.is_required():
            continue
        kept[name] = value
    return kept


def _sku_ref(key: SkuKey) -> dict[str, Cell]:
    return {"item": key.item, "location": key.location, "variant": key.variant}


def case_document(
    snapshot: Snapshot,
    options: PlanningOptions,
    *,
    assigned: Iterable[SkuKey] | None = None,
    name: str = "",
) -> dict[str, Any]:
    """The case document of a snapshot and its run options (reads back to the same snapshot)."""
    planning: dict[str, Cell] = {
        "start": iso(options.start),
        "end": iso(options.end),
        "work_date": iso(options.work_date),
        "kind": _plain(options.kind),
        "respect_planning_parameters_for_exceptions": (
            options.respect_planning_parameters_for_exceptions
        ),
        "locations_without_sku": _plain(options.locations_without_sku),
        "blank_overflow_level": _plain(options.blank_overflow_level),
        "mps": options.mps,
        "mrp": options.mrp,
        "components_at_location": options.components_at_location,
    }
    items = []
    for item in snapshot.items.values():
        record: dict[str, Any] = _without_defaults(
            CaseItem,
            {
                "no": item.no,
                "scrap_pct": item.scrap_pct,
                "manufacturing_policy": _plain(item.manufacturing_policy),
                "unit_cost": item.unit_cost,
                "lot_specific": item.lot_specific,
                "standard_cost": item.standard_cost,
                "indirect_cost_pct": item.indirect_cost_pct,
                "overhead_rate": item.overhead_rate,
            },
        )
        if item.attributes:
            record["attributes"] = dict(item.attributes)
        record.update(_parameters(item.parameters, PlanningParameters()))
        bom = [
            _without_defaults(
                CaseBomLine,
                {
                    "component": line.component,
                    "qty_per": line.qty_per,
                    "scrap_pct": line.scrap_pct,
                    "variant": line.variant,
                    "phantom": line.phantom,
                },
            )
            for line in item.bom
        ]
        if bom:
            record["bom"] = bom
        items.append(record)
    skus = []
    for sku in snapshot.skus.values():
        card = snapshot.items.get(sku.key.item)
        base = card.parameters if card is not None else PlanningParameters()
        skus.append(
            {
                **_without_defaults(CaseSku, _sku_ref(sku.key)),
                **_parameters(sku.parameters, base),
            }
        )
    document: dict[str, Any] = {
        "format": 1,
        "name": name,
        "planning": _without_defaults(CasePlanning, planning),
        "calendar": {
            "non_working_weekdays": [
                WEEKDAYS[d] for d in sorted(snapshot.calendar.non_working_weekdays)
            ],
            "holidays": [iso(day) for day in sorted(snapshot.calendar.holidays)],
        },
        "locations": [
            _without_defaults(
                CaseLocation,
                {
                    "code": card.code,
                    "inbound_handling_time": _plain(card.inbound_handling),
                    "outbound_handling_time": _plain(card.outbound_handling),
                },
            )
            for card in (snapshot.location(code) for code in snapshot.locations)
        ],
        "items": items,
        "skus": skus,
        "inventory": [
            _without_defaults(CaseInventory, {**_sku_ref(row.sku), "qty": row.qty, "lot": row.lot})
            for row in snapshot.inventory
        ],
        "demand": [
            _without_defaults(
                CaseDemand,
                {
                    "type": _plain(row.type),
                    "id": row.id,
                    **_sku_ref(row.sku),
                    "date": iso(row.date),
                    "qty": row.qty,
                    "reserved_qty": row.reserved_qty,
                    "lot": row.lot,
                    "blanket_id": row.blanket_id,
                    "component": row.component_forecast,
                    "parent": row.parent,
                },
            )
            for row in snapshot.demand
        ],
        "supply": [
            _without_defaults(
                CaseSupply,
                {
                    "type": _plain(row.type),
                    "id": row.id,
                    **_sku_ref(row.sku),
                    "date": iso(row.date),
                    "qty": row.qty,
                    "status": _plain(row.status),
                    "planning_flexibility": _plain(row.flexibility),
                    "lot": row.lot,
                    "linked_demand": row.linked_demand,
                    "reserved_qty": row.reserved_qty,
                },
            )
            for row in snapshot.supply
        ],
    }
    if assigned is not None:
        document["planning_assignment"] = [
            _without_defaults(CaseSkuRef, _sku_ref(key)) for key in sorted(assigned)
        ]
    shop = shop_document(snapshot.shop)
    if shop is not None:
        document["shop"] = shop
    return document


def case_tables(document: Mapping[str, Any]) -> dict[str, list[dict[str, Cell]]]:
    """The tables of a case document made by :func:`case_document`, in :data:`TABLES` order."""
    calendar = document.get("calendar", {})
    weekdays = list(calendar.get("non_working_weekdays", []))
    holidays = list(calendar.get("holidays", []))
    calendar_rows: list[dict[str, Cell]] = []
    for index in range(max(len(weekdays), len(holidays))):
        calendar_rows.append(
            {
                "non_working_weekdays": weekdays[index] if index < len(weekdays) else None,
                "holidays": holidays[index] if index < len(holidays) else None,
            }
        )
    items: list[dict[str, Cell]] = []
    bom_lines: list[dict[str, Cell]] = []
    for item in document["items"]:
        row = {key: value for key, value in item.items() if key != "bom"}
        if "attributes" in row:
            row["attributes"] = attributes_text(row["attributes"])
        items.append(row)
        bom_lines.extend({BOM_PARENT: item["no"], **line} for line in item.get("bom", []))
    tables: dict[str, list[dict[str, Cell]]] = {
        "planning": [dict(document["planning"])],
        "calendar": calendar_rows,
        "locations": list(document.get("locations", [])),
        "items": items,
        "bom_lines": bom_lines,
        "skus": list(document.get("skus", [])),
        "inventory": list(document.get("inventory", [])),
        "demand": list(document.get("demand", [])),
        "supply": list(document.get("supply", [])),
    }
    if document.get("planning_assignment") is not None:
        tables["planning_assignment"] = list(document["planning_assignment"])
    tables.update(shop_tables(document.get("shop")))
    return tables


def cell_text(value: Cell) -> str:
    """A cell as text (CSV): numbers without exponents, yes/no as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


# ---------------------------------------------------------------- case JSON


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else format(value, "f")
    raise TypeError(f"cannot write {value!r} as JSON")


def write_case_json(
    path: Path,
    snapshot: Snapshot,
    options: PlanningOptions,
    *,
    assigned: Iterable[SkuKey] | None = None,
) -> None:
    """Write the snapshot and options as a case file (the ``expected`` part is left out)."""
    document = case_document(snapshot, options, assigned=assigned, name=path.stem)
    text = json.dumps(document, indent=2, default=_json_number, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def record_counts(case: PlanningCase) -> dict[str, int]:
    """How many records of each type a case holds (what an import reports)."""
    snapshot = case.snapshot
    calendar = snapshot.calendar
    counts = {
        "locations": len(snapshot.locations),
        "items": len(snapshot.items),
        "bom_lines": sum(len(item.bom) for item in snapshot.items.values()),
        "skus": len(snapshot.skus),
        "inventory": len(snapshot.inventory),
        "demand": len(snapshot.demand),
        "supply": len(snapshot.supply),
        "calendar": len(calendar.non_working_weekdays) + len(calendar.holidays),
    }
    shop = snapshot.shop
    if shop_document(shop) is not None:
        counts |= {
            "shop_calendars": len(shop.calendars),
            "work_centers": len(shop.work_centers),
            "machine_centers": len(shop.machine_centers),
            "routings": len(shop.routings),
            "routing_operations": sum(len(r.operations) for r in shop.routings.values()),
            "changeovers": len(shop.changeovers.rules),
        }
    return counts
