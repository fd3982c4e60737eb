"""Finite loading on a capacity-constrained resource, and the capacity load report."""

from __future__ import annotations

from decimal import Decimal

from taktplan.capacity.load_report import Bucket, capacity_load
from taktplan.capacity.loading import CapacityBook, load_backward, load_forward
from taktplan.capacity.order_schedule import schedule_backward, schedule_forward
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.shop_calendar import clock
from tests.capacity.shop import FRAME, at, day, shop

MONDAY = "2027-01-04"
PAINT = Routing("FRAME", (RoutingOperation("10", "PAINT", Decimal(60), Decimal(10)),))


def _pieces(pieces: list[tuple[int, int]]) -> list[str]:
    return [f"{clock(start)}-{clock(end)[-5:]}" for start, end in pieces]


def _busy_monday(critical: Decimal = Decimal(100), dampener: Decimal = Decimal(0)) -> tuple:  # type: ignore[type-arg]
    the_shop = shop(paint_critical=critical, paint_dampener=dampener)
    book = CapacityBook()
    book.load(the_shop["PAINT"], day(MONDAY), 400)  # 80 of Monday's 480 minutes left
    return the_shop, book


def test_an_operation_too_big_for_the_free_slot_is_split_with_setup_counted_once() -> None:
    """Setup 60 + 10 x 10 = 160 minutes from Monday 08:00: 80 fit on Monday after
    the 400 loaded (15:40-17:00), the other 80 go to Tuesday 08:00-09:20. The
    setup is not repeated: the book holds 160 more minutes, not 220."""
    the_shop, book = _busy_monday()
    order = schedule_forward("PRD-1", PAINT, Decimal(10), at(MONDAY, "08:00"), the_shop, book)
    [paint] = order.operations
    assert _pieces(list(paint.pieces)) == ["2027-01-04 15:40-17:00", "2027-01-05 08:00-09:20"]
    assert book.loaded[("PAINT", day(MONDAY))] == 480
    assert book.loaded[("PAINT", day(MONDAY) + 1)] == 80


def test_the_dampener_lets_the_last_day_go_over_instead_of_splitting() -> None:
    """Dampener 20 % of 480 = 96 minutes: the 80 over Monday's room fit within it."""
    the_shop, book = _busy_monday(dampener=Decimal(20))
    order = schedule_forward("PRD-1", PAINT, Decimal(10), at(MONDAY, "08:00"), the_shop, book)
    [paint] = order.operations
    assert len(paint.pieces) == 1
    assert book.loaded[("PAINT", day(MONDAY))] == 560
    assert book.loaded[("PAINT", day(MONDAY) + 1)] == 0


def test_the_dampener_does_not_help_when_the_rest_is_larger() -> None:
    """Dampener 10 % = 48 minutes < the 80 over: split as without a dampener."""
    the_shop, book = _busy_monday(dampener=Decimal(10))
    pieces = load_forward(book, the_shop["PAINT"], at(MONDAY, "08:00"), 160)
    assert [(p.day - day(MONDAY), p.minutes) for p in pieces] == [(0, 80), (1, 80)]


def test_critical_load_caps_each_day() -> None:
    """Critical load 75 %: 360 of 480 minutes a day. 900 minutes backward from
    Wednesday 17:00 take Wednesday 360, Tuesday 360 and Monday 180."""
    the_shop = shop(paint_critical=Decimal(75))
    book = CapacityBook()
    pieces = load_backward(book, the_shop["PAINT"], at("2027-01-06", "17:00"), 900)
    assert [(p.day - day(MONDAY), p.minutes) for p in pieces] == [(0, 180), (1, 360), (2, 360)]
    assert book.room(the_shop["PAINT"], day("2027-01-06")) == 0


def test_a_second_order_goes_into_the_nearest_free_time() -> None:
    """Two orders of 60 + 42 x 10 = 480 minutes due Wednesday on PAINT (finite 100 %):
    the first takes Wednesday, the second Tuesday; an infinite WELD would overlap."""
    the_shop = shop(paint_critical=Decimal(100))
    book = CapacityBook()
    first = schedule_backward("PRD-1", PAINT, Decimal(42), day("2027-01-06"), the_shop, book)
    second = schedule_backward("PRD-2", PAINT, Decimal(42), day("2027-01-06"), the_shop, book)
    assert _pieces(list(first.operations[0].pieces)) == [
        "2027-01-06 08:00-12:00",
        "2027-01-06 13:00-17:00",
    ]
    assert _pieces(list(second.operations[0].pieces)) == [
        "2027-01-05 08:00-12:00",
        "2027-01-05 13:00-17:00",
    ]


def test_capacity_load_per_day_and_week_with_overloads() -> None:
    """Two FRAME orders of 50 due Monday 01-11 (infinite): WELD needs 660 each,
    480 on Monday and 180 on Friday: Monday 960 of 480 = 200 %, Friday 360 = 75 %."""
    the_shop = shop()
    orders = [
        schedule_backward(f"PRD-{n}", FRAME, Decimal(50), day("2027-01-11"), the_shop)
        for n in (1, 2)
    ]
    operations = [op for order in orders for op in order.operations]
    rows = capacity_load(
        operations, the_shop, day("2027-01-08"), day("2027-01-11"), resources=["WELD"]
    )
    figures = [
        (r.period - day(MONDAY), r.load, r.available, r.used_pct, r.overloaded) for r in rows
    ]
    assert figures == [
        (4, 360, 480, Decimal("75.0"), False),
        (5, 0, 0, Decimal(0), False),
        (6, 0, 0, Decimal(0), False),
        (7, 960, 480, Decimal("200.0"), True),
    ]
    weeks = capacity_load(
        operations, the_shop, day(MONDAY), day("2027-01-17"), Bucket.WEEK, resources=["WELD"]
    )
    assert [(r.period - day(MONDAY), r.load, r.available) for r in weeks] == [
        (0, 360, 2400),
        (7, 960, 2400),
    ]
