"""The results guard: speed work on the engine must not change any plan.

The S benchmark world of ``../shared/bench/mrp`` is generated afresh and
planned; the digest of its plan (every field of every line, the pegging and
the error log) must equal the value recorded in BENCHMARKS.md. The L world's
digest is recorded there too, checked by ``python -m bench.mrp``.

Without ``../shared``, varied worlds of the project's own generator guard
the rest: time buckets, overflow levels, lot accumulation, dampener and
rescheduling periods, make-to-order, scrap, a weekend calendar. Their digests
were recorded with the engine as it was before any speed work.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench import world
from taktplan.io.case_json import read_case
from taktplan.planning.checksum import plan_digest
from taktplan.planning.engine import plan
from tests.conftest import ROOT

GENERATOR = ROOT.parent / "shared" / "bench" / "mrp" / "gen.py"

# Recorded before any speed work (BENCHMARKS.md, "Planning (MRP)").
S_DIGEST = "df9ffaf3e52a22d7b5392f30825c9bbe1e720464014d012b1eaf8134edb6d5c2"
S_ACTIONS = {"cancel": 234, "change-qty": 37, "new": 10009}


@pytest.mark.skipif(not GENERATOR.exists(), reason=f"no benchmark generator at {GENERATOR}")
def test_s_world_plan_is_unchanged(tmp_path: Path) -> None:
    world = tmp_path / "S.json"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--target-items", "1000", "--seed", "1", "-o", str(world)],
        check=True,
        capture_output=True,
    )
    case = read_case(world)
    digest = plan_digest(plan(case.snapshot, case.options, assigned=case.assigned))
    assert digest.actions == S_ACTIONS
    assert digest.sha256 == S_DIGEST


# (finished items, seed) -> digest of the plan of ``bench.world --varied``.
VARIED_DIGESTS = {
    (4, 1): "e5402a96c9aac31190da6f255b77c9a2838cc39fd968309baf5b9d5567b69a8b",
    (8, 2): "2ba5b7cae768af56f55abb62d58ab0cecb53244bf7564a2f4acb9b3fdf7eabbc",
    (12, 3): "c0685c82b9956e188e9144f2e423895d0832d64c2bd637d8ac787e98625305c3",
}


@pytest.mark.parametrize(("finished", "seed"), sorted(VARIED_DIGESTS))
def test_varied_world_plans_are_unchanged(tmp_path: Path, finished: int, seed: int) -> None:
    path = tmp_path / "varied.json"
    world.main(["--finished", str(finished), "--seed", str(seed), "--varied", "-o", str(path)])
    case = read_case(path)
    digest = plan_digest(plan(case.snapshot, case.options, assigned=case.assigned))
    assert digest.sha256 == VARIED_DIGESTS[(finished, seed)]
