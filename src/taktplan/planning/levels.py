"""Low-level codes and transfer levels: the order in which SKUs are planned.

An item's low-level code is its deepest position in any bill of materials
(0 = end item), so a component is planned after every parent that needs it.
Within an item, a location that receives by transfer is planned before the
location that ships to it (lower transfer level first).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from taktplan.domain.item import Item
from taktplan.errors import InputError


def low_level_codes(items: Mapping[str, Item]) -> dict[str, int]:
    """Low-level code per item; a BOM cycle is an :class:`InputError` naming its items."""
    codes: dict[str, int] = {}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(no: str, depth: int, path: list[str]) -> None:
        if state.get(no) == 1:
            cycle = [*path[path.index(no) :], no]
            raise InputError("BOM cycle: " + " -> ".join(cycle), record=f"item {no}", field="bom")
        if codes.get(no, -1) >= depth and state.get(no) == 2:
            return
        codes[no] = max(codes.get(no, 0), depth)
        state[no] = 1
        path.append(no)
        for line in items[no].bom:
            visit(line.component, depth + 1, path)
        path.pop()
        state[no] = 2

    parents = {line.component for item in items.values() for line in item.bom}
    roots = sorted(no for no in items if no not in parents)
    for no in roots:
        visit(no, 0, [])
    for no in sorted(items):
        if no not in codes:
            visit(no, 0, [])
    return codes


def transfer_levels(edges: Iterable[tuple[str, str]], locations: Iterable[str]) -> dict[str, int]:
    """Transfer level per location of one item from (from_location, to_location) edges.

    A location that receives from another gets a level one below it, so it is
    planned first; 0 for locations that do not receive. An edge that would
    close a loop is ignored (the first transfer to a location sets the direction).
    """
    receives_from: dict[str, str] = {}
    for source, target in edges:
        if target in receives_from or source == target:
            continue
        probe, seen = source, {target}
        while probe in receives_from and probe not in seen:
            seen.add(probe)
            probe = receives_from[probe]
        if probe in seen:
            continue
        receives_from[target] = source
    levels: dict[str, int] = {}
    for location in set(locations) | set(receives_from) | set(receives_from.values()):
        depth, probe = 0, location
        while probe in receives_from:
            depth -= 1
            probe = receives_from[probe]
        levels[location] = depth
    return levels
