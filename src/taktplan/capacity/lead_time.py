"""Routing lead time: how long a production order takes, from its routing and quantity.

A production order of an item with a routing does not use the item's lead
time formula: planning schedules its operations through the shop calendars
at infinite capacity (backward from the ending date, or forward from the
starting date for reorder-point orders), so a larger order takes longer.
The starting date is the day the first operation starts (queue time
included); the ending date the day the last one ends.

A component the routing links to an operation is needed on the day that
operation starts, not on the order's starting date.

Results are cached per item, quantity and date: planning asks for the same
order many times.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from taktplan.capacity.order_schedule import OrderSchedule, schedule_backward, schedule_forward
from taktplan.capacity.resources import Shop
from taktplan.capacity.routing import Routing
from taktplan.capacity.shop_calendar import day_of, minute_of
from taktplan.domain.dates import Day

_EMPTY: Mapping[str, Day] = MappingProxyType({})


class RoutingLeadTimes:
    """Order dates and component days from routings (one per planning world)."""

    def __init__(self, routings: Mapping[str, Routing], shop: Shop) -> None:
        self._routings = routings
        self._shop = shop
        self._cache: dict[tuple[str, Decimal, Day, bool], OrderSchedule] = {}

    def routed(self, item: str) -> bool:
        return item in self._routings

    def schedule(self, item: str, qty: Decimal, day: Day, *, forward: bool) -> OrderSchedule:
        """The order's operations ending by the end of ``day`` (or starting on ``day``)."""
        key = (item, qty, day, forward)
        found = self._cache.get(key)
        if found is None:
            routing = self._routings[item]
            if forward:
                found = schedule_forward(item, routing, qty, minute_of(day), self._shop)
            else:
                found = schedule_backward(item, routing, qty, day, self._shop)
            self._cache[key] = found
        return found

    def starting(self, item: str, qty: Decimal, ending: Day) -> Day:
        """The starting date of an order of ``qty`` that must end on ``ending``."""
        return day_of(self.schedule(item, qty, ending, forward=False).start)

    def ending(self, item: str, qty: Decimal, starting: Day) -> Day:
        """The ending date of an order of ``qty`` that starts on ``starting``."""
        end = self.schedule(item, qty, starting, forward=True).end
        return day_of(end - 1) if end % 1440 == 0 and end > minute_of(starting) else day_of(end)

    def component_days(
        self, item: str, qty: Decimal, day: Day, *, forward: bool = False
    ) -> Mapping[str, Day]:
        """The day each linked component is needed: when its operation starts."""
        routing = self._routings.get(item)
        if routing is None or not any(op.components for op in routing.operations):
            return _EMPTY
        placed = self.schedule(item, qty, day, forward=forward).operations
        days: dict[str, Day] = {}
        for op, where in zip(routing.operations, placed, strict=True):
            for component in op.components:
                days.setdefault(component, day_of(where.start))
        return days
