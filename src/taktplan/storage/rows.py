"""Small helpers shared by the repository modules: bulk insert, SKU columns, chunks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, Table, insert, tuple_
from sqlalchemy.orm import Session

from taktplan.domain.item import SkuKey
from taktplan.storage.models import Base

T = TypeVar("T")

# Keys per statement when a query lists SKUs: far below SQLite's limit of
# 32,766 bound parameters (three per SKU) and PostgreSQL's 65,535.
CHUNK = 1000


def table_of(model: type[Base]) -> Table:
    """The model's table, typed as a Table for Core statements."""
    found = model.__table__
    assert isinstance(found, Table)
    return found


def bulk_insert(session: Session, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
    """One executemany for all rows (nothing for none)."""
    if rows:
        session.execute(insert(table_of(model)), list(rows))


def insert_rows(
    session: Session, model: type[Base], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert rows given as values in ``columns`` order, by the driver's own executemany.

    :func:`bulk_insert` hands SQLAlchemy one dictionary per row, and its
    per-row work costs more than building the row: storing the million lines
    and two million pegs of a large plan took most of a minute. Here each
    value goes through its column type's own bind processor (the conversion
    SQLAlchemy itself applies: dates, exact quantities, enums, JSON) and the
    driver gets plain tuples, in the session's transaction.
    """
    batch = list(rows)
    if not batch:
        return
    connection = session.connection()
    dialect = connection.dialect
    table = table_of(model)
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    binds = list(compiled.positiontup or ()) if compiled.positional else list(compiled.binds)
    if sorted(binds) != sorted(columns):  # a column default would need SQLAlchemy's own path
        raise ValueError(f"{table.name}: insert binds {binds}, rows give {list(columns)}")
    processors = [
        (index, processor)
        for index, name in enumerate(columns)
        if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        is not None
    ]
    order = [columns.index(name) for name in binds]
    in_order = order == list(range(len(columns)))
    params: list[Any] = []
    for row in batch:
        values = list(row)
        for index, processor in processors:
            values[index] = processor(values[index])
        if not compiled.positional:
            params.append(dict(zip(columns, values, strict=True)))
        else:
            params.append(tuple(values) if in_order else tuple(values[i] for i in order))
    connection.exec_driver_sql(compiled.string, params)


def sku_columns(key: SkuKey) -> dict[str, str]:
    return {"item_no": key.item, "variant": key.variant, "location_code": key.location}


def sku_of(row: Row[Any]) -> SkuKey:
    """The SKU of a row selected with ``item_no``, ``variant`` and ``location_code``."""
    return SkuKey(row.item_no, row.variant, row.location_code)


def sku_in(table: Table, keys: Sequence[SkuKey]) -> ColumnElement[bool]:
    """``(item_no, variant, location_code) IN (...)`` for a chunk of SKUs."""
    columns = tuple_(table.c.item_no, table.c.variant, table.c.location_code)
    return columns.in_([(key.item, key.variant, key.location) for key in keys])


def chunks(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    chunk: list[T] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
