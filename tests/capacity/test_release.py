"""Release documents: dispatch lists in scheduled sequence, job cards, pick lists."""

from __future__ import annotations

from decimal import Decimal

from taktplan.capacity.order_schedule import schedule_forward
from taktplan.capacity.release import release
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.shop_calendar import clock
from taktplan.domain.bom import ComponentNeed
from tests.capacity.shop import at, shop

FRAME = Routing(
    "FRAME",
    (
        RoutingOperation("10", "CUT", Decimal(30), Decimal(6), move_time=60, description="cut"),
        RoutingOperation(
            "20", "WELD", Decimal(60), Decimal(12), components=("LUG",), description="weld"
        ),
    ),
)
NEEDS = {"FRAME": (ComponentNeed("TUBE", "", Decimal(3)), ComponentNeed("LUG", "", Decimal(2)))}


def test_release_gives_dispatch_lists_job_cards_and_pick_lists() -> None:
    """PRD-1: 10 frames from Monday 08:00: CUT 30 + 60 = 08:00-09:30, move 60,
    WELD 60 + 120 from 10:30 (to 13:30 over lunch). PRD-2: 5 frames from 09:00:
    CUT 09:00-10:00, WELD from 11:00. Item scrap 10 %: PRD-1 picks 10 x 3 x 1.1
    = 33 tubes at the start of CUT and 22 lugs at WELD (its routing link)."""
    the_shop = shop()
    orders = [
        schedule_forward("PRD-1", FRAME, Decimal(10), at("2027-01-04", "08:00"), the_shop),
        schedule_forward("PRD-2", FRAME, Decimal(5), at("2027-01-04", "09:00"), the_shop),
    ]
    done = release(orders, {"FRAME": FRAME}, NEEDS, {"FRAME": Decimal(10)})
    weld = done.dispatch["WELD"]
    assert [(c.order, clock(c.start), clock(c.end)) for c in weld] == [
        ("PRD-1", "2027-01-04 10:30", "2027-01-04 14:30"),
        ("PRD-2", "2027-01-04 11:00", "2027-01-04 14:00"),
    ]
    assert [c.order for c in done.dispatch["CUT"]] == ["PRD-1", "PRD-2"]
    card = done.job_cards[1]
    assert (card.order, card.operation, card.description, card.setup_minutes, card.run_minutes) == (
        "PRD-1",
        "20",
        "weld",
        60,
        120,
    )
    picks = [(p.order, p.component, p.qty, p.operation, clock(p.needed_at)) for p in done.pick_list]
    assert picks == [
        ("PRD-1", "TUBE", Decimal("33.0"), "10", "2027-01-04 08:00"),
        ("PRD-1", "LUG", Decimal("22.0"), "20", "2027-01-04 10:30"),
        ("PRD-2", "TUBE", Decimal("16.5"), "10", "2027-01-04 09:00"),
        ("PRD-2", "LUG", Decimal("11.0"), "20", "2027-01-04 11:00"),
    ]
