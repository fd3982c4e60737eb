"""Master data: locations, items with their BOMs, SKUs and the work calendar.

The shop (calendars, centers, routings, changeovers) is in :mod:`taktplan.storage.shop`.

``write_*`` insert domain records as rows; ``read_*`` select plain columns
(Core rows, no ORM objects: a world can have 100,000 items) and build the
domain records again, in the order they were written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from taktplan.domain.calendar import WorkCalendar
from taktplan.domain.dates import from_day, to_day
from taktplan.domain.item import BomLine, Item, Location, PlanningParameters, Sku
from taktplan.storage.models import (
    BomLineRecord,
    Holiday,
    ItemRecord,
    LocationRecord,
    NonWorkingWeekday,
    SkuRecord,
)
from taktplan.storage.rows import bulk_insert, sku_columns, sku_of, table_of

PARAMETERS = PlanningParameters.field_names()


def _parameter_values(parameters: PlanningParameters) -> dict[str, Any]:
    return {name: getattr(parameters, name) for name in PARAMETERS}


def _parameters_of(columns: Sequence[str]) -> Callable[[Row[Any]], PlanningParameters]:
    """Planning parameters from rows with these columns, picked by position.

    A row's attributes by name cost a lookup each; 100,000 item cards have 22
    planning fields each, so the positions are worked out once per query.
    """
    pick = itemgetter(*(list(columns).index(name) for name in PARAMETERS))
    return lambda row: PlanningParameters(*pick(row))


def write_locations(session: Session, cards: Iterable[Location]) -> None:
    rows = [
        {
            "code": card.code,
            "inbound_handling": card.inbound_handling,
            "outbound_handling": card.outbound_handling,
        }
        for card in cards
    ]
    bulk_insert(session, LocationRecord, rows)


def read_locations(session: Session) -> list[Location]:
    table = table_of(LocationRecord)
    rows = session.execute(select(table).order_by(table.c.id))
    return [Location(row.code, row.inbound_handling, row.outbound_handling) for row in rows]


def write_items(session: Session, items: Iterable[Item]) -> None:
    """The item cards first, then every BOM line (numbered from 1 per parent)."""
    item_rows: list[dict[str, Any]] = []
    bom_rows: list[dict[str, Any]] = []
    for item in items:
        item_rows.append(
            {
                "no": item.no,
                "scrap_pct": item.scrap_pct,
                "manufacturing_policy": item.manufacturing_policy,
                "unit_cost": item.unit_cost,
                "lot_specific": item.lot_specific,
                "standard_cost": item.standard_cost,
                "indirect_cost_pct": item.indirect_cost_pct,
                "overhead_rate": item.overhead_rate,
                "attributes": dict(item.attributes),
                **_parameter_values(item.parameters),
            }
        )
        bom_rows += [
            {
                "parent_no": item.no,
                "line_no": line_no,
                "component_no": line.component,
                "qty_per": line.qty_per,
                "scrap_pct": line.scrap_pct,
                "variant": line.variant,
                "phantom": line.phantom,
            }
            for line_no, line in enumerate(item.bom, start=1)
        ]
    bulk_insert(session, ItemRecord, item_rows)
    bulk_insert(session, BomLineRecord, bom_rows)


def read_items(session: Session) -> list[Item]:
    boms: dict[str, list[BomLine]] = defaultdict(list)
    bom = table_of(BomLineRecord)
    for line in session.execute(select(bom).order_by(bom.c.parent_no, bom.c.line_no)):
        boms[line.parent_no].append(
            BomLine(line.component_no, line.qty_per, line.scrap_pct, line.variant, line.phantom)
        )
    table = table_of(ItemRecord)
    rows = session.execute(select(table).order_by(table.c.id))
    parameters = _parameters_of(list(rows.keys()))
    return [
        Item(
            no=row.no,
            parameters=parameters(row),
            scrap_pct=row.scrap_pct,
            manufacturing_policy=row.manufacturing_policy,
            unit_cost=row.unit_cost,
            lot_specific=row.lot_specific,
            bom=tuple(boms.get(row.no, ())),
            standard_cost=row.standard_cost,
            indirect_cost_pct=row.indirect_cost_pct,
            overhead_rate=row.overhead_rate,
            attributes=dict(row.attributes),
        )
        for row in rows
    ]


def write_skus(session: Session, skus: Iterable[Sku]) -> None:
    rows = [{**sku_columns(sku.key), **_parameter_values(sku.parameters)} for sku in skus]
    bulk_insert(session, SkuRecord, rows)


def read_skus(session: Session) -> list[Sku]:
    table = table_of(SkuRecord)
    rows = session.execute(select(table).order_by(table.c.id))
    parameters = _parameters_of(list(rows.keys()))
    return [Sku(sku_of(row), parameters(row)) for row in rows]


def write_calendar(session: Session, calendar: WorkCalendar) -> None:
    weekdays = [{"weekday": day} for day in sorted(calendar.non_working_weekdays)]
    bulk_insert(session, NonWorkingWeekday, weekdays)
    holidays = [{"date": from_day(day)} for day in sorted(calendar.holidays)]
    bulk_insert(session, Holiday, holidays)


def read_calendar(session: Session) -> WorkCalendar:
    weekdays = session.scalars(select(table_of(NonWorkingWeekday).c.weekday))
    holidays = session.scalars(select(table_of(Holiday).c.date))
    return WorkCalendar(frozenset(weekdays), frozenset(to_day(day) for day in holidays))
