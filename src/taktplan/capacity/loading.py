"""Finite loading: a resource's load per day never above its critical load %.

The book keeps, per finite resource and day, the minutes already loaded.
An operation goes into the nearest days with free capacity, walking forward
from its earliest start or backward from its latest end; when a day has less
room than the operation still needs, the operation is split and continues on
the next day with room. Setup time is part of the first piece only (the
operation is set up once). The dampener lets the last day take up to
dampener % of its allowance more when that avoids a split.

Room on a day is ``working minutes x capacity x critical load %`` minus what
is loaded. Within the day the piece is laid out after (forward) or before
(backward) what is already there, so pieces of one resource do not overlap
when capacity is 1.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from taktplan.capacity.resources import HUNDRED, Capacity
from taktplan.capacity.shop_calendar import SEARCH_DAYS, Minute, Piece, day_of
from taktplan.domain.dates import Day
from taktplan.errors import InputError


@dataclass(slots=True)
class CapacityBook:
    """Minutes loaded per (resource, day), for finite loading."""

    loaded: dict[tuple[str, Day], int] = field(default_factory=lambda: defaultdict(int))

    def allowance(self, resource: Capacity, day: Day) -> int:
        """Minutes a finite resource may be loaded on ``day``."""
        share = (resource.critical_load_pct or HUNDRED) / HUNDRED
        return math.floor(resource.calendar.minutes(day) * resource.capacity * share)

    def room(self, resource: Capacity, day: Day) -> int:
        return max(self.allowance(resource, day) - self.loaded[(resource.code, day)], 0)

    def load(self, resource: Capacity, day: Day, minutes: int) -> None:
        self.loaded[(resource.code, day)] += minutes

    def copy(self) -> CapacityBook:
        """An independent book with the same load (to try a placement and maybe drop it)."""
        return CapacityBook(defaultdict(int, self.loaded))


@dataclass(frozen=True, slots=True)
class LoadedPiece:
    """Part of an operation on one day: the minutes of capacity and where they lie."""

    day: Day
    minutes: int
    start: Minute
    end: Minute


def load_forward(
    book: CapacityBook, resource: Capacity, earliest: Minute, work: int
) -> list[LoadedPiece]:
    """Load ``work`` minutes from ``earliest`` on, into the nearest days with room."""
    return _load(book, resource, earliest, work, forward=True)


def load_backward(
    book: CapacityBook, resource: Capacity, latest: Minute, work: int
) -> list[LoadedPiece]:
    """Load ``work`` minutes ending by ``latest``, into the nearest days with room."""
    return _load(book, resource, latest, work, forward=False)


def _load(
    book: CapacityBook, resource: Capacity, limit: Minute, work: int, *, forward: bool
) -> list[LoadedPiece]:
    pieces: list[LoadedPiece] = []
    left = work
    first = day_of(limit if forward else limit - 1)
    step = 1 if forward else -1
    for offset in range(SEARCH_DAYS):
        day = first + step * offset
        room = min(book.room(resource, day), _time_left(resource, day, limit, forward))
        if room <= 0:
            continue
        slack = math.floor(book.allowance(resource, day) * resource.dampener_pct / HUNDRED)
        taken = left if left <= room + slack else room
        pieces.append(_place(book, resource, day, taken, forward))
        book.load(resource, day, taken)
        left -= taken
        if left == 0:
            return pieces if forward else pieces[::-1]
    raise InputError(
        f"no free capacity within ten years for {work} minutes",
        record=f"{resource.kind} {resource.code}",
        field="capacity",
    )


def _time_left(resource: Capacity, day: Day, limit: Minute, forward: bool) -> int:
    """Capacity minutes of ``day`` on the allowed side of ``limit`` (all of them on other days)."""
    share = (resource.critical_load_pct or HUNDRED) / HUNDRED
    periods = resource.calendar.periods(day)
    if forward:
        minutes = sum(max(end - max(start, limit), 0) for start, end in periods)
    else:
        minutes = sum(max(min(end, limit) - start, 0) for start, end in periods)
    return math.floor(minutes * resource.capacity * share)


def _place(
    book: CapacityBook, resource: Capacity, day: Day, minutes: int, forward: bool
) -> LoadedPiece:
    """Where the piece lies in the day: after (or before) what the day already holds."""
    periods = resource.calendar.periods(day)
    before = book.loaded[(resource.code, day)]
    parallel = resource.capacity
    offset = math.floor(before / parallel)
    length = math.ceil(minutes / parallel)
    if forward:
        start = _walk(periods, offset)
        end = _walk(periods, offset + length)
    else:
        end = _walk_back(periods, offset)
        start = _walk_back(periods, offset + length)
    return LoadedPiece(day, minutes, start, end)


def _walk(periods: tuple[Piece, ...], minutes: int) -> Minute:
    """The minute ``minutes`` of working time after the day's first working minute."""
    for start, end in periods:
        if minutes <= end - start:
            return start + minutes
        minutes -= end - start
    return periods[-1][1] + minutes  # over the allowance (dampener): past the last shift


def _walk_back(periods: tuple[Piece, ...], minutes: int) -> Minute:
    for start, end in reversed(periods):
        if minutes <= end - start:
            return end - minutes
        minutes -= end - start
    return periods[0][0] - minutes
