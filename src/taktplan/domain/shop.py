"""The shop floor as part of the planning world: calendars, centers, routings, changeovers.

:class:`ShopData` is what a case file, an import or the database gives: shop
calendars, work centers, machine centers, one routing per produced item and
the changeover matrix over item attributes. :func:`check_shop` is called by
:func:`taktplan.domain.snapshot.build_snapshot`; after it the schedulers and
the engine trust the links (calendar, work center, resource and component
codes, routing items).

Times on routings are minutes. A work or machine center's ``unit_cost`` is
per hour of setup and run time when its ``cost_basis`` is ``time`` and per
unit produced when it is ``unit`` (the usual basis of a subcontractor).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from taktplan.capacity.lead_time import RoutingLeadTimes
from taktplan.capacity.resources import MachineCenter, Shop, WorkCenter, build_shop
from taktplan.capacity.routing import Routing, check_routings
from taktplan.capacity.sequencing import ChangeoverMatrix
from taktplan.capacity.shop_calendar import ShopCalendar
from taktplan.domain.item import Item
from taktplan.errors import InputError


@dataclass(frozen=True)
class ShopData:
    """Everything about the shop floor the planning world holds (empty: no shop modelled)."""

    calendars: tuple[ShopCalendar, ...] = ()
    work_centers: tuple[WorkCenter, ...] = ()
    machine_centers: tuple[MachineCenter, ...] = ()
    routings: Mapping[str, Routing] = field(default_factory=lambda: MappingProxyType({}))
    changeovers: ChangeoverMatrix = field(default_factory=lambda: ChangeoverMatrix(()))

    @property
    def empty(self) -> bool:
        return not (self.calendars or self.work_centers or self.routings)

    @cached_property
    def resources(self) -> Shop:
        """Work and machine centers with their calendars resolved, by code."""
        return build_shop(self.calendars, self.work_centers, self.machine_centers)

    def routing(self, item: str) -> Routing | None:
        return self.routings.get(item)

    @cached_property
    def lead_times(self) -> RoutingLeadTimes:
        """Routing lead times of production orders (cached per item, quantity and date)."""
        return RoutingLeadTimes(self.routings, self.resources)


def check_shop(shop: ShopData, items: Mapping[str, Item]) -> None:
    """Reject broken links: unknown codes, routings of unknown items, foreign components."""
    codes: set[str] = set()
    for calendar in shop.calendars:
        if calendar.code in codes:
            raise InputError(
                "calendar code used twice", record=f"calendar {calendar.code}", field="code"
            )
        codes.add(calendar.code)
    seen: set[str] = set()
    for center in shop.work_centers:
        if center.code in seen:
            raise InputError("code used twice", record=f"work center {center.code}", field="code")
        seen.add(center.code)
    resources = shop.resources
    check_routings(shop.routings, resources)
    for rule in shop.changeovers.rules:
        if rule.resource and rule.resource not in resources:
            raise InputError(
                f"unknown work or machine center '{rule.resource}'",
                record=f"changeover {rule.attribute} {rule.from_value} -> {rule.to_value}",
                field="resource",
            )
    for item_no, routing in shop.routings.items():
        record = f"routing {item_no}"
        if item_no != routing.item:
            raise InputError(
                f"routing of item '{routing.item}' filed under '{item_no}'",
                record=record,
                field="item",
            )
        item = items.get(item_no)
        if item is None:
            raise InputError(f"unknown item '{item_no}'", record=record, field="item")
        bom = {line.component for line in item.bom}
        for op in routing.operations:
            for component in op.components:
                if component not in bom:
                    raise InputError(
                        f"component '{component}' is not on the BOM of {item_no}",
                        record=f"{record} operation {op.no}",
                        field="components",
                    )
