"""Planning assignment: which SKUs a change flags for the next net change plan.

planning-spec §15 lists the reasons: new, changed or removed demand and
supply lines (item, quantity, location, variant, date), inventory changes,
BOM changes (old and new children) and changes of the item's planning
fields. taktplan flags *every* change of a SKU's planning fields, not only
the handful Business Central reacts to, and every SKU when the calendar
changes: a net change plan then gives exactly the lines of a regenerative
plan for everything it replans, which is what a planner expects from it.

The flagged SKUs are widened by what they feed, in the old world (a removed
BOM line or transfer still changes the old component or shipping location)
and in the new one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from taktplan.domain.documents import Demand, Supply
from taktplan.domain.item import SkuKey, sku_order
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.options import PlanningOptions
from taktplan.planning.selection import downstream, planned_skus

K = TypeVar("K", bound=Hashable)
FED = "fed by a changed SKU"
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class PlanningAssignment:
    """A SKU flagged for net change planning, and why."""

    sku: SkuKey
    reasons: tuple[str, ...]


def planning_assignment(
    before: Snapshot, after: Snapshot, options: PlanningOptions
) -> tuple[PlanningAssignment, ...]:
    """The SKUs to replan after the world changed from ``before`` to ``after``."""
    reasons: dict[SkuKey, list[str]] = defaultdict(list)
    if before.calendar != after.calendar:
        for key in set(planned_skus(before, options)) | set(planned_skus(after, options)):
            reasons[key].append("calendar changed")
    _documents(before, after, reasons)
    _inventory(before, after, reasons)
    _planned(before, after, options, reasons)
    _items(before, after, options, reasons)
    _skus(before, after, reasons)
    _locations(before, after, options, reasons)
    _routings(before, after, options, reasons)
    flagged = set(reasons)
    fed = downstream(before, flagged, options) | downstream(after, flagged, options)
    for key in sorted(fed - flagged, key=sku_order):
        reasons[key].append(FED)
    return tuple(
        PlanningAssignment(key, tuple(reasons[key])) for key in sorted(reasons, key=sku_order)
    )


def assigned_skus(assignment: Iterable[PlanningAssignment]) -> frozenset[SkuKey]:
    return frozenset(row.sku for row in assignment)


def _changed(old: Mapping[K, V], new: Mapping[K, V]) -> list[tuple[K, V | None, V | None]]:
    """Keys whose value differs, with the old and new value (None = absent).

    A change of documents keeps the master data objects (see
    ``with_documents``): the same object is equal without comparing fields.
    """
    if old is new:
        return []
    differ = []
    for key in set(old) | set(new):
        was, now = old.get(key), new.get(key)
        if was is not now and was != now:
            differ.append(key)
    return [(key, old.get(key), new.get(key)) for key in sorted(differ, key=repr)]


def _documents(before: Snapshot, after: Snapshot, reasons: dict[SkuKey, list[str]]) -> None:
    def by_id(rows: Iterable[Demand | Supply]) -> dict[tuple[str, str, SkuKey], list[object]]:
        found: dict[tuple[str, str, SkuKey], list[object]] = defaultdict(list)
        for row in rows:
            found[(row.type.value, row.id, row.sku)].append(row)
        return found

    for rows_before, rows_after in ((before.demand, after.demand), (before.supply, after.supply)):
        for (kind, doc, key), old, new in _changed(by_id(rows_before), by_id(rows_after)):
            what = "new" if old is None else "removed" if new is None else "changed"
            reasons[key].append(f"{kind} {doc} {what}")


def _inventory(before: Snapshot, after: Snapshot, reasons: dict[SkuKey, list[str]]) -> None:
    def totals(snapshot: Snapshot) -> dict[tuple[SkuKey, str | None], Decimal]:
        found: dict[tuple[SkuKey, str | None], Decimal] = defaultdict(Decimal)
        for entry in snapshot.inventory:
            found[(entry.sku, entry.lot)] += entry.qty
        return found

    for (key, _lot), _old, _new in _changed(totals(before), totals(after)):
        if "inventory changed" not in reasons[key]:
            reasons[key].append("inventory changed")


def _items(
    before: Snapshot,
    after: Snapshot,
    options: PlanningOptions,
    reasons: dict[SkuKey, list[str]],
) -> None:
    changed = {no for no, _old, _new in _changed(before.items, after.items)}
    # A phantom's BOM is part of its parents' orders: compare the exploded BOMs.
    changed |= {no for no, _old, _new in _changed(before.components, after.components)}
    if not changed:
        return
    for key in set(planned_skus(before, options)) | set(planned_skus(after, options)):
        if key.item in changed:
            reasons[key].append(f"item {key.item} changed (planning fields or BOM)")


def _planned(
    before: Snapshot,
    after: Snapshot,
    options: PlanningOptions,
    reasons: dict[SkuKey, list[str]],
) -> None:
    """A SKU that starts or stops being planned (its last order gone, say) is replanned."""
    old, new = set(planned_skus(before, options)), set(planned_skus(after, options))
    for key in sorted(old - new, key=sku_order):
        reasons[key].append("no longer planned")
    for key in sorted(new - old, key=sku_order):
        reasons[key].append("planned now")


def _skus(before: Snapshot, after: Snapshot, reasons: dict[SkuKey, list[str]]) -> None:
    for key, _old, _new in _changed(before.skus, after.skus):
        reasons[key].append("SKU card changed")


def _locations(
    before: Snapshot,
    after: Snapshot,
    options: PlanningOptions,
    reasons: dict[SkuKey, list[str]],
) -> None:
    changed = {code for code, _old, _new in _changed(before.location_cards, after.location_cards)}
    if not changed:
        return
    for key in set(planned_skus(before, options)) | set(planned_skus(after, options)):
        if key.location in changed:
            reasons[key].append(f"location {key.location} changed")


def _routing_times(snapshot: Snapshot) -> dict[str, tuple[object, ...]]:
    """Per routed item: its routing and the centers (with calendars) its operations use."""
    shop = snapshot.shop
    if not shop.routings:
        return {}
    resources = shop.resources
    return {
        item: (routing, *(resources[op.resource] for op in routing.operations))
        for item, routing in shop.routings.items()
    }


def _routings(
    before: Snapshot,
    after: Snapshot,
    options: PlanningOptions,
    reasons: dict[SkuKey, list[str]],
) -> None:
    """A routing, or a center or shop calendar it uses, changed: its orders' dates may move."""
    changed = {no for no, _old, _new in _changed(_routing_times(before), _routing_times(after))}
    if not changed:
        return
    for key in set(planned_skus(before, options)) | set(planned_skus(after, options)):
        if key.item in changed:
            reasons[key].append(f"routing of {key.item} changed (operations, centers or calendars)")
