"""Forecast and blanket-order consumption (planning-spec §3.4-§3.5).

A forecast period runs from a forecast date to the day before the next date
with forecast (or to the planning end). Sales lines of the period consume it,
except lines made from a blanket order; what remains is planned as demand on
the forecast date. A blanket order is consumed only by the sales lines made
from it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from taktplan.domain.calendar import WorkCalendar
from taktplan.domain.dates import Day
from taktplan.domain.documents import Demand, DemandType
from taktplan.domain.item import ZERO


def consume_forecast(
    demands: Iterable[Demand], start: Day, end: Day, calendar: WorkCalendar | None = None
) -> list[Demand]:
    """Replace forecast and blanket lines by their unconsumed remainder.

    The remainder is due on the forecast date (the start for a period that
    began before it), moved forward to a working day of the calendar.
    """
    demands = list(demands)
    forecasts = [d for d in demands if d.type is DemandType.FORECAST]
    blankets = [d for d in demands if d.type is DemandType.BLANKET]
    others = [d for d in demands if d.type not in (DemandType.FORECAST, DemandType.BLANKET)]
    result = list(others)
    calendar = calendar or WorkCalendar()
    result += [
        replace(f, date=calendar.next_working(f.date))
        for f in _remaining_forecast(forecasts, others, start, end)
    ]
    result += _remaining_blanket(blankets, others)
    return result


def _remaining_forecast(
    forecasts: list[Demand], others: list[Demand], start: Day, end: Day
) -> list[Demand]:
    by_kind: dict[bool, list[Demand]] = defaultdict(list)
    for forecast in forecasts:
        if forecast.qty > 0 and forecast.date <= end:
            by_kind[forecast.component_forecast].append(forecast)
    remaining: list[Demand] = []
    for component, entries in sorted(by_kind.items()):
        consumers = [
            d
            for d in others
            if (d.type is DemandType.COMPONENT if component else d.type is DemandType.SALES)
            and d.blanket_id is None
        ]
        remaining += _periods(entries, consumers, start, end)
    return remaining


def _periods(entries: list[Demand], consumers: list[Demand], start: Day, end: Day) -> list[Demand]:
    dates = sorted({f.date for f in entries})
    before = [day for day in dates if day <= start]
    first = before[-1] if before else None
    dates = ([first] if first is not None else []) + [day for day in dates if day > start]
    result: list[Demand] = []
    for index, day in enumerate(dates):
        period_end = dates[index + 1] - 1 if index + 1 < len(dates) else end
        period_start = max(day, start)
        total = sum((f.qty for f in entries if f.date == day), ZERO)
        # Sales from the forecast date on consume it, also those before the start.
        consumed = sum((c.qty for c in consumers if day <= c.date <= period_end), ZERO)
        left = total - consumed
        if left > 0:
            template = min((f for f in entries if f.date == day), key=lambda f: f.id)
            result.append(replace(template, date=period_start, qty=left, reserved_qty=ZERO))
    return result


def _remaining_blanket(blankets: list[Demand], others: list[Demand]) -> list[Demand]:
    result: list[Demand] = []
    for blanket in blankets:
        made = sum(
            (d.qty for d in others if d.type is DemandType.SALES and d.blanket_id == blanket.id),
            ZERO,
        )
        if blanket.qty > made:
            result.append(replace(blanket, qty=blanket.qty - made, reserved_qty=ZERO))
    return result
