"""A run on several processes gives the plan of one process, line for line.

Every planning case, varied worlds of the benchmark generator and random
multi-level worlds are planned on one process and on two and three; the
digests (every field of every line, the pegging and the error log) must be
equal. The threshold below which a run stays on one process is set to 0 so
that small worlds are shared out too.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from bench import world
from taktplan.domain.item import SkuKey
from taktplan.errors import InputError
from taktplan.io.case_json import PlanningCase, parse_case, read_case
from taktplan.planning import engine, parallel
from taktplan.planning.checksum import plan_digest
from taktplan.planning.engine import plan
from taktplan.planning.selection import direct_feeds, plan_order, planned_skus
from tests.conftest import ROOT
from tests.properties.multilevel import Case, worlds

CASES = sorted(
    [
        *(ROOT / "tests" / "cases").glob("*.json"),
        *(ROOT.parent / "shared" / "cases" / "public").glob("*.json"),
    ]
)


@pytest.fixture(autouse=True)
def _share_small_worlds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_MIN_SKUS", 0)


def _digests(case: PlanningCase, workers: int) -> tuple[str, int]:
    options = replace(case.options, workers=workers)
    result = plan(case.snapshot, options, assigned=case.assigned)
    digest = plan_digest(result)
    return digest.sha256, digest.lines


def _plan_order(case: PlanningCase) -> list[SkuKey]:
    return plan_order(case.snapshot, planned_skus(case.snapshot, case.options))


def _varied(tmp_path: Path, finished: int, seed: int) -> PlanningCase:
    """A varied world of the benchmark's own generator, read."""
    path = tmp_path / "varied.json"
    world.main(["--finished", str(finished), "--seed", str(seed), "--varied", "-o", str(path)])
    return read_case(path)


def _readable(path: Path) -> PlanningCase | None:
    try:
        return read_case(path)
    except InputError:
        return None  # the cases of bad input


def test_every_case_plans_the_same_on_two_processes() -> None:
    planned = 0
    for path in CASES:
        case = _readable(path)
        if case is None:
            continue
        assert _digests(case, 2) == _digests(case, 1), path.name
        planned += 1
    assert planned >= 75


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_varied_worlds_plan_the_same_on_two_and_three_processes(tmp_path: Path, seed: int) -> None:
    case = _varied(tmp_path, 6 + 3 * seed, seed)
    one, lines = _digests(case, 1)
    assert lines > 100
    assert _digests(case, 2) == (one, lines)
    assert _digests(case, 3) == (one, lines)


def test_results_sent_a_sku_at_a_time_merge_the_same(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Workers send results as they plan; the parent takes them in between its own SKUs."""
    monkeypatch.setattr(parallel, "RESULTS_CHUNK", 1)
    case = _varied(tmp_path, 15, 7)
    assert _digests(case, 2) == _digests(case, 1)
    assert _digests(case, 3) == _digests(case, 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_random_multilevel_worlds_plan_the_same_on_two_processes(case: Case) -> None:
    parsed = parse_case(case)
    assert _digests(parsed, 2) == _digests(parsed, 1)


def _world_with_failing_skus(tmp_path: Path) -> PlanningCase:
    """A varied world in which two purchased items have Fixed Reorder Qty. without a quantity."""
    path = tmp_path / "varied.json"
    world.main(["--finished", "12", "--seed", "3", "--varied", "-o", str(path)])
    raw: dict[str, Any] = json.loads(path.read_text())
    broken = [item for item in raw["items"] if not item.get("bom")][2:4]
    for item in broken:
        item.update(reordering_policy="fixed-reorder-qty", reorder_qty=0, reorder_point=5)
    return parse_case(raw)


def test_planning_errors_are_logged_in_plan_order(tmp_path: Path) -> None:
    case = _world_with_failing_skus(tmp_path)
    one = plan(case.snapshot, case.options)
    two = plan(case.snapshot, replace(case.options, workers=2))
    assert len(one.error_log) == 2
    assert all("reorder quantity" in entry.message for entry in one.error_log)
    assert two.error_log == one.error_log
    assert two.lines == one.lines
    assert plan_digest(two) == plan_digest(one)


def test_waves_never_hold_a_sku_and_what_it_feeds(tmp_path: Path) -> None:
    """FG -> SUB -> RAW with RAW also used by FG: three waves, in plan order."""
    case = read_case(ROOT / "tests" / "cases" / "t42-bom-shared-component-two-levels.json")
    snapshot, options = case.snapshot, case.options
    keys = [SkuKey(item.no, "", "MAIN") for item in snapshot.items.values()]
    keys.sort(key=lambda key: snapshot.low_level_codes[key.item])
    found = parallel.waves(snapshot, options, keys)
    assert sorted(p for wave in found for p in wave) == list(range(len(keys)))
    for wave in found:
        members = {keys[p] for p in wave}
        for p in wave:
            fed = set(direct_feeds(snapshot, keys[p], options))
            assert not fed & members, (keys[p], fed & members)
    levels = {snapshot.low_level_codes[key.item] for key in keys}
    assert len(found) == len(levels)


def test_a_worker_that_fails_fails_the_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An unexpected error in a worker process ends the run with its traceback."""
    case = _varied(tmp_path, 8, 2)
    parent = os.getpid()
    planned = parallel.plan_one

    def failing_in_the_worker(*args: Any) -> Any:
        if os.getpid() != parent:
            raise ZeroDivisionError("a bug in the worker")
        return planned(*args)

    monkeypatch.setattr(parallel, "plan_one", failing_in_the_worker)
    with pytest.raises(RuntimeError, match=r"a planning worker failed[\s\S]*ZeroDivisionError"):
        plan(case.snapshot, replace(case.options, workers=2))


def test_a_small_run_stays_on_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_MIN_SKUS", 2_000)
    options = read_case(CASES[0]).options
    assert not engine.shared_by_processes(replace(options, workers=4), 1_999)
    assert engine.shared_by_processes(replace(options, workers=4), 2_000)
    assert not engine.shared_by_processes(replace(options, workers=1), 50_000)
    stop = replace(options, workers=4, stop_on_first_error=True)
    assert not engine.shared_by_processes(stop, 50_000)


def test_progress_rises_within_waves_to_the_whole_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parallel, "PROGRESS_EVERY", 1)
    case = _varied(tmp_path, 15, 4)
    calls: list[tuple[int, int]] = []
    result = plan(
        case.snapshot,
        replace(case.options, workers=2),
        progress=lambda done, total: calls.append((done, total)),
    )
    total = calls[-1][1]
    assert calls[-1] == (total, total)
    assert total == result.planned_skus
    assert all(t == total for _, t in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done)
    waves = len(parallel.waves(case.snapshot, case.options, _plan_order(case)))
    assert len(set(done)) > waves  # more steps than one per wave
