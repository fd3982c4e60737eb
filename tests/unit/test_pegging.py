"""Pegging trees (:mod:`taktplan.planning.pegging`) and the ``takt peg`` command.

Most tests use the case ``t60-peg-three-level-two-sales`` (its description
has the arithmetic): FIN (production, scrap 10%) = 1 SUB + 2 C + 3 B, SUB
(production) = 1 C + 2 R (line scrap 25%), C shared, on hand 10 of C and
PO-1 for C; SO-1 10 FIN and SO-2 22 FIN with 2 reserved. The plan makes
one FIN order per sale (10 and 20) and one SUB order of 33 for both, whose
C need 33 is served by the stock (10) and PO-1 (decreased to 23).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import pytest

from taktplan.domain.item import SkuKey
from taktplan.errors import InputError
from taktplan.io.case_json import read_case
from taktplan.planning import PlanResult, plan
from taktplan.planning.pegging import (
    NodeKind,
    PegNode,
    fmt_fraction,
    peg_down,
    peg_tree,
    peg_up,
    tree_as_json,
)
from taktplan.planning.result import Action, Peg
from tests.conftest import OWN_CASES, ROOT
from tests.unit.test_input_errors import mentions, run_cli, write_case

CASE = OWN_CASES / "t60-peg-three-level-two-sales.json"
EXIT_BAD_INPUT = 2


def three_level() -> PlanResult:
    case = read_case(CASE)
    return plan(case.snapshot, case.options)


def walk(node: PegNode) -> Iterator[PegNode]:
    yield node
    for child in node.children:
        yield from walk(child)


T = TypeVar("T")


def only(items: tuple[T, ...]) -> T:
    assert len(items) == 1, items
    return items[0]


def child(node: PegNode, item: str) -> PegNode:
    """The one child of ``node`` at item ``item``."""
    found = [c for c in node.children if c.sku.item == item]
    assert len(found) == 1, (item, node.children)
    return found[0]


def supply_ids(node: PegNode) -> dict[str, Fraction]:
    return {c.id: c.qty for c in node.children}


# ------------------------------------------------------------- (a) roots
@pytest.mark.parametrize(("sale", "needed"), [("SO-1", 10), ("SO-2", 22 - 2)])
def test_pegs_of_a_sale_add_up_to_its_unreserved_quantity(sale: str, needed: int) -> None:
    """Directly pegged supply of each sale = its quantity minus its reserved quantity."""
    case = read_case(CASE)
    result = plan(case.snapshot, case.options)
    demand = only(tuple(d for d in case.snapshot.demand if d.id == sale))
    assert demand.qty - demand.reserved_qty == needed
    direct = [p for p in result.pegging if p.demand == sale]
    assert sum(p.qty for p in direct) == needed
    root = only(peg_down(result, sale))
    assert (root.kind, root.type, root.qty) == (NodeKind.DEMAND, "sales", needed)
    assert sum(c.qty for c in root.children) == needed


# ------------------------------------------------------ (b) down, exactly
def bom_factors() -> dict[tuple[str, str], Fraction]:
    """(parent, component) -> qty per x (1 + line scrap) x (1 + parent scrap), from the file."""
    raw = json.loads(CASE.read_text(encoding="utf-8"))
    factors: dict[tuple[str, str], Fraction] = {}
    for item in raw["items"]:
        parent_scrap = 1 + Fraction(str(item["scrap_pct"])) / 100
        for line in item["bom"]:
            line_scrap = 1 + Fraction(str(line["scrap_pct"])) / 100
            factor = Fraction(str(line["qty_per"])) * line_scrap * parent_scrap
            factors[(item["no"], line["component"])] = factor
    return factors


@pytest.mark.parametrize("sale", ["SO-1", "SO-2"])
def test_components_below_every_production_node_follow_the_bom(sale: str) -> None:
    """At each production node: component qty = attributable parent qty x qty per x scraps.

    And each component demand is fully served: its supplies add up to it.
    """
    factors = bom_factors()
    root = only(peg_down(three_level(), sale))
    production = [n for n in walk(root) if n.type == "production"]
    assert {n.sku.item for n in production} == {"FIN", "SUB"}
    for node in production:
        parent = node.sku.item
        components = {c.sku.item: c for c in node.children}
        assert set(components) == {comp for (par, comp) in factors if par == parent}
        for item, demand in components.items():
            assert demand.type == "component"
            assert demand.feeds == node.id
            assert demand.qty == node.qty * factors[(parent, item)]
            assert sum(s.qty for s in demand.children) == demand.qty


def test_so1_down_with_numbers() -> None:
    """SO-1 10 -> FIN 10 -> SUB 11 (of the SUB order 33: one third), C 22, B 33.

    SUB 11 -> C 11 x 1 = 11 and R 11 x 2 x 1.25 = 27.5. The SUB order's C need
    33 is served by on hand 10 and PO-1 23, so one third of each: 10/3 and 23/3.
    """
    fin = only(only(peg_down(three_level(), "SO-1")).children)
    assert (fin.type, fin.id, fin.qty, fin.line_no, fin.action) == (
        "production",
        "FIN@MAIN#1",
        10,
        1,
        Action.NEW,
    )
    assert {c.sku.item: c.qty for c in fin.children} == {"SUB": 11, "C": 22, "B": 33}
    sub = only(child(fin, "SUB").children)
    assert (sub.type, sub.qty) == ("production", 11)
    assert {c.sku.item: c.qty for c in sub.children} == {"C": 11, "R": Fraction(55, 2)}
    assert supply_ids(child(sub, "C")) == {
        "PO-1": Fraction(23, 3),
        "on-hand C@MAIN": Fraction(10, 3),
    }
    po = child(sub, "C").children[0]
    assert (po.type, po.line_no, po.action) == ("purchase", 6, Action.CHANGE_QTY)
    stock = child(sub, "C").children[1]
    assert (stock.type, stock.line_no, stock.action) == ("inventory", None, None)


def test_so2_down_with_numbers() -> None:
    """SO-2 20 -> FIN 20 -> SUB 22 (two thirds of 33) -> C 22 = 46/3 of PO-1 + 20/3 on hand."""
    fin = only(only(peg_down(three_level(), "SO-2")).children)
    assert (fin.id, fin.qty) == ("FIN@MAIN#2", 20)
    assert {c.sku.item: c.qty for c in fin.children} == {"SUB": 22, "C": 44, "B": 66}
    sub = only(child(fin, "SUB").children)
    assert {c.sku.item: c.qty for c in sub.children} == {"C": 22, "R": 55}
    assert supply_ids(child(sub, "C")) == {
        "PO-1": Fraction(46, 3),
        "on-hand C@MAIN": Fraction(20, 3),
    }


# ----------------------------------------------------------------- (c) up
def sales_reached(root: PegNode) -> dict[str, Fraction]:
    totals: dict[str, Fraction] = {}
    for node in walk(root):
        if node.kind is NodeKind.DEMAND and node.type == "sales":
            totals[node.id] = totals.get(node.id, Fraction(0)) + node.qty
    return totals


def test_purchase_order_reaches_both_sales_in_proportion() -> None:
    """PO-1 23 covers 23/33 of the SUB order -> 10 x 23/33 of SO-1 and 20 x 23/33 of SO-2."""
    root = only(peg_up(three_level(), "PO-1"))
    assert (root.kind, root.type, root.qty) == (NodeKind.SUPPLY, "purchase", 23)
    component = only(root.children)
    assert (component.type, component.id, component.qty) == ("component", "SUB@MAIN#1", 23)
    sub = only(component.children)
    assert (sub.id, sub.qty) == ("SUB@MAIN#1", 23)
    assert [c.qty for c in sub.children] == [Fraction(23, 3), Fraction(46, 3)]
    assert sales_reached(root) == {"SO-1": Fraction(230, 33), "SO-2": Fraction(460, 33)}


def test_shares_up_and_down_agree() -> None:
    """The share of SO-1 that PO-1 enables is the same seen from SO-1 and seen from PO-1.

    Down: PO-1 covers 23/3 of SO-1's C need 11 under the SUB order. Up: PO-1
    reaches 230/33 of SO-1's 10. Both are 23/33 (and likewise for SO-2).
    """
    result = three_level()
    up = sales_reached(only(peg_up(result, "PO-1")))
    for sale, qty in (("SO-1", 10), ("SO-2", 20)):
        root = only(peg_down(result, sale))
        served = [n for n in walk(root) if any(c.id == "PO-1" for c in n.children)]
        demand = only(tuple(served))
        from_po = sum(c.qty for c in demand.children if c.id == "PO-1")
        assert from_po / demand.qty == up[sale] / qty == Fraction(23, 33)


def test_suggested_purchase_reaches_one_sale() -> None:
    """New C 22 due 01-25 (line 7) is FIN order 1's C need: all of it goes to SO-1."""
    result = three_level()
    line = result.line(7)
    assert (line.sku.item, line.qty) == ("C", 22)
    root = only(peg_up(result, line.supply_id))
    assert (root.line_no, root.action) == (7, Action.NEW)
    assert sales_reached(root) == {"SO-1": 10}


# ---------------------------------------------------------- peg_tree rules
def test_peg_tree_picks_the_direction() -> None:
    result = three_level()
    assert peg_tree(result, "SO-1").direction == "down"
    assert peg_tree(result, "PO-1").direction == "up"
    assert peg_tree(result, "FIN@MAIN#1").direction == "up"


@pytest.mark.parametrize("call", [peg_tree, peg_down, peg_up])
def test_unknown_document_is_an_input_error(call: Any) -> None:
    with pytest.raises(InputError) as caught:
        call(three_level(), "SO-9")
    assert "SO-9" in caught.value.describe()
    assert "SO-1" in caught.value.describe()


def test_a_component_id_is_not_a_demand_root() -> None:
    """FIN@MAIN#1 names component demand too (at its components); down has nothing from it."""
    with pytest.raises(InputError):
        peg_down(three_level(), "FIN@MAIN#1")


def test_tree_does_not_depend_on_the_order_of_the_pegs() -> None:
    result = three_level()
    shuffled = list(result.pegging)
    random.Random(7).shuffle(shuffled)
    again = PlanResult(result.lines, tuple(shuffled), result.error_log, result.planned_skus)
    for doc in ("SO-1", "SO-2", "PO-1"):
        assert peg_tree(again, doc) == peg_tree(result, doc)


def test_cycle_in_pegging_stops() -> None:
    """Pegs that loop (X feeds Y feeds X) never make the walk hang: the repeat is marked."""
    x, y = SkuKey("X", "", "MAIN"), SkuKey("Y", "", "MAIN")
    five = Decimal(5)
    pegs = (
        Peg(x, "S1", "production", "SO-1", "sales", five),
        Peg(y, "S2", "production", "S1", "component", five, feeds="S1"),
        Peg(x, "S1", "production", "S2", "component", five, feeds="S2"),
    )
    result = PlanResult((), pegs, (), 2)
    down = only(peg_down(result, "SO-1"))
    assert any(n.cycle for n in walk(down))
    up = only(peg_up(result, "S2"))
    assert any(n.cycle for n in walk(up))


def test_quantities_are_shown_to_six_decimals() -> None:
    assert fmt_fraction(Fraction(230, 33)) == "6.969697"
    assert fmt_fraction(Fraction(55, 2)) == "27.5"
    assert fmt_fraction(Fraction(20)) == "20"
    assert fmt_fraction(Fraction(1, 2_000_000)) == "0"  # a tie goes to the even digit
    assert fmt_fraction(Fraction(3, 2_000_000)) == "0.000002"


# ------------------------------------------------------------------ (d) CLI
def find(node: dict[str, Any], node_id: str, item: str) -> list[dict[str, Any]]:
    found = [node] if (node["id"], node["item"]) == (node_id, item) else []
    for sub in node["children"]:
        found += find(sub, node_id, item)
    return found


def test_cli_json_of_a_sale() -> None:
    result = run_cli("peg", "--case", str(CASE), "SO-1", "--json")
    assert result.exit_code == 0, result.output
    tree = json.loads(result.stdout)
    assert (tree["document"], tree["direction"], tree["up"]) == ("SO-1", "down", [])
    root = only_json(tree["down"])
    assert (root["node"], root["type"], root["item"], root["qty"]) == ("demand", "sales", "FIN", 10)
    fin = only_json(root["children"])
    assert (fin["id"], fin["line_no"], fin["action"], fin["qty"]) == ("FIN@MAIN#1", 1, "new", 10)
    assert {c["item"]: c["qty"] for c in fin["children"]} == {"B": 33, "C": 22, "SUB": 11}
    assert [c["feeds"] for c in fin["children"]] == ["FIN@MAIN#1"] * 3
    po = only_json(find(root, "PO-1", "C"))
    assert (po["qty"], po["qty_exact"], po["action"]) == (7.666667, "23/3", "change-qty")
    stock = only_json(find(root, "on-hand C@MAIN", "C"))
    assert (stock["type"], stock["qty"], stock["qty_exact"]) == ("inventory", 3.333333, "10/3")
    r = only_json(find(root, "R@MAIN#1", "R"))
    assert (r["qty"], r["qty_exact"], r["line_no"]) == (27.5, "55/2", 9)


def only_json(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(nodes) == 1, nodes
    return nodes[0]


def test_cli_json_matches_the_api() -> None:
    result = run_cli("peg", "--case", str(CASE), "PO-1", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == tree_as_json(peg_tree(three_level(), "PO-1"))


def test_cli_prints_the_tree() -> None:
    result = run_cli("peg", "--case", str(CASE), "PO-1")
    assert result.exit_code == 0, result.output
    assert mentions(result.stdout, "Pegging of PO-1", "purchase PO-1", "line 6: Change Qty.")
    assert mentions(result.stdout, "sales SO-1  FIN@MAIN  qty 6.969697")
    assert mentions(result.stdout, "sales SO-2  FIN@MAIN  qty 13.939394")
    assert result.stderr == ""


def test_cli_unknown_document_exits_2() -> None:
    result = run_cli("peg", "--case", str(CASE), "SO-9")
    assert result.exit_code == EXIT_BAD_INPUT
    assert result.stdout == ""
    assert mentions(result.stderr, "document SO-9", "no demand or supply")


# ------------------------------------------------------------- (e) transfer
TRANSFER_CASE: dict[str, Any] = {
    "format": 1,
    "name": "peg-transfer",
    "planning": {"start": "2027-01-04", "end": "2027-03-31", "work_date": "2026-12-12"},
    "locations": [{"code": "MAIN"}, {"code": "EAST"}],
    "items": [
        {
            "no": "1000",
            "replenishment": "purchase",
            "reordering_policy": "lot-for-lot",
            "lead_time": "1W",
        }
    ],
    "skus": [
        {
            "item": "1000",
            "location": "EAST",
            "replenishment": "transfer",
            "transfer_from": "MAIN",
            "transfer_shipping_time": "2D",
            "reordering_policy": "lot-for-lot",
        }
    ],
    "inventory": [{"item": "1000", "location": "MAIN", "qty": 3}],
    "demand": [
        {
            "type": "sales",
            "id": "SO-7",
            "item": "1000",
            "location": "EAST",
            "date": "2027-01-20",
            "qty": 8,
        },
        {
            "type": "sales",
            "id": "SO-8",
            "item": "1000",
            "location": "EAST",
            "date": "2027-02-15",
            "qty": 6,
        },
        {
            "type": "transfer-out",
            "id": "TO-5",
            "item": "1000",
            "location": "MAIN",
            "date": "2027-01-18",
            "qty": 4,
        },
    ],
    "supply": [
        {
            "type": "transfer-in",
            "id": "TO-5",
            "item": "1000",
            "location": "EAST",
            "date": "2027-01-20",
            "qty": 4,
        },
    ],
}
"""1000 is bought at MAIN and transferred to EAST (shipping 2D); 3 on hand at MAIN.

Planned: TO-5 (4) is increased to SO-7's 8; its outbound 8 at MAIN is served by
on hand 3 and a new purchase 5. SO-8 gets a new transfer 6, shipped from MAIN
on 02-13 and bought there (new purchase 6).
"""


@pytest.fixture
def transfer_result(tmp_path: Path) -> PlanResult:
    case = read_case(write_case(tmp_path, TRANSFER_CASE))
    return plan(case.snapshot, case.options)


EAST, MAIN = SkuKey("1000", "", "EAST"), SkuKey("1000", "", "MAIN")


def test_sale_pegs_across_locations(transfer_result: PlanResult) -> None:
    """SO-7 8 at EAST <- TO-5 8 <- transfer-out TO-5 8 at MAIN <- on hand 3 + purchase 5."""
    transfer = only(only(peg_down(transfer_result, "SO-7")).children)
    assert (transfer.type, transfer.id, transfer.sku, transfer.qty) == (
        "transfer-in",
        "TO-5",
        EAST,
        8,
    )
    assert transfer.action is Action.CHANGE_QTY
    outbound = only(transfer.children)
    assert (outbound.type, outbound.id, outbound.sku, outbound.qty) == (
        "transfer-out",
        "TO-5",
        MAIN,
        8,
    )
    assert {(c.type, c.qty) for c in outbound.children} == {("inventory", 3), ("purchase", 5)}
    assert all(c.sku == MAIN for c in outbound.children)


def test_new_transfer_pegs_across_locations(transfer_result: PlanResult) -> None:
    """SO-8 6 <- a new transfer (its planning line) <- its outbound at MAIN <- a new purchase 6."""
    transfer = only(only(peg_down(transfer_result, "SO-8")).children)
    line = transfer_result.line(transfer.line_no or 0)
    assert (line.sku, line.action, line.qty, line.supply_id) == (EAST, Action.NEW, 6, transfer.id)
    outbound = only(transfer.children)
    assert (outbound.type, outbound.id, outbound.sku, outbound.qty) == (
        "transfer-out",
        transfer.id,
        MAIN,
        6,
    )
    purchase = only(outbound.children)
    assert (purchase.type, purchase.sku, purchase.qty, purchase.action) == (
        "purchase",
        MAIN,
        6,
        Action.NEW,
    )


def test_transfer_document_shows_both_sides(transfer_result: PlanResult) -> None:
    tree = peg_tree(transfer_result, "TO-5")
    assert tree.direction == "both"
    up = only(tree.up)
    assert (up.type, up.sku, up.qty) == ("transfer-in", EAST, 8)
    assert [(c.type, c.id, c.qty) for c in up.children] == [("sales", "SO-7", 8)]
    down = only(tree.down)
    assert (down.type, down.sku, down.qty) == ("transfer-out", MAIN, 8)
    assert sum(c.qty for c in down.children) == 8


def test_purchase_at_the_source_reaches_the_sale_at_the_destination(
    transfer_result: PlanResult,
) -> None:
    """The new purchase 5 at MAIN is 5/8 of TO-5's outbound -> 5 of SO-7 at EAST."""
    line = only_line(transfer_result, MAIN, 5)
    root = only(peg_up(transfer_result, line.supply_id))
    outbound = only(root.children)
    assert (outbound.type, outbound.id, outbound.qty) == ("transfer-out", "TO-5", 5)
    transfer = only(outbound.children)
    assert (transfer.type, transfer.sku, transfer.qty) == ("transfer-in", EAST, 5)
    assert sales_reached(root) == {"SO-7": 5}


def only_line(result: PlanResult, sku: SkuKey, qty: int) -> Any:
    found = [line for line in result.lines if line.sku == sku and line.qty == qty]
    assert len(found) == 1, found
    return found[0]


def test_cli_document_in_the_case_without_pegging_exits_2() -> None:
    """SO-2 of t20 is fully reserved: the case has it, the plan pegs nothing to it."""
    reserved = OWN_CASES / "t20-lfl-reserved-sales-excluded-from-balancing.json"
    result = run_cli("peg", "--case", str(reserved), "SO-2")
    assert result.exit_code == EXIT_BAD_INPUT
    assert mentions(result.stderr, "document SO-2", "the case has this document")


def test_a_sales_order_over_several_items_has_one_root_per_sku() -> None:
    """Bike shop SO-1001 has lines for BELL 20, FRAME-26 14 and SADDLE 25."""
    case = read_case(ROOT / "examples" / "bike-shop.json")
    roots = peg_down(plan(case.snapshot, case.options), "SO-1001")
    assert [(r.sku.item, r.qty) for r in roots] == [("BELL", 20), ("FRAME-26", 14), ("SADDLE", 25)]
    assert all(sum(c.qty for c in r.children) == r.qty for r in roots)
