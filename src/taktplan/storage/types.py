"""Column types that store the domain's value types exactly.

* :class:`Quantity` keeps a :class:`~decimal.Decimal` exact on every database.
  PostgreSQL's ``NUMERIC`` (no precision given) is exact at any length. SQLite
  has no decimal type: a ``NUMERIC`` column there turns values into 64-bit
  floats, which loses digits (a plan's quantities can have 28 of them), so on
  SQLite the value is kept as its text. The price: on SQLite, compare or sum
  quantities in Python (or ``CAST(qty AS REAL)``), not in SQL.
* :class:`FormulaText` stores a :class:`~taktplan.domain.dates.DateFormula` as
  the text a planner types (``2W``, ``1M``; empty for no period).
* :func:`enum_type` stores a ``StrEnum`` by its value (``lot-for-lot``) in a
  plain ``VARCHAR``: no database enum type to migrate when a value is added.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import Enum, Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from taktplan.domain.dates import DateFormula


class Quantity(TypeDecorator[Decimal]):
    """An exact decimal: ``NUMERIC`` on PostgreSQL, the decimal's text on SQLite."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String())
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            value = Decimal(value)
        if not value.is_finite():
            raise ValueError(f"{value} is not a finite quantity")
        return str(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else _decimal(str(value))


# Reading a world converts millions of values, most of them a few repeated
# texts ("0", "", "1D"); both results are immutable, so they can be shared.
@lru_cache(maxsize=4096)
def _decimal(text: str) -> Decimal:
    return Decimal(text)


@lru_cache(maxsize=256)
def _formula(text: str) -> DateFormula:
    return DateFormula.parse(text)


def formula_text(formula: DateFormula) -> str:
    """The text that parses back to an equal formula (``0W`` stays weeks)."""
    if formula.count == 0 and formula.unit != "D":
        return f"0{formula.unit}"
    return str(formula)


class FormulaText(TypeDecorator[DateFormula]):
    """A date formula as text: ``""`` (no period), ``3D``, ``2W``, ``1M``."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: DateFormula | None, dialect: Dialect) -> str | None:
        return None if value is None else formula_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> DateFormula | None:
        return None if value is None else _formula(value)


def enum_type(enum: type[StrEnum]) -> Enum:
    """A ``VARCHAR(32)`` holding the enum's value; reads give the enum member."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
