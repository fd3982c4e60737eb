"""Schedules, capacity load and release documents as JSON and CSV rows.

Times are ``YYYY-MM-DDTHH:MM`` (local shop time, no zone), quantities
strings with their exact value, minutes integers. The same shapes serve the
command line (``--json``, ``--csv``) and the API.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from taktplan.capacity.load_report import LoadRow
from taktplan.capacity.order_schedule import ScheduledOperation
from taktplan.capacity.release import JobCard, PickLine, Release
from taktplan.capacity.shop_calendar import Minute, Piece, clock
from taktplan.domain.dates import iso
from taktplan.shopfloor.feedback import RescheduleSuggestion
from taktplan.shopfloor.schedule import ShopSchedule


def stamp(minute: Minute) -> str:
    return clock(minute).replace(" ", "T")


def _pieces(pieces: Iterable[Piece]) -> list[list[str]]:
    return [[stamp(a), stamp(b)] for a, b in pieces]


def operation_as_json(op: ScheduledOperation) -> dict[str, Any]:
    return {
        "operation": op.operation,
        "resource": op.resource,
        "start": stamp(op.start),
        "end": stamp(op.end),
        "setup_minutes": op.setup_minutes,
        "run_minutes": op.run_minutes,
        "pieces": _pieces(op.pieces),
        "changeover": _pieces(op.changeover),
    }


def schedule_as_json(
    schedule: ShopSchedule, suggestions: Sequence[RescheduleSuggestion] = ()
) -> dict[str, Any]:
    outcomes = {o.order: o for o in schedule.outcomes}
    solver = schedule.solver
    return {
        "method": schedule.method.value,
        "start": stamp(schedule.start),
        "orders": [
            {
                "order": order.order,
                "item": order.item,
                "qty": str(order.qty),
                "start": stamp(order.start),
                "end": stamp(order.end),
                "ending_date": iso(outcomes[order.order].ending_day),
                "late_minutes": outcomes[order.order].late_minutes,
                "bottleneck": outcomes[order.order].bottleneck,
                "operations": [operation_as_json(op) for op in order.operations],
            }
            for order in schedule.orders
        ],
        "late": [o.order for o in schedule.late],
        "changeover_minutes": schedule.changeover_minutes,
        "solver": None if solver is None else solver.as_json(),
        "reschedule": [suggestion_as_json(s) for s in suggestions],
    }


def suggestion_as_json(suggestion: RescheduleSuggestion) -> dict[str, Any]:
    return {
        "order": suggestion.order,
        "item": suggestion.sku.item,
        "location": suggestion.sku.location,
        "original_due_date": iso(suggestion.original_due),
        "due_date": iso(suggestion.new_due),
        "bottleneck": suggestion.bottleneck,
        "explanation": list(suggestion.explanation),
        "late_demand": [
            {"type": d.type, "id": d.id, "item": d.sku.item, "date": iso(d.date)}
            for d in suggestion.late_demand
        ],
    }


def load_as_json(rows: Iterable[LoadRow]) -> list[dict[str, Any]]:
    return [
        {
            "resource": row.resource,
            "period": iso(row.period),
            "load_minutes": row.load,
            "available_minutes": row.available,
            "used_pct": str(row.used_pct),
            "limit_pct": None if row.limit_pct is None else str(row.limit_pct),
            "allowed_minutes": str(row.allowed),
            "overloaded": row.overloaded,
            "machine_centers": list(row.machine_centers),
        }
        for row in rows
    ]


def job_card_as_json(card: JobCard) -> dict[str, Any]:
    return {
        "order": card.order,
        "item": card.item,
        "qty": str(card.qty),
        "operation": card.operation,
        "description": card.description,
        "resource": card.resource,
        "setup_minutes": card.setup_minutes,
        "run_minutes": card.run_minutes,
        "start": stamp(card.start),
        "end": stamp(card.end),
    }


def pick_line_as_json(line: PickLine) -> dict[str, Any]:
    return {
        "order": line.order,
        "component": line.component,
        "variant": line.variant,
        "qty": str(line.qty),
        "operation": line.operation,
        "needed_at": stamp(line.needed_at),
    }


def release_as_json(release: Release) -> dict[str, Any]:
    return {
        "dispatch": {
            code: [job_card_as_json(card) for card in cards]
            for code, cards in release.dispatch.items()
        },
        "job_cards": [job_card_as_json(card) for card in release.job_cards],
        "pick_list": [pick_line_as_json(line) for line in release.pick_list],
    }


def write_csv(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    """One CSV file with a header row (the keys of the first row).

    A list of codes becomes one cell, the codes separated by spaces; other
    nested values are written as text.
    """
    with path.open("w", newline="", encoding="utf-8") as handle:
        if not rows:
            handle.write("")
            return
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)


def _cell(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(code, str) for code in value):
        return " ".join(value)
    return value


def write_release_csv(folder: Path, release: Release) -> list[Path]:
    """``dispatch.csv`` (sequence per center), ``job_cards.csv`` and ``pick_list.csv``."""
    folder.mkdir(parents=True, exist_ok=True)
    dispatch = [
        {"sequence": n, **job_card_as_json(card)}
        for cards in release.dispatch.values()
        for n, card in enumerate(cards, start=1)
    ]
    files = {
        "dispatch.csv": dispatch,
        "job_cards.csv": [job_card_as_json(c) for c in release.job_cards],
        "pick_list.csv": [pick_line_as_json(p) for p in release.pick_list],
    }
    written = []
    for name, rows in files.items():
        write_csv(folder / name, rows)
        written.append(folder / name)
    return written
