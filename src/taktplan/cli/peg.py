"""``takt peg``: the pegging (order tracking) tree of one document.

``takt peg --case FILE DOC-ID`` plans the case and prints, as a tree, what
serves the document (a sales order, a forecast...: downward to purchases and
stock) or what it serves (a supply: upward to independent demand); a
transfer order gets both. ``--json`` prints the nested structure described
in :mod:`taktplan.planning.pegging`. An id the plan does not know exits
with code 2 and a message on stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text
from rich.tree import Tree

from taktplan.errors import InputError
from taktplan.io.case_json import PlanningCase
from taktplan.planning.pegging import (
    NodeKind,
    PegNode,
    PegTree,
    fmt_fraction,
    peg_tree,
    tree_as_json,
)


def peg_command(
    document: Annotated[
        str, typer.Argument(help="Document id: a sales order, a purchase order, a transfer...")
    ],
    case: Annotated[
        Path, typer.Option("--case", help="Planning case file (JSON, cases/FORMAT.md).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the tree as JSON.")] = False,
) -> None:
    """Plan a case and print the pegging tree of one document."""
    # main imports this module to register the command, so it is imported here.
    from taktplan.cli.main import _fail_input, _load, _run, console

    loaded = _load(case)
    result = _run(loaded, loaded.options)
    try:
        tree = peg_tree(result, document)
    except InputError as error:
        raise _fail_input(_in_case_but_unpegged(loaded, document) or error) from None
    if as_json:
        sys.stdout.write(json.dumps(tree_as_json(tree), indent=2) + "\n")
    else:
        console.print(render(tree))


def _in_case_but_unpegged(case: PlanningCase, document: str) -> InputError | None:
    """A clearer error for a document the case has but the plan pegs nothing to or from."""
    ids = {row.id for row in case.snapshot.demand} | {row.id for row in case.snapshot.supply}
    if document not in ids:
        return None
    return InputError(
        "the case has this document, but the plan pegs nothing to or from it (fully "
        "reserved, outside the planning horizon or in the frozen zone, or not planned)",
        record=f"document {document}",
    )


def render(tree: PegTree) -> Tree:
    """The Rich tree: one branch per direction when the document has both sides."""
    top = Tree(Text(f"Pegging of {tree.document}", style="bold"))
    sections = [("serves (up)", tree.up), ("served by (down)", tree.down)]
    for title, roots in sections:
        if not roots:
            continue
        branch = top.add(Text(title, style="italic")) if tree.direction == "both" else top
        for root in roots:
            _add(branch, root)
    return top


def _add(parent: Tree, node: PegNode) -> None:
    branch = parent.add(label(node))
    for child in node.children:
        _add(branch, child)


def label(node: PegNode) -> Text:
    """``type id  item@location  qty`` plus the planning line of a supply that has one."""
    text = Text()
    text.append(node.type, style="cyan" if node.kind is NodeKind.DEMAND else "green")
    if node.type == "component" and node.feeds:
        # A component demand is named by its parent order (unless it is a changed
        # component line with an id of its own): show the parent.
        if node.id != node.feeds:
            text.append(f" {node.id}", style="bold")
        text.append(" for ")
        text.append(node.feeds, style="bold")
    else:
        text.append(f" {node.id}", style="bold")
        if node.feeds and node.feeds != node.id:
            text.append(f" (for {node.feeds})")
    text.append(f"  {node.place}  qty {fmt_fraction(node.qty)}")
    if node.line_no is not None and node.action is not None:
        text.append(f"  line {node.line_no}: {node.action.label}", style="yellow")
    if node.cycle:
        text.append("  (repeats an order above; stopped here)", style="red")
    return text
