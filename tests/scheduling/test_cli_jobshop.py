"""``takt jobshop``: one JSON document on stdout, errors on stderr with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from taktplan.cli.main import app
from taktplan.scheduling.model import Schedule, ScheduledOperation, SchedulingModel
from taktplan.scheduling.validator import violations
from tests.scheduling.conftest import JOBSHOP_INSTANCES, benchmark

TAKT = Path(sys.executable).with_name("takt")


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["jobshop", *args])


def as_schedule(doc: dict[str, Any]) -> Schedule:
    return Schedule.of(
        [
            ScheduledOperation(o["job"], o["op"], o["machine"], o["start"], o["end"])
            for o in doc["operations"]
        ]
    )


def check_document(model: SchedulingModel, doc: dict[str, Any]) -> Schedule:
    schedule = as_schedule(doc)
    assert violations(model, schedule) == []
    assert doc["makespan"] == schedule.makespan
    return schedule


def test_ft06_prints_the_optimal_schedule_as_json() -> None:
    """In its own process, as the benchmark harness runs it: the time limit counts from start-up."""
    model = benchmark("ft06")
    path = JOBSHOP_INSTANCES / "jsp" / "ft06.txt"
    argv = [str(TAKT), "jobshop", str(path), "--format", "jsplib", "--time-limit", "20"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    doc = json.loads(done.stdout)
    check_document(model, doc)
    assert (doc["status"], doc["makespan"], doc["lower_bound"]) == ("optimal", 55, 55)


def test_heuristic_only_on_a_flexible_instance() -> None:
    model = benchmark("mk01")
    path = JOBSHOP_INSTANCES / "fjsp" / "mk01.txt"
    result = run(str(path), "--format", "fjsplib", "--time-limit", "5", "--heuristic-only")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert len(doc["operations"]) == 55
    assert check_document(model, doc).makespan >= 40
    assert doc["solver"] != "cpsat"


def test_malformed_file_exits_2_naming_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("2 2\n0 3 1 4\n1 2 0\n", encoding="utf-8")
    result = run(str(bad), "--format", "jsplib", "--time-limit", "5")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "bad.txt: line 3" in result.stderr
    assert "duration of operation 1 missing" in result.stderr
