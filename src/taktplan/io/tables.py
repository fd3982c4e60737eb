"""Tables as read from CSV files and workbook sheets: specs, rows, and row errors.

Shared by :mod:`taktplan.io.records` (the planning world) and
:mod:`taktplan.io.shop_records` (the shop).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from taktplan.errors import InputError
from taktplan.io.shop_text import parse_attributes


def model_columns(
    model: type[BaseModel], first: tuple[str, ...] = (), skip: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """The columns of a table of ``model`` records: its field names (or aliases)."""
    names = [info.alias or name for name, info in model.model_fields.items()]
    rest = [name for name in names if name not in first and name not in skip]
    return (*first, *rest)


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One record type: its table name, columns and the case model of a row."""

    name: str
    columns: tuple[str, ...]
    model: type[BaseModel]
    required: bool = False
    # Columns whose cell holds a list, space separated ("ROBOT-2 WELD").
    lists: tuple[str, ...] = ()
    # Columns whose cell holds name=value pairs ("colour=dark; finish=matt").
    mappings: tuple[str, ...] = ()


Cell = str | Decimal | bool | None
"""A cell as exported: text, a number, a yes/no, or empty."""


@dataclass(frozen=True, slots=True)
class Row:
    """A data row as read: its row number (the header is row 1) and its non-empty cells."""

    number: int
    values: dict[str, str]
    extra_cells: int = 0  # non-empty cells right of the last column


@dataclass(slots=True)
class Table:
    """A table as read from a file or sheet; ``source`` names it in error messages."""

    source: str
    columns: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)


def cell_input(spec: TableSpec, column: str, text: str) -> Any:
    """A cell as its record's model reads it: lists split, ``name=value`` pairs parsed.

    Raises :class:`ValueError` for pairs that do not parse.
    """
    if column in spec.lists:
        return text.split()
    if column in spec.mappings:
        return parse_attributes(text)
    return text


class RowError(InputError):
    """A bad cell or row: ``demand.csv row 4, column date: <reason>``."""

    def __init__(
        self, message: str, *, source: str, row: int | None = None, column: str = ""
    ) -> None:
        self.row = row
        self.column = column
        super().__init__(
            message, record=f"row {row}" if row is not None else "", field=column, source=source
        )

    def describe(self) -> str:
        where = self.source
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}" if where else self.message
