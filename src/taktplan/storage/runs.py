"""The planning run record: when a plan was made, with which options, what came out.

Options are kept as JSON (dates as ``YYYY-MM-DD``, filters as sorted lists)
so that a planner can read them in any database tool, and
:func:`options_from_json` gives the very same :class:`PlanningOptions` back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from taktplan.domain.dates import iso, to_day
from taktplan.planning.options import (
    BlankOverflowLevel,
    LocationsWithoutSku,
    PlanKind,
    PlanningOptions,
)
from taktplan.planning.result import PlanResult
from taktplan.storage.models import PlanningRun

_DATES = ("start", "end", "work_date")
_FILTERS = ("item_filter", "location_filter")


def options_as_json(options: PlanningOptions) -> dict[str, Any]:
    return {
        "start": iso(options.start),
        "end": iso(options.end),
        "work_date": iso(options.work_date),
        "kind": options.kind.value,
        "respect_planning_parameters_for_exceptions": (
            options.respect_planning_parameters_for_exceptions
        ),
        "locations_without_sku": options.locations_without_sku.value,
        "blank_overflow_level": options.blank_overflow_level.value,
        "stop_on_first_error": options.stop_on_first_error,
        "item_filter": _sorted(options.item_filter),
        "location_filter": _sorted(options.location_filter),
        "mps": options.mps,
        "mrp": options.mrp,
        "components_at_location": options.components_at_location,
    }


def _sorted(values: frozenset[str] | None) -> list[str] | None:
    return None if values is None else sorted(values)


def options_from_json(data: dict[str, Any]) -> PlanningOptions:
    def day(name: str) -> int:
        return to_day(dt.date.fromisoformat(data[name]))

    def names(name: str) -> frozenset[str] | None:
        return None if data[name] is None else frozenset(data[name])

    return PlanningOptions(
        start=day("start"),
        end=day("end"),
        work_date=day("work_date"),
        kind=PlanKind(data["kind"]),
        respect_planning_parameters_for_exceptions=data[
            "respect_planning_parameters_for_exceptions"
        ],
        locations_without_sku=LocationsWithoutSku(data["locations_without_sku"]),
        blank_overflow_level=BlankOverflowLevel(data["blank_overflow_level"]),
        stop_on_first_error=data["stop_on_first_error"],
        item_filter=names("item_filter"),
        location_filter=names("location_filter"),
        mps=data["mps"],
        mrp=data["mrp"],
        components_at_location=data["components_at_location"],
    )


def add_run(
    session: Session, result: PlanResult, options: PlanningOptions, started: dt.datetime
) -> int:
    """Insert the run record and return its id (needed by the worksheet rows).

    ``scope_skus`` counts the SKUs whose lines the run replaced; None when it
    replaced the whole worksheet.
    """
    run = PlanningRun(
        kind=options.kind,
        started=started,
        options=options_as_json(options),
        planned_skus=result.planned_skus,
        line_count=len(result.lines),
        peg_count=len(result.pegging),
        error_count=len(result.error_log),
        stopped_early=result.stopped_early,
        scope_skus=None if result.scope is None else len(result.scope),
    )
    session.add(run)
    session.flush()
    return run.id


def utc_now() -> dt.datetime:
    """Now in UTC, without a time zone (how ``planning_runs.started`` is kept)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def default_options(today: dt.date | None = None) -> PlanningOptions:
    """Options of a plan nobody configured: from today for 12 weeks, every item."""
    start = to_day(today or dt.date.today())
    return PlanningOptions(start=start, end=start + 84, work_date=start)


def assignment_options(session: Session) -> PlanningOptions:
    """The options to judge a change with: the latest plan's, without its filters.

    A change flags SKUs whatever the last plan looked at (filters, MPS or MRP
    only); the next plan decides what it covers.
    """
    stored = session.scalar(select(PlanningRun.options).order_by(PlanningRun.id.desc()).limit(1))
    options = default_options() if stored is None else options_from_json(stored)
    return replace(
        options,
        kind=PlanKind.REGENERATIVE,
        item_filter=None,
        location_filter=None,
        mps=True,
        mrp=True,
    )
