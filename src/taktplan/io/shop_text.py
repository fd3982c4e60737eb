"""The shop's values as text: shifts (``07:00-11:30``), weekday keys, item attributes.

One place for the spelling the case format, the CSV files and the workbook
share, in both directions, so that what is written reads back the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from taktplan.capacity.shop_calendar import MINUTES_PER_DAY, Shift

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""The weekday keys of a calendar's ``shifts``, Monday first (the domain's weekday index)."""

_SHIFT = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_SHIFT_FORM = "expected HH:MM-HH:MM within 00:00-24:00, e.g. 07:00-15:30"


def _minute(hours: str, minutes: str) -> int | None:
    h, m = int(hours), int(minutes)
    if m >= 60 or h > 24 or (h == 24 and m):
        return None
    return h * 60 + m


def parse_shift(text: str) -> Shift:
    """``07:00-11:30`` as a :class:`Shift`; ``24:00`` ends a day.

    A :class:`ValueError` says what is wrong (the readers turn it into their
    own error with the record and field).
    """
    match = _SHIFT.match(text.strip())
    if match is None:
        raise ValueError(f"'{text}' is not a shift ({_SHIFT_FORM})")
    start = _minute(match.group(1), match.group(2))
    end = _minute(match.group(3), match.group(4))
    if start is None or end is None or end > MINUTES_PER_DAY:
        raise ValueError(f"'{text}' is not a shift ({_SHIFT_FORM})")
    if end <= start:
        raise ValueError(
            f"shift '{text}' ends before it starts (split a night shift at 24:00 "
            "and give the rest to the next day)"
        )
    return Shift(start, end)


def shift_text(shift: Shift) -> str:
    return f"{_clock(shift.start)}-{_clock(shift.end)}"


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_attributes(text: str) -> dict[str, str]:
    """``colour=dark; size=M`` as a mapping (a CSV cell; the case file has an object).

    Pairs are separated by ``;``; spaces around names and values are dropped.
    """
    found: dict[str, str] = {}
    for pair in text.split(";"):
        if not pair.strip():
            continue
        name, sep, value = pair.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise ValueError(f"'{pair.strip()}' is not name=value (e.g. colour=dark; size=M)")
        if name in found:
            raise ValueError(f"attribute '{name}' given twice")
        found[name] = value
    return found


def attributes_text(attributes: Mapping[str, str]) -> str:
    """The cell text :func:`parse_attributes` reads back to ``attributes``."""
    return "; ".join(f"{name}={value}" for name, value in attributes.items())
