"""Date formulas (``1D``, ``2W``, ``1M``) and ISO dates as day numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from taktplan.domain.dates import DateFormula, from_day, iso, parse_iso_date, to_day
from taktplan.errors import InputError


def day(text: str) -> int:
    return to_day(dt.date.fromisoformat(text))


@pytest.mark.parametrize(
    ("text", "count", "unit"),
    [
        ("1D", 1, "D"),
        ("2W", 2, "W"),
        ("1M", 1, "M"),
        ("10D", 10, "D"),
        ("3w", 3, "W"),
        (" 4D ", 4, "D"),
        ("1Q", 1, "Q"),
        ("1Y", 1, "Y"),
    ],
)
def test_parse_reads_count_and_unit(text: str, count: int, unit: str) -> None:
    """A formula is a count and a unit (D, W, M, Q, Y; case and surrounding blanks ignored)."""
    formula = DateFormula.parse(text)
    assert (formula.count, formula.unit) == (count, unit)
    assert not formula.is_zero


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_or_absent_formula_is_zero_days(text: str | None) -> None:
    """'' and None mean zero: adding or subtracting it leaves a date unchanged."""
    formula = DateFormula.parse(text)
    assert formula.is_zero
    assert formula == DateFormula()
    assert formula.add_to(day("2027-01-31")) == day("2027-01-31")
    assert formula.subtract_from(day("2027-01-31")) == day("2027-01-31")
    assert str(formula) == ""


@pytest.mark.parametrize("text", ["-1D", "-2W", " -1M"])
def test_negative_formula_is_rejected(text: str) -> None:
    """Periods and lead times cannot be negative: '-1D' is an InputError saying so."""
    with pytest.raises(InputError, match="negative"):
        DateFormula.parse(text)


@pytest.mark.parametrize("text", ["1X", "D", "1.5D", "1D2W", "W1", "abc"])
def test_malformed_formula_is_rejected(text: str) -> None:
    """Anything but <count><unit> is an InputError quoting the text."""
    with pytest.raises(InputError, match="is not a date formula") as caught:
        DateFormula.parse(text)
    assert f"'{text}'" in caught.value.message


def test_non_string_formula_is_rejected() -> None:
    """A number where a formula is expected is an InputError, not a crash."""
    with pytest.raises(InputError, match="not a date formula"):
        DateFormula.parse(7)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("formula", "start", "expected"),
    [
        ("1D", "2027-01-31", "2027-02-01"),
        ("2W", "2027-01-25", "2027-02-08"),
        ("1M", "2027-01-31", "2027-02-28"),
        ("1M", "2028-01-31", "2028-02-29"),
        ("1M", "2027-01-15", "2027-02-15"),
        ("2M", "2027-12-31", "2028-02-29"),
        ("1M", "2027-12-15", "2028-01-15"),
        ("1Q", "2027-11-30", "2028-02-29"),
        ("1Y", "2028-02-29", "2029-02-28"),
    ],
)
def test_add_to(formula: str, start: str, expected: str) -> None:
    """Adding days and weeks counts days; adding months keeps the day, capped at month end."""
    assert iso(DateFormula.parse(formula).add_to(day(start))) == expected


@pytest.mark.parametrize(
    ("formula", "start", "expected"),
    [
        ("1D", "2027-03-01", "2027-02-28"),
        ("1W", "2027-01-04", "2026-12-28"),
        ("1M", "2027-03-31", "2027-02-28"),
        ("1M", "2028-03-31", "2028-02-29"),
        ("1M", "2027-01-31", "2026-12-31"),
        ("3M", "2027-05-31", "2027-02-28"),
        ("1Y", "2028-02-29", "2027-02-28"),
    ],
)
def test_subtract_from(formula: str, start: str, expected: str) -> None:
    """Subtracting months keeps the day, capped at the end of the earlier month."""
    assert iso(DateFormula.parse(formula).subtract_from(day(start))) == expected


def test_month_is_not_a_round_trip_at_month_end() -> None:
    """Jan 31 + 1M = Feb 28 (2027); Feb 28 - 1M = Jan 28, not Jan 31."""
    one_month = DateFormula.parse("1M")
    there = one_month.add_to(day("2027-01-31"))
    assert iso(there) == "2027-02-28"
    assert iso(one_month.subtract_from(there)) == "2027-01-28"


@pytest.mark.parametrize(
    ("formula", "start", "days"),
    [
        ("1M", "2027-02-01", 28),
        ("1M", "2027-01-01", 31),
        ("1M", "2028-02-01", 29),
        ("2W", "2027-02-01", 14),
        ("", "2027-02-01", 0),
    ],
)
def test_days_from_depends_on_the_start_for_months(formula: str, start: str, days: int) -> None:
    """A month is as long as the month it is measured from; weeks are always 7 days."""
    assert DateFormula.parse(formula).days_from(day(start)) == days


@pytest.mark.parametrize("text", ["1D", "2W", "1M", "3Q", "1Y"])
def test_str_round_trips(text: str) -> None:
    """str(formula) is the text it was parsed from (upper-case unit)."""
    assert str(DateFormula.parse(text)) == text
    assert DateFormula.parse(str(DateFormula.parse(text))) == DateFormula.parse(text)


def test_iso_dates_round_trip_through_day_numbers() -> None:
    """parse_iso_date gives the ordinal day number; iso() and from_day() turn it back."""
    number = parse_iso_date("2027-03-01")
    assert number == dt.date(2027, 3, 1).toordinal()
    assert number - parse_iso_date("2027-02-28") == 1
    assert iso(number) == "2027-03-01"
    assert from_day(number) == dt.date(2027, 3, 1)
    assert iso(None) is None


@pytest.mark.parametrize(
    "text",
    [
        "2027-02-30",
        "2027-13-01",
        "27-01-01",
        "01.02.2027",
        "2027-3-1",
        "",
        "20270301",
        "2027-W09-1",
    ],
)
def test_malformed_iso_date_is_rejected(text: str) -> None:
    """Only real YYYY-MM-DD dates are accepted; the error quotes the text and the format.

    Other ISO 8601 spellings (basic 20270301, week date 2027-W09-1) are not the
    case format's YYYY-MM-DD and are rejected too.
    """
    with pytest.raises(InputError) as caught:
        parse_iso_date(text)
    assert f"'{text}' is not a date (expected YYYY-MM-DD)" == caught.value.message
