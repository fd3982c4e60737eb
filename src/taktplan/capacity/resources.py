"""Work centers and machine centers: where operations run, how much, how fast, at what cost.

A machine center belongs to a work center and works in its calendar. Capacity
is the number of units working in parallel (people, identical machines);
efficiency stretches or shrinks the time an operation takes (80 % makes a
60-minute job take 75). A critical load % makes the resource finite: finite
loading never plans it above that share of its available minutes per day,
except by the dampener % on the last day of an operation when that avoids a
split.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum

from taktplan.capacity.shop_calendar import ShopCalendar
from taktplan.errors import InputError

HUNDRED = Decimal(100)


class CostBasis(StrEnum):
    """What a center's unit cost is per: an hour of setup and run time, or a unit produced."""

    TIME = "time"
    UNIT = "unit"


@dataclass(frozen=True, slots=True, kw_only=True)
class CenterSettings:
    """What work and machine centers share: capacity, efficiency, cost, queue, loading.

    ``unit_cost`` is the direct cost per hour (``cost_basis`` time) or per unit
    (``cost_basis`` unit); ``indirect_cost_pct`` adds a share of it as capacity
    overhead and ``overhead_rate`` a fixed amount per hour or unit. A center
    with a ``subcontractor`` (a vendor no.) is work bought outside: its cost is
    subcontracting cost, not capacity cost.
    """

    capacity: Decimal = Decimal(1)
    efficiency_pct: Decimal = HUNDRED
    unit_cost: Decimal = Decimal(0)
    cost_basis: CostBasis = CostBasis.TIME
    indirect_cost_pct: Decimal = Decimal(0)
    overhead_rate: Decimal = Decimal(0)
    subcontractor: str = ""
    queue_time: int = 0
    critical_load_pct: Decimal | None = None
    dampener_pct: Decimal = Decimal(0)


SETTINGS = tuple(field.name for field in fields(CenterSettings))


@dataclass(frozen=True, slots=True)
class WorkCenter(CenterSettings):
    """A group of resources of one kind, with its shop calendar."""

    code: str
    calendar: str


@dataclass(frozen=True, slots=True)
class MachineCenter(CenterSettings):
    """One machine (or line) of a work center; it works in the work center's calendar."""

    code: str
    work_center: str


@dataclass(frozen=True, slots=True)
class Capacity(CenterSettings):
    """A work or machine center as the scheduler sees it, calendar resolved."""

    code: str
    kind: str
    work_center: str
    calendar: ShopCalendar

    @property
    def finite(self) -> bool:
        return self.critical_load_pct is not None


@dataclass(frozen=True, slots=True)
class Shop:
    """Calendars, work centers and machine centers, checked and indexed by code."""

    resources: Mapping[str, Capacity]

    def __getitem__(self, code: str) -> Capacity:
        return self.resources[code]

    def __contains__(self, code: object) -> bool:
        return code in self.resources


def build_shop(
    calendars: Iterable[ShopCalendar],
    work_centers: Iterable[WorkCenter],
    machine_centers: Iterable[MachineCenter] = (),
) -> Shop:
    """Check the links (calendar and work center codes, positive capacity) and index them."""
    by_code = {c.code: c for c in calendars}
    found: dict[str, Capacity] = {}
    centers = {w.code: w for w in work_centers}
    for center in centers.values():
        record = f"work center {center.code}"
        if center.calendar not in by_code:
            raise InputError(
                f"unknown calendar '{center.calendar}'", record=record, field="calendar"
            )
        found[center.code] = _capacity(center, "work center", center.code, by_code[center.calendar])
    for machine in machine_centers:
        record = f"machine center {machine.code}"
        parent = centers.get(machine.work_center)
        if parent is None:
            raise InputError(
                f"unknown work center '{machine.work_center}'", record=record, field="work_center"
            )
        if machine.code in found:
            raise InputError("code used twice", record=record, field="code")
        found[machine.code] = _capacity(
            machine, "machine center", parent.code, by_code[parent.calendar]
        )
    return Shop(found)


def _capacity(
    center: WorkCenter | MachineCenter, kind: str, work_center: str, calendar: ShopCalendar
) -> Capacity:
    record = f"{kind} {center.code}"
    if center.capacity <= 0:
        raise InputError("capacity must be positive", record=record, field="capacity")
    if center.efficiency_pct <= 0:
        raise InputError("efficiency must be positive", record=record, field="efficiency_pct")
    if center.queue_time < 0:
        raise InputError("queue time must not be negative", record=record, field="queue_time")
    critical = center.critical_load_pct
    if critical is not None and not 0 < critical <= HUNDRED:
        raise InputError("critical load % is in (0, 100]", record=record, field="critical_load_pct")
    if center.dampener_pct < 0:
        raise InputError("dampener % must not be negative", record=record, field="dampener_pct")
    for name in ("unit_cost", "indirect_cost_pct", "overhead_rate"):
        if getattr(center, name) < 0:
            raise InputError("must not be negative", record=record, field=name)
    settings = {name: getattr(center, name) for name in SETTINGS}
    return Capacity(center.code, kind, work_center, calendar, **settings)
