"""Properties every plan of a small single-SKU world must have.

The worlds are random (``tests/properties/strategies.py``); each property
names the section of ``shared/reference/planning-spec.md`` it rests on.
Hypothesis runs derandomized so CI sees the same examples every run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from taktplan.domain.dates import from_day
from taktplan.planning import Action, PlanningLine, Warning
from tests.properties.strategies import (
    END,
    FRQ,
    LFL,
    MAXQ,
    ORDER,
    START,
    TWO_WEEKS,
    DemandRow,
    SupplyRow,
    World,
    carry_out,
    demand_rows,
    describe,
    line_fields,
    parameters,
    projected_by_day,
    run,
    supply_rows,
    worlds,
)

CI = settings(max_examples=200, deadline=None, derandomize=True, database=None)
ZERO = Decimal(0)


def _context(world: World, lines: tuple[PlanningLine, ...]) -> str:
    return f"{world}\nlines:\n{describe(lines)}"


# ------------------------------------------------------------ 1. determinism
def _tie_preserving(rows: tuple[SupplyRow, ...], order: list[int]) -> tuple[SupplyRow, ...]:
    """``rows`` permuted by ``order``, except that supplies which tie in the sort keep
    their relative order.

    Planning-spec section 6.1 sorts supply by due date and order priority (a
    purchase: 500, or 150 when inflexible) and says nothing about what breaks a
    tie, so only the order of rows that can never tie may be shuffled freely:
    inflexible rows of different dates, and inflexible against flexible rows.
    """
    shuffled = [rows[i] for i in order]

    def key(row: SupplyRow) -> int | None:
        # Flexible supply may be rescheduled onto any date of S..E, where it then
        # ties with the flexible supply already there: those keep their order.
        return None if row.flexible and START <= row.day <= END else row.day

    queues: dict[int | None, list[SupplyRow]] = {}
    for row in rows:
        queues.setdefault(key(row), []).append(row)
    return tuple(queues[key(row)].pop(0) for row in shuffled)


@CI
@given(st.data(), worlds())
def test_same_world_gives_the_same_lines_in_any_input_order(
    data: st.DataObject, world: World
) -> None:
    """plan() is pure; demand and supply order in the input does not matter (README;
    spec 6.1: both lists are sorted before balancing)."""
    first = run(world)
    again = run(world)
    assert [line_fields(line) for line in first.lines] == [
        line_fields(line) for line in again.lines
    ]
    demand_order = data.draw(st.permutations(range(len(world.demand))), label="demand order")
    supply_order = data.draw(st.permutations(range(len(world.supply))), label="supply order")
    shuffled = World(
        world.policy,
        world.params,
        world.inventory,
        tuple(world.demand[i] for i in demand_order),
        _tie_preserving(world.supply, supply_order),
    )
    other = run(shuffled)
    # The explanation is free text (it lists past-due demand in input order), not
    # a field the spec defines: every other field must be identical.
    assert [line_fields(line)[:-1] for line in first.lines] == [
        line_fields(line)[:-1] for line in other.lines
    ], f"{_context(world, first.lines)}\nshuffled:\n{describe(other.lines)}"


# --------------------------------------------------- 2. carrying out the plan
@CI
@given(worlds())
def test_carried_out_plan_never_leaves_negative_projected_inventory(world: World) -> None:
    """Spec 4.2 (past-due shortage -> emergency order dated S-1), 6.2 (every demand
    in S..E is matched with supply moved to, created on or already due before its
    date), 5 (Order: one supply per demand on its date), 7.3 (reorder-point
    policies cover a shortfall with an exception order on the demand date)."""
    result = run(world)
    after = carry_out(world, result.lines)
    for day, level in projected_by_day(after).items():
        assert level >= 0, f"{from_day(day)}: {level}\n{_context(world, result.lines)}"


@CI
@given(worlds([LFL, FRQ, MAXQ]))
def test_carried_out_plan_keeps_safety_stock(world: World) -> None:
    """Spec 3.6: a safety-stock demand on S and on every demand date in S..E, matched
    after the real demand of that date; 4.3: initial safety-stock exception on S;
    2.2: Lot-for-Lot keeps safety stock only with Include Inventory. Between those
    dates the projected inventory can only rise, so it holds on every day."""
    safety_stock = world.safety_stock
    result = run(world)
    after = carry_out(world, result.lines)
    for day, level in projected_by_day(after).items():
        assert level >= safety_stock, (
            f"{from_day(day)}: {level} < safety stock {safety_stock}\n"
            f"{_context(world, result.lines)}"
        )


def _opening_available(world: World) -> Decimal:
    """A0 of spec 4.1: on hand (as counted) + supply before S - demand before S."""
    return (
        world.counted_inventory
        + sum((row.qty for row in world.supply if row.day < START), ZERO)
        - sum((row.qty for row in world.demand if row.day < START), ZERO)
    )


@CI
@given(worlds())
def test_emergency_line_exactly_when_opening_inventory_is_negative(world: World) -> None:
    """Spec 4.2: A0 < 0 gives one New line of -A0 dated S-1 with warning Emergency;
    nothing else is dated before S (frozen supply is inflexible, spec 3.3)."""
    result = run(world)
    opening = _opening_available(world)
    emergency = [line for line in result.lines if line.warning is Warning.EMERGENCY]
    context = _context(world, result.lines)
    if opening < 0:
        assert len(emergency) == 1, context
        line = emergency[0]
        assert (line.action, line.due_date, line.qty) == (Action.NEW, START - 1, -opening), context
    else:
        assert emergency == [], context
    others = [line for line in result.lines if line not in emergency]
    assert all(line.due_date >= START for line in others), context


@CI
@given(worlds([LFL, FRQ, MAXQ]))
def test_initial_safety_stock_exception(world: World) -> None:
    """Spec 4.3: if A0 (after the emergency) + supply due exactly on S < safety stock,
    an exception supply dated S covers the shortfall (exact shortfall without
    "respect planning parameters"; it may still grow to take demand, 6.2).

    One way around it: a flexible Lot-for-Lot purchase due on S sorts before the
    new exception supply (6.1: 500 < 1000), meets the safety-stock demand on S
    first and is increased to cover it (6.2 MatchQty); the exception supply is
    then surplus, reduced to 0 and its New line deleted (12). Reorder-point
    supply cannot be increased (6.1 Reduce Only), so there the line always
    exists. For Lot-for-Lot the initial check is the only source of Exception
    lines (the exception orders of 6.2 CreateSupply are for reorder-point SKUs).
    """
    result = run(world)
    context = _context(world, result.lines)
    on_start = sum((row.qty for row in world.supply if row.day == START), ZERO)
    shortfall = world.safety_stock - (max(_opening_available(world), ZERO) + on_start)
    exceptions = [line for line in result.lines if line.warning is Warning.EXCEPTION]
    absorbable = world.policy == LFL and any(
        row.flexible and row.day == START for row in world.supply
    )
    if shortfall > 0 and not absorbable:
        assert any(
            line.action is Action.NEW and line.due_date == START and line.qty >= shortfall
            for line in exceptions
        ), context
    if world.policy == LFL:
        assert not exceptions or shortfall > 0, context
        assert all(line.due_date == START for line in exceptions), context


# ------------------------------------------------------------- 3. re-planning
@CI
@given(worlds())
def test_replan_after_carrying_out_needs_no_emergency_or_exception(world: World) -> None:
    """After carrying out, the projected inventory is >= 0 before and on S and >= the
    safety stock from S on, so a re-plan finds no past-due shortage (spec 4.2), no
    initial safety-stock shortfall (4.3) and no demand that breaks the safety stock
    (7.3)."""
    result = run(world)
    replan = run(carry_out(world, result.lines))
    warned = [
        line for line in replan.lines if line.warning in (Warning.EMERGENCY, Warning.EXCEPTION)
    ]
    assert warned == [], f"{_context(world, result.lines)}\nre-plan:\n{describe(replan.lines)}"


@st.composite
def _stable_worlds(draw: st.DrawFn) -> World:
    """Lot-for-Lot without order modifiers, without lot accumulation period and with
    flexible supply only; or a reorder-point policy with anything."""
    policy = draw(st.sampled_from([LFL, FRQ, MAXQ]))
    lot_for_lot = policy == LFL
    params = draw(parameters(policy, modifiers=not lot_for_lot))
    if lot_for_lot:
        params["lot_accumulation_period"] = ""
    return World(
        policy=policy,
        params=params,
        inventory=Decimal(draw(st.one_of(st.just(0), st.integers(1, 100)))),
        demand=draw(demand_rows()),
        supply=draw(supply_rows(flexibility=not lot_for_lot)),
    )


@CI
@given(_stable_worlds())
def test_replan_after_carrying_out_creates_no_new_supply(world: World) -> None:
    """Carrying out every line leaves each demand covered by supply due on or before
    it; which worlds a re-plan then leaves without New lines:

    * Lot-for-Lot without lot accumulation period, without order modifiers and with
      flexible supply only (spec 6.2): a supply serves only the demand of its own
      date (the dampener period is capped at the lot accumulation period, 2.4, and
      MatchQty increases a supply only for demand up to its date + that period),
      so after carrying out each date holds exactly the supply its demand needs.
      Quantity and date changes may still appear (MatchQty increases the current
      supply before the next supply of the same date is looked at, and that one is
      then cancelled). Outside these limits the spec's own rules re-plan a
      carried-out world with Cancel + New: a lot accumulation period lets the
      current supply grow to take demand another order was moved out to serve,
      which then cannot move again and is cancelled (6.2 MatchQty, ReduceSupply);
      a maximum order qty dates new supplies on the lot accumulation start (6.2
      MatchQty); a minimum/multiple leaves a rounding surplus that meets a later
      demand first; an inflexible supply sorts before a flexible one of the same
      date (6.1).
    * Fixed Reorder Qty. / Maximum Qty. (spec 7.4 step 3): the reorder order of
      the first plan now lies in the lead-time window of the same crossing, so no
      new order is placed; exception orders are not needed (7.3)."""
    result = run(world)
    replan = run(carry_out(world, result.lines))
    new = [line for line in replan.lines if line.action is Action.NEW]
    assert new == [], f"{_context(world, result.lines)}\nre-plan:\n{describe(replan.lines)}"


# -------------------------------------------------- 4. untouchable supply
@CI
@given(worlds())
def test_inflexible_and_frozen_supply_is_never_changed(world: World) -> None:
    """Spec 3.2/3.3/16: supply with planning flexibility None, supply dated before S
    (frozen zone) and supply dated after E get no action message."""
    result = run(world)
    untouchable = {
        row.id for row in world.supply if not row.flexible or row.day < START or row.day > END
    }
    refs = {line.ref for line in result.lines}
    assert not refs & untouchable, _context(world, result.lines)


# ------------------------------------ 5. single demand, single flexible supply
PERIODS = st.sampled_from(["", "1D", "3D", "1W", "10D", "2W"])


@st.composite
def _one_demand_one_supply(draw: st.DrawFn) -> World:
    params = {
        "rescheduling_period": draw(TWO_WEEKS),
        "lot_accumulation_period": draw(PERIODS),
        "dampener_period": draw(PERIODS),
        "dampener_qty": draw(st.sampled_from([0, 0, 3, 10, 40, 80])),
        "lead_time": draw(st.sampled_from(["", "3D", "1W"])),
        "safety_lead_time": draw(st.sampled_from(["", "1D"])),
    }
    world = World(policy=LFL, params=params)
    rescheduling = _days(world, "rescheduling_period")
    dampener = min(_days(world, "dampener_period"), _days(world, "lot_accumulation_period"))
    boundaries = [0, rescheduling, rescheduling + 1, -rescheduling, -rescheduling - 1]
    boundaries += [-dampener, -dampener - 1]
    delta = draw(st.one_of(st.integers(-20, 20), st.sampled_from(boundaries)))
    day = draw(st.integers(START, END))
    supply_day = day + delta if START <= day + delta <= END else day - delta
    qty = draw(st.integers(1, 80))
    damp_qty = params["dampener_qty"]
    near = [qty, qty + damp_qty, qty + damp_qty + 1, damp_qty, damp_qty + 1]
    supply_qty = draw(st.one_of(st.integers(1, 80), st.sampled_from([n for n in near if n > 0])))
    return replace(
        world,
        demand=(DemandRow("SO-1", day, Decimal(qty)),),
        supply=(SupplyRow("PO-1", supply_day, Decimal(supply_qty), True, draw(st.booleans())),),
    )


def _days(world: World, name: str) -> int:
    text = world.param(name, "")
    if not text:
        return 0
    return int(text[:-1]) * (7 if text.endswith("W") else 1)


@CI
@given(_one_demand_one_supply())
def test_lot_for_lot_uses_existing_supply_before_creating_new(world: World) -> None:
    """Lot-for-Lot, no safety stock, no order modifiers, nothing on hand: one sale of
    q on d and one flexible purchase of p on u, both in S..E (spec 6.2, 6.3, 8.4):

    * u > d: moved in to d when d + rescheduling period >= u, else a New q on d and
      the purchase is cancelled (unless p <= dampener qty, then left alone);
    * u < d: kept on u when d - u <= dampener days (dampener period capped at the
      lot accumulation period, 2.4); else moved out when u + rescheduling period
      >= d; else reduced: cancelled when p > dampener qty (then New q on d),
      otherwise kept and used, with a New of q - p on d if p < q;
    * a purchase that serves the sale ends at q: increased when p < q, decreased
      when p - q > dampener qty, else left at p.
    """
    (sale,) = world.demand
    (purchase,) = world.supply
    d, q, u, p = sale.day, sale.qty, purchase.day, purchase.qty
    rescheduling = _days(world, "rescheduling_period")
    dampener_days = min(_days(world, "dampener_period"), _days(world, "lot_accumulation_period"))
    dampener_qty = Decimal(world.param("dampener_qty"))

    def served_qty() -> Decimal:
        if p < q or p - q > dampener_qty:
            return q
        return p

    # (new supply on d, purchase date, purchase qty) -- qty 0 = cancelled
    if u == d or (u < d and d - u <= dampener_days):
        expected = (ZERO, u, served_qty())
    elif (u > d and d + rescheduling >= u) or (u < d and u + rescheduling >= d):
        expected = (ZERO, d, served_qty())
    elif u > d or p > dampener_qty:
        expected = (q, u, ZERO if p > dampener_qty else p)
    else:
        expected = (max(q - p, ZERO), u, p)

    result = run(world)
    context = _context(world, result.lines)
    new = [line for line in result.lines if line.action is Action.NEW]
    changes = [line for line in result.lines if line.ref == "PO-1"]
    assert len(new) + len(changes) == len(result.lines), context
    new_qty, purchase_day, purchase_qty = expected
    if new_qty:
        assert [(line.due_date, line.qty) for line in new] == [(d, new_qty)], context
    else:
        assert new == [], context
    if (purchase_day, purchase_qty) == (u, p):
        assert changes == [], context
    else:
        assert len(changes) == 1, context
        line = changes[0]
        if purchase_qty == 0:
            assert (line.action, line.due_date, line.qty) == (Action.CANCEL, u, ZERO), context
        else:
            assert (line.due_date, line.qty) == (purchase_day, purchase_qty), context


@st.composite
def _inflexible_and_flexible(draw: st.DrawFn) -> World:
    day = draw(st.integers(START, END))
    inflexible_day = draw(
        st.one_of(st.just(day), st.integers(max(START, day - 5), min(END, day + 5)))
    )
    rows = [
        SupplyRow("PO-A", inflexible_day, Decimal(draw(st.integers(1, 80))), False),
        SupplyRow("PO-B", day, Decimal(draw(st.integers(1, 80))), True),
    ]
    return World(
        policy=LFL,
        params={"rescheduling_period": draw(TWO_WEEKS), "dampener_period": draw(TWO_WEEKS)},
        demand=(DemandRow("SO-1", day, Decimal(draw(st.integers(1, 80)))),),
        supply=tuple(draw(st.permutations(rows))),
    )


@CI
@given(_inflexible_and_flexible())
def test_inflexible_supply_is_used_before_flexible_supply(world: World) -> None:
    """Spec 6.1 and 16: supply that is not Unlimited sorts with the inventory
    (priority 100 + priority / 10, before a flexible purchase on the same date) and
    covers demand first; it is never changed. One sale of q on d, an inflexible
    purchase A of a on or near d and a flexible purchase B on d (Lot-for-Lot, no
    modifiers, no dampener qty): A serves the sale if it is due by d, and B ends
    at what is still missing (increased or decreased, 6.2 MatchQty, 8.4),
    cancelled if nothing is."""
    (sale,) = world.demand
    supply = world.supply_by_id()
    a, b = supply["PO-A"], supply["PO-B"]
    missing = sale.qty - (a.qty if a.day <= sale.day else ZERO)
    result = run(world)
    context = _context(world, result.lines)
    lines = [(line.action, line.ref, line.due_date, line.qty) for line in result.lines]
    if missing <= 0:
        assert lines == [(Action.CANCEL, "PO-B", b.day, ZERO)], context
    elif missing == b.qty:
        assert lines == [], context
    else:
        assert lines == [(Action.CHANGE_QTY, "PO-B", b.day, missing)], context


# ---------------------------------------------------------- 6. line fields
@CI
@given(worlds())
def test_line_fields_are_consistent(world: World) -> None:
    """Spec 12 (what each action message carries) and 13 (warnings, Accept Action
    Message); FORMAT.md (a cancel line has quantity 0 and the supply's due date)."""
    result = run(world)
    context = _context(world, result.lines)
    supply = world.supply_by_id()
    refs = Counter(line.ref for line in result.lines if line.ref is not None)
    assert all(count == 1 for count in refs.values()), context
    assert [line.line_no for line in result.lines] == list(range(1, len(result.lines) + 1))
    for line in result.lines:
        assert line.qty >= 0, context
        assert line.accept_action_message is (line.warning is None), context
        if line.action is Action.NEW:
            assert line.ref is None and line.qty > 0, context
            assert line.original_qty in (None, ZERO), context
            continue
        assert line.ref in supply, context
        row = supply[line.ref]
        if row.released:
            assert line.warning is not None, context
        assert line.warning not in (Warning.EMERGENCY, Warning.EXCEPTION), context
        if line.action is Action.CANCEL:
            assert line.qty == 0 and line.original_qty == row.qty > 0, context
            assert line.due_date == row.day, context
        elif line.action is Action.RESCHEDULE:
            assert line.original_due_date == row.day != line.due_date, context
            assert line.qty == row.qty, context
        elif line.action is Action.CHANGE_QTY:
            assert line.original_qty == row.qty != line.qty, context
            assert line.due_date == row.day, context
        else:
            assert line.action is Action.RESCHED_AND_CHG_QTY, context
            assert line.original_due_date == row.day != line.due_date, context
            assert line.original_qty == row.qty != line.qty, context
    for line in result.lines:
        if line.warning in (Warning.EMERGENCY, Warning.EXCEPTION):
            assert line.action is Action.NEW, context


# ----------------------------------------------------------- 7. Order policy
@CI
@given(worlds([ORDER], inventory=False, supply=False))
def test_order_policy_one_new_supply_per_demand(world: World) -> None:
    """Spec 5: Order policy, no inventory and no supply: one New line per sales line in
    S..E with exactly its quantity and date (no modifiers, 2.2); past-due sales
    lines are covered by the single emergency line of spec 4.2 instead."""
    result = run(world)
    context = _context(world, result.lines)
    assert all(line.action is Action.NEW for line in result.lines), context
    emergency = [line for line in result.lines if line.warning is Warning.EMERGENCY]
    ordinary = [line for line in result.lines if line.warning is not Warning.EMERGENCY]
    in_horizon = [row for row in world.demand if START <= row.day <= END and row.qty > 0]
    assert Counter((line.due_date, line.qty) for line in ordinary) == Counter(
        (row.day, row.qty) for row in in_horizon
    ), context
    past_due = sum((row.qty for row in world.demand if row.day < START), ZERO)
    assert [(line.due_date, line.qty) for line in emergency] == (
        [(START - 1, past_due)] if past_due else []
    ), context
