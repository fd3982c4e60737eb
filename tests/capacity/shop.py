"""A small shop for the capacity tests: 08:00-12:00 and 13:00-17:00 on weekdays.

Monday 2027-01-04 is the first day; every weekday has 480 working minutes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from taktplan.capacity.resources import MachineCenter, Shop, WorkCenter, build_shop
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.shop_calendar import Minute, Shift, ShopCalendar, minute_of
from taktplan.domain.dates import to_day

DAY_SHIFTS = (Shift(8 * 60, 12 * 60), Shift(13 * 60, 17 * 60))


def day(iso: str) -> int:
    return to_day(dt.date.fromisoformat(iso))


def at(iso: str, clock: str) -> Minute:
    hours, minutes = clock.split(":")
    return minute_of(day(iso), int(hours) * 60 + int(minutes))


def calendar(*holidays: str) -> ShopCalendar:
    return ShopCalendar.weekdays("STD", DAY_SHIFTS, frozenset(day(h) for h in holidays))


def shop(
    *holidays: str,
    paint_critical: Decimal | None = None,
    paint_dampener: Decimal = Decimal(0),
) -> Shop:
    return build_shop(
        [calendar(*holidays)],
        [
            WorkCenter("CUT", "STD", unit_cost=Decimal("0.8")),
            WorkCenter("WELD", "STD", unit_cost=Decimal("1.2")),
            WorkCenter(
                "PAINT",
                "STD",
                critical_load_pct=paint_critical,
                dampener_pct=paint_dampener,
            ),
        ],
        [MachineCenter("LASER-1", "CUT", efficiency_pct=Decimal(80))],
    )


FRAME = Routing(
    "FRAME",
    (
        RoutingOperation("10", "CUT", Decimal(30), Decimal(6), move_time=60),
        RoutingOperation("20", "WELD", Decimal(60), Decimal(12)),
    ),
)
