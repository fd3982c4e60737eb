"""Shop calendars: shifts per weekday and holidays give the working minutes of a day.

A work center works inside its calendar's shifts only. Placing work
forward from a minute (or backward to one) walks through the shifts and
skips nights, weekends and holidays; the work may come out in several
pieces, one per shift it touches.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from taktplan.domain.dates import Day, from_day
from taktplan.errors import InputError

MINUTES_PER_DAY = 1440
SEARCH_DAYS = 3700  # ten years: a calendar without working time within them is an error

Minute = int
Piece = tuple[Minute, Minute]


def minute_of(day: Day, minute: int = 0) -> Minute:
    return day * MINUTES_PER_DAY + minute


def day_of(minute: Minute) -> Day:
    return minute // MINUTES_PER_DAY


def clock(minute: Minute) -> str:
    """``2027-01-04 07:30``: a minute as a planner reads it."""
    hours, minutes = divmod(minute % MINUTES_PER_DAY, 60)
    return f"{from_day(day_of(minute)).isoformat()} {hours:02d}:{minutes:02d}"


@dataclass(frozen=True, slots=True)
class Shift:
    """Working time of a day from ``start`` to ``end`` (minutes after midnight)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end <= MINUTES_PER_DAY:
            raise InputError(
                f"a shift runs from 00:00 to 24:00 and ends after it starts, "
                f"got {self.start}-{self.end} minutes",
                record="shift",
                field="start",
            )

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class ShopCalendar:
    """Shifts per weekday (Monday first) and holidays (day numbers)."""

    code: str
    weekly: tuple[tuple[Shift, ...], ...]
    holidays: frozenset[Day] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise InputError(
                "shifts are given for 7 weekdays", record=f"calendar {self.code}", field="shifts"
            )
        for shifts in self.weekly:
            ordered = sorted(shifts, key=lambda s: s.start)
            if any(a.end > b.start for a, b in itertools.pairwise(ordered)):
                raise InputError(
                    "shifts of a day overlap", record=f"calendar {self.code}", field="shifts"
                )
        if not any(self.weekly):
            raise InputError(
                "the calendar has no working time", record=f"calendar {self.code}", field="shifts"
            )

    @classmethod
    def weekdays(
        cls, code: str, shifts: tuple[Shift, ...], holidays: frozenset[Day] = frozenset()
    ) -> ShopCalendar:
        """The same shifts Monday to Friday, weekends off."""
        return cls(code, (shifts,) * 5 + ((), ()), holidays)

    def periods(self, day: Day) -> tuple[Piece, ...]:
        """The working periods of ``day`` as absolute minutes, in time order."""
        if day in self.holidays:
            return ()
        shifts = self.weekly[from_day(day).weekday()]
        return tuple(
            (minute_of(day, s.start), minute_of(day, s.end))
            for s in sorted(shifts, key=lambda s: s.start)
        )

    def minutes(self, day: Day) -> int:
        """Working minutes of ``day``."""
        return sum(end - start for start, end in self.periods(day))

    def _days(self, first: Day, step: int) -> Iterator[Day]:
        for offset in range(SEARCH_DAYS):
            yield first + step * offset
        raise InputError(
            "no working time within ten years", record=f"calendar {self.code}", field="shifts"
        )

    def forward(self, start: Minute, work: int) -> list[Piece]:
        """Place ``work`` working minutes from ``start`` on; the pieces in time order.

        Zero work gives one empty piece at the first working minute from ``start``.
        """
        pieces: list[Piece] = []
        left = work
        for day in self._days(day_of(start), 1):
            for begin, end in self.periods(day):
                begin = max(begin, start)
                if begin >= end:
                    continue
                if left == 0:
                    return [(begin, begin)]
                taken = min(left, end - begin)
                pieces.append((begin, begin + taken))
                left -= taken
                if left == 0:
                    return pieces
        raise AssertionError("unreachable")  # pragma: no cover

    def backward(self, end: Minute, work: int) -> list[Piece]:
        """Place ``work`` working minutes ending by ``end``; the pieces in time order."""
        pieces: list[Piece] = []
        left = work
        for day in self._days(day_of(end - 1) if end % MINUTES_PER_DAY == 0 else day_of(end), -1):
            for begin, finish in reversed(self.periods(day)):
                finish = min(finish, end)
                if begin >= finish:
                    continue
                if left == 0:
                    return [(finish, finish)]
                taken = min(left, finish - begin)
                pieces.append((finish - taken, finish))
                left -= taken
                if left == 0:
                    return pieces[::-1]
        raise AssertionError("unreachable")  # pragma: no cover

    def end_of_day(self, day: Day) -> Minute:
        """The end of the last shift on ``day``, or on the working day before it."""
        for candidate in self._days(day, -1):
            periods = self.periods(candidate)
            if periods:
                return periods[-1][1]
        raise AssertionError("unreachable")  # pragma: no cover
