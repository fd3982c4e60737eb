"""An Excel workbook (.xlsx), one sheet per record type, named like the CSV files.

Same tables, columns and validation as :mod:`taktplan.io.csv_folder`; error
messages name the sheet (``sheet demand row 4, column date: ...``). Cells may
be text, numbers, yes/no (TRUE/FALSE) or real Excel dates. Export writes
quantities as numbers when a number holds them exactly, and dates as text
``YYYY-MM-DD`` so that no locale setting changes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.io.case_json import PlanningCase
from taktplan.io.records import SPECS, case_document, case_tables, read_tables
from taktplan.io.tables import Cell, Row, Table
from taktplan.planning.options import PlanningOptions


def sheet_label(table: str) -> str:
    return f"sheet {table}"


def _text(value: Any) -> str:
    """A cell as the text the case models read."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value).strip()


def read_workbook(path: str | Path) -> PlanningCase:
    """Read and validate a workbook; :class:`ImportErrors` lists every problem."""
    path = Path(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, BadZipFile, InvalidFileException, KeyError) as error:
        raise InputError(f"cannot read workbook: {error}", source=str(path)) from None
    try:
        tables: dict[str, Table] = {}
        for sheet in book.worksheets:
            name = sheet.title.strip()
            if name not in SPECS:
                continue  # notes, pivot tables...: not record types
            rows = sheet.iter_rows(values_only=True)
            header = tuple(_text(value) for value in next(rows, ()))
            while header and not header[-1]:
                header = header[:-1]
            table = Table(sheet_label(name), header)
            for number, cells in enumerate(rows, start=2):
                values = {
                    column: _text(cell)
                    for column, cell in zip(header, cells, strict=False)
                    if column and _text(cell)
                }
                extra = sum(1 for cell in cells[len(header) :] if _text(cell))
                if values or extra:
                    table.rows.append(Row(number, values, extra))
            tables[name] = table
    finally:
        book.close()
    return read_tables(tables, sheet_label)


def _excel(value: Cell) -> Any:
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and abs(value) < 2**53:
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else format(value, "f")
    return value


def write_workbook(
    path: str | Path,
    snapshot: Snapshot,
    options: PlanningOptions,
    *,
    assigned: Iterable[SkuKey] | None = None,
) -> None:
    """Write one sheet per record type (all columns, also for empty tables)."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    for name, rows in case_tables(case_document(snapshot, options, assigned=assigned)).items():
        sheet = book.create_sheet(name)
        columns = SPECS[name].columns
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_excel(row.get(column)) for column in columns])
        sheet.freeze_panes = "A2"
    book.save(Path(path))
