"""What a plan costs in CPython before any planning: ``python -m bench.floor WORLD``.

Two parts of ``takt plan`` that no engine can avoid while the worksheet is a
list of Python objects, measured on a world file:

* reading: decoding the JSON with exact decimals, then validating it and
  building the snapshot (``read_case``);
* the results: making as many planning lines and pegs as the world's plan
  has, with values taken from the plan itself (``PlanningLine`` and ``Peg``
  rebuilt field for field), the cyclic collector paused as in a run.

Their sum is a lower bound for the whole process on one core: the time a
plan would take if deciding every line were free. Prints one JSON object.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import Any


def measure(world: Path) -> dict[str, Any]:
    from taktplan.io.case_json import read_case, read_raw
    from taktplan.planning.engine import plan
    from taktplan.planning.result import Peg, PlanningLine

    gc.disable()
    started = time.perf_counter()
    read_raw(world)
    decoded = time.perf_counter() - started
    started = time.perf_counter()
    case = read_case(world)
    read = time.perf_counter() - started
    result = plan(case.snapshot, case.options, assigned=case.assigned)
    line_fields = attrgetter(*(f.name for f in fields(PlanningLine)))
    peg_fields = attrgetter(*(f.name for f in fields(Peg)))
    lines = [line_fields(line) for line in result.lines]
    pegs = [peg_fields(peg) for peg in result.pegging]
    del result
    started = time.perf_counter()
    made_lines = [PlanningLine(*fields) for fields in lines]
    lines_s = time.perf_counter() - started
    started = time.perf_counter()
    made_pegs = [Peg(*fields) for fields in pegs]
    pegs_s = time.perf_counter() - started
    return {
        "world": world.name,
        "decode_json_s": round(decoded, 2),
        "read_case_s": round(read, 2),
        "lines": len(made_lines),
        "make_lines_s": round(lines_s, 2),
        "pegs": len(made_pegs),
        "make_pegs_s": round(pegs_s, 2),
        "floor_s": round(read + lines_s + pegs_s, 2),
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.exit("usage: python -m bench.floor WORLD.json")
    print(json.dumps(measure(Path(args[0]))))


if __name__ == "__main__":
    main()
