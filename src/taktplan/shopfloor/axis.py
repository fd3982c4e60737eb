"""The working-time axis the sequencing solvers see.

Solvers schedule in plain integers without calendars. taktplan gives them
the working minutes of one reference calendar (the one most centers use),
counted from the schedule's start: nights, weekends and holidays take no
room on the axis. A center on another calendar has its times scaled by the
ratio of weekly working minutes (a two-shift center does a day's work of the
reference in half the axis time). Elapsed times (wait, move) are scaled by
the reference's share of working time in a week.

The axis only guides the sequence and the choice of center; the decoder then
places every operation exactly through its own center's calendar.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from fractions import Fraction

from taktplan.capacity.shop_calendar import MINUTES_PER_DAY, Minute, ShopCalendar, day_of

WEEK = 7 * MINUTES_PER_DAY


def weekly_minutes(calendar: ShopCalendar) -> int:
    return sum(shift.minutes for shifts in calendar.weekly for shift in shifts)


def reference_calendar(calendars: Iterable[ShopCalendar]) -> ShopCalendar:
    """The calendar most centers use (ties: the first code in order)."""
    found = list(calendars)
    counts = Counter(c.code for c in found)
    by_code = {c.code: c for c in found}
    best = min(counts, key=lambda code: (-counts[code], code))
    return by_code[best]


class WorkingAxis:
    """Working minutes of ``calendar`` from ``origin`` on."""

    def __init__(self, calendar: ShopCalendar, origin: Minute) -> None:
        self.calendar = calendar
        self.origin = origin
        self._weekly = weekly_minutes(calendar)
        self._starts: list[int] = [0]  # axis value at 00:00 of origin day + index

    def at(self, minute: Minute) -> int:
        """Working minutes of the reference calendar in ``[origin, minute)`` (0 before it)."""
        if minute <= self.origin:
            return 0
        day = day_of(minute)
        value = self._day_start(day)
        for begin, end in self.calendar.periods(day):
            begin = max(begin, self.origin)
            if minute > begin:
                value += min(minute, end) - begin if end > begin else 0
        return value

    def _day_start(self, day: int) -> int:
        """Axis value at 00:00 of ``day``: the working minutes of the days before it."""
        offset = day - day_of(self.origin)
        if offset <= 0:
            return 0
        starts = self._starts
        while len(starts) <= offset:
            current = day_of(self.origin) + len(starts) - 1
            minutes = sum(
                end - max(begin, self.origin)
                for begin, end in self.calendar.periods(current)
                if end > max(begin, self.origin)
            )
            starts.append(starts[-1] + minutes)
        return starts[offset]

    def work(self, minutes: int, calendar: ShopCalendar) -> int:
        """Axis time of ``minutes`` working minutes on a center with ``calendar``."""
        if calendar.code == self.calendar.code or minutes == 0:
            return minutes
        own = weekly_minutes(calendar)
        return max(1, math.ceil(Fraction(minutes * self._weekly, own)))

    def elapsed(self, minutes: int) -> int:
        """Axis time of ``minutes`` of elapsed (clock) time."""
        return math.ceil(Fraction(minutes * self._weekly, WEEK))
