"""Working-day calendars.

A calendar says which days are working days. Dates are moved to the nearest
working day with precomputed-free arithmetic: weekday tests are O(1) and
holidays are a frozen set, so moving a date never loops more than a few days
(plus the length of a run of holidays).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from taktplan.domain.dates import Day, from_day

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Non-working weekdays (0 = Monday) and holidays (day numbers)."""

    non_working_weekdays: frozenset[int] = field(default_factory=frozenset)
    holidays: frozenset[Day] = field(default_factory=frozenset)

    def is_working(self, day: Day) -> bool:
        if day in self.holidays:
            return False
        return from_day(day).weekday() not in self.non_working_weekdays

    @property
    def all_days_working(self) -> bool:
        return not self.non_working_weekdays and not self.holidays

    def next_working(self, day: Day) -> Day:
        """``day`` itself when it is a working day, else the next one."""
        if self.all_days_working:
            return day
        for _ in range(3700):
            if self.is_working(day):
                return day
            day += 1
        raise ValueError("calendar has no working day within ten years")

    def previous_working(self, day: Day) -> Day:
        """``day`` itself when it is a working day, else the one before."""
        if self.all_days_working:
            return day
        for _ in range(3700):
            if self.is_working(day):
                return day
            day -= 1
        raise ValueError("calendar has no working day within ten years")
