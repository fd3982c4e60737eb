"""Print the plan digest of a world: ``python -m bench.checksum WORLD.json [--json]``.

The digest (:mod:`taktplan.planning.checksum`) covers every field of every
planning line, the pegging and the error log, so comparing it before and
after a change to the engine shows whether any plan changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from taktplan.io.case_json import read_case
from taktplan.planning.checksum import PlanDigest, canonical_rows, plan_digest
from taktplan.planning.engine import plan


def world_digest(path: Path) -> PlanDigest:
    """Read a world (case file) and plan it as its case says; the digest of the result."""
    case = read_case(path)
    return plan_digest(plan(case.snapshot, case.options, assigned=case.assigned))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("world", type=Path, help="world or case file (JSON)")
    parser.add_argument("--json", action="store_true", help="print all counts as JSON")
    parser.add_argument("--dump", type=Path, help="also write the canonical rows to this file")
    args = parser.parse_args(argv)
    case = read_case(args.world)
    result = plan(case.snapshot, case.options, assigned=case.assigned)
    digest = plan_digest(result)
    if args.dump is not None:
        with args.dump.open("w", encoding="utf-8") as out:
            out.writelines(row + "\n" for row in canonical_rows(result))
    if args.json:
        sys.stdout.write(json.dumps(asdict(digest), indent=2) + "\n")
    else:
        sys.stdout.write(f"{digest.sha256}  {args.world.name}  {digest.lines} lines\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
