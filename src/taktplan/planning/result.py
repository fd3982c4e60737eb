"""What a plan run returns: planning lines, pegging and the error log."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from taktplan.domain.dates import Day
from taktplan.domain.item import Replenishment, SkuKey


class Action(StrEnum):
    NEW = "new"
    CHANGE_QTY = "change-qty"
    RESCHEDULE = "reschedule"
    RESCHED_AND_CHG_QTY = "resched-and-chg-qty"
    CANCEL = "cancel"

    @property
    def label(self) -> str:
        return {
            "new": "New",
            "change-qty": "Change Qty.",
            "reschedule": "Reschedule",
            "resched-and-chg-qty": "Resched. & Chg. Qty.",
            "cancel": "Cancel",
        }[self.value]


class Warning(StrEnum):
    EMERGENCY = "emergency"
    EXCEPTION = "exception"
    ATTENTION = "attention"

    @property
    def severity(self) -> int:
        return {"emergency": 3, "exception": 2, "attention": 1}[self.value]


@dataclass(frozen=True, slots=True)
class PlanningLine:
    """One suggestion of the planning worksheet."""

    line_no: int
    sku: SkuKey
    action: Action
    ref: str | None
    ref_type: str
    due_date: Day
    qty: Decimal
    starting_date: Day
    ending_date: Day
    original_due_date: Day | None
    original_qty: Decimal | None
    warning: Warning | None
    warning_text: str
    accept_action_message: bool
    replenishment: Replenishment
    explanation: tuple[str, ...]
    supply_id: str = ""


def renumbered(line: PlanningLine, line_no: int) -> PlanningLine:
    """``line`` as line ``line_no``: a run on several processes numbers lines once merged.

    Only for a line nothing else holds yet, which is why it may be changed in
    place: building a frozen line again would cost as much as planning it.
    """
    if line.line_no != line_no:
        object.__setattr__(line, "line_no", line_no)
    return line


@dataclass(frozen=True, slots=True)
class Peg:
    """Part of a supply (existing or suggested) that serves one demand of the same SKU.

    ``supply`` is the supply's id: the document number of an existing order,
    ``on-hand <item>@<location>`` for stock, or ``<item>@<location>#<n>`` for a
    supply the plan suggests (the ``supply_id`` of its planning line).
    ``feeds`` links the levels: for component demand it is the supply id of the
    parent production or assembly order, for transfer-out demand the supply id
    of the transfer at the receiving location; None for independent demand.
    """

    sku: SkuKey
    supply: str
    supply_type: str
    demand: str
    demand_type: str
    qty: Decimal
    feeds: str | None = None


@dataclass(frozen=True, slots=True)
class ErrorLogEntry:
    sku: SkuKey
    message: str


@dataclass(frozen=True, slots=True)
class PlanResult:
    lines: tuple[PlanningLine, ...]
    pegging: tuple[Peg, ...]
    error_log: tuple[ErrorLogEntry, ...]
    planned_skus: int
    stopped_early: bool = False
    # The SKUs whose lines this result replaces in the worksheet; None for a
    # regenerative plan (all of them).
    scope: frozenset[SkuKey] | None = None

    def line(self, line_no: int) -> PlanningLine:
        for candidate in self.lines:
            if candidate.line_no == line_no:
                return candidate
        raise KeyError(line_no)
