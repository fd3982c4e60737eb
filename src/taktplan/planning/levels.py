"""Low-level codes and transfer levels: the order in which SKUs are planned.

An item's low-level code is its deepest position in any bill of materials
(0 = end item), so a component is planned after every parent that needs it.
Within an item, a location that receives by transfer is planned before the
location that ships to it (lower transfer level first).
"""

from __future__ import annotations

from collections.abc import Iterable

from taktplan.domain.bom import low_level_codes

__all__ = ["low_level_codes", "transfer_levels"]


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
