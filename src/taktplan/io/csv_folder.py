"""A folder of CSV files, one per record type (``docs/import-export.md``).

``planning.csv`` and ``items.csv`` must be there; every other file may be
left out (no records of that type). The first row of a file names its
columns, the case format's field names; an empty cell takes the field's
default. Files are UTF-8 (a byte order mark, as Excel writes, is accepted),
comma separated.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.io.case_json import PlanningCase
from taktplan.io.records import (
    SPECS,
    TABLES,
    case_document,
    case_tables,
    cell_text,
    read_tables,
)
from taktplan.io.tables import Row, Table
from taktplan.planning.options import PlanningOptions


def file_name(table: str) -> str:
    return f"{table}.csv"


def _read_file(path: Path) -> Table:
    source = path.name
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror}", source=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file", source=str(path)) from None
    except csv.Error as error:
        raise InputError(f"malformed CSV: {error}", source=str(path)) from None
    if not lines:
        return Table(source, ())
    header = tuple(name.strip() for name in lines[0])
    table = Table(source, header)
    for number, cells in enumerate(lines[1:], start=2):
        values = {
            column: cell.strip()
            for column, cell in zip(header, cells, strict=False)
            if column and cell.strip()
        }
        extra = sum(1 for cell in cells[len(header) :] if cell.strip())
        if values or extra:
            table.rows.append(Row(number, values, extra))
    return table


def read_csv_folder(folder: str | Path) -> PlanningCase:
    """Read and validate a CSV folder; :class:`ImportErrors` lists every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder", source=str(folder))
    tables = {
        spec.name: _read_file(folder / file_name(spec.name))
        for spec in TABLES
        if (folder / file_name(spec.name)).is_file()
    }
    return read_tables(tables, file_name)


def write_csv_folder(
    folder: str | Path,
    snapshot: Snapshot,
    options: PlanningOptions,
    *,
    assigned: Iterable[SkuKey] | None = None,
) -> list[Path]:
    """Write one CSV file per record type (all columns, also for empty tables)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in case_tables(case_document(snapshot, options, assigned=assigned)).items():
        columns = SPECS[name].columns
        path = folder / file_name(name)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([cell_text(row.get(column)) for column in columns])
        written.append(path)
    return written
