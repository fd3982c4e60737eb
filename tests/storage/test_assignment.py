"""The stored planning assignment: flags gather reasons until a plan covers the SKU."""

from __future__ import annotations

from sqlalchemy.orm import Session

from taktplan.domain.item import SkuKey
from taktplan.planning.assignment import PlanningAssignment
from taktplan.storage.assignment import assign, clear_assignment, load_assignment
from taktplan.storage.worksheet import save_plan
from tests.storage.worlds import handmade_result, options

BOLT = SkuKey("BOLT", "", "WEST")
NUT = SkuKey("NUT", "M8", "")


def test_reasons_gather_without_repeats(session: Session) -> None:
    assign(session, [PlanningAssignment(NUT, ("sales SO-1 new",))])
    assign(
        session,
        [
            PlanningAssignment(NUT, ("sales SO-1 new", "inventory changed")),
            PlanningAssignment(BOLT, ("SKU card changed",)),
            PlanningAssignment(BOLT, ("SKU card changed", "calendar changed")),
        ],
    )
    assert load_assignment(session) == (
        PlanningAssignment(BOLT, ("SKU card changed", "calendar changed")),
        PlanningAssignment(NUT, ("sales SO-1 new", "inventory changed")),
    )


def test_clearing_some_or_all(session: Session) -> None:
    assign(session, [PlanningAssignment(NUT, ("a",)), PlanningAssignment(BOLT, ("b",))])
    clear_assignment(session, {NUT, SkuKey("OTHER")})
    assert [row.sku for row in load_assignment(session)] == [BOLT]
    clear_assignment(session, None)
    assert load_assignment(session) == ()


def test_a_regenerative_plan_clears_every_flag(session: Session) -> None:
    assign(session, [PlanningAssignment(NUT, ("a",)), PlanningAssignment(SkuKey("X"), ("b",))])
    save_plan(session, handmade_result(), options())
    assert load_assignment(session) == ()
