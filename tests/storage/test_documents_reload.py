"""A change of documents alone reads only the documents again.

``tracked_change(documents_only=True)`` takes the world after the change as
the world before it with inventory, demand and supply read again; that must
be the world a full read gives, and a bad document must be refused the same
way.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from taktplan.domain.dates import from_day
from taktplan.domain.documents import Demand, DemandType
from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import build_snapshot, with_documents
from taktplan.errors import InputError
from taktplan.storage import load_snapshot, save_snapshot
from taktplan.storage.sales_orders import SalesOrderLine, change_sales_order, enter_sales_order
from taktplan.storage.snapshots import reload_documents
from tests.storage.worlds import day, shop_world


def test_new_documents_on_old_master_data_make_the_snapshot_a_full_build_makes() -> None:
    world = shop_world()
    extra = Demand("SO-9", DemandType.SALES, SkuKey("CHAIR", "", "MAIN"), day(9), Decimal(4))
    demand = (*world.demand, extra)
    supply = world.supply[1:]
    rebuilt = with_documents(world, inventory=world.inventory, demand=demand, supply=supply)
    built = build_snapshot(
        items=world.items.values(),
        locations=[world.location(code) for code in world.locations],
        skus=world.skus.values(),
        inventory=world.inventory,
        demand=demand,
        supply=supply,
        calendar=world.calendar,
        shop=world.shop,
    )
    assert rebuilt == built
    assert rebuilt.demand[-1] is extra and rebuilt.items is world.items


def test_a_bad_document_is_refused_as_a_full_build_refuses_it() -> None:
    world = shop_world()
    stray = Demand("SO-9", DemandType.SALES, SkuKey("SOFA", "", "MAIN"), day(9), Decimal(4))
    with pytest.raises(InputError) as caught:
        with_documents(world, inventory=(), demand=(*world.demand, stray), supply=())
    assert caught.value.message == "unknown item 'SOFA'"
    assert caught.value.record == f"demand[{len(world.demand)}] (id SO-9)"
    assert caught.value.field == "item"


def test_after_a_sales_order_change_the_documents_read_again_are_the_stored_world(
    session: Session,
) -> None:
    save_snapshot(session, shop_world())
    before = load_snapshot(session)
    enter_sales_order(
        session, SalesOrderLine("SO-7", "CHAIR", Decimal(3), from_day(day(12))), new=True
    )
    change_sales_order(session, "SO-2", "CHAIR", qty=Decimal(9))
    assert reload_documents(session, before) == load_snapshot(session)
    assert reload_documents(session, before).demand != before.demand
