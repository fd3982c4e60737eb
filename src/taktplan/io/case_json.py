"""Read planning cases (``shared/cases/FORMAT.md``, version 1).

A case is a small planning world, the run to make and the lines expected.
Field-level validation is done by pydantic models; references between
records are checked by :func:`taktplan.domain.snapshot.build_snapshot`.
Every error is an :class:`InputError` naming the file, the record and the field.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import ErrorDetails

from taktplan.capacity.resources import SETTINGS, CostBasis, MachineCenter, WorkCenter
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.sequencing import ChangeoverMatrix, ChangeoverRule
from taktplan.capacity.shop_calendar import Shift, ShopCalendar
from taktplan.domain.calendar import WEEKDAYS, WorkCalendar
from taktplan.domain.dates import DateFormula, Day, parse_iso_date
from taktplan.domain.documents import (
    Demand,
    DemandType,
    InventoryEntry,
    PlanningFlexibility,
    Supply,
    SupplyStatus,
    SupplyType,
)
from taktplan.domain.item import (
    BomLine,
    Item,
    Location,
    ManufacturingPolicy,
    PlanningParameters,
    ReorderingPolicy,
    Replenishment,
    Sku,
    SkuKey,
)
from taktplan.domain.shop import ShopData
from taktplan.domain.snapshot import Snapshot, build_snapshot
from taktplan.errors import InputError
from taktplan.gc_pause import collector_paused
from taktplan.io.shop_text import WEEKDAY_KEYS, parse_shift, shift_text
from taktplan.planning.options import (
    BlankOverflowLevel,
    LocationsWithoutSku,
    PlanKind,
    PlanningOptions,
)
from taktplan.planning.result import Action, Warning
from taktplan.planning.shared_values import SharedValues

# A world repeats the same few hundred dates and date formulas over and over:
# each distinct text is parsed once per process (only valid ones are kept).
_DATES: dict[str, Day] = {}
_FORMULAS: dict[str, DateFormula] = {}

R = TypeVar("R")
T = TypeVar("T")


def _date(value: Any) -> Day:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date (expected YYYY-MM-DD)")
    day = _DATES.get(value)
    if day is not None:
        return day
    try:
        day = _DATES[value] = parse_iso_date(value)
    except InputError as error:
        raise ValueError(error.message) from None
    return day


def _formula(value: Any) -> DateFormula:
    if value is None or isinstance(value, DateFormula):
        return value or DateFormula()
    if isinstance(value, str):
        known = _FORMULAS.get(value)
        if known is not None:
            return known
    try:
        formula = DateFormula.parse(value)
    except InputError as error:
        raise ValueError(error.message) from None
    if isinstance(value, str):
        _FORMULAS[value] = formula
    return formula


IsoDate = Annotated[int, BeforeValidator(_date)]
Formula = Annotated[DateFormula, BeforeValidator(_formula)]
Qty = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Pct = Annotated[Decimal, Field(ge=0, le=1000, allow_inf_nan=False)]
Code = Annotated[str, Field(min_length=1)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, arbitrary_types_allowed=True)


class CasePlanning(_Record):
    start: IsoDate
    end: IsoDate
    work_date: IsoDate | None = None
    kind: PlanKind = PlanKind.REGENERATIVE
    respect_planning_parameters_for_exceptions: bool = False
    locations_without_sku: LocationsWithoutSku = LocationsWithoutSku.ITEM_CARD
    blank_overflow_level: BlankOverflowLevel = BlankOverflowLevel.ITEM_VALUES_ONLY
    mps: bool = True
    mrp: bool = True
    components_at_location: str | None = None


class CaseCalendar(_Record):
    non_working_weekdays: list[Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]] = []
    holidays: list[IsoDate] = []


class CaseLocation(_Record):
    code: Code
    inbound_handling_time: Formula = DateFormula()
    outbound_handling_time: Formula = DateFormula()


class CaseBomLine(_Record):
    component: Code
    qty_per: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
    scrap_pct: Pct = Decimal(0)
    variant: str = ""
    phantom: bool = False


class CaseSkuRef(_Record):
    item: Code
    location: str = ""
    variant: str = ""


_PARAMETER_NAMES = PlanningParameters.field_names()


class _PlanningFields(_Record):
    """Planning fields shared by the item card and the SKU card (None = not given)."""

    replenishment: Replenishment | None = None
    reordering_policy: ReorderingPolicy | None = None
    lead_time: Formula | None = None
    safety_lead_time: Formula | None = None
    safety_stock: Qty | None = None
    reorder_point: Qty | None = None
    reorder_qty: Qty | None = None
    max_inventory: Qty | None = None
    overflow_level: Qty | None = None
    time_bucket: Formula | None = None
    lot_accumulation_period: Formula | None = None
    rescheduling_period: Formula | None = None
    dampener_period: Formula | None = None
    dampener_qty: Qty | None = None
    include_inventory: bool | None = None
    min_order_qty: Qty | None = None
    max_order_qty: Qty | None = None
    order_multiple: Qty | None = None
    transfer_from: str | None = None
    transfer_shipping_time: Formula | None = None

    def given(self) -> dict[str, Any]:
        # One look at the fields set and the values: a world's 100,000 item
        # cards pass through here.
        entered = self.model_fields_set
        values = self.__dict__
        return {
            name: values[name]
            for name in _PARAMETER_NAMES
            if name in entered and values[name] is not None
        }


def _attributes(value: dict[str, str]) -> dict[str, str]:
    """Names and values are codes; ``;`` and a name's ``=`` would not survive a CSV cell."""
    for name, text in value.items():
        if not name or any(mark in name for mark in ";="):
            raise ValueError(f"attribute name {name!r} must be non-empty, without ';' or '='")
        if not text or ";" in text:
            raise ValueError(f"value {text!r} of attribute '{name}' must be non-empty, without ';'")
    return value


Attributes = Annotated[dict[str, str], AfterValidator(_attributes)]


class CaseItem(_PlanningFields):
    no: Code
    scrap_pct: Pct = Decimal(0)
    manufacturing_policy: ManufacturingPolicy = ManufacturingPolicy.MAKE_TO_STOCK
    unit_cost: Qty = Decimal(0)
    lot_specific: bool = False
    standard_cost: Qty = Decimal(0)
    indirect_cost_pct: Pct = Decimal(0)
    overhead_rate: Qty = Decimal(0)
    attributes: Attributes = {}
    bom: list[CaseBomLine] = []


class CaseSku(_PlanningFields):
    item: Code
    location: str = ""
    variant: str = ""


class CaseInventory(_Record):
    item: Code
    location: str = ""
    variant: str = ""
    qty: Annotated[Decimal, Field(allow_inf_nan=False)]
    lot: str | None = None


class CaseDemand(_Record):
    type: DemandType
    id: Code
    item: Code
    location: str = ""
    variant: str = ""
    date: IsoDate
    qty: Qty
    reserved_qty: Qty = Decimal(0)
    lot: str | None = None
    blanket_id: str | None = None
    component: bool = False
    parent: str | None = None


class CaseSupply(_Record):
    type: SupplyType
    id: Code
    item: Code
    location: str = ""
    variant: str = ""
    date: IsoDate
    qty: Qty
    status: SupplyStatus = SupplyStatus.OPEN
    planning_flexibility: PlanningFlexibility = PlanningFlexibility.UNLIMITED
    lot: str | None = None
    linked_demand: str | None = None
    reserved_qty: Qty = Decimal(0)


# ---------------------------------------------------------------- the shop (docs/shop-data.md)


def _shift_list(value: Any) -> tuple[Shift, ...]:
    if not isinstance(value, list | tuple):
        raise ValueError(
            f"expected a list of shifts such as ['07:00-11:30', '12:00-15:30'] (got {value!r})"
        )
    shifts: list[Shift] = []
    for text in value:
        if not isinstance(text, str):
            raise ValueError(f"{text!r} is not a shift (expected text HH:MM-HH:MM)")
        shifts.append(parse_shift(text))
    ordered = sorted(shifts, key=lambda shift: shift.start)
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise ValueError(f"shifts {shift_text(before)} and {shift_text(after)} overlap")
    return tuple(shifts)


def _weekly_shifts(value: Any) -> dict[int, tuple[Shift, ...]]:
    """``{"mon": [...], "sat": [...]}`` by weekday index (0 = Monday)."""
    if not isinstance(value, dict):
        raise ValueError(
            f"expected an object of weekdays (mon ... sun) and their shifts (got {value!r})"
        )
    weekly: dict[int, tuple[Shift, ...]] = {}
    for key, shifts in value.items():
        if key not in WEEKDAY_KEYS:
            raise ValueError(f"'{key}' is not a weekday (expected {', '.join(WEEKDAY_KEYS)})")
        try:
            weekly[WEEKDAY_KEYS.index(key)] = _shift_list(shifts)
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None
    return weekly


def _holidays(value: Any) -> list[Day]:
    if not isinstance(value, list | tuple):
        raise ValueError(f"expected a list of dates (got {value!r})")
    return [_date(text) for text in value]


ShiftList = Annotated[tuple[Shift, ...], PlainValidator(_shift_list)]
WeeklyShifts = Annotated[dict[int, tuple[Shift, ...]], PlainValidator(_weekly_shifts)]
Minutes = Annotated[int, Field(ge=0)]
Positive = Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]


class CaseShopCalendar(_Record):
    """``weekdays`` gives Monday to Friday the same shifts; ``shifts`` sets the days it names."""

    code: Code
    shifts: WeeklyShifts = {}
    weekdays: ShiftList | None = None
    holidays: Annotated[list[Day], PlainValidator(_holidays)] = []


class _CaseCenter(_Record):
    """The settings work and machine centers share (capacity.resources.CenterSettings)."""

    code: Code
    capacity: Positive = Decimal(1)
    efficiency_pct: Positive = Decimal(100)
    unit_cost: Qty = Decimal(0)
    cost_basis: CostBasis = CostBasis.TIME
    indirect_cost_pct: Pct = Decimal(0)
    overhead_rate: Qty = Decimal(0)
    subcontractor: str = ""
    queue_time: Minutes = 0
    critical_load_pct: Annotated[Decimal, Field(gt=0, le=100, allow_inf_nan=False)] | None = None
    dampener_pct: Pct = Decimal(0)


class CaseWorkCenter(_CaseCenter):
    calendar: Code


class CaseMachineCenter(_CaseCenter):
    work_center: Code


class CaseOperation(_Record):
    no: Code
    resource: Code
    setup_time: Qty = Decimal(0)
    run_time: Qty = Decimal(0)
    wait_time: Minutes = 0
    move_time: Minutes = 0
    alternatives: list[Code] = []
    components: list[Code] = []
    unit_cost_per: Qty | None = None
    description: str = ""


class CaseRouting(_Record):
    item: Code
    operations: list[CaseOperation]


class CaseChangeover(_Record):
    attribute: Code
    from_value: Code = Field(alias="from")
    to_value: Code = Field(alias="to")
    minutes: Minutes
    resource: str = ""


class CaseShop(_Record):
    calendars: list[CaseShopCalendar] = []
    work_centers: list[CaseWorkCenter] = []
    machine_centers: list[CaseMachineCenter] = []
    routings: list[CaseRouting] = []
    changeovers: list[CaseChangeover] = []


class ExpectedLine(_Record):
    item: Code
    location: str = ""
    variant: str = ""
    action: Action
    ref: str | None = None
    due_date: IsoDate
    qty: Annotated[Decimal, Field(allow_inf_nan=False)]
    original_due_date: IsoDate | None = None
    original_qty: Decimal | None = None
    warning: Warning | None = None


class ExpectedError(_Record):
    """A case whose input must be rejected: the error names this record and field."""

    message: Code
    record: str | None = None
    field: str | None = None


class CaseExpected(_Record):
    match: Literal["exact", "subset"] = "exact"
    lines: list[ExpectedLine] = []
    error: ExpectedError | None = None


class CaseFile(_Record):
    format: Literal[1] = 1
    name: str = ""
    description: str = ""
    source: str = ""
    planning: CasePlanning
    calendar: CaseCalendar = CaseCalendar()
    locations: list[CaseLocation] = []
    items: list[CaseItem]
    skus: list[CaseSku] = []
    inventory: list[CaseInventory] = []
    demand: list[CaseDemand] = []
    supply: list[CaseSupply] = []
    planning_assignment: list[CaseSkuRef] | None = None
    shop: CaseShop = CaseShop()
    expected: CaseExpected | None = None


@dataclass(frozen=True, slots=True)
class PlanningCase:
    """A case read from disk: the world, the run options and what is expected."""

    name: str
    description: str
    snapshot: Snapshot
    options: PlanningOptions
    expected: CaseExpected | None
    expected_keys: tuple[frozenset[str], ...]
    # SKUs flagged for a net change plan; None = every SKU (planning-spec §15).
    assigned: frozenset[SkuKey] | None = None


_RECORD_LABEL_FIELDS = ("id", "no", "item", "code", "component", "attribute")


def _describe_location(raw: Any, loc: tuple[int | str, ...]) -> tuple[str, str]:
    """Turn a pydantic error location into ('demand[2] (id SO-3)', 'date')."""
    record_parts: list[str] = []
    node = raw
    field = ""
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(part, int):
            label = f"[{part}]"
            try:
                node = node[part]
            except (IndexError, KeyError, TypeError):
                node = None
            if isinstance(node, dict):
                for key in _RECORD_LABEL_FIELDS:
                    if isinstance(node.get(key), str):
                        label += f" ({key} {node[key]})"
                        break
            if record_parts:
                record_parts[-1] += label
            else:
                record_parts.append(label)
        elif last:
            field = part
        else:
            record_parts.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    return " ".join(record_parts) or "case", field


def _first_error(raw: Any, error: ValidationError) -> InputError:
    detail = error.errors()[0]
    return _error_at(raw, detail, tuple(detail["loc"]))


def _error_at(raw: Any, detail: ErrorDetails, loc: tuple[int | str, ...]) -> InputError:
    record, field = _describe_location(raw, loc)
    message = str(detail["msg"]).removeprefix("Value error, ")
    if detail["type"] == "missing":
        message = "missing required field"
    elif "input" in detail and detail["type"] not in ("value_error",):
        message = f"{message} (got {detail['input']!r})"
    return InputError(message, record=record, field=field)


def parse_case(raw: Any) -> PlanningCase:
    """Validate a decoded case document and build its snapshot and options.

    ``raw`` is left as it was (the reading works on copies of its document lists).
    """
    if isinstance(raw, dict):
        raw = {
            key: list(value) if key in _DOCUMENTS and isinstance(value, list) else value
            for key, value in raw.items()
        }
    return _parse_taken([raw])


def _parse_taken(box: list[Any]) -> PlanningCase:
    """:func:`parse_case` on the document in ``box``, which it takes out of the box.

    When the caller keeps no other reference, the decoded document is freed
    as soon as it is validated, and each validated section as soon as its
    domain records exist: on a world of a million demand lines the three
    copies of the data are then never all alive at once.
    """
    raw = box.pop()
    if not isinstance(raw, dict):
        raise InputError("a case must be a JSON object", record="case")
    documents = {name: raw.pop(name) for name in _DOCUMENTS if isinstance(raw.get(name), list)}
    try:
        case = CaseFile.model_validate(raw)
    except ValidationError as error:
        raise _first_error(raw, error) from None
    expected_keys: tuple[frozenset[str], ...] = ()
    if case.expected is not None:
        lines = raw.get("expected", {}).get("lines", [])
        expected_keys = tuple(frozenset(line) for line in lines)
    del raw
    demand = _documents_taken(documents, "demand", _DEMAND_ROWS, _demand)
    supply = _documents_taken(documents, "supply", _SUPPLY_ROWS, _supply)
    options = _options(case.planning)
    item_rows: dict[str, CaseItem] = {}
    for row in case.items:
        item_rows.setdefault(row.no, row)  # the first of duplicates, as before
    locations = [
        Location(row.code, row.inbound_handling_time, row.outbound_handling_time)
        for row in case.locations
    ] or _implicit_locations(case, demand, supply)
    shared = SharedValues()  # one object per distinct quantity of the item cards
    items = [_item(item, shared) for item in case.items]
    skus = [_sku(sku, item_rows) for sku in case.skus]
    inventory = [
        InventoryEntry(SkuKey(row.item, row.variant, row.location), row.qty, row.lot)
        for row in case.inventory
    ]
    snapshot = build_snapshot(
        items=items,
        locations=locations,
        skus=skus,
        inventory=inventory,
        demand=demand,
        supply=supply,
        calendar=WorkCalendar(
            frozenset(WEEKDAYS.index(day) for day in case.calendar.non_working_weekdays),
            frozenset(case.calendar.holidays),
        ),
        shop=_shop(case.shop),
    )
    _check_run_references(case, snapshot)
    assigned = None
    if case.planning_assignment is not None:
        assigned = frozenset(
            SkuKey(row.item, row.variant, row.location) for row in case.planning_assignment
        )
    return PlanningCase(
        case.name, case.description, snapshot, options, case.expected, expected_keys, assigned
    )


_DOCUMENTS = ("demand", "supply")
_DEMAND_ROWS = TypeAdapter(list[CaseDemand])
_SUPPLY_ROWS = TypeAdapter(list[CaseSupply])
DOCUMENT_CHUNK = 20_000
"""Demand and supply lines are validated and converted this many at a time."""


def _documents_taken(
    documents: dict[str, list[Any]],
    name: str,
    rows_of: TypeAdapter[list[R]],
    convert: Callable[[R], T],
) -> list[T]:
    """One document section validated and converted a chunk at a time.

    Each decoded chunk is let go of once converted, so that a world of a
    million demand lines never holds the decoded JSON, the validated rows and
    the domain records of all of them at once. Errors name the line by its
    place in the whole section, as whole-document validation does.
    """
    rows = documents.pop(name, [])
    converted: list[T] = []
    for start in range(0, len(rows), DOCUMENT_CHUNK):
        end = min(start + DOCUMENT_CHUNK, len(rows))
        try:
            valid = rows_of.validate_python(rows[start:end])
        except ValidationError as error:
            detail = error.errors()[0]
            index, *rest = detail["loc"]
            at = (name, start + int(index), *rest)
            raise _error_at({name: rows}, detail, at) from None
        converted.extend(convert(row) for row in valid)
        rows[start:end] = [None] * (end - start)
    return converted


def _check_run_references(case: CaseFile, snapshot: Snapshot) -> None:
    where = case.planning.components_at_location
    if where is not None and where not in snapshot.locations:
        raise InputError(
            f"unknown location '{where}'", record="planning", field="components_at_location"
        )
    for index, row in enumerate(case.planning_assignment or []):
        record = f"planning_assignment[{index}] (item {row.item})"
        if row.item not in snapshot.items:
            raise InputError(f"unknown item '{row.item}'", record=record, field="item")
        if row.location and row.location not in snapshot.locations:
            raise InputError(f"unknown location '{row.location}'", record=record, field="location")


def read_raw(path: Path) -> Any:
    """The decoded JSON of a case file (decimals kept exact)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror}", source=str(path)) from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InputError(
            f"malformed JSON at line {error.lineno} column {error.colno}: {error.msg}",
            source=str(path),
        ) from None


def read_case(path: str | Path) -> PlanningCase:
    """Read a case file; errors name the file, the record and the field."""
    path = Path(path)
    with collector_paused():
        box = [read_raw(path)]
        try:
            return _parse_taken(box)
        except InputError as error:
            raise error.located(str(path)) from None


def _options(planning: CasePlanning) -> PlanningOptions:
    if planning.end < planning.start:
        raise InputError("ending date is before the starting date", record="planning", field="end")
    return PlanningOptions(
        start=planning.start,
        end=planning.end,
        work_date=planning.work_date if planning.work_date is not None else planning.start,
        kind=planning.kind,
        respect_planning_parameters_for_exceptions=planning.respect_planning_parameters_for_exceptions,
        locations_without_sku=planning.locations_without_sku,
        blank_overflow_level=planning.blank_overflow_level,
        mps=planning.mps,
        mrp=planning.mrp,
        components_at_location=planning.components_at_location,
    )


def _implicit_locations(
    case: CaseFile, demand: list[Demand], supply: list[Supply]
) -> list[str | Location]:
    codes: set[str] = set()
    for rows in (case.inventory, case.skus):
        for row in rows:
            codes.add(row.location)
    codes.update(row.sku.location for row in demand)
    codes.update(row.sku.location for row in supply)
    return [*sorted(codes)]


def _item(item: CaseItem, shared: SharedValues) -> Item:
    """The item card; its quantities shared with equal ones of other items (``shared``)."""
    given: dict[str, Any] = {
        name: shared.qty(value) if isinstance(value, Decimal) else value
        for name, value in item.given().items()
    }
    return Item(
        no=item.no,
        parameters=PlanningParameters(**given),
        scrap_pct=shared.qty(item.scrap_pct),
        manufacturing_policy=item.manufacturing_policy,
        unit_cost=shared.qty(item.unit_cost),
        lot_specific=item.lot_specific,
        standard_cost=shared.qty(item.standard_cost),
        indirect_cost_pct=shared.qty(item.indirect_cost_pct),
        overhead_rate=shared.qty(item.overhead_rate),
        attributes=dict(item.attributes),
        bom=tuple(
            BomLine(
                line.component,
                shared.qty(line.qty_per),
                shared.qty(line.scrap_pct),
                line.variant,
                line.phantom,
            )
            for line in item.bom
        ),
    )


def _sku(sku: CaseSku, items: dict[str, CaseItem]) -> Sku:
    card = items.get(sku.item)
    base = (
        PlanningParameters().overridden(card.given()) if card is not None else PlanningParameters()
    )
    return Sku(SkuKey(sku.item, sku.variant, sku.location), base.overridden(sku.given()))


def _demand(row: CaseDemand) -> Demand:
    return Demand(
        id=row.id,
        type=row.type,
        sku=SkuKey(row.item, row.variant, row.location),
        date=row.date,
        qty=row.qty,
        reserved_qty=row.reserved_qty,
        lot=row.lot,
        blanket_id=row.blanket_id,
        component_forecast=row.component,
        parent=row.parent,
    )


def _supply(row: CaseSupply) -> Supply:
    return Supply(
        id=row.id,
        type=row.type,
        sku=SkuKey(row.item, row.variant, row.location),
        date=row.date,
        qty=row.qty,
        status=row.status,
        flexibility=row.planning_flexibility,
        lot=row.lot,
        linked_demand=row.linked_demand,
        reserved_qty=row.reserved_qty,
    )


def _shop(shop: CaseShop) -> ShopData:
    """The shop of a case; links are checked with the snapshot (domain.shop.check_shop)."""
    _no_repeats(shop)
    return ShopData(
        calendars=tuple(_shop_calendar(row) for row in shop.calendars),
        work_centers=tuple(
            WorkCenter(row.code, row.calendar, **_settings(row)) for row in shop.work_centers
        ),
        machine_centers=tuple(
            MachineCenter(row.code, row.work_center, **_settings(row))
            for row in shop.machine_centers
        ),
        routings=MappingProxyType(
            {
                row.item: Routing(row.item, tuple(_operation(op) for op in row.operations))
                for row in shop.routings
            }
        ),
        changeovers=ChangeoverMatrix(
            tuple(
                ChangeoverRule(
                    row.attribute, row.from_value, row.to_value, row.minutes, row.resource
                )
                for row in shop.changeovers
            )
        ),
    )


def _no_repeats(shop: CaseShop) -> None:
    """One routing per item, one changeover rule per attribute, from, to value and center."""
    items: set[str] = set()
    for index, routing in enumerate(shop.routings):
        if routing.item in items:
            raise InputError(
                f"a second routing for item '{routing.item}'",
                record=f"shop routings[{index}] (item {routing.item})",
                field="item",
            )
        items.add(routing.item)
    rules: set[tuple[str, str, str, str]] = set()
    for index, rule in enumerate(shop.changeovers):
        key = (rule.attribute, rule.from_value, rule.to_value, rule.resource)
        if key in rules:
            raise InputError(
                f"a second rule for {rule.attribute} {rule.from_value} -> {rule.to_value}",
                record=f"shop changeovers[{index}] (attribute {rule.attribute})",
                field="to",
            )
        rules.add(key)


def _shop_calendar(row: CaseShopCalendar) -> ShopCalendar:
    weekly = [row.weekdays or () for _ in range(5)] + [(), ()]
    for weekday, shifts in row.shifts.items():
        weekly[weekday] = shifts
    return ShopCalendar(row.code, tuple(weekly), frozenset(row.holidays))


def _settings(row: _CaseCenter) -> dict[str, Any]:
    return {name: getattr(row, name) for name in SETTINGS}


def _operation(row: CaseOperation) -> RoutingOperation:
    return RoutingOperation(
        no=row.no,
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
