"""Schedule a production order through its routing, backward from its due date or forward.

Backward: the last operation ends by the end of the working day of the due
date; each operation before it ends early enough for its wait and move time
and the next operation's queue time. Forward: the first operation starts at
the start minute (after its queue time) and each next one after the previous
one's end plus wait and move time. Infinite capacity follows the calendars
only; a finite resource (critical load % set) goes through the capacity book
(see :mod:`taktplan.capacity.loading`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from taktplan.capacity.loading import CapacityBook, LoadedPiece, load_backward, load_forward
from taktplan.capacity.resources import Capacity, Shop
from taktplan.capacity.routing import Routing, elapsed_minutes, process_minutes
from taktplan.capacity.shop_calendar import Minute, Piece, day_of
from taktplan.domain.dates import Day


@dataclass(frozen=True, slots=True)
class ScheduledOperation:
    """An operation of an order placed in time; ``pieces`` are its working periods.

    ``setup_minutes`` and ``run_minutes`` are the capacity it needs (its load);
    with parallel units the pieces span less working time than that.
    """

    order: str
    operation: str
    resource: str
    setup_minutes: int
    run_minutes: int
    pieces: tuple[Piece, ...]
    # The changeover the resource does right before it (sequenced schedules only).
    changeover: tuple[Piece, ...] = ()

    @property
    def start(self) -> Minute:
        return self.pieces[0][0]

    @property
    def end(self) -> Minute:
        return self.pieces[-1][1]

    @property
    def need(self) -> int:
        return self.setup_minutes + self.run_minutes

    def load_by_day(self) -> dict[Day, int]:
        """The capacity it needs per day, shared out like its working time (sums to ``need``)."""
        spans: dict[Day, int] = {}
        for start, end in self.pieces:
            spans[day_of(start)] = spans.get(day_of(start), 0) + end - start
        length = sum(spans.values())
        if length == 0:
            return {day_of(self.start): self.need}
        shares: dict[Day, int] = {}
        given = 0
        for n, (day, span) in enumerate(sorted(spans.items())):
            share = self.need - given if n == len(spans) - 1 else self.need * span // length
            shares[day] = share
            given += share
        return shares


@dataclass(frozen=True, slots=True)
class OrderSchedule:
    order: str
    item: str
    qty: Decimal
    operations: tuple[ScheduledOperation, ...]

    @property
    def start(self) -> Minute:
        return self.operations[0].start

    @property
    def end(self) -> Minute:
        return self.operations[-1].end


def schedule_backward(
    order: str,
    routing: Routing,
    qty: Decimal,
    due: Day,
    shop: Shop,
    book: CapacityBook | None = None,
) -> OrderSchedule:
    """Schedule backward so that the last operation ends by the end of the due date."""
    last = shop[routing.operations[-1].resource]
    limit = last.calendar.end_of_day(due)
    placed: list[ScheduledOperation] = []
    for index in range(len(routing.operations) - 1, -1, -1):
        op = routing.operations[index]
        where = shop[op.resource]
        setup, run = process_minutes(op, where, qty)
        pieces = _place_backward(where, limit, (setup, run), book)
        placed.append(ScheduledOperation(order, op.no, where.code, setup, run, pieces))
        start = pieces[0][0]
        if where.queue_time:
            start = where.calendar.backward(start, where.queue_time)[0][0]
        if index > 0:
            before = routing.operations[index - 1]
            limit = start - before.wait_time - before.move_time
    return OrderSchedule(order, routing.item, qty, tuple(placed[::-1]))


def schedule_forward(
    order: str,
    routing: Routing,
    qty: Decimal,
    start: Minute,
    shop: Shop,
    book: CapacityBook | None = None,
) -> OrderSchedule:
    """Schedule forward from ``start``: each operation after the previous one."""
    placed: list[ScheduledOperation] = []
    earliest = start
    for op in routing.operations:
        where = shop[op.resource]
        if where.queue_time:
            earliest = where.calendar.forward(earliest, where.queue_time)[-1][1]
        setup, run = process_minutes(op, where, qty)
        pieces = _place_forward(where, earliest, (setup, run), book)
        placed.append(ScheduledOperation(order, op.no, where.code, setup, run, pieces))
        earliest = pieces[-1][1] + op.wait_time + op.move_time
    return OrderSchedule(order, routing.item, qty, tuple(placed))


def _place_backward(
    where: Capacity, limit: Minute, work: tuple[int, int], book: CapacityBook | None
) -> tuple[Piece, ...]:
    if book is not None and where.finite:
        return _working_pieces(where, load_backward(book, where, limit, sum(work)))
    setup, run = work
    return tuple(where.calendar.backward(limit, elapsed_minutes(where, setup, run)))


def _place_forward(
    where: Capacity, earliest: Minute, work: tuple[int, int], book: CapacityBook | None
) -> tuple[Piece, ...]:
    if book is not None and where.finite:
        return _working_pieces(where, load_forward(book, where, earliest, sum(work)))
    setup, run = work
    return tuple(where.calendar.forward(earliest, elapsed_minutes(where, setup, run)))


def _working_pieces(where: Capacity, loaded: list[LoadedPiece]) -> tuple[Piece, ...]:
    """A loaded day's block cut into the calendar's working periods (breaks left out)."""
    pieces: list[Piece] = []
    for block in loaded:
        if block.start == block.end:
            pieces.append((block.start, block.end))
            continue
        for begin, end in where.calendar.periods(block.day):
            if begin < block.end and block.start < end:
                pieces.append((max(begin, block.start), min(end, block.end)))
    return tuple(pieces)
