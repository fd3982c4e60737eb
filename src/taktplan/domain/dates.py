"""Dates as integer day numbers, and date formulas such as ``1D``, ``2W``, ``1M``.

Inside the engines a date is the proleptic Gregorian ordinal of
:class:`datetime.date` (``date.toordinal()``): adding days is integer addition
and comparing dates is integer comparison.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass

from taktplan.errors import InputError

Day = int
"""A date as a day number (``datetime.date.toordinal()``)."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FORMULA = re.compile(r"^\s*(?:(\d+)\s*([DWMQY]))?\s*$", re.IGNORECASE)
_UNITS = {"D": "days", "W": "weeks", "M": "months", "Q": "quarters", "Y": "years"}


def to_day(value: dt.date) -> Day:
    return value.toordinal()


def from_day(day: Day) -> dt.date:
    return dt.date.fromordinal(day)


_ISO: dict[Day, str] = {}


def iso(day: Day | None) -> str | None:
    """``YYYY-MM-DD``; remembered, since a plan writes the same few hundred dates over and over."""
    if day is None:
        return None
    text = _ISO.get(day)
    if text is None:
        text = _ISO[day] = from_day(day).isoformat()
    return text


def parse_iso_date(text: object) -> Day:
    """Parse ``YYYY-MM-DD``; raise :class:`InputError` with the reason otherwise.

    ``text`` is typed ``object`` on purpose: anything read from a file may
    arrive here, and a compiled build checks argument types strictly.
    """
    if not isinstance(text, str) or not _ISO_DATE.match(text):
        raise InputError(f"'{text}' is not a date (expected YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text).toordinal()
    except (TypeError, ValueError):
        raise InputError(f"'{text}' is not a date (expected YYYY-MM-DD)") from None


def _add_months(day: Day, months: int) -> Day:
    d = from_day(day)
    month0 = d.month - 1 + months
    year = d.year + month0 // 12
    month = month0 % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(d.day, last)).toordinal()


@dataclass(frozen=True, slots=True)
class DateFormula:
    """A period such as ``3D`` (days), ``2W`` (weeks), ``1M`` (months).

    Only non-negative periods exist: lead times, buckets and planning periods
    cannot be negative. An empty formula is zero days.
    """

    count: int = 0
    unit: str = "D"

    @classmethod
    def parse(cls, text: object) -> DateFormula:
        """``text`` may be anything read from a file (see :func:`parse_iso_date`)."""
        if text is None:
            return cls()
        if not isinstance(text, str):
            raise InputError(f"{text!r} is not a date formula (expected e.g. 1D, 2W, 1M)")
        if text.strip().startswith("-"):
            raise InputError(f"'{text}' is negative; periods and lead times must be >= 0")
        match = _FORMULA.match(text)
        if match is None:
            raise InputError(f"'{text}' is not a date formula (expected e.g. 1D, 2W, 1M)")
        if match.group(1) is None:
            return cls()
        return cls(int(match.group(1)), match.group(2).upper())

    @property
    def is_zero(self) -> bool:
        return self.count == 0

    def add_to(self, day: Day) -> Day:
        """The day this formula after ``day``."""
        if self.unit == "D":
            return day + self.count
        if self.unit == "W":
            return day + 7 * self.count
        if self.unit == "M":
            return _add_months(day, self.count)
        if self.unit == "Q":
            return _add_months(day, 3 * self.count)
        return _add_months(day, 12 * self.count)

    def subtract_from(self, day: Day) -> Day:
        """The day this formula before ``day``."""
        if self.unit == "D":
            return day - self.count
        if self.unit == "W":
            return day - 7 * self.count
        months = {"M": 1, "Q": 3, "Y": 12}[self.unit] * self.count
        return _add_months(day, -months)

    def days_from(self, day: Day) -> int:
        """Length in days when measured from ``day`` (months vary in length)."""
        return self.add_to(day) - day

    def __str__(self) -> str:
        return f"{self.count}{self.unit}" if self.count else ""


NO_PERIOD = DateFormula()
"""The empty period (zero days), one object for all: a formula is immutable."""
