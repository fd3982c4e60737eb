"""Scheduling production orders through routings and shop calendars (infinite capacity)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from taktplan.capacity.order_schedule import schedule_backward, schedule_forward
from taktplan.capacity.resources import WorkCenter, build_shop
from taktplan.capacity.routing import Routing, RoutingOperation, check_routings, process_minutes
from taktplan.capacity.shop_calendar import Shift, ShopCalendar, clock
from taktplan.errors import InputError
from tests.capacity.shop import DAY_SHIFTS, FRAME, at, calendar, day, shop


def _pieces(schedule_op: object) -> list[str]:
    pieces = schedule_op.pieces  # type: ignore[attr-defined]
    return [f"{clock(start)}-{clock(end)[-5:]}" for start, end in pieces]


def test_backward_from_the_due_date_across_a_weekend_and_a_holiday() -> None:
    """50 frames due Monday 2027-01-11, Thursday 01-07 a holiday.
    WELD 60 + 50 x 12 = 660 min: Monday 480 (08-12, 13-17), Friday 180 (14:00-17:00).
    CUT 30 + 50 x 6 = 330 min must end by Friday 14:00 - 60 min move = 13:00:
    Friday 08-12 (240), then 90 more on Wednesday 15:30-17:00 (Thursday is off)."""
    order = schedule_backward("PRD-1", FRAME, Decimal(50), day("2027-01-11"), shop("2027-01-07"))
    cut, weld = order.operations
    assert (weld.setup_minutes, weld.run_minutes) == (60, 600)
    assert _pieces(weld) == [
        "2027-01-08 14:00-17:00",
        "2027-01-11 08:00-12:00",
        "2027-01-11 13:00-17:00",
    ]
    assert _pieces(cut) == ["2027-01-06 15:30-17:00", "2027-01-08 08:00-12:00"]
    assert (order.start, order.end) == (at("2027-01-06", "15:30"), at("2027-01-11", "17:00"))


def test_forward_from_a_start_across_a_weekend_and_a_holiday() -> None:
    """Start Friday 2027-01-08 08:00, Monday 01-11 a holiday.
    CUT 330 min: Friday 08-12 and 13:00-14:30; move 60 -> WELD from 15:30:
    Friday 90, Tuesday 480, Wednesday 90 (08:00-09:30)."""
    order = schedule_forward(
        "PRD-2", FRAME, Decimal(50), at("2027-01-08", "08:00"), shop("2027-01-11")
    )
    cut, weld = order.operations
    assert _pieces(cut) == ["2027-01-08 08:00-12:00", "2027-01-08 13:00-14:30"]
    assert _pieces(weld) == [
        "2027-01-08 15:30-17:00",
        "2027-01-12 08:00-12:00",
        "2027-01-12 13:00-17:00",
        "2027-01-13 08:00-09:30",
    ]


def test_a_due_date_on_a_holiday_ends_the_working_day_before() -> None:
    order = schedule_backward("PRD-3", FRAME, Decimal(1), day("2027-01-11"), shop("2027-01-11"))
    assert order.end == at("2027-01-08", "17:00")


def test_efficiency_queue_and_parallel_units() -> None:
    """LASER-1 at 80 %: setup 30 -> 38 (37.5 up), run 10 x 6 = 60 -> 75.
    A work center of 2 units halves the run (not the setup) in working time;
    a 45-minute queue comes before the operation."""
    laser = RoutingOperation("10", "LASER-1", Decimal(30), Decimal(6))
    the_shop = shop()
    assert process_minutes(laser, the_shop["LASER-1"], Decimal(10)) == (38, 75)
    two = build_shop([calendar()], [WorkCenter("CUT", "STD", capacity=Decimal(2), queue_time=45)])
    routing = Routing("X", (RoutingOperation("10", "CUT", Decimal(30), Decimal(6)),))
    order = schedule_forward("PRD-4", routing, Decimal(10), at("2027-01-04", "08:00"), two)
    [op] = order.operations
    assert (op.setup_minutes, op.run_minutes) == (30, 60)
    assert _pieces(op) == ["2027-01-04 08:45-09:45"]  # queue 45, then 30 + 60 / 2


def test_bad_shop_data_names_the_record_and_field() -> None:
    with pytest.raises(InputError) as caught:
        Shift(17 * 60, 8 * 60)
    assert caught.value.field == "start"
    with pytest.raises(InputError, match="no working time"):
        ShopCalendar("NONE", ((),) * 7)
    with pytest.raises(InputError, match="shifts of a day overlap"):
        ShopCalendar.weekdays("X", (Shift(480, 720), Shift(700, 900)))
    with pytest.raises(InputError, match="unknown calendar 'NIGHT'") as caught:
        build_shop([calendar()], [WorkCenter("CUT", "NIGHT")])
    assert (caught.value.record, caught.value.field) == ("work center CUT", "calendar")
    with pytest.raises(InputError, match="capacity must be positive"):
        build_shop([calendar()], [WorkCenter("CUT", "STD", capacity=Decimal(0))])
    bad = Routing("FRAME", (RoutingOperation("10", "DRILL"),))
    with pytest.raises(InputError, match="unknown work or machine center 'DRILL'") as caught:
        check_routings({"FRAME": bad}, shop())
    assert caught.value.record == "routing FRAME operation 10"
    negative = Routing("FRAME", (RoutingOperation("10", "CUT", run_time=Decimal(-1)),))
    with pytest.raises(InputError, match="must not be negative") as caught:
        check_routings({"FRAME": negative}, shop())
    assert caught.value.field == "run_time"
    twice = Routing("FRAME", (RoutingOperation("10", "CUT"), RoutingOperation("10", "WELD")))
    with pytest.raises(InputError, match=r"operation no\. used twice"):
        check_routings({"FRAME": twice}, shop())


def test_the_calendar_counts_working_minutes() -> None:
    cal = ShopCalendar.weekdays("STD", DAY_SHIFTS, frozenset({day("2027-01-06")}))
    week = [cal.minutes(day("2027-01-04") + n) for n in range(7)]
    assert week == [480, 480, 0, 480, 480, 0, 0]
