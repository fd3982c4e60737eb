"""Planning lines from the supply entries of a balanced SKU (planning-spec §12-§13)."""

from __future__ import annotations

from collections.abc import Iterable

from taktplan.domain.calendar import WorkCalendar
from taktplan.domain.dates import Day, iso
from taktplan.domain.documents import SupplyStatus
from taktplan.domain.item import ZERO, SkuKey
from taktplan.domain.shop import ShopData
from taktplan.planning.parameters import EffectiveParameters
from taktplan.planning.profile import Origin, SupplyEntry
from taktplan.planning.result import Action, PlanningLine, Warning
from taktplan.planning.scheduling_dates import backward, card_for_kind, routing_lead
from taktplan.planning.shared_values import SharedValues


def action_of(entry: SupplyEntry) -> Action | None:
    """The action message for an entry, or None when nothing changes."""
    if entry.origin is Origin.INVENTORY:
        return None
    if entry.is_new:
        return Action.NEW if entry.qty > 0 else None
    if not entry.flexible:
        return None
    if entry.qty <= 0:
        return Action.CANCEL
    moved = entry.date != entry.original_date
    resized = entry.qty != entry.original_qty
    if moved and resized:
        return Action.RESCHED_AND_CHG_QTY
    if moved:
        return Action.RESCHEDULE
    if resized:
        return Action.CHANGE_QTY
    return None


def _warnings(
    entry: SupplyEntry, action: Action, starting: Day, work_date: Day
) -> list[tuple[Warning, str]]:
    found: list[tuple[Warning, str]] = []
    if entry.origin is Origin.EMERGENCY:
        found += [(Warning.EMERGENCY, text) for text in entry.warning_texts]
    if entry.is_exception:
        found += [(Warning.EXCEPTION, text) for text in entry.warning_texts]
    if starting < work_date:
        found.append(
            (
                Warning.ATTENTION,
                f"starting date {iso(starting)} is before the work date {iso(work_date)}",
            )
        )
    if action is not Action.NEW and entry.status is SupplyStatus.RELEASED:
        found.append((Warning.ATTENTION, f"changes released {entry.ref_type} order {entry.ref}"))
    if entry.overflow_text:
        found.append((Warning.ATTENTION, entry.overflow_text))
    return found


def build_lines(
    key: SkuKey,
    params: EffectiveParameters,
    entries: Iterable[SupplyEntry],
    calendar: WorkCalendar,
    work_date: Day,
    first_line_no: int = 1,
    shop: ShopData | None = None,
    shared: SharedValues | None = None,
) -> list[PlanningLine]:
    """One line per new or changed supply, by due date (then the order the changes were made).

    The lines are numbered on from ``first_line_no``; their quantities, dates
    and warning texts go through ``shared`` (a run's pool of values).
    """
    shared = shared or SharedValues()
    changed = sorted(
        (e for e in entries if e.changed_at is not None),
        key=lambda e: (e.date if e.qty > 0 else (e.original_date or e.date), e.changed_at or 0),
    )
    lines: list[PlanningLine] = []
    for entry in changed:
        action = action_of(entry)
        if action is None:
            continue
        due = entry.original_date if action is Action.CANCEL else entry.date
        assert due is not None
        card = card_for_kind(params.card, entry.kind)
        dates = entry.forward_dates
        if dates is None:
            qty = entry.qty if action is not Action.CANCEL else (entry.original_qty or entry.qty)
            lead = routing_lead(shop, entry.kind, key.item, qty) if shop is not None else None
            dates = backward(card, due, calendar, lead)
        found = _warnings(entry, action, dates.starting, work_date)
        warning: Warning | None = None
        text = ""
        if found:
            warning, text = max(found, key=lambda pair: pair[0].severity)
        original_due = (
            entry.original_date
            if action in (Action.RESCHEDULE, Action.RESCHED_AND_CHG_QTY)
            else None
        )
        original_qty = (
            entry.original_qty
            if action in (Action.CHANGE_QTY, Action.RESCHED_AND_CHG_QTY, Action.CANCEL)
            else None
        )
        lines.append(
            PlanningLine(
                line_no=first_line_no + len(lines),
                sku=key,
                action=action,
                ref=entry.ref,
                ref_type=entry.ref_type,
                due_date=shared.day(due),
                qty=shared.qty(entry.qty if action is not Action.CANCEL else ZERO),
                starting_date=shared.day(dates.starting),
                ending_date=shared.day(dates.ending),
                original_due_date=None if original_due is None else shared.day(original_due),
                original_qty=None if original_qty is None else shared.qty(original_qty),
                warning=warning,
                warning_text=shared.text(text),
                accept_action_message=warning is None,
                replenishment=params.replenishment,
                explanation=tuple(entry.explanation),
                supply_id=entry.supply_id(key),
            )
        )
    return lines
