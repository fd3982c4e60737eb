"""Pegging trees: which supplies serve a demand, and which demand a supply serves.

The engine records pegging as flat :class:`~taktplan.planning.result.Peg`
records, one per (supply, demand) match at one SKU, linked across levels by
``feeds`` (the parent order a component demand belongs to, or the transfer a
transfer-out demand ships). This module turns them into trees:

* :func:`peg_down` starts at a demand document (a sales order, a forecast, the
  shipping side of a transfer...) and walks down: the supplies serving it, the
  component or transfer-out demand each of those supplies creates, the
  supplies serving that demand, and so on to purchases and stock.
* :func:`peg_up` starts at a supply and walks up: the demand it serves and,
  where that demand is a component or a transfer-out, the parent order it
  feeds and what that order serves in turn, up to independent demand.
* :func:`peg_tree` picks the direction from what the document is.

Quantities are what is attributable to the root. A supply usually serves
several demands, so the part of its children that belongs to the root is
proportional: if supply X pegs ``q`` to the root's branch out of ``T`` (all
its pegs added up), each child gets ``child_qty * q / T``. Going up, a
supply that covers ``q`` of a component demand pegged ``T`` in total enables
``q / T`` of the parent order's pegged quantity. The arithmetic is exact
(:class:`fractions.Fraction`); :func:`fmt_fraction` shows a quantity rounded
to at most 6 decimals, ties to even, and the JSON form keeps the exact value
as well.

JSON shape of :func:`tree_as_json`::

    {
      "document": "SO-1",
      "direction": "down",          # "down", "up" or "both"
      "up":   [node, ...],          # supplies named "SO-1" and what they serve
      "down": [node, ...]           # demand named "SO-1" and what serves it
    }

    node = {
      "node": "demand",             # or "supply"
      "type": "sales",              # demand type, or supply type (inventory, purchase, ...)
      "id": "SO-1",                 # document or supply id (see Peg)
      "item": "FIN", "variant": "", "location": "MAIN",
      "qty": 10,                    # attributable quantity, at most 6 decimals
      "qty_exact": "10",            # the exact fraction, e.g. "230/33"
      "feeds": null,                # demand: the parent order or transfer it feeds
      "line_no": null,              # supply with a planning line: its number ...
      "action": null,               # ... and action (new, change-qty, ...)
      "cycle": false,               # true: repeats an ancestor, children left out
      "children": [node, ...]
    }

Because ``T`` counts pegged quantity only, the part of a supply that serves
no demand (a safety-stock hold, a surplus left by order modifiers) is
attributed to the demands it does serve, with the components it needs; a
fully pegged supply (Lot-for-Lot without modifiers) passes on exactly
quantity x quantity per x scrap.

A document may have lines at several SKUs (a sales order for three items):
the tree then has one root per SKU. Supply ids are taken to name one
document each; the two halves of a transfer share an id on purpose
(receiving and shipping location), which is what links the locations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from taktplan.domain.item import SkuKey
from taktplan.errors import InputError
from taktplan.planning.profile import place
from taktplan.planning.result import Action, Peg, PlanningLine, PlanResult

COMPONENT = "component"
_SHOWN_DECIMALS = 6
_KNOWN_IN_MESSAGE = 10


class NodeKind(StrEnum):
    DEMAND = "demand"
    SUPPLY = "supply"


@dataclass(frozen=True, slots=True)
class PegNode:
    """One demand or supply of a pegging tree, with the quantity attributable to the root."""

    kind: NodeKind
    type: str
    id: str
    sku: SkuKey
    qty: Fraction
    feeds: str | None = None
    line_no: int | None = None
    action: Action | None = None
    cycle: bool = False
    children: tuple[PegNode, ...] = ()

    @property
    def place(self) -> str:
        """``item@location`` of the node's SKU."""
        return place(self.sku)


@dataclass(frozen=True, slots=True)
class PegTree:
    """The pegging of one document: upward from its supply side, downward from its demand side."""

    document: str
    up: tuple[PegNode, ...] = ()
    down: tuple[PegNode, ...] = ()

    @property
    def direction(self) -> str:
        if self.up and self.down:
            return "both"
        return "up" if self.up else "down"


_SupplyKey = tuple[SkuKey, str]


@dataclass(frozen=True, slots=True, order=True)
class _DemandKey:
    """One demand of one SKU as pegging sees it (a component is told apart by its parent)."""

    sku: SkuKey
    type: str
    id: str
    feeds: str


@dataclass(slots=True)
class _Index:
    """The pegs of a plan result, looked up by supply, by demand and by the order they feed."""

    by_supply: dict[_SupplyKey, list[Peg]] = field(default_factory=lambda: defaultdict(list))
    by_demand: dict[_DemandKey, list[Peg]] = field(default_factory=lambda: defaultdict(list))
    by_feeds: dict[str, set[_DemandKey]] = field(default_factory=lambda: defaultdict(set))
    demand_ids: dict[str, set[_DemandKey]] = field(default_factory=lambda: defaultdict(set))
    supply_skus: dict[str, set[SkuKey]] = field(default_factory=lambda: defaultdict(set))
    supply_types: dict[_SupplyKey, str] = field(default_factory=dict)
    lines: dict[_SupplyKey, PlanningLine] = field(default_factory=dict)

    @classmethod
    def of(cls, result: PlanResult) -> _Index:
        index = cls()
        for peg in result.pegging:
            demand = _demand_key(peg)
            index.by_supply[(peg.sku, peg.supply)].append(peg)
            index.by_demand[demand].append(peg)
            index.demand_ids[peg.demand].add(demand)
            index.supply_skus[peg.supply].add(peg.sku)
            index.supply_types[(peg.sku, peg.supply)] = peg.supply_type
            if peg.feeds is not None:
                index.by_feeds[peg.feeds].add(demand)
        for line in result.lines:
            if line.supply_id:
                index.lines[(line.sku, line.supply_id)] = line
                index.supply_skus[line.supply_id].add(line.sku)
        return index

    def supply_total(self, key: _SupplyKey) -> Fraction:
        return _sum(peg.qty for peg in self.by_supply.get(key, ()))

    def demand_total(self, key: _DemandKey) -> Fraction:
        return _sum(peg.qty for peg in self.by_demand.get(key, ()))

    def supply_type(self, key: _SupplyKey) -> str:
        known = self.supply_types.get(key)
        if known is not None:
            return known
        line = self.lines.get(key)
        return line.ref_type if line is not None else "supply"

    def root_demands(self, doc_id: str) -> list[_DemandKey]:
        """Demand named ``doc_id`` that a tree may start from (not a component)."""
        return sorted(k for k in self.demand_ids.get(doc_id, ()) if k.type != COMPONENT)


def _demand_key(peg: Peg) -> _DemandKey:
    return _DemandKey(peg.sku, peg.demand_type, peg.demand, peg.feeds or "")


def _sum(values: Iterable[Decimal]) -> Fraction:
    return sum((Fraction(value) for value in values), Fraction(0))


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """Sort key that puts ``X#2`` before ``X#10``."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text)
    )


def _supply_order(key: _SupplyKey) -> tuple[SkuKey, tuple[tuple[int, str], ...]]:
    return (key[0], _natural(key[1]))


def _grouped(pegs: Iterable[Peg]) -> dict[_SupplyKey, Fraction]:
    """Pegged quantity per supply (one supply may serve a demand in several pieces)."""
    totals: dict[_SupplyKey, Fraction] = defaultdict(Fraction)
    for peg in pegs:
        totals[(peg.sku, peg.supply)] += Fraction(peg.qty)
    return totals


# ------------------------------------------------------------------ down
def peg_down(result: PlanResult, demand_id: str) -> tuple[PegNode, ...]:
    """The demand named ``demand_id`` (one node per SKU) and what serves it, down to stock.

    Component demand is never a root (its id is the parent order's id); a
    transfer-out demand is, so that the shipping side of a transfer can be shown.
    """
    index = _Index.of(result)
    roots = _down_roots(index, demand_id)
    if not roots:
        raise _unknown(index, demand_id, "demand")
    return roots


def _down_roots(index: _Index, demand_id: str) -> tuple[PegNode, ...]:
    return tuple(
        _demand_down(index, key, Fraction(1), frozenset()) for key in index.root_demands(demand_id)
    )


def _demand_down(
    index: _Index, key: _DemandKey, factor: Fraction, path: frozenset[_SupplyKey]
) -> PegNode:
    """A demand node: ``factor`` of each of its pegs belongs to the root."""
    served = _grouped(index.by_demand.get(key, ()))
    children = tuple(
        _supply_down(index, supply, qty * factor, path)
        for supply, qty in sorted(served.items(), key=lambda item: _supply_order(item[0]))
    )
    return _demand_node(key, index.demand_total(key) * factor, children)


def _supply_down(
    index: _Index, key: _SupplyKey, qty: Fraction, path: frozenset[_SupplyKey]
) -> PegNode:
    """A supply node with ``qty`` attributable, and the demand it creates, in that proportion."""
    if key in path:
        return _supply_node(index, key, qty, cycle=True)
    total = index.supply_total(key)
    factor = qty / total if total else Fraction(0)
    created = sorted(k for k in index.by_feeds.get(key[1], ()) if k.sku != key[0])
    inner = path | {key}
    children = tuple(_demand_down(index, demand, factor, inner) for demand in created)
    return _supply_node(index, key, qty, children=children)


# -------------------------------------------------------------------- up
def peg_up(result: PlanResult, supply_id: str) -> tuple[PegNode, ...]:
    """The supply ``supply_id`` (one node per SKU) and what it serves, up to independent demand."""
    index = _Index.of(result)
    roots = _up_roots(index, supply_id)
    if not roots:
        raise _unknown(index, supply_id, "supply")
    return roots


def peg_up_each(result: PlanResult, supply_ids: Iterable[str]) -> dict[str, tuple[PegNode, ...]]:
    """:func:`peg_up` for many supplies, indexing the pegs once (unpegged ones left out)."""
    index = _Index.of(result)
    found = {supply_id: _up_roots(index, supply_id) for supply_id in supply_ids}
    return {supply_id: roots for supply_id, roots in found.items() if roots}


def _up_roots(index: _Index, supply_id: str) -> tuple[PegNode, ...]:
    skus = sorted(index.supply_skus.get(supply_id, ()))
    return tuple(
        _supply_up(index, (sku, supply_id), index.supply_total((sku, supply_id)), frozenset())
        for sku in skus
    )


def _supply_up(
    index: _Index, key: _SupplyKey, qty: Fraction, path: frozenset[_SupplyKey]
) -> PegNode:
    """A supply node with ``qty`` attributable, and the demand it serves, in that proportion."""
    if key in path:
        return _supply_node(index, key, qty, cycle=True)
    pegs = index.by_supply.get(key, ())
    total = index.supply_total(key)
    factor = qty / total if total else Fraction(0)
    served: dict[_DemandKey, Fraction] = defaultdict(Fraction)
    for peg in pegs:
        served[_demand_key(peg)] += Fraction(peg.qty)
    inner = path | {key}
    children = tuple(
        _demand_up(index, demand, served[demand] * factor, inner) for demand in sorted(served)
    )
    return _supply_node(index, key, qty, children=children)


def _demand_up(
    index: _Index, key: _DemandKey, qty: Fraction, path: frozenset[_SupplyKey]
) -> PegNode:
    """A demand node; a component or transfer-out continues to the order it feeds."""
    if not key.feeds:
        return _demand_node(key, qty, ())
    total = index.demand_total(key)
    share = qty / total if total else Fraction(0)
    parents = sorted(s for s in index.supply_skus.get(key.feeds, ()) if s != key.sku)
    children = tuple(
        _supply_up(index, (sku, key.feeds), index.supply_total((sku, key.feeds)) * share, path)
        for sku in parents
    )
    return _demand_node(key, qty, children)


# ------------------------------------------------------------------ both
def peg_tree(result: PlanResult, doc_id: str) -> PegTree:
    """The pegging of a document, in the direction that fits what it is.

    Independent demand (and the shipping side of a transfer) goes down; a
    supply goes up; a transfer order, which is both, gets both. Raises
    :class:`InputError` when the plan knows no demand or supply of that id.
    """
    index = _Index.of(result)
    tree = PegTree(doc_id, up=_up_roots(index, doc_id), down=_down_roots(index, doc_id))
    if not tree.up and not tree.down:
        raise _unknown(index, doc_id, "demand or supply")
    return tree


def _unknown(index: _Index, doc_id: str, what: str) -> InputError:
    known = sorted(
        {k.id for keys in index.demand_ids.values() for k in keys if k.type != COMPONENT}
        | set(index.supply_skus),
        key=_natural,
    )
    shown = ", ".join(known[:_KNOWN_IN_MESSAGE]) or "none"
    if len(known) > _KNOWN_IN_MESSAGE:
        shown += f", ... ({len(known)} in all)"
    return InputError(
        f"no {what} with this id has pegging or a planning line (known documents: {shown})",
        record=f"document {doc_id}",
    )


# ----------------------------------------------------------------- nodes
def _demand_node(key: _DemandKey, qty: Fraction, children: tuple[PegNode, ...]) -> PegNode:
    return PegNode(
        NodeKind.DEMAND,
        key.type,
        key.id,
        key.sku,
        qty,
        feeds=key.feeds or None,
        children=children,
    )


def _supply_node(
    index: _Index,
    key: _SupplyKey,
    qty: Fraction,
    *,
    cycle: bool = False,
    children: tuple[PegNode, ...] = (),
) -> PegNode:
    line = index.lines.get(key)
    return PegNode(
        NodeKind.SUPPLY,
        index.supply_type(key),
        key[1],
        key[0],
        qty,
        line_no=None if line is None else line.line_no,
        action=None if line is None else line.action,
        cycle=cycle,
        children=children,
    )


# ------------------------------------------------------------ formatting
def rounded(qty: Fraction) -> Decimal:
    """``qty`` rounded to 6 decimals, ties to even, without trailing zeros."""
    scaled = round(qty * 10**_SHOWN_DECIMALS)
    value = Decimal(scaled).scaleb(-_SHOWN_DECIMALS).normalize()
    return value if value != 0 else Decimal(0)


def fmt_fraction(qty: Fraction) -> str:
    """A quantity as a planner reads it: ``10``, ``27.5``, ``6.969697``."""
    return format(rounded(qty), "f")


def node_as_json(node: PegNode) -> dict[str, Any]:
    """One node and its subtree in the JSON shape of the module docstring."""
    shown = rounded(node.qty)
    return {
        "node": node.kind.value,
        "type": node.type,
        "id": node.id,
        "item": node.sku.item,
        "variant": node.sku.variant,
        "location": node.sku.location,
        "qty": int(shown) if shown == shown.to_integral_value() else float(shown),
        "qty_exact": str(node.qty),
        "feeds": node.feeds,
        "line_no": node.line_no,
        "action": None if node.action is None else node.action.value,
        "cycle": node.cycle,
        "children": [node_as_json(child) for child in node.children],
    }


def tree_as_json(tree: PegTree) -> dict[str, Any]:
    return {
        "document": tree.document,
        "direction": tree.direction,
        "up": [node_as_json(node) for node in tree.up],
        "down": [node_as_json(node) for node in tree.down],
    }
