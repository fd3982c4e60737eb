"""Plan with a progress bar on a terminal (it disappears when the run ends)."""

from __future__ import annotations

from collections.abc import Collection

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.planning import PlanningOptions, PlanResult, plan


def plan_with_progress(
    snapshot: Snapshot,
    options: PlanningOptions,
    errors: Console,
    assigned: Collection[SkuKey] | None = None,
) -> PlanResult:
    """``plan()``; on a terminal the bar counts SKUs on ``errors`` (stderr)."""
    if not errors.is_terminal:
        return plan(snapshot, options, assigned=assigned)
    with Progress(
        TextColumn("planning"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("SKUs"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    ) as bar:
        task = bar.add_task("plan", total=None)
        return plan(
            snapshot,
            options,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            assigned=assigned,
        )
