"""Job-shop benchmark: ``takt jobshop`` against plain CP-SAT, written to BENCHMARKS.md.

Runs the shared harness (``../shared/bench/jobshop/run_peers.py``) with the
solvers ``cmd`` (our ``takt jobshop``, through the command-line contract) and
``cpsat`` (the harness's plain CP-SAT interval model, 2 workers), appends its
rows to a CSV, and rewrites the "Job shop" section of ``BENCHMARKS.md`` from
every row of that CSV: gap to the best-known makespan per instance, solver
and time limit, medians, and how many schedules the harness found valid.

    .venv/bin/python -m bench.jobshop --set public --limits 10
    .venv/bin/python -m bench.jobshop --instances ta01,ta02 --limits 60 --note "..."
    .venv/bin/python -m bench.jobshop --report-only

The harness validates every schedule itself; a schedule it rejects has no gap
and counts as a failure.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import shlex
import statistics
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT.parent / "shared" / "bench" / "jobshop" / "run_peers.py"
RESULTS = ROOT / "bench" / "results" / "jobshop.csv"
RUN_LOG = ROOT / "bench" / "results" / "jobshop-runs.md"
BENCHMARKS = ROOT / "BENCHMARKS.md"
TAKT = Path(sys.executable).with_name("takt")
CMD_TEMPLATE = f"{TAKT} jobshop {{instance}} --format {{format}} --time-limit {{time_limit}}"
SECTION_START = "<!-- jobshop:start -->"
SECTION_END = "<!-- jobshop:end -->"
SOLVER_NAMES = {"cmd": "takt", "cpsat": "plain CP-SAT"}
TAILLARD = [f"ta{i:02d}" for i in range(1, 11)]


def harness_argv(args: argparse.Namespace) -> list[str]:
    argv = [sys.executable, str(HARNESS), "--limits", args.limits, "--solvers", args.solvers]
    if args.set:
        argv += ["--set", args.set]
    if args.instances:
        argv += ["--instances", args.instances]
    return [*argv, "--cmd", CMD_TEMPLATE, "--out", str(args.out)]


def run_harness(args: argparse.Namespace) -> None:
    argv = harness_argv(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    print("$", shlex.join(argv), file=sys.stderr)
    subprocess.run(argv, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    with RUN_LOG.open("a", encoding="utf-8") as log:
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        note = f" ({args.note})" if args.note else ""
        log.write(f"- {stamp}{note}: `{shown(shlex.join(argv))}`\n")


def shown(command: str) -> str:
    """The command with paths relative to the repository root, as the reader runs it."""
    return command.replace(str(ROOT) + "/", "").replace(str(ROOT.parent), "..")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    latest: dict[tuple[str, str, str], dict[str, str]] = {}
    for row in rows:  # a later run of the same instance, solver and limit replaces an earlier one
        latest[row["instance"], row["solver"], row["time_limit_s"]] = row
    return list(latest.values())


def columns(rows: Iterable[dict[str, str]]) -> list[tuple[str, str]]:
    keys = {(r["solver"], r["time_limit_s"]) for r in rows}
    return sorted(keys, key=lambda k: (float(k[1] or 0), k[0] != "cmd", k[0]))


def label(column: tuple[str, str]) -> str:
    solver, limit = column
    return f"{SOLVER_NAMES.get(solver, solver)} {float(limit):g} s"


def median_gap(rows: list[dict[str, str]], instances: set[str] | None = None) -> str:
    chosen = [r for r in rows if instances is None or r["instance"] in instances]
    gaps = [float(r["gap_pct"]) for r in chosen if r["gap_pct"]]
    if not chosen:
        return "-"
    failed = len(chosen) - len(gaps)
    text = f"{statistics.median(gaps):.2f} %" if gaps else "n/a"
    return text + (f" ({failed} failed)" if failed else "") + f" (n={len(chosen)})"


def summary_table(rows: list[dict[str, str]]) -> list[str]:
    lines = [
        "| solver, limit | median gap, all | median gap, ta01-ta10 | at best known "
        "| valid schedules | median wall s |",
        "|---|---|---|---|---|---|",
    ]
    for column in columns(rows):
        group = [r for r in rows if (r["solver"], r["time_limit_s"]) == column]
        hits = sum(1 for r in group if r["gap_pct"] and float(r["gap_pct"]) <= 0)
        valid = sum(int(r["feasible"]) for r in group)
        wall = statistics.median(float(r["wall_s"]) for r in group)
        lines.append(
            f"| {label(column)} | {median_gap(group)} | {median_gap(group, set(TAILLARD))} "
            f"| {hits}/{len(group)} | {valid}/{len(group)} | {wall:.1f} |"
        )
    return lines


def instance_table(rows: list[dict[str, str]]) -> list[str]:
    cols = columns(rows)
    by_key = {(r["instance"], r["solver"], r["time_limit_s"]): r for r in rows}
    instances = list(dict.fromkeys(r["instance"] for r in rows))
    lines = [
        "| instance | size | best known | " + " | ".join(label(c) for c in cols) + " |",
        "|---|---|---|" + "---|" * len(cols),
    ]
    for name in instances:
        first = next(r for r in rows if r["instance"] == name)
        cells = []
        for solver, limit in cols:
            row = by_key.get((name, solver, limit))
            if row is None:
                cells.append("")
            elif not row["gap_pct"]:
                cells.append("failed")
            else:
                cells.append(f"{row['makespan']} ({float(row['gap_pct']):.2f} %)")
        size = f"{first['jobs']}x{first['machines']}"
        lines.append(f"| {name} | {size} | {first['bks']} | " + " | ".join(cells) + " |")
    return lines


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def section(rows: list[dict[str, str]], note: str) -> str:
    runs = RUN_LOG.read_text(encoding="utf-8").strip() if RUN_LOG.exists() else "(none logged)"
    parts = [
        SECTION_START,
        "## Job shop",
        "",
        "`takt jobshop` (Giffler-Thompson start, then CP-SAT) against the harness's plain",
        "CP-SAT interval model with 2 workers, in the same runs of",
        "`../shared/bench/jobshop/run_peers.py`, which validates every schedule itself.",
        "Gap = (makespan - best known) / best known. takt's time limit covers its whole",
        "process (start-up, reading, printing); plain CP-SAT's covers its solve only.",
        "",
        f"Machine: {machine()}. {note}".rstrip(),
        "",
        "Runs (regenerate this section with `.venv/bin/python -m bench.jobshop --report-only`):",
        "",
        runs,
        "",
        *summary_table(rows),
        "",
        *instance_table(rows),
        SECTION_END,
    ]
    return "\n".join(parts) + "\n"


def write_section(text: str) -> None:
    old = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    if SECTION_START in old and SECTION_END in old:
        head, rest = old.split(SECTION_START, 1)
        tail = rest.split(SECTION_END, 1)[1].lstrip("\n")
        new = head + text + ("\n" + tail if tail else "")
    else:
        new = old.rstrip("\n") + "\n\n" + text
    BENCHMARKS.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", help="harness instance set (quick, public)")
    parser.add_argument("--instances", help="comma-separated instance names")
    parser.add_argument("--limits", default="10", help="comma-separated time limits, seconds")
    parser.add_argument("--solvers", default="cmd,cpsat", help="harness solvers")
    parser.add_argument("--out", type=Path, default=RESULTS, help="CSV the rows go to")
    parser.add_argument("--note", default="", help="remark on the run (e.g. shared machine)")
    parser.add_argument("--report-only", action="store_true", help="only rewrite the section")
    args = parser.parse_args(argv)
    if not HARNESS.exists():
        parser.error(f"harness not found at {HARNESS}")
    if not args.report_only:
        if not (args.set or args.instances):
            parser.error("give --set or --instances (or --report-only)")
        run_harness(args)
    note = (
        "Each run's remark (shared or idle machine) is in brackets after its date; on a"
        " shared machine a wall-clock limit buys less search. takt stops early when"
        " CP-SAT proves the schedule optimal, hence median wall times below the limit."
    )
    write_section(section(read_rows(args.out), note))
    print(f"updated {BENCHMARKS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
