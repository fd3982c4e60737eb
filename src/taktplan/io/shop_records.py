"""The shop in a case document and in tables (CSV files, workbook sheets).

:func:`shop_document` gives the ``"shop"`` object of docs/shop-data.md from
:class:`~taktplan.domain.shop.ShopData`, default values left out, so that a
case file reads back to the same shop; :func:`shop_tables` turns that object
into the six shop tables and :func:`shop_from_tables` the tables back into
it. :func:`check_shop_tables` lists every broken link between shop rows, and
:func:`trace_shop_error` points an error of the assembled shop at its row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from taktplan.capacity.resources import SETTINGS, CenterSettings, MachineCenter, WorkCenter
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.shop_calendar import Shift, ShopCalendar
from taktplan.domain.dates import iso
from taktplan.domain.shop import ShopData
from taktplan.errors import InputError
from taktplan.io.case_json import (
    CaseChangeover,
    CaseMachineCenter,
    CaseOperation,
    CaseWorkCenter,
    Code,
    IsoDate,
    ShiftList,
)
from taktplan.io.shop_text import WEEKDAY_KEYS, shift_text
from taktplan.io.tables import Cell, Row, RowError, Table, TableSpec, cell_input, model_columns

_DEFAULT_CENTER = CenterSettings()
_DEFAULT_OPERATION = RoutingOperation("", "")
_OPERATION_FIELDS = (
    "setup_time",
    "run_time",
    "wait_time",
    "move_time",
    "alternatives",
    "components",
    "unit_cost_per",
    "description",
)


def shop_document(shop: ShopData) -> dict[str, Any] | None:
    """The ``"shop"`` object of a case document; None when there is no shop at all."""
    document: dict[str, Any] = {
        "calendars": [_calendar(calendar) for calendar in shop.calendars],
        "work_centers": [_center(center) for center in shop.work_centers],
        "machine_centers": [_center(center) for center in shop.machine_centers],
        "routings": [_routing(routing) for routing in shop.routings.values()],
        "changeovers": [
            {
                "attribute": rule.attribute,
                "from": rule.from_value,
                "to": rule.to_value,
                "minutes": rule.minutes,
                **({"resource": rule.resource} if rule.resource else {}),
            }
            for rule in shop.changeovers.rules
        ],
    }
    kept = {name: rows for name, rows in document.items() if rows}
    return kept or None


def _texts(shifts: tuple[Shift, ...]) -> list[str]:
    return [shift_text(shift) for shift in shifts]


def _calendar(calendar: ShopCalendar) -> dict[str, Any]:
    """``weekdays`` when Monday to Friday share their shifts, else ``shifts`` for every day."""
    record: dict[str, Any] = {"code": calendar.code}
    monday = calendar.weekly[0]
    same_weekdays = bool(monday) and all(day == monday for day in calendar.weekly[:5])
    if same_weekdays:
        record["weekdays"] = _texts(monday)
    named = range(5, 7) if same_weekdays else range(7)
    shifts = {WEEKDAY_KEYS[day]: _texts(calendar.weekly[day]) for day in named}
    shifts = {day: texts for day, texts in shifts.items() if texts}
    if shifts:
        record["shifts"] = shifts
    if calendar.holidays:
        record["holidays"] = [iso(day) for day in sorted(calendar.holidays)]
    return record


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def _center(center: WorkCenter | MachineCenter) -> dict[str, Any]:
    link = (
        {"calendar": center.calendar}
        if isinstance(center, WorkCenter)
        else {"work_center": center.work_center}
    )
    record: dict[str, Any] = {"code": center.code, **link}
    for name in SETTINGS:
        value = getattr(center, name)
        if value != getattr(_DEFAULT_CENTER, name):
            record[name] = _value(value)
    return record


def _routing(routing: Routing) -> dict[str, Any]:
    operations = []
    for op in routing.operations:
        record: dict[str, Any] = {"no": op.no, "resource": op.resource}
        for name in _OPERATION_FIELDS:
            value = getattr(op, name)
            if value != getattr(_DEFAULT_OPERATION, name):
                record[name] = _value(value)
        operations.append(record)
    return {"item": routing.item, "operations": operations}


# ---------------------------------------------------------------- tables (CSV files, sheets)

_WEEKDAY_ROW = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun", "weekdays"]
_ROW_CONFIG = ConfigDict(extra="ignore", frozen=True, arbitrary_types_allowed=True)


class CalendarRow(BaseModel):
    """A row of ``shop_calendars``: the shifts of one weekday (or of Monday to Friday)."""

    model_config = _ROW_CONFIG
    code: Code
    weekday: _WEEKDAY_ROW
    shifts: ShiftList = ()


class HolidayRow(BaseModel):
    model_config = _ROW_CONFIG
    calendar: Code
    date: IsoDate


class OperationRow(CaseOperation):
    """A row of ``routing_operations``: an operation and the item whose routing it is on."""

    item: Code


WEEKDAYS_ROW = "weekdays"
SHOP_TABLES: tuple[TableSpec, ...] = (
    TableSpec("shop_calendars", ("code", "weekday", "shifts"), CalendarRow, lists=("shifts",)),
    TableSpec("shop_holidays", ("calendar", "date"), HolidayRow),
    TableSpec(
        "work_centers", model_columns(CaseWorkCenter, first=("code", "calendar")), CaseWorkCenter
    ),
    TableSpec(
        "machine_centers",
        model_columns(CaseMachineCenter, first=("code", "work_center")),
        CaseMachineCenter,
    ),
    TableSpec(
        "routing_operations",
        model_columns(OperationRow, first=("item",)),
        OperationRow,
        lists=("alternatives", "components"),
    ),
    TableSpec("changeovers", model_columns(CaseChangeover), CaseChangeover),
)
_SPECS = {spec.name: spec for spec in SHOP_TABLES}


def _records(tables: Mapping[str, Table], name: str) -> list[dict[str, Any]]:
    """The rows of a checked table as the case models read them."""
    table = tables.get(name)
    spec = _SPECS[name]
    if table is None:
        return []
    return [
        {column: cell_input(spec, column, text) for column, text in row.values.items()}
        for row in table.rows
    ]


def shop_from_tables(tables: Mapping[str, Table]) -> dict[str, Any] | None:
    """The ``"shop"`` object the shop tables stand for; None without any shop table."""
    if not any(spec.name in tables for spec in SHOP_TABLES):
        return None
    calendars: dict[str, dict[str, Any]] = {}
    for values in _records(tables, "shop_calendars"):
        code = values["code"]
        calendar = calendars.setdefault(code, {"code": code, "shifts": {}, "holidays": []})
        shifts = values.get("shifts", [])
        if values["weekday"] == WEEKDAYS_ROW:
            calendar["weekdays"] = shifts
        else:
            calendar["shifts"][values["weekday"]] = shifts
    for values in _records(tables, "shop_holidays"):
        calendars[values["calendar"]]["holidays"].append(values["date"])
    routings: dict[str, list[dict[str, Any]]] = {}
    for values in _records(tables, "routing_operations"):
        routings.setdefault(values.pop("item"), []).append(values)
    return {
        "calendars": list(calendars.values()),
        "work_centers": _records(tables, "work_centers"),
        "machine_centers": _records(tables, "machine_centers"),
        "routings": [{"item": item, "operations": ops} for item, ops in routings.items()],
        "changeovers": _records(tables, "changeovers"),
    }


def _cell(value: Any) -> Cell:
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if value is None or isinstance(value, str | Decimal):
        return value
    raise TypeError(f"cannot export {value!r}")


def _row(record: Mapping[str, Any], **first: Any) -> dict[str, Cell]:
    return {name: _cell(value) for name, value in {**first, **record}.items()}


def shop_tables(shop: Mapping[str, Any] | None) -> dict[str, list[dict[str, Cell]]]:
    """The shop tables of a ``"shop"`` object made by :func:`shop_document` (all six)."""
    shop = shop or {}
    calendars: list[dict[str, Cell]] = []
    holidays: list[dict[str, Cell]] = []
    for calendar in shop.get("calendars", []):
        code = calendar["code"]
        if "weekdays" in calendar:
            calendars.append(
                _row({"weekday": WEEKDAYS_ROW, "shifts": calendar["weekdays"]}, code=code)
            )
        for weekday, shifts in calendar.get("shifts", {}).items():
            calendars.append(_row({"weekday": weekday, "shifts": shifts}, code=code))
        holidays += [{"calendar": code, "date": date} for date in calendar.get("holidays", [])]
    return {
        "shop_calendars": calendars,
        "shop_holidays": holidays,
        "work_centers": [_row(record) for record in shop.get("work_centers", [])],
        "machine_centers": [_row(record) for record in shop.get("machine_centers", [])],
        "routing_operations": [
            _row(op, item=routing["item"])
            for routing in shop.get("routings", [])
            for op in routing["operations"]
        ],
        "changeovers": [_row(record) for record in shop.get("changeovers", [])],
    }


# ---------------------------------------------------------------- links between rows


class _Problems:
    """Collects the broken links of the shop tables, row by row."""

    def __init__(self, tables: Mapping[str, Table]) -> None:
        self.tables = tables
        self.found: list[InputError] = []

    def rows(self, name: str) -> list[tuple[str, Row]]:
        table = self.tables.get(name)
        return [] if table is None else [(table.source, row) for row in table.rows]

    def add(self, message: str, source: str, row: Row, column: str) -> None:
        self.found.append(RowError(message, source=source, row=row.number, column=column))

    def first_rows(
        self,
        name: str,
        key: Callable[[Row], tuple[str, ...]],
        column: str,
        what: Callable[[tuple[str, ...]], str],
    ) -> dict[tuple[str, ...], int]:
        """Each key's first row; a later row with the same key is a problem."""
        first: dict[tuple[str, ...], int] = {}
        for source, row in self.rows(name):
            found = key(row)
            if found in first:
                self.add(
                    f"{what(found)} given twice (first on row {first[found]})", source, row, column
                )
            first.setdefault(found, row.number)
        return first

    def known(self, name: str, column: str, codes: Collection[str], what: str) -> None:
        for source, row in self.rows(name):
            for code in row.values.get(column, "").split():
                if code not in codes:
                    self.add(f"unknown {what} '{code}'", source, row, column)


def _get(*columns: str) -> Callable[[Row], tuple[str, ...]]:
    return lambda row: tuple(row.values.get(column, "") for column in columns)


def check_shop_tables(
    tables: Mapping[str, Table], items: Collection[str], boms: Mapping[str, Collection[str]]
) -> list[InputError]:
    """Every unknown or repeated code of the shop tables (the snapshot stops at the first).

    ``items`` are the item numbers of the world, ``boms`` each parent's components.
    """
    check = _Problems(tables)
    calendars = {
        code
        for code, _ in check.first_rows(
            "shop_calendars",
            _get("code", "weekday"),
            "weekday",
            lambda key: f"weekday '{key[1]}' of calendar '{key[0]}'",
        )
    }
    check.known("shop_holidays", "calendar", calendars, "calendar")
    centers = {
        code
        for (code,) in check.first_rows(
            "work_centers", _get("code"), "code", lambda key: f"work center '{key[0]}'"
        )
    }
    check.known("work_centers", "calendar", calendars, "calendar")
    machines = {
        code
        for (code,) in check.first_rows(
            "machine_centers", _get("code"), "code", lambda key: f"machine center '{key[0]}'"
        )
    }
    for source, row in check.rows("machine_centers"):
        if row.values.get("code") in centers:
            check.add(f"'{row.values['code']}' is a work center already", source, row, "code")
    check.known("machine_centers", "work_center", centers, "work center")
    resources = centers | machines
    check.first_rows(
        "routing_operations",
        _get("item", "no"),
        "no",
        lambda key: f"operation {key[1]} of the routing of '{key[0]}'",
    )
    check.known("routing_operations", "item", items, "item")
    check.known("routing_operations", "resource", resources, "work or machine center")
    check.known("routing_operations", "alternatives", resources, "work or machine center")
    for source, row in check.rows("routing_operations"):
        item = row.values.get("item", "")
        for component in row.values.get("components", "").split():
            if item in items and component not in boms.get(item, ()):
                check.add(
                    f"component '{component}' is not on the BOM of {item}",
                    source,
                    row,
                    "components",
                )
    check.first_rows(
        "changeovers",
        _get("attribute", "from", "to", "resource"),
        "to",
        lambda key: f"rule for {key[0]} {key[1]} -> {key[2]}" + (f" at {key[3]}" if key[3] else ""),
    )
    check.known("changeovers", "resource", resources, "work or machine center")
    return check.found


# ---------------------------------------------------------------- errors of the assembled shop

_TRACES: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (re.compile(r"^calendar (.+)$"), "shop_calendars", ("code",)),
    (re.compile(r"^work center (.+)$"), "work_centers", ("code",)),
    (re.compile(r"^machine center (.+)$"), "machine_centers", ("code",)),
    (re.compile(r"^routing (.+) operation (.+)$"), "routing_operations", ("item", "no")),
    (re.compile(r"^routing (.+)$"), "routing_operations", ("item",)),
    (re.compile(r"^changeover (.+) (.+) -> (.+)$"), "changeovers", ("attribute", "from", "to")),
)


def trace_shop_error(error: InputError, tables: Mapping[str, Table]) -> RowError | None:
    """The error the snapshot found in the shop, at the first row of its record (or None)."""
    for pattern, name, columns in _TRACES:
        match = pattern.match(error.record)
        if match is None or name not in tables:
            continue
        table = tables[name]
        for row in table.rows:
            if _get(*columns)(row) == match.groups():
                column = error.field if error.field in _SPECS[name].columns else ""
                return RowError(error.message, source=table.source, row=row.number, column=column)
    return None
