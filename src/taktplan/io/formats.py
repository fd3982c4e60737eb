"""Pick the import or export format from a path: case JSON, CSV folder or workbook."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.io.case_json import PlanningCase, read_case
from taktplan.io.csv_folder import read_csv_folder, write_csv_folder
from taktplan.io.records import write_case_json
from taktplan.io.workbook import read_workbook, write_workbook
from taktplan.planning.options import PlanningOptions


class DataFormat(StrEnum):
    CASE = "case JSON"
    CSV = "CSV folder"
    WORKBOOK = "Excel workbook"


_EXPECTED = "expected a case file (.json), an Excel workbook (.xlsx) or a folder of CSV files"


def format_of(path: Path, *, existing: bool) -> DataFormat:
    """The format ``path`` names: by suffix, else a folder (``existing``: it must be there)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return DataFormat.CASE
    if suffix == ".xlsx":
        return DataFormat.WORKBOOK
    if path.is_dir() or (not existing and not path.exists() and not suffix):
        return DataFormat.CSV
    if existing and not path.exists():
        raise InputError("no such file or folder", source=str(path))
    raise InputError(_EXPECTED, source=str(path))


def read_data(path: str | Path) -> PlanningCase:
    """Read a case file, a CSV folder or a workbook (any error lists what is wrong)."""
    path = Path(path)
    kind = format_of(path, existing=True)
    if kind is DataFormat.CASE:
        return read_case(path)
    if kind is DataFormat.WORKBOOK:
        return read_workbook(path)
    return read_csv_folder(path)


def write_data(
    path: str | Path,
    snapshot: Snapshot,
    options: PlanningOptions,
    *,
    assigned: Iterable[SkuKey] | None = None,
) -> DataFormat:
    """Write a snapshot and its run options in the format the path names."""
    path = Path(path)
    kind = format_of(path, existing=False)
    if kind is DataFormat.CASE:
        write_case_json(path, snapshot, options, assigned=assigned)
    elif kind is DataFormat.WORKBOOK:
        write_workbook(path, snapshot, options, assigned=assigned)
    else:
        write_csv_folder(path, snapshot, options, assigned=assigned)
    return kind
