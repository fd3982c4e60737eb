"""Bills of material: low-level codes and the check for BOM cycles."""

from __future__ import annotations

from collections.abc import Mapping

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
