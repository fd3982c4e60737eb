"""The benchmark's own world generator and its measured phases, on a tiny world."""

from __future__ import annotations

import time
from pathlib import Path

from bench import mrp, phases, world
from taktplan.io.case_json import read_case
from taktplan.planning.checksum import plan_digest
from taktplan.planning.engine import plan


def _world(tmp_path: Path) -> Path:
    path = tmp_path / "own.json"
    world.main(["--finished", "4", "--seed", "3", "-o", str(path)])
    return path


def test_own_world_is_deterministic_and_plans(tmp_path: Path) -> None:
    path = _world(tmp_path)
    again = tmp_path / "again.json"
    world.main(["--finished", "4", "--seed", "3", "-o", str(again)])
    assert path.read_bytes() == again.read_bytes()
    case = read_case(path)
    result = plan(case.snapshot, case.options)
    assert result.lines
    assert not result.error_log


def test_phases_report_the_plan_and_a_net_change(tmp_path: Path) -> None:
    path = _world(tmp_path)
    case = read_case(path)
    expected = plan_digest(plan(case.snapshot, case.options))
    report = phases.run("plan", path, time.time())
    assert report["sha256"] == expected.sha256
    assert report["actions"] == expected.actions
    change = phases.run("net-change", path, time.time())
    assert 0 < change["replanned_skus"] <= len(case.snapshot.items)
    saved = phases.run("save", path, time.time())
    assert saved["lines"] == expected.lines


def test_section_replaces_only_its_markers(tmp_path: Path) -> None:
    target = tmp_path / "BENCHMARKS.md"
    target.write_text("# Benchmarks\n\n## Job shop\n\nkept\n", encoding="utf-8")
    mrp.write_section("first", target)
    mrp.write_section("second", target)
    text = target.read_text(encoding="utf-8")
    assert "kept" in text
    assert "second" in text
    assert "first" not in text
