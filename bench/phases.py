"""One measured phase of the MRP benchmark, run in its own process by :mod:`bench.mrp`.

``python -m bench.phases PHASE WORLD`` prints one JSON object. Each phase
measures a fresh process, so no phase profits from another's warm caches:

* ``read``: import taktplan and read the world file into a snapshot;
* ``plan``: what ``takt plan --case WORLD`` does up to the worksheet in
  memory (the command's imports, reading, the regenerative plan), then,
  outside the measurement, the plan's lines by action and its digest;
* ``save``: read and plan (not measured), then store the worksheet with
  ``save_plan`` in a new SQLite database (measured);
* ``net-change``: read and plan (not measured), then change the quantity of
  one sales order line and measure the planning assignment and the net
  change plan of what it flags.

``wall_s`` and ``cpu_s`` are the measured part; ``process_wall_s`` (from the
parent's ``spawned`` time to the end of the measured part) and
``process_cpu_s`` cover the whole process so far, interpreter start included;
``peak_mb`` is the process's peak resident memory (``ru_maxrss``) at the end
of the measured part, ``worker_peak_mb`` that of the largest planning worker
it forked (``takt plan`` plans a large world on one process per CPU; CPU
times include the workers').
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

PHASES = ("read", "plan", "save", "net-change")


def _cpu() -> float:
    """CPU seconds of this process and of the planning workers it forked (once ended)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_peak_mb() -> float:
    """The peak resident memory of the largest worker process (0 without workers)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class _Clock:
    """Wall and CPU time of the measured part, and the process so far."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = _cpu()

    def stop(self, spawned: float) -> dict[str, float]:
        return {
            "wall_s": round(time.perf_counter() - self.wall, 3),
            "cpu_s": round(_cpu() - self.cpu, 3),
            "process_wall_s": round(time.time() - spawned, 3),
            "process_cpu_s": round(_cpu(), 3),
            "peak_mb": round(_peak_mb(), 1),
            "worker_peak_mb": round(_worker_peak_mb(), 1),
        }


def _read(world: Path, spawned: float) -> dict[str, Any]:
    clock = _Clock()
    from taktplan.io.case_json import read_case

    case = read_case(world)
    measured = clock.stop(spawned)
    snapshot = case.snapshot
    return {
        **measured,
        "items": len(snapshot.items),
        "demand_lines": len(snapshot.demand),
        "supply_lines": len(snapshot.supply),
    }


def _plan(world: Path, spawned: float) -> dict[str, Any]:
    clock = _Clock()
    from taktplan.cli import main as cli  # the imports of ``takt plan``

    # As plan_command does (older versions, measured for comparison, lack it).
    getattr(cli, "short_lived_process", lambda: None)()
    case = cli._load(world)
    options = case.options
    from taktplan.planning import options as planning_options

    workers = getattr(planning_options, "default_workers", None)  # as plan_command sets them
    if workers is not None:
        options = replace(options, workers=workers())
    result = cli._run(case, options)
    measured = clock.stop(spawned)
    from taktplan.planning.checksum import plan_digest

    digest = plan_digest(result)
    from taktplan.planning import sku_planner

    return {
        **measured,
        "engine": "mypyc" if not sku_planner.__file__.endswith(".py") else "interpreted",
        "planned_skus": result.planned_skus,
        "lines": digest.lines,
        "pegs": digest.pegs,
        "errors": digest.errors,
        "actions": digest.actions,
        "sha256": digest.sha256,
    }


def _planned(world: Path) -> tuple[Any, Any]:
    from taktplan.io.case_json import read_case
    from taktplan.planning.engine import plan

    case = read_case(world)
    return case, plan(case.snapshot, case.options, assigned=case.assigned)


def _save(world: Path, spawned: float) -> dict[str, Any]:
    from sqlalchemy.orm import Session

    from taktplan.storage.database import make_engine
    from taktplan.storage.migrate import upgrade
    from taktplan.storage.worksheet import save_plan

    case, result = _planned(world)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            clock = _Clock()
            save_plan(session, result, case.options)
            measured = clock.stop(spawned)
        engine.dispose()
    return {**measured, "lines": len(result.lines), "pegs": len(result.pegging)}


def _net_change(world: Path, spawned: float) -> dict[str, Any]:
    from taktplan.domain.documents import DemandType
    from taktplan.planning.assignment import assigned_skus, planning_assignment
    from taktplan.planning.engine import plan
    from taktplan.planning.options import PlanKind

    case, _regenerative = _planned(world)
    before = case.snapshot
    demand = list(before.demand)
    index = next(n for n, row in enumerate(demand) if row.type is DemandType.SALES)
    changed = demand[index]
    demand[index] = replace(changed, qty=changed.qty + Decimal(1))
    after = replace(before, demand=tuple(demand))
    options = replace(case.options, kind=PlanKind.NET_CHANGE)
    clock = _Clock()
    flagged = assigned_skus(planning_assignment(before, after, options))
    assignment = clock.stop(spawned)
    clock = _Clock()
    result = plan(after, options, assigned=flagged)
    measured = clock.stop(spawned)
    return {
        **measured,
        "assignment_wall_s": assignment["wall_s"],
        "changed": f"{changed.id} qty {changed.qty} -> {changed.qty + 1}",
        "flagged_skus": len(flagged),
        "replanned_skus": result.planned_skus,
        "lines": len(result.lines),
    }


def run(phase: str, world: Path, spawned: float) -> dict[str, Any]:
    if phase == "read":
        return _read(world, spawned)
    if phase == "plan":
        return _plan(world, spawned)
    if phase == "save":
        return _save(world, spawned)
    if phase == "net-change":
        return _net_change(world, spawned)
    raise SystemExit(f"unknown phase {phase!r} (one of {', '.join(PHASES)})")


def main(argv: list[str]) -> int:
    phase, world = argv[0], Path(argv[1])
    spawned = float(argv[2]) if len(argv) > 2 else time.time()
    sys.stdout.write(json.dumps({"phase": phase, **run(phase, world, spawned)}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
