"""Options of one planning run (the request page of the batch job)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum

from taktplan.domain.dates import Day


class PlanKind(StrEnum):
    REGENERATIVE = "regenerative"
    NET_CHANGE = "net-change"


class LocationsWithoutSku(StrEnum):
    ITEM_CARD = "item-card"
    MINIMAL_LOT_FOR_LOT = "minimal-lot-for-lot"


class BlankOverflowLevel(StrEnum):
    ITEM_VALUES_ONLY = "item-values-only"
    DEFAULT_CALCULATION = "default-calculation"


@dataclass(frozen=True, slots=True)
class PlanningOptions:
    start: Day
    end: Day
    work_date: Day
    kind: PlanKind = PlanKind.REGENERATIVE
    respect_planning_parameters_for_exceptions: bool = False
    locations_without_sku: LocationsWithoutSku = LocationsWithoutSku.ITEM_CARD
    blank_overflow_level: BlankOverflowLevel = BlankOverflowLevel.ITEM_VALUES_ONLY
    stop_on_first_error: bool = False
    item_filter: frozenset[str] | None = None
    location_filter: frozenset[str] | None = None
    # MPS plans items with sales orders, blanket orders or forecast; MRP the
    # others. Both (the default) plan everything (planning-spec §1.4).
    mps: bool = True
    mrp: bool = True
    # Where production and assembly orders need their components; None = at
    # the order's own location ("Components at Location", planning-spec §2.1).
    components_at_location: str | None = None
    # Processes a large run may plan on (1: this one alone). The plan is the
    # same line for line whatever the number (see planning.parallel).
    workers: int = 1


def default_workers() -> int:
    """Processes a large world is planned on by default: one per CPU it may use, at most 8.

    ``takt plan`` and the web server's planning process use it; they run no
    other threads, so they may fork (see :mod:`taktplan.planning.parallel`).
    """
    if hasattr(os, "sched_getaffinity"):
        usable = len(os.sched_getaffinity(0))
    else:  # pragma: no cover - macOS and Windows
        usable = os.cpu_count() or 1
    return max(1, min(8, usable))
