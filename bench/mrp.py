"""The MRP benchmark: read, plan, store and net-change-plan large worlds.

    python -m bench.mrp --worlds S,M,L --repeat 3

Worlds S, M, L and XL are made by ``../shared/bench/mrp/gen.py`` (see its
README) into ``--world-dir`` when missing; ``--own N`` benchmarks instead a
world of ``bench/world.py`` with N finished items, for a checkout without
``../shared``. Every phase (:mod:`bench.phases`) runs ``--repeat`` times, each
in a fresh process; the medians are written to ``BENCHMARKS.md`` (the
"Planning (MRP)" section, between its markers) and all runs to
``--results`` as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "mrp" / "gen.py"
BENCHMARKS = ROOT / "BENCHMARKS.md"
BEGIN, END = "<!-- mrp-benchmark:begin -->", "<!-- mrp-benchmark:end -->"

WORLDS: dict[str, list[str]] = {
    "S": ["--target-items", "1000", "--seed", "1"],
    "M": ["--target-items", "10000", "--seed", "1"],
    "L": ["--target-items", "100000", "--seed", "1"],
    "XL": ["--target-items", "100000", "--so-per-fg", "180", "--seed", "1"],
}
# frePPLe 9.18 Community Edition, same worlds and machine type (../shared/bench/mrp/README.md).
FREPPLE = {"S": (0.07, 44), "M": (0.46, 111), "L": (5.0, 774)}
PHASE_ORDER = ("read", "plan", "save", "net-change")


def world_file(name: str, folder: Path, own: int | None) -> tuple[Path, str]:
    """The world's file (generated when missing) and the command that makes it."""
    folder.mkdir(parents=True, exist_ok=True)
    if own is not None:
        path = folder / f"own-{own}.json"
        args = ["-m", "bench.world", "--finished", str(own), "--seed", "1", "-o", str(path)]
        command = f"python -m bench.world --finished {own} --seed 1 -o {path.name}"
    else:
        if not GENERATOR.exists():
            raise SystemExit(f"no generator at {GENERATOR}: use --own N (bench/world.py)")
        path = folder / f"{name}.json"
        args = [str(GENERATOR), *WORLDS[name], "-o", str(path)]
        command = f"python3 ../shared/bench/mrp/gen.py {' '.join(WORLDS[name])} -o {path.name}"
    if not path.exists():
        subprocess.run([sys.executable, *args], check=True, cwd=ROOT)
    return path, command


def run_phase(phase: str, world: Path, compiled: Path | None = None) -> dict[str, Any]:
    """One phase in a fresh process (with the compiled engine first on the path); its report."""
    env = dict(os.environ)
    if compiled is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(compiled), str(ROOT)])
    spawned = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "bench.phases", phase, str(world), repr(spawned)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    report: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return report


def median_report(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The first run's facts with the median of every timing and memory figure."""
    merged = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, float):
            merged[key] = round(statistics.median(run[key] for run in runs), 3)
    merged["runs"] = len(runs)
    return merged


def machine() -> dict[str, str]:
    cpu = "unknown"
    memory = "unknown"
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
        for row in Path("/proc/meminfo").read_text().splitlines():
            if row.startswith("MemTotal"):
                memory = f"{int(row.split()[1]) / 1024 / 1024:.1f} GB"
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
        "commit": commit or "unknown",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


PHASE_LABELS = {
    "read": "read the world",
    "plan": "regenerative plan (`takt plan`, worksheet in memory)",
    "save": "store the worksheet in SQLite (`save_plan`)",
    "net-change": "net change plan after one sales order change",
}


def _row(label: str, engine: str, report: dict[str, Any]) -> str:
    return (
        f"| {label} | {engine} | {report['wall_s']:.2f} | {report['cpu_s']:.2f} | "
        f"{report['process_wall_s']:.2f} | {report['peak_mb']:.0f} | "
        f"{report.get('worker_peak_mb', 0):.0f} |"
    )


def world_spec(spec: str, repeat: int, phases: str) -> tuple[str, int, list[str]]:
    """``NAME[:REPEAT[:PHASES]]``: the world, its number of runs and its phases."""
    parts = spec.split(":")
    if len(parts) > 1 and parts[1]:
        repeat = int(parts[1])
    wanted = parts[2].split("+") if len(parts) > 2 else phases.split(",")
    return parts[0], repeat, [p for p in PHASE_ORDER if p in wanted]


def world_section(
    name: str, command: str, reports: dict[str, dict[str, dict[str, Any]]], repeat: int = 1
) -> list[str]:
    """The Markdown of one world: phases per engine, the plan's lines and its digest."""
    runs = "one run" if repeat == 1 else f"median of {repeat} runs"
    out = [f"### World {name}", "", f"World: `{command}`; {runs} per phase.", ""]
    first = next(iter(reports.values()))
    read = first.get("read")
    if read is not None:
        out += [
            f"{read['items']:,} items, {read['demand_lines']:,} demand lines, "
            f"{read['supply_lines']:,} open supply lines.",
            "",
        ]
    out += [
        "| phase | engine | wall s | CPU s | whole process wall s | peak memory MB "
        "| worker peak MB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for phase, label in PHASE_LABELS.items():
        out += [
            _row(label, engine, by_phase[phase])
            for engine, by_phase in reports.items()
            if phase in by_phase
        ]
    out.append("")
    plan = first.get("plan")
    if plan is not None:
        actions = ", ".join(f"{action} {count:,}" for action, count in plan["actions"].items())
        digests = {by_phase["plan"]["sha256"] for by_phase in reports.values()}
        same = "" if len(digests) == 1 else " DIGESTS DIFFER BETWEEN ENGINES: " + ", ".join(digests)
        out += [
            f"Plan: {plan['lines']:,} lines ({actions}), {plan['pegs']:,} pegs, "
            f"{plan['errors']} errors, {plan['planned_skus']:,} SKUs planned.",
            f"Plan digest (sha256): `{plan['sha256']}`{same}.",
        ]
    if name in FREPPLE and plan is not None:
        wall, memory = FREPPLE[name]
        ratios = "; ".join(
            f"{engine} {by_phase['plan']['process_wall_s'] / wall:.1f}x time, "
            f"{by_phase['plan']['peak_mb'] / memory:.1f}x memory"
            for engine, by_phase in reports.items()
            if "plan" in by_phase
        )
        out.append(f"frePPLe: {wall} s, {memory} MB; taktplan/frePPLe (whole process): {ratios}.")
    change = first.get("net-change")
    if change is not None:
        out.append(
            f"Net change: {change['changed']}; {change['flagged_skus']:,} SKUs flagged "
            f"(assignment {change['assignment_wall_s']:.2f} s), {change['replanned_skus']:,} "
            f"replanned, {change['lines']:,} lines."
        )
    return [*out, ""]


def write_section(text: str, path: Path = BENCHMARKS) -> None:
    """Replace the text between the MRP markers (add the section when absent)."""
    block = f"{BEGIN}\n{text.rstrip()}\n{END}"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        path.write_text(head + block + tail, encoding="utf-8")
    else:
        path.write_text(current.rstrip() + "\n\n" + block + "\n", encoding="utf-8")


def render(results: dict[str, Any]) -> str:
    """The Markdown section from all recorded runs (medians per world, engine and phase)."""
    about = results["machine"]
    entries = [
        entry
        for world in results["worlds"].values()
        for phases in world["engines"].values()
        for entry in phases.values()
    ]
    commits = sorted({entry["commit"] for entry in entries})
    dates = sorted({entry["date"] for entry in entries})
    when = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    head = [
        f"Machine: {about['cores']} cores ({about['cpu']}), {about['memory']} RAM, "
        f"Python {about['python']}, {about['os']}. Measured {when} at commit(s) "
        + ", ".join(f"`{c}`" for c in commits)
        + "; each phase a fresh process.",
        "",
        "Commands:",
        "",
        *(f"    python -m bench.mrp {command}" for command in results["commands"]),
        "",
    ]
    sections: list[str] = []
    order = {name: n for n, name in enumerate(WORLDS)}
    for name in sorted(results["worlds"], key=lambda n: order.get(n, len(order))):
        world = results["worlds"][name]
        reports = {
            engine: {phase: median_report(entry["runs"]) for phase, entry in phases.items()}
            for engine, phases in world["engines"].items()
        }
        repeat = max(
            len(entry["runs"]) for phases in world["engines"].values() for entry in phases.values()
        )
        sections += world_section(name, world["command"], reports, repeat)
    return "\n".join(head + sections)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--worlds",
        default="S,M",
        help="comma-separated S, M, L, XL; NAME:REPEAT:PHASES overrides --repeat and "
        "--phases for one world (phases joined by +), e.g. XL:1:read+plan",
    )
    parser.add_argument("--own", type=int, help="use bench/world.py with N finished items")
    parser.add_argument("--repeat", type=int, default=3, help="runs per phase (median)")
    parser.add_argument("--phases", default=",".join(PHASE_ORDER))
    parser.add_argument("--world-dir", type=Path, default=Path("/tmp/taktplan-worlds"))
    parser.add_argument("--results", type=Path, help="write every run as JSON here")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the runs already in --results; replace only the phases measured now",
    )
    parser.add_argument("--markdown", type=Path, help="write the section here, not BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="print the section only")
    parser.add_argument(
        "--engines",
        default="interpreted",
        help="interpreted, mypyc (the build of bench.compile), or both comma-separated",
    )
    args = parser.parse_args(argv)
    engines: dict[str, Path | None] = {}
    for engine in args.engines.split(","):
        if engine == "mypyc":
            from bench.compile import ensure_built

            engines[engine] = ensure_built()
        else:
            engines[engine] = None
    results: dict[str, Any] = {"commands": [], "worlds": {}}
    if args.merge and args.results is not None and args.results.exists():
        results = json.loads(args.results.read_text(encoding="utf-8"))
    results["machine"] = about = machine()
    results["commands"].append(" ".join(argv if argv is not None else sys.argv[1:]))
    names = ["own"] if args.own is not None else args.worlds.split(",")
    for spec in names:
        name, repeat, phases = world_spec(spec, args.repeat, args.phases)
        world, command = world_file(name, args.world_dir, args.own)
        recorded = results["worlds"].setdefault(name, {"command": command, "engines": {}})
        for engine, path in engines.items():
            for phase in phases:
                runs = [run_phase(phase, world, path) for _ in range(repeat)]
                recorded["engines"].setdefault(engine, {})[phase] = {
                    "runs": runs,
                    "commit": about["commit"],
                    "date": about["date"],
                }
                sys.stderr.write(f"{name} {engine} {phase}: {json.dumps(runs)}\n")
    if args.results is not None:
        args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = render(results)
    if args.no_write:
        sys.stdout.write(text + "\n")
    else:
        write_section(text, args.markdown or BENCHMARKS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
