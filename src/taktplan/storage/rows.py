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
