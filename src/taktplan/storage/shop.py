"""The shop of the planning world: calendars, work and machine centers, routings, changeovers.

``write_shop`` inserts a :class:`~taktplan.domain.shop.ShopData` as rows (the
caller has deleted the old ones, in the same transaction); ``read_shop``
builds it again, every list in the order it was written. The routings refer
to items, so they are written after the items.
"""

from __future__ import annotations

from collections import defaultdict
from types import MappingProxyType
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from taktplan.capacity.resources import SETTINGS, MachineCenter, WorkCenter
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.sequencing import ChangeoverMatrix, ChangeoverRule
from taktplan.capacity.shop_calendar import Shift, ShopCalendar
from taktplan.domain.dates import from_day, to_day
from taktplan.domain.shop import ShopData
from taktplan.storage.models import (
    Base,
    ChangeoverRecord,
    MachineCenterRecord,
    RoutingOperationRecord,
    ShopCalendarRecord,
    ShopHolidayRecord,
    ShopShiftRecord,
    WorkCenterRecord,
)
from taktplan.storage.rows import bulk_insert, table_of

SHOP_TABLES: tuple[type[Base], ...] = (
    ChangeoverRecord,
    RoutingOperationRecord,
    MachineCenterRecord,
    WorkCenterRecord,
    ShopShiftRecord,
    ShopHolidayRecord,
    ShopCalendarRecord,
)
"""The shop's tables, children before the rows they refer to (the order to delete them)."""


def write_shop(session: Session, shop: ShopData) -> None:
    _write_calendars(session, shop.calendars)
    bulk_insert(
        session,
        WorkCenterRecord,
        [
            {"code": center.code, "calendar_code": center.calendar, **_settings(center)}
            for center in shop.work_centers
        ],
    )
    bulk_insert(
        session,
        MachineCenterRecord,
        [
            {"code": machine.code, "work_center_code": machine.work_center, **_settings(machine)}
            for machine in shop.machine_centers
        ],
    )
    bulk_insert(
        session,
        RoutingOperationRecord,
        [
            _operation_row(routing.item, line_no, op)
            for routing in shop.routings.values()
            for line_no, op in enumerate(routing.operations, start=1)
        ],
    )
    bulk_insert(
        session,
        ChangeoverRecord,
        [
            {
                "attribute": rule.attribute,
                "from_value": rule.from_value,
                "to_value": rule.to_value,
                "minutes": rule.minutes,
                "resource": rule.resource,
            }
            for rule in shop.changeovers.rules
        ],
    )


def _write_calendars(session: Session, calendars: tuple[ShopCalendar, ...]) -> None:
    bulk_insert(session, ShopCalendarRecord, [{"code": c.code} for c in calendars])
    shifts = [
        {
            "calendar_code": calendar.code,
            "weekday": weekday,
            "start_minute": shift.start,
            "end_minute": shift.end,
        }
        for calendar in calendars
        for weekday, day in enumerate(calendar.weekly)
        for shift in day
    ]
    bulk_insert(session, ShopShiftRecord, shifts)
    holidays = [
        {"calendar_code": calendar.code, "date": from_day(day)}
        for calendar in calendars
        for day in sorted(calendar.holidays)
    ]
    bulk_insert(session, ShopHolidayRecord, holidays)


def _settings(center: WorkCenter | MachineCenter) -> dict[str, Any]:
    return {name: getattr(center, name) for name in SETTINGS}


def _operation_row(item: str, line_no: int, op: RoutingOperation) -> dict[str, Any]:
    return {
        "item_no": item,
        "line_no": line_no,
        "operation_no": op.no,
        "resource": op.resource,
        "setup_time": op.setup_time,
        "run_time": op.run_time,
        "wait_time": op.wait_time,
        "move_time": op.move_time,
        "alternatives": list(op.alternatives),
        "components": list(op.components),
        "unit_cost_per": op.unit_cost_per,
        "description": op.description,
    }


def read_shop(session: Session) -> ShopData:
    return ShopData(
        calendars=_read_calendars(session),
        work_centers=tuple(
            WorkCenter(row.code, row.calendar_code, **_row_settings(row))
            for row in _rows(session, WorkCenterRecord)
        ),
        machine_centers=tuple(
            MachineCenter(row.code, row.work_center_code, **_row_settings(row))
            for row in _rows(session, MachineCenterRecord)
        ),
        routings=_read_routings(session),
        changeovers=ChangeoverMatrix(
            tuple(
                ChangeoverRule(
                    row.attribute, row.from_value, row.to_value, row.minutes, row.resource
                )
                for row in _rows(session, ChangeoverRecord)
            )
        ),
    )


def _rows(session: Session, model: type[Base]) -> list[Row[Any]]:
    table = table_of(model)
    return list(session.execute(select(table).order_by(table.c.id)))


def _row_settings(row: Row[Any]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in SETTINGS}


def _read_calendars(session: Session) -> tuple[ShopCalendar, ...]:
    weekly: dict[str, list[list[Shift]]] = defaultdict(lambda: [[] for _ in range(7)])
    for row in _rows(session, ShopShiftRecord):
        weekly[row.calendar_code][row.weekday].append(Shift(row.start_minute, row.end_minute))
    holidays: dict[str, set[int]] = defaultdict(set)
    for row in _rows(session, ShopHolidayRecord):
        holidays[row.calendar_code].add(to_day(row.date))
    return tuple(
        ShopCalendar(
            row.code,
            tuple(tuple(day) for day in weekly[row.code]),
            frozenset(holidays[row.code]),
        )
        for row in _rows(session, ShopCalendarRecord)
    )


def _read_routings(session: Session) -> MappingProxyType[str, Routing]:
    operations: dict[str, list[RoutingOperation]] = {}
    for row in _rows(session, RoutingOperationRecord):
        operations.setdefault(row.item_no, []).append(
            RoutingOperation(
                no=row.operation_no,
                resource=row.resource,
                setup_time=row.setup_time,
                run_time=row.run_time,
                wait_time=row.wait_time,
                move_time=row.move_time,
                alternatives=tuple(row.alternatives),
                components=tuple(row.components),
                description=row.description,
                unit_cost_per=row.unit_cost_per,
            )
        )
    return MappingProxyType({item: Routing(item, tuple(ops)) for item, ops in operations.items()})
