"""A stable digest of a plan: every field of every line, the pegging and the error log.

Speed work must never change a plan. The digest is the guard: two results
have the same digest exactly when they have the same lines (all fields,
explanations and line numbers included), the same pegs and the same error
log. Each record is written as one canonical JSON row (quantities as a
planner reads them, dates as ISO dates, so the internal representation of a
number or a date does not matter), the rows are sorted, and the whole is
hashed with SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from taktplan.domain.dates import iso
from taktplan.domain.item import SkuKey
from taktplan.planning.parameters import fmt_qty
from taktplan.planning.result import ErrorLogEntry, Peg, PlanningLine, PlanResult


@dataclass(frozen=True, slots=True)
class PlanDigest:
    """The digest of one plan and what it counted."""

    sha256: str
    lines: int
    pegs: int
    errors: int
    actions: dict[str, int]


def _qty(value: Decimal | None) -> str | None:
    return None if value is None else fmt_qty(Decimal(value))


def _sku(key: SkuKey) -> list[str]:
    return [key.item, key.variant, key.location]


def line_row(line: PlanningLine) -> str:
    """One line as canonical JSON: every field, in a fixed order."""
    return json.dumps(
        [
            line.line_no,
            _sku(line.sku),
            line.action.value,
            line.ref,
            line.ref_type,
            iso(line.due_date),
            _qty(line.qty),
            iso(line.starting_date),
            iso(line.ending_date),
            iso(line.original_due_date),
            _qty(line.original_qty),
            None if line.warning is None else line.warning.value,
            line.warning_text,
            line.accept_action_message,
            line.replenishment.value,
            list(line.explanation),
            line.supply_id,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def peg_row(peg: Peg) -> str:
    return json.dumps(
        [
            _sku(peg.sku),
            peg.supply,
            peg.supply_type,
            peg.demand,
            peg.demand_type,
            _qty(peg.qty),
            peg.feeds,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def error_row(entry: ErrorLogEntry) -> str:
    return json.dumps([_sku(entry.sku), entry.message], ensure_ascii=False, separators=(",", ":"))


def canonical_rows(result: PlanResult) -> Iterator[str]:
    """The rows the digest hashes, in order (write them out to diff two plans)."""
    yield "lines"
    yield from sorted(line_row(line) for line in result.lines)
    yield "pegging"
    yield from sorted(peg_row(peg) for peg in result.pegging)
    yield "errors"
    yield from sorted(error_row(entry) for entry in result.error_log)


def plan_digest(result: PlanResult) -> PlanDigest:
    """The SHA-256 of the sorted canonical rows of the plan, and counts by action."""
    digest = hashlib.sha256()
    for row in canonical_rows(result):
        digest.update(row.encode("utf-8"))
        digest.update(b"\n")
    actions = Counter(line.action.value for line in result.lines)
    return PlanDigest(
        sha256=digest.hexdigest(),
        lines=len(result.lines),
        pegs=len(result.pegging),
        errors=len(result.error_log),
        actions=dict(sorted(actions.items())),
    )
