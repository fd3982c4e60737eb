"""Compare a plan with the lines a case expects (rules of ``cases/FORMAT.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from taktplan.domain.dates import iso
from taktplan.errors import InputError
from taktplan.io.case_json import ExpectedLine, PlanningCase, read_case, read_raw
from taktplan.planning.engine import plan
from taktplan.planning.parameters import fmt_qty
from taktplan.planning.result import PlanningLine, PlanResult

_TOLERANCE = Decimal("0.000001")


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    name: str
    missing: tuple[str, ...]
    unexpected: tuple[str, ...]
    errors: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """Lines decide; the error log is reported alongside (a case has no expected errors)."""
        return not self.missing and not self.unexpected

    def report(self) -> str:
        parts = [f"missing: {m}" for m in self.missing]
        parts += [f"unexpected: {u}" for u in self.unexpected]
        parts += [f"error log: {e}" for e in self.errors]
        return "\n".join(parts)


def line_as_case_json(line: PlanningLine) -> dict[str, Any]:
    """A planning line in the shape of a case's ``expected.lines`` entry."""
    return {
        "item": line.sku.item,
        "location": line.sku.location,
        "variant": line.sku.variant,
        "action": line.action.value,
        "ref": line.ref,
        "due_date": iso(line.due_date),
        "qty": _number(line.qty),
        "original_due_date": iso(line.original_due_date),
        "original_qty": None if line.original_qty is None else _number(line.original_qty),
        "warning": None if line.warning is None else line.warning.value,
    }


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _describe(fields: dict[str, Any]) -> str:
    text = " ".join(f"{k}={v}" for k, v in fields.items() if v is not None and k != "variant")
    return text


def _matches(line: PlanningLine, expected: ExpectedLine, keys: frozenset[str]) -> bool:
    same = (
        line.sku.item == expected.item
        and line.sku.location == expected.location
        and line.sku.variant == expected.variant
        and line.action is expected.action
        and line.ref == expected.ref
        and line.due_date == expected.due_date
        and abs(line.qty - expected.qty) <= _TOLERANCE
    )
    if not same:
        return False
    if (
        expected.original_due_date is not None
        and line.original_due_date != expected.original_due_date
    ):
        return False
    if expected.original_qty is not None and (
        line.original_qty is None or abs(line.original_qty - expected.original_qty) > _TOLERANCE
    ):
        return False
    return not ("warning" in keys and line.warning != expected.warning)


def compare(case: PlanningCase, result: PlanResult) -> CaseOutcome:
    """Lines are compared as a set: each expected line must match one distinct actual line."""
    if case.expected is None:
        return CaseOutcome(case.name, (), (), ("the case has no expected lines",))
    remaining = list(result.lines)
    missing: list[str] = []
    for expected, keys in zip(case.expected.lines, case.expected_keys, strict=True):
        found = next((line for line in remaining if _matches(line, expected, keys)), None)
        if found is None:
            shown = expected.model_dump()
            shown["due_date"] = iso(expected.due_date)
            shown["original_due_date"] = iso(expected.original_due_date)
            shown["qty"] = fmt_qty(expected.qty)
            if expected.original_qty is not None:
                shown["original_qty"] = fmt_qty(expected.original_qty)
            missing.append(_describe(shown))
        else:
            remaining.remove(found)
    unexpected: list[str] = []
    if case.expected.match == "exact":
        unexpected = [_describe(line_as_case_json(line)) for line in remaining]
    errors = tuple(f"{entry.sku}: {entry.message}" for entry in result.error_log)
    return CaseOutcome(case.name, tuple(missing), tuple(unexpected), errors)


def run_case_file(path: Path) -> CaseOutcome:
    """Plan a case file and compare; a case expecting an error must be rejected with it.

    Raises :class:`InputError` when a case that expects lines has bad input.
    """
    raw = read_raw(path)
    expected = raw.get("expected") if isinstance(raw, dict) else None
    wanted = expected.get("error") if isinstance(expected, dict) else None
    if wanted is None:
        case = read_case(path)
        return compare(case, plan(case.snapshot, case.options, assigned=case.assigned))
    return _expect_error(path, wanted)


def _expect_error(path: Path, wanted: dict[str, Any]) -> CaseOutcome:
    name = path.stem
    try:
        read_case(path)
    except InputError as error:
        problems = []
        if str(wanted.get("message", "")) not in error.message:
            problems.append(f"message {error.message!r} lacks {wanted.get('message')!r}")
        for key in ("record", "field"):
            if key in wanted and getattr(error, key) != wanted[key]:
                problems.append(f"{key} {getattr(error, key)!r}, expected {wanted[key]!r}")
        return CaseOutcome(name, tuple(problems), ())
    return CaseOutcome(name, (f"error containing {wanted.get('message')!r}",), ("no error",))
