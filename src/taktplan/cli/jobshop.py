"""``takt jobshop``: schedule a job-shop benchmark file and print the schedule as JSON.

``takt jobshop FILE --format jsplib|fjsplib --time-limit S`` reads an
OR-Library/Taillard (``jsplib``) or Brandimarte (``fjsplib``) file, builds a
heuristic schedule, improves it with CP-SAT, and prints one JSON document on
stdout (the benchmark contract of ``shared/bench/jobshop/README.md``): status,
makespan and every operation with its machine, start and end, all 0-based.
``--heuristic-only`` skips CP-SAT.

The time limit covers the whole run, from process start to the last byte
printed: start-up and reading time is taken off CP-SAT's budget, and a
margin is kept for writing the result. A malformed file exits with code 2
and a message naming the file, the line and what is wrong.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from taktplan.errors import InputError
from taktplan.io.jobshop import InstanceFormat, read_instance, schedule_document
from taktplan.scheduling.solve import solve

EXIT_BAD_INPUT = 2
OUTPUT_MARGIN_S = 0.6
"""Seconds kept for extracting, validating and printing the schedule, and for exiting."""


def jobshop_command(
    file: Annotated[Path, typer.Argument(help="Instance file.")],
    fmt: Annotated[
        InstanceFormat,
        typer.Option("--format", help="jsplib (OR-Library, Taillard) or fjsplib (Brandimarte)."),
    ],
    time_limit: Annotated[
        float,
        typer.Option("--time-limit", min=0.0, help="Seconds for the whole run, start-up included."),
    ] = 10.0,
    heuristic_only: Annotated[
        bool, typer.Option("--heuristic-only", help="Priority-rule schedule only, no CP-SAT.")
    ] = False,
) -> None:
    """Schedule a job-shop instance file and print the schedule as JSON."""
    try:
        model = read_instance(file, fmt)
    except InputError as error:
        sys.stderr.write(f"error: {error.describe()}\n")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    budget = time_limit - process_age() - OUTPUT_MARGIN_S
    result = solve(model, max(0.0, budget), heuristic_only=heuristic_only)
    sys.stdout.write(json.dumps(schedule_document(result)) + "\n")


def process_age() -> float:
    """Seconds since this process started (interpreter start-up and imports included).

    Read from ``/proc`` on Linux; elsewhere only the time since this module
    was imported is known.
    """
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as uptime:
            up = float(uptime.read().split()[0])
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return max(0.0, up - started)
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED


_IMPORTED = time.monotonic()
