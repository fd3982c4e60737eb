"""Bad data: missing unit costs are reported per item with the path through the BOM;
a BOM cycle is an error and never a hang."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from taktplan.costing import MissingCost, MissingCostError, estimate_order, roll_up
from taktplan.domain.item import BomLine, Item
from taktplan.domain.snapshot import build_snapshot
from taktplan.errors import InputError
from tests.costing.world import D, bought_card, made, shop, world


def _bike_without_costs() -> dict[str, Item]:
    snapshot = build_snapshot(
        items=[
            Item(
                "BIKE",
                made(),
                bom=(
                    BomLine("FRAME", D(1)),
                    BomLine("SADDLE", D(1)),
                    BomLine("KIT", D(1), phantom=True),
                    BomLine("BELL", D(1)),
                ),
            ),
            Item("FRAME", made(), bom=(BomLine("TUBE", D(3)), BomLine("LUG", D(2)))),
            Item("KIT", made(), bom=(BomLine("BOLT", D(4)),)),
            Item("TUBE", bought_card()),
            Item("LUG", bought_card(), unit_cost=D(1)),
            Item("SADDLE", bought_card()),
            Item("BOLT", bought_card()),
            Item("BELL", bought_card(), unit_cost=D(3)),
            Item("SPARE", bought_card()),
        ],
        locations=["MAIN"],
    )
    return dict(snapshot.items)


def test_every_missing_unit_cost_is_reported_with_its_bom_path() -> None:
    with pytest.raises(MissingCostError) as caught:
        roll_up(_bike_without_costs())
    error = caught.value
    assert error.missing == (
        MissingCost("BOLT", ("BIKE", "KIT", "BOLT")),  # through the phantom kit
        MissingCost("SADDLE", ("BIKE", "SADDLE")),
        MissingCost("SPARE", ("SPARE",)),  # not on any BOM: the item alone
        MissingCost("TUBE", ("BIKE", "FRAME", "TUBE")),
    )
    assert error.record == "items" and error.field == "unit_cost"
    assert error.describe() == (
        "items: field 'unit_cost': 4 items have no unit cost: "
        "BIKE > KIT > BOLT has no unit cost; BIKE > SADDLE has no unit cost; "
        "SPARE has no unit cost; BIKE > FRAME > TUBE has no unit cost"
    )


def test_only_the_structure_costed_is_checked() -> None:
    with pytest.raises(MissingCostError) as caught:
        roll_up(_bike_without_costs(), only=["FRAME"])
    assert caught.value.missing == (MissingCost("TUBE", ("FRAME", "TUBE")),)
    assert caught.value.describe() == (
        "item TUBE: field 'unit_cost': 1 item has no unit cost: FRAME > TUBE has no unit cost"
    )


def test_a_shared_component_gets_one_path_first_parent_by_item_number() -> None:
    items = _bike_without_costs()
    items["FORK"] = Item("FORK", made(), bom=(BomLine("TUBE", D(1)),))
    items["BIKE"] = Item("BIKE", made(), bom=(*items["BIKE"].bom, BomLine("FORK", D(1))))
    with pytest.raises(MissingCostError) as caught:
        roll_up(items, only=["BIKE"])
    assert MissingCost("TUBE", ("BIKE", "FORK", "TUBE")) in caught.value.missing


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (SIGALRM)."""

    def _stop(signum: int, frame: object) -> None:
        raise AssertionError(f"still running after {seconds} s: the cost path loops")

    previous = signal.signal(signal.SIGALRM, _stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("phantom", [False, True])
def test_a_bom_cycle_handed_in_directly_is_an_error_not_a_hang(phantom: bool) -> None:
    """build_snapshot rejects a cycle; the roll-up must too when given the items without it."""
    items = {
        "A": Item("A", made(), bom=(BomLine("B", D(1), phantom=phantom),)),
        "B": Item("B", made(), bom=(BomLine("C", D(2), phantom=phantom),)),
        "C": Item("C", made(), bom=(BomLine("A", D(1), phantom=phantom),)),
    }
    with _deadline(5), pytest.raises(InputError) as caught:
        roll_up(items)
    assert caught.value.describe() == "item A: field 'bom': BOM cycle: A -> B -> C -> A"


def test_unknown_component_and_unknown_item() -> None:
    items = {"A": Item("A", made(), bom=(BomLine("NOPE", D(1)),))}
    with pytest.raises(InputError) as caught:
        roll_up(items)
    assert caught.value.describe() == (
        "item A bom[0]: field 'component': unknown component item 'NOPE'"
    )
    snapshot = world()
    with pytest.raises(InputError) as caught:
        roll_up(snapshot.items, snapshot.shop, only=["BIKE", "WHEEL"])
    assert caught.value.describe() == "item WHEEL: field 'no': unknown item 'WHEEL'"


def test_a_routing_of_an_unknown_item_is_rejected() -> None:
    """roll_up checks the shop against the items it is given (as build_snapshot does)."""
    items = {"FRAME": Item("FRAME", made(), unit_cost=D(1))}
    with pytest.raises(InputError) as caught:
        roll_up(items, shop())
    assert caught.value.describe() == "routing BIKE: field 'item': unknown item 'BIKE'"


def test_negative_order_quantity() -> None:
    snapshot = world()
    rollup = roll_up(snapshot.items, snapshot.shop)
    with pytest.raises(InputError) as caught:
        estimate_order(rollup, "BIKE", D(-1))
    assert caught.value.describe() == "item BIKE: field 'qty': quantity must not be negative"
