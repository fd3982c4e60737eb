"""Bills of material: low-level codes, the check for BOM cycles, phantom explosion."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from taktplan.domain.item import Item
from taktplan.errors import InputError

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class ComponentNeed:
    """What one unit of a parent needs of a component, after phantom explosion.

    ``qty_per`` already includes the BOM line's scrap (and, through a phantom,
    the phantom line's quantity and scrap); the parent item's own scrap is
    applied to the order quantity by the planner.
    """

    component: str
    variant: str
    qty_per: Decimal


def explode(items: Mapping[str, Item], no: str) -> tuple[ComponentNeed, ...]:
    """The components a parent order consumes, phantom lines replaced by their BOMs.

    Lines for the same component and variant are added up, so an order has one
    component need per component, sorted by item number. Call it after the
    cycle check (:func:`low_level_codes`): a phantom cycle would never end.
    """
    needs: dict[tuple[str, str], Decimal] = {}
    stack: list[tuple[str, Decimal]] = [(no, Decimal(1))]
    while stack:
        parent, factor = stack.pop()
        for line in items[parent].bom:
            qty = factor * line.qty_per * (1 + line.scrap_pct / HUNDRED)
            if line.phantom:
                stack.append((line.component, qty))
                continue
            key = (line.component, line.variant)
            needs[key] = needs.get(key, Decimal(0)) + qty
    return tuple(
        ComponentNeed(comp, variant, qty) for (comp, variant), qty in sorted(needs.items())
    )


def _find_cycle(children: Mapping[str, list[str]]) -> list[str] | None:
    """One BOM cycle as a path of item numbers (first = last), or None (iterative DFS)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in sorted(children):
        if state.get(root):
            continue
        path: list[str] = [root]
        stack = [iter(children[root])]
        state[root] = 1
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(child) == 1:
                return [*path[path.index(child) :], child]
            if not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append(iter(children[child]))
    return None


def low_level_codes(items: Mapping[str, Item]) -> dict[str, int]:
    """Low-level code per item (0 = end item, a component below its deepest parent).

    A BOM cycle is an :class:`InputError` naming the items of the cycle.
    Linear in items plus BOM lines (Kahn's topological order).
    """
    children = {no: sorted({line.component for line in item.bom}) for no, item in items.items()}
    cycle = _find_cycle(children)
    if cycle is not None:
        raise InputError("BOM cycle: " + " -> ".join(cycle), record=f"item {cycle[0]}", field="bom")
    parents_left = dict.fromkeys(children, 0)
    for kids in children.values():
        for kid in kids:
            parents_left[kid] += 1
    codes = dict.fromkeys(children, 0)
    ready = sorted(no for no, count in parents_left.items() if count == 0)
    while ready:
        no = ready.pop()
        for kid in children[no]:
            codes[kid] = max(codes[kid], codes[no] + 1)
            parents_left[kid] -= 1
            if parents_left[kid] == 0:
                ready.append(kid)
    return codes
