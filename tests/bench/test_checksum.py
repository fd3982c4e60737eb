"""The results guard: speed work on the engine must not change any plan.

The S benchmark world of ``../shared/bench/mrp`` is generated afresh and
planned; the digest of its plan (every field of every line, the pegging and
the error log) must equal the value recorded in BENCHMARKS.md. The L world's
digest is recorded there too, checked by ``python -m bench.mrp``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
