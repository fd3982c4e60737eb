"""The shop in a case document: written from :class:`~taktplan.domain.shop.ShopData`.

:func:`shop_document` gives the ``"shop"`` object of docs/shop-data.md, with
default values left out, so that a case file reads back to the same shop.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from taktplan.capacity.resources import SETTINGS, CenterSettings, MachineCenter, WorkCenter
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.shop_calendar import Shift, ShopCalendar
from taktplan.domain.dates import iso
from taktplan.domain.shop import ShopData
from taktplan.io.shop_text import WEEKDAY_KEYS, shift_text

_DEFAULT_CENTER = CenterSettings()
_DEFAULT_OPERATION = RoutingOperation("", "")
_OPERATION_FIELDS = (
    "setup_time",
    "run_time",
    "wait_time",
    "move_time",
    "alternatives",
    "components",
    "unit_cost_per",
    "description",
)


def shop_document(shop: ShopData) -> dict[str, Any] | None:
    """The ``"shop"`` object of a case document; None when there is no shop at all."""
    document: dict[str, Any] = {
        "calendars": [_calendar(calendar) for calendar in shop.calendars],
        "work_centers": [_center(center) for center in shop.work_centers],
        "machine_centers": [_center(center) for center in shop.machine_centers],
        "routings": [_routing(routing) for routing in shop.routings.values()],
        "changeovers": [
            {
                "attribute": rule.attribute,
                "from": rule.from_value,
                "to": rule.to_value,
                "minutes": rule.minutes,
            }
            for rule in shop.changeovers.rules
        ],
    }
    kept = {name: rows for name, rows in document.items() if rows}
    return kept or None


def _texts(shifts: tuple[Shift, ...]) -> list[str]:
    return [shift_text(shift) for shift in shifts]


def _calendar(calendar: ShopCalendar) -> dict[str, Any]:
    """``weekdays`` when Monday to Friday share their shifts, else ``shifts`` for every day."""
    record: dict[str, Any] = {"code": calendar.code}
    monday = calendar.weekly[0]
    same_weekdays = bool(monday) and all(day == monday for day in calendar.weekly[:5])
    if same_weekdays:
        record["weekdays"] = _texts(monday)
    named = range(5, 7) if same_weekdays else range(7)
    shifts = {WEEKDAY_KEYS[day]: _texts(calendar.weekly[day]) for day in named}
    shifts = {day: texts for day, texts in shifts.items() if texts}
    if shifts:
        record["shifts"] = shifts
    if calendar.holidays:
        record["holidays"] = [iso(day) for day in sorted(calendar.holidays)]
    return record


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def _center(center: WorkCenter | MachineCenter) -> dict[str, Any]:
    link = (
        {"calendar": center.calendar}
        if isinstance(center, WorkCenter)
        else {"work_center": center.work_center}
    )
    record: dict[str, Any] = {"code": center.code, **link}
    for name in SETTINGS:
        value = getattr(center, name)
        if value != getattr(_DEFAULT_CENTER, name):
            record[name] = _value(value)
    return record


def _routing(routing: Routing) -> dict[str, Any]:
    operations = []
    for op in routing.operations:
        record: dict[str, Any] = {"no": op.no, "resource": op.resource}
        for name in _OPERATION_FIELDS:
            value = getattr(op, name)
            if value != getattr(_DEFAULT_OPERATION, name):
                record[name] = _value(value)
        operations.append(record)
    return {"item": routing.item, "operations": operations}
